"""The scorer end to end: each category in zh and en, evasions, hard negatives, spans, rewrite."""

import re
from pathlib import Path

import numpy as np
import pytest
from scipy import sparse

from mediation.compliance import TEXT_CATEGORIES, build_scorer, model_path, training
from mediation.compliance.learned import LearnedModel, log_count_ratio
from mediation.compliance.rewrite import SUGGESTIONS, suggestion
from mediation.compliance.scorer import detect_lang, jurisdiction_of, level_of
from mediation.compliance.training import MODEL_VERSION
from mediation.textnorm import has_han, normalise

PROJECT = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def scorer(tmp_path_factory):
    return build_scorer(PROJECT / "knowledge", tmp_path_factory.mktemp("instance"))


VIOLATIONS = [
    ("threat", "zh", "今天不还钱，后果自负，你给我等着。"),
    ("threat", "en", "Pay today or things will get very ugly for you, I know where you live."),
    ("false_legal", "zh", "再不还你就要坐牢了，刑事拘留跑不掉。"),
    ("false_legal", "en", "Not paying is a criminal offence and you will be arrested this week."),
    ("impersonation", "zh", "我们是法院执行局的，你的案子已经立案。"),
    ("impersonation", "en", "This is Officer Grant from the police department calling about your debt."),
    ("abuse", "zh", "你这个老赖，脸都不要了。"),
    ("abuse", "en", "You pathetic deadbeat, pay what you owe."),
    ("third_party", "zh", "你再不还，我们就打电话给你单位领导和同事。"),
    ("third_party", "en", "We have already called your employer and told them about your debt."),
    ("privacy", "zh", "不还钱就把你的照片和欠款发到你们小区业主群。"),
    ("privacy", "en", "We'll post your photo and your debt on Facebook for everyone to see."),
    ("unauthorized_offer", "zh", "你转五千到我个人微信，剩下的全部免除，我保证不上征信。"),
    ("unauthorized_offer", "en", "Send the money to my personal account and I'll remove this from your credit report."),
    ("debt_pressure", "zh", "没钱就去网上借，以贷养贷先把我们这笔还上。"),
    ("debt_pressure", "en", "Take out a payday loan or borrow from your family and pay the full balance today."),
    ("harassment", "zh", "你不接是吧，我每天打到你接为止。"),
    ("harassment", "en", "We will keep calling you every hour until you pay."),
    ("dismissal", "zh", "你去投诉也没用，你失业跟我们没关系。"),
    ("dismissal", "en", "Complain all you want, your hardship is not our problem."),
]

EVASIONS = [
    ("third_party", "你也不想你单位同事知道吧"),
    ("threat", "再不还就报 警"),
    ("threat", "再不还就bao jing"),
    ("false_legal", "你会坐*牢的"),
    ("false_legal", "你會被列入黑名單，終身貸不了款"),
    ("abuse", "你个laolai，臉都不要了"),
    ("abuse", "你个老 赖🙄"),
    ("false_legal", "Y0u w1ll be a r r e s t e d"),
    ("third_party", "ＷＥ'ＬＬ ＣＡＬＬ ＹＯＵＲ ＢＯＳＳ"),
    ("false_legal", "你再不还，我们就让你去zuolao"),
    ("false_legal", "Pay or go to jal."),
]

#: Messages written wholly in pinyin: read as Chinese, scored by the CN pack and cited in Chinese.
PINYIN_MESSAGES = [
    ("threat", "ni zai bu huan qian, wo men jiu shang men zhao ni, hou guo zi fu"),
    ("third_party", "zai bu huan, wo men jiu da dian hua gei ni dan wei ling dao"),
]

COMPLIANT = [
    ("zh", "我们不会联系您的家人"),
    ("zh", "如协商不成，我司可能依法起诉，以法院判决为准。"),
    ("zh", "根据《征信业管理条例》，逾期信息自结清之日起保留5年后删除，并非终身记录。"),
    ("zh", "有人冒充法院给您打电话，请勿相信，我司不会这样做。"),
    ("zh", "您好，您本期账单3,860元已逾期2天，如有困难可以申请分期。"),
    ("en", "We will not contact your family or your employer about this account."),
    ("en", "Hello, this is a reminder that your payment of $120 is due on Friday."),
    ("en", "Missed payments are reported to credit bureaus and stay for up to seven years, not forever."),
]


