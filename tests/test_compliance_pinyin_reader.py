"""Pinyin runs among Chinese characters read back as characters, for the learned layer's character view."""

import pytest

from mediation.compliance.pinyin_reader import PinyinReader

CORPUS = ["再不还就报警", "我们不会报警", "你会坐牢的", "坐牢三年起步", "把照片发到业主群", "业主群里都知道"] * 3


@pytest.fixture(scope="module")
def reader():
    return PinyinReader(CORPUS)


@pytest.mark.parametrize(
    ("written", "read"),
    [("再不还就bao jing", "再不还就报警"), ("你会zuolao的", "你会坐牢的"), ("发到ye zhu qun", "发到业主群"),
     ("wo men bu hui bao jing", "我们不会报警"), ("ni hui zuo lao de", "你会坐牢的")],
)  # fmt: skip
def test_pinyin_runs_become_the_characters_the_training_text_uses(reader, written, read):
    assert reader.read(written) == read


def test_the_reading_weighs_the_whole_run_not_the_next_pair_alone():
    """The pair "您把" is commoner, but "您爸" and "爸妈" together outweigh it beside "把妈", never seen."""
    reader = PinyinReader(["您把欠款还上"] * 8 + ["我们不会给您爸妈打电话"] * 3 + ["爸妈的电话"])
    assert reader.read("bu hui gei nin ba ma da dian hua") == "不会给您爸妈打电话"


@pytest.mark.parametrize(
    "text",
    [
        "请用app还款",  # not pinyin
        "你会zuo的",  # one syllable says too little
        "you will go to jail",  # English
        "你会hen gao xing的",  # syllables whose characters the training text never paired
    ],
)
def test_other_latin_text_is_left_alone(reader, text):
    assert reader.read(text) == text
