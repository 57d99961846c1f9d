import pytest

from mediation.composer import EN, ZH, Situation, compose

INTENTS = sorted(ZH)


def test_both_languages_cover_the_same_situations():
    assert set(ZH) == set(EN)


@pytest.mark.parametrize("intent", INTENTS)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_intent_has_a_reply_in_its_language(intent, lang):
    text = compose(Situation(lang=lang, intent=intent))
    assert len(text) > 20
    chinese = sum("\u4e00" <= c <= "\u9fff" for c in text)
    assert (chinese > 10) if lang == "zh" else (chinese == 0)


def test_options_are_listed_exactly_as_the_policy_engine_phrased_them():
    options = ["分6期，每期2,208.42元", "延期30天还款"]
    text = compose(Situation(lang="zh", intent="hardship", options=options))
    assert "1. 分6期，每期2,208.42元" in text and "2. 延期30天还款" in text


def test_no_options_means_no_amounts():
    text = compose(Situation(lang="en", intent="plan_request"))
    assert not any(c.isdigit() for c in text)


def test_unverified_people_are_told_nothing():
    text = compose(Situation(lang="zh", intent="general", verified=False, options=["分6期"]))
    assert "分6期" not in text and "确认您的身份" in text


def test_escalated_cases_say_a_person_will_follow_up():
    assert "1个工作日" in compose(
        Situation(lang="zh", intent="plan_request", escalate=True, escalation_reason="human_requested")
    )
    assert (
        "condolences" not in compose(Situation(lang="en", intent="vulnerability", escalation_reason="deceased")).lower()
    )
    assert "sorry for your loss" in compose(Situation(lang="en", intent="vulnerability", escalation_reason="deceased"))