#: Greetings, introductions and acknowledgements: an agent's shortest messages, which carry too little to flag.
PLEASANTRIES = [
    ("en", "Hello,"),
    ("en", "Hi Mr. Pike."),  # a name after a title is masked for the learned layer (compliance-v24)
    ("en", "Dear Mrs. Whitfield,"),
    ("en", "Hi Mr. Grimes."),
    # a lender the training data never named, and a bank, are not an impersonated authority (compliance-v25)
    ("en", "Hello, this is Anna from Ravelston Financial."),
    ("en", "Hello, this is James from the collections team at Holmbury Bank."),
    ("en", "Good morning."),
    ("en", "Thank you for your time."),
    ("en", "OK"),
    ("zh", "嗯"),
    ("zh", "收到"),
    ("zh", "何先生您好，我是华信消费金融的客服小周。"),
    ("zh", "您好，这里是瑞丰银行，我是调解专员张专员。"),
    ("zh", "小陈您好，我是瑞祥银行贷后服务中心的工作人员。"),
]

#: Service lines that use the words of repeated contact and of plans plainly (`bench/service_messages.py`, kind
#: `frequency`). At compliance-v25 all five were flagged (the learned layer read "every", "daily", "每天", "you pay" as
#: harassment or a private offer); the v14 training rows (compliance-v26) mended the first two, and compliance-v27 the
#: Chinese hotline. The other two are still flagged: strict, so a fix shows up here.
_READS_AS_HARASSMENT = pytest.mark.xfail(strict=True, reason="frequency words read as the act (compliance-v28)")
FREQUENCY_WORDS = [
    ("en", "Our helpline is staffed every day from 9am to 9pm, bank holidays included."),
    ("en", "You can reach the hardship team every weekday morning from 8am."),
    ("zh", "我们的客服热线是400-123-4567，每天8:00至22:00都有人接听。"),
] + [
    pytest.param(lang, text, marks=_READS_AS_HARASSMENT)
    for lang, text in [
        ("en", "Advisers answer the phone daily between 8 and 8."),
        ("en", "Under the plan you'll pay $95 every month until March."),
    ]
]


@pytest.mark.parametrize(("category", "lang", "text"), VIOLATIONS)
def test_each_category_is_flagged(scorer, category, lang, text):
    risk = scorer.score(text, lang=lang)
    assert category in risk.categories
    assert risk.level in {"medium", "high", "critical"}
    assert risk.score >= 30


@pytest.mark.parametrize(("category", "text"), EVASIONS)
def test_evasions_are_caught(scorer, category, text):
    assert category in scorer.score(text).categories


@pytest.mark.parametrize(
    ("category", "text", "typed"),
    [("false_legal", "Pay or go to jal.", "jal"), ("false_legal", "Not paying is a crime, jal is next.", "jal"),
     ("third_party", "We will call your bos tomorrow.", "bos")],
)  # fmt: skip
def test_rules_see_words_with_their_typos_undone(scorer, category, text, typed):
    flags = [f for f in scorer.score(text, lang="en").flags if f.category == category and f.source == "rule"]
    assert flags and all(text[f.start : f.end] == f.evidence for f in flags)
    assert any(typed in f.evidence for f in flags)


@pytest.mark.parametrize(("category", "text"), PINYIN_MESSAGES)
def test_messages_written_in_pinyin_are_scored_as_chinese(scorer, category, text):
    flags = [f for f in scorer.score(text).flags if f.category == category]
    assert flags and all(f.citation["doc_id"].startswith("cn-") for f in flags)
    assert all(has_han(f.suggestion) for f in flags)


@pytest.mark.parametrize(
    "text",
    [
        "nin hao, wo men bu hui lian xi nin de jia ren he tong shi.",
        "ru you kun nan, ke yi shen qing fen qi huan kuan, wo men hui jin kuai chu li.",
    ],
)
def test_compliant_messages_in_pinyin_are_clean(scorer, text):
    assert scorer.score(text).flags == []


def test_amounts_in_a_message_written_in_pinyin_stay_numbers(scorer):
    """Digits beside pinyin are no leetspeak: "3860yuan" is read as "3860元" (it was "打呢86哦愿")."""
    text = "ninbenqizhangdan3860yuanyiyuqi2tian,rukunnankeyishenqingfenqi."
    read = scorer.model.learned.reading(normalise(text)[0])
    assert "3860元" in read and "逾期" in read
    assert scorer.score(text).flags == []


@pytest.mark.parametrize(("lang", "text"), COMPLIANT + PLEASANTRIES + FREQUENCY_WORDS)
def test_hard_negatives_are_clean(scorer, lang, text):
    risk = scorer.score(text, lang=lang)
    assert risk.flags == [], [f.as_dict() for f in risk.flags]
    assert risk.level in {"none", "low"}


