"""The typo corrector in front of the learned layer."""

import pytest

from mediation.compliance.spelling import Speller, one_edit_apart, written_in_pinyin
from mediation.textnorm import normalise, original_span

CORPUS = ["we will call your employer today", "please hang on", "we can remove the fee", "tell your boss"] * 3 + [
    "the police will come",
    "the police are not involved",
] * 2


@pytest.fixture(scope="module")
def speller():
    return Speller(CORPUS)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("emplyer", "employer"), ("employre", "employer"), ("employeer", "employer"), ("emplozer", "employer"),
     ("polcie", "police")],
)  # fmt: skip
def test_one_letter_typos_are_undone(speller, typed, meant):
    assert speller.correct(f"we will call your {typed}") == f"we will call your {meant}"


@pytest.mark.parametrize(
    "text",
    [
        "the remote office",  # English, one edit from "remove", though the training text never used it
        "mr zhang called today",  # a name one edit from "hang", with another first letter
        "the polcie报警",  # text with Chinese characters is left to the pinyin view
        "we will call your emp",  # no known word is one edit from "emp"
        "ms han is here",  # English (a name), though one edit from "hang"
    ],
)
def test_english_words_names_and_chinese_are_left_alone(speller, text):
    assert speller.correct(text) == text


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("we will cll your boss", "we will call your boss"), ("tel your bos", "tell your boss"),
     ("the polce wil come", "the police will come")],
)  # fmt: skip
def test_three_letter_slips_of_known_words_are_undone(speller, typed, meant):
    assert speller.correct(typed) == meant


def test_pinyin_syllables_of_the_training_text_are_not_slips():
    corpus = ["we will shout at you"] * 3
    assert Speller(corpus).correct("they shou at me") == "they shout at me"
    assert Speller(corpus, syllables=["shou"]).correct("they shou at me") == "they shou at me"


@pytest.mark.parametrize(
    "text",
    ["ni bu huan qian wo men jiu shang men zhao ni", "nibuhuanqian, women jiu baojing", "Bao Jing!", "ni hao"],
)
def test_chinese_written_in_pinyin_is_recognised(text):
    assert written_in_pinyin(text)


@pytest.mark.parametrize(
    "text",
    [
        "Li Na, please call me back.",
        "Hi Wang Li, you can call me back.",
        "we can hang on",
        "ok",
        "报警 bao jing",
        "zhang",
    ],
)
def test_english_names_and_chinese_characters_are_not_pinyin_text(text):
    assert not written_in_pinyin(text)


def test_text_written_in_pinyin_is_not_corrected(speller):
    assert speller.correct("wo men bu shou fei") == "wo men bu shou fei"  # "fei" is one edit from "fee"


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("c a l l y o u r b o s s", "call your boss"), ("t.e.l.l y.o.u.r e.m.p.l.o.y.e.r", "tell your employer")],
)
def test_spaced_out_words_run_together_are_split_again(speller, typed, meant):
    assert speller.correct(normalise(typed)[0]) == meant


def test_words_are_split_only_into_known_pieces(speller):
    assert speller.correct("mr callst rang") == "mr callst rang"  # "st" is not a word a split may use
    assert speller.correct("ms callwest rang") == "ms callwest rang"  # "west" was never seen


def test_corrected_words_point_into_the_words_they_replace(speller):
    text = "Call  yourboss or the polce."
    norm, offsets = normalise(text)
    fixed, spans = speller.correct_keeping_offsets(norm, offsets)
    assert fixed == "call your boss or the police."
    assert len(spans) == len(fixed)
    for word, typed in (("boss", "boss"), ("police", "polce"), ("call", "Call")):
        start, end = original_span(spans, fixed.index(word), fixed.index(word) + len(word))
        assert text[start:end] == typed


def test_two_edits_are_not_one():
    assert one_edit_apart("cancle", "cancel")
    assert not one_edit_apart("cancle", "chance")
    assert one_edit_apart("jial", "jail") and one_edit_apart("jai", "jail") and one_edit_apart("jaill", "jail")
