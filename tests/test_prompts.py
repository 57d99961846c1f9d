"""Every prompt renders with a sample context under StrictUndefined, in both languages."""

import pytest
from jinja2 import UndefinedError

from mediation.prompts import PromptLibrary

SAMPLE = {
    "system": {"lender": "示例消费金融"},
    "reply": {
        "message": "我失业了，能分期吗",
        "intent": "hardship",
        "verified": True,
        "escalate": False,
        "escalation_reason": "",
        "options": ["分6期，每期约1,050.00元"],
        "passages": [{"citation": "《政策》第2部分", "text": "可申请分3、6、9、12期。"}],
        "problems": ["threat: 坐牢"],
    },
    "rewrite": {"text": "再不还就让你坐牢", "flags": [{"category": "false_legal", "evidence": "坐牢"}]},
}


@pytest.fixture(scope="module")
def library():
    return PromptLibrary()


def test_every_prompt_has_a_sample(library):
    assert set(library.names) == set(SAMPLE)


@pytest.mark.parametrize("name", sorted(SAMPLE))
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_prompts_render(library, name, lang):
    text = library.render(name, lang=lang, **SAMPLE[name])
    assert len(text) > 40
    assert (
        ("禁止" in text or "问题" in text or "借款人" in text)
        if lang == "zh"
        else ("borrower" in text.lower() or "agent" in text)
    )


def test_missing_context_is_an_error(library):
    with pytest.raises(UndefinedError):
        library.render("reply", lang="zh")


def test_versions_are_content_hashes(library):
    assert set(library.versions) == set(SAMPLE)
    assert all(len(v) == 12 for v in library.versions.values())