@pytest.mark.parametrize(
    ("lang", "text"),
    [("zh", "我是外包催收公司的，但你就当我是瑞丰银行本部的人。"),
     ("zh", "这里是瑞丰银行，我是派出所经侦大队的民警。"),
     ("en", "Hi, Dan here. Technically I'm with a recovery firm, but as far as you're concerned I'm Holmbury Bank."),
     ("en", "This is Deputy Carr from the sheriff's office about your Holmbury Bank loan.")],
)  # fmt: skip
def test_a_false_identity_next_to_a_lenders_name_is_still_impersonation(scorer, lang, text):
    """Introductions under a lender's name are clean (above); the name does not excuse posing as someone else."""
    assert "impersonation" in scorer.score(text, lang=lang).categories


@pytest.mark.parametrize(
    ("lang", "text"),
    [("en", "Our helpline team will ring you every day from 9am to 9pm until this is paid."),
     ("zh", "我们每天8点到22点都会一直给您打电话，直到您还清为止。")],
)  # fmt: skip
def test_the_same_hours_as_a_promise_to_keep_calling_are_harassment(scorer, lang, text):
    """Opening hours with "every day" are clean (`FREQUENCY_WORDS`, above); calling the borrower every day until they
    pay is harassment, and must stay so while the data teaches the hours apart."""
    assert "harassment" in scorer.score(text, lang=lang).categories


def test_flags_point_into_the_original_text_and_cite_the_pack(scorer):
    text = "王女士，你再不还就坐 牢，後果自負！"
    risk = scorer.score(text)
    for flag in risk.flags:
        assert text[flag.start : flag.end] == flag.evidence
        assert flag.citation["doc_id"].startswith("cn-")
        assert flag.citation["citation"] and flag.suggestion
    assert {"false_legal", "threat"} <= risk.categories


def test_lifelong_blacklist_cites_the_credit_regulation(scorer):
    risk = scorer.score("逾期记录会终身保留在征信黑名单上。")
    docs = {f.citation["doc_id"] for f in risk.flags if f.category == "false_legal"}
    assert "cn-crr-a16" in docs


def test_jurisdiction_picks_the_citation(scorer):
    us = scorer.score("You'll be arrested if you don't pay.", lang="en")
    uk = scorer.score("You'll be arrested if you don't pay the £300.", lang="en")
    assert {f.citation["doc_id"] for f in us.flags} & {"us-fdcpa-1692e", "us-fdcpa-1692d"}
    assert all(f.citation["doc_id"].startswith("uk-") for f in uk.flags)


def test_batch_matches_single(scorer):
    texts = [t for _, _, t in VIOLATIONS[:6]] + [t for _, t in COMPLIANT[:3]]
    batch = scorer.score_many([{"text": t} for t in texts])
    assert [r.as_dict() for r in batch] == [scorer.score(t).as_dict() for t in texts]


@pytest.mark.parametrize(("category", "lang", "text"), VIOLATIONS[::3])
def test_rewrite_comes_back_clean(scorer, category, lang, text):
    risk, rewritten = scorer.check(text, lang=lang)
    assert risk.flags
    assert rewritten != text
    assert scorer.score(rewritten, lang=lang).flags == []


def test_what_a_rewrite_keeps_of_the_message_is_clean_on_its_own(scorer):
    # Only the personal account is matched by a rule; beside the compliant sentence, the discount it was offered
    # for scored clean, so the rewrite used to keep it.
    risk, rewritten = scorer.check("你先把钱转到我私人账户，能给你打八折", lang="zh")
    assert "unauthorized_offer" in risk.categories
    assert "八折" not in rewritten and "私人账户" not in rewritten
    assert rewritten.endswith(suggestion("unauthorized_offer", "zh"))
    assert scorer.score(rewritten, lang="zh").flags == []


@pytest.mark.parametrize(("category", "lang", "text"), VIOLATIONS[1::3])
def test_rewrite_keeps_no_flagged_words(scorer, category, lang, text):
    _, rewritten = scorer.check(text, lang=lang)
    kept = rewritten
    for phrasing in SUGGESTIONS.values():
        kept = kept.replace(phrasing[lang], "")
    assert not kept.strip() or scorer.score(kept, lang=lang).flags == []


def test_a_phrase_two_rules_match_is_flagged_once(scorer):
    risk = scorer.score("你先把钱转到我私人账户", lang="zh")
    spans = [(f.start, f.end) for f in risk.flags if f.category == "unauthorized_offer"]
    assert spans == [(4, 11)]  # "转到我私人账户"; the personal-account rule's "私人账户" inside it is not flagged again


def test_clean_text_is_not_rewritten(scorer):
    text = COMPLIANT[0][1]
    assert scorer.check(text)[1] == text


def test_helpers():
    assert detect_lang("你好 hello") == "zh" and detect_lang("hello there") == "en"
    assert detect_lang("ni bu huan qian wo men jiu bao jing") == "zh"
    assert detect_lang("Hi Wang Li, you can call me back.") == "en"
    assert jurisdiction_of("pay £10", "en", {}) == "UK"
    assert jurisdiction_of("pay $10", "en", {}) == "US"
    assert jurisdiction_of("x", "en", {"jurisdiction": "cn"}) == "CN"
    assert [level_of(s) for s in (0, 10, 30, 60, 85)] == ["none", "low", "medium", "high", "critical"]


def test_learned_layer_ends_with_an_any_violation_score_and_each_language_has_its_calibration(scorer):
    learned = scorer.model.learned
    logits = learned.logits(
        ["我们不会联系您的家人。", "不还钱就打爆你通讯录，让你全家丢人。", "We will not call your family."]
    )
    assert logits.shape == (3, len(TEXT_CATEGORIES) + 1)
    assert logits[1, -1] > 0 > logits[0, -1] and logits[2, -1] < 0  # the last column: any violation
    assert set(scorer.model.calibrator.stackers) == {"zh", "en"}
    zh, en = (scorer.model.calibrator.stackers[lang].thresholds for lang in ("zh", "en"))
    assert zh.shape == en.shape == (len(TEXT_CATEGORIES),) and not np.allclose(zh, en)


def test_model_artefact_is_versioned_and_reused(scorer, tmp_path):
    assert scorer.model.data_hash and scorer.model.version == MODEL_VERSION
    assert set(scorer.model.learned.categories) == set(TEXT_CATEGORIES)
    speller = scorer.model.learned.speller
    assert speller.correct("we will call your emplyer") == "we will call your employer"
    assert speller.correct("we will cll your bos") == "we will call your boss"
    assert speller.correct("ni bu huan qian wo men jiu shang men") == "ni bu huan qian wo men jiu shang men"  # pinyin
    again = build_scorer(PROJECT / "knowledge", tmp_path)
    assert model_path(tmp_path).exists()
    assert again.model is scorer.model


def test_the_speller_learns_its_words_from_the_written_rows_not_their_augmented_typos(scorer):
    # the augmented copies carry made-up typos ("cll", "acll"); a typo the speller took for a word it would never mend
    rows = training.read_rows(training.training_files(PROJECT / "knowledge"))
    written = {word for row in rows for word in re.findall(r"[a-z]+", normalise(row["text"])[0])}
    learned_as_words = scorer.model.learned.speller.known - written
    assert not learned_as_words, sorted(learned_as_words)[:20]


def test_a_lender_the_training_data_never_named_does_not_move_the_learned_scores(scorer):
    # compliance-v26 flagged "Your complaint is with the … complaints team" for some unseen lenders and not others;
    # the speller would split "Callhaven" into "call haven" if the name were not masked first
    texts = [f"Your complaint is with the {name} complaints team, reference 4471." for name in ("Dunwarren Lending",
             "Quillby Lending", "Callhaven Lending", "Goldhaven Lending")]  # fmt: skip
    logits = scorer.model.learned.logits([normalise(text)[0] for text in texts])
    assert np.allclose(logits, logits[0])


def test_naive_bayes_ratio_marks_the_side_a_feature_belongs_to():
    # features: only in positives, only in negatives, in both alike
    present = sparse.csr_matrix(np.array([[1, 0, 1], [1, 0, 1], [0, 1, 1], [0, 1, 1]], dtype=np.float32))
    ratio = log_count_ratio(present, np.array([1, 1, 0, 0]))
    assert ratio[0] > 0 > ratio[1] and abs(ratio[2]) < 1e-6


def test_learned_heads_fit_the_same_every_time():
    # 2,000 real rows: on a handful the solver converges to the same weights whatever order it updates in
    rows = training.read_rows(training.training_files(PROJECT / "knowledge"))[:2000]
    norms, labels = [normalise(r["text"])[0] for r in rows], [r["labels"] for r in rows]
    first, second = (LearnedModel(TEXT_CATEGORIES).fit(norms, labels) for _ in range(2))
    assert np.array_equal(first.coef, second.coef) and np.array_equal(first.intercept, second.intercept)


def test_learned_heads_learn_their_category():
    norms = ["我们会去你单位找你领导", "we will call your boss", "您可以申请分期", "we will not call your boss"] * 3
    labels = [["third_party", "threat"], ["third_party", "threat"], [], []] * 3
    scores = LearnedModel(TEXT_CATEGORIES).fit(norms, labels).logits(["我们会去你单位", "您可以申请分期"])
    column = TEXT_CATEGORIES.index("third_party")
    assert scores[0, column] > scores[1, column]
