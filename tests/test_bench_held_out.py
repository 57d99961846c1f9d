"""The generated benches measure lender names the model has never seen: a name in the training data would measure
memory instead (compliance-v26's training named 15 of them, in rows labelled both ways)."""

import re
from pathlib import Path

from bench import introductions, service_messages
from mediation.compliance import training

KNOWLEDGE = Path(__file__).resolve().parent.parent / "knowledge"


def held_out_names() -> list[str]:
    """The distinctive part of every lender name the two benches hold out."""
    english = set(introductions.EN_NAMES) | {lender.split()[0] for lender in service_messages.EN_LENDERS}
    chinese = set(introductions.ZH_NAMES) | {lender[:2] for lender in service_messages.ZH_LENDERS}
    return sorted(english | chinese)


def test_the_benches_hold_out_lender_names_in_both_languages():
    names = held_out_names()
    assert len([n for n in names if n.isascii()]) >= 20
    assert len([n for n in names if not n.isascii()]) >= 10


def test_no_training_row_names_a_held_out_lender():
    texts = [row["text"] for row in training.read_rows(training.training_files(KNOWLEDGE))]
    named = {}
    for name in held_out_names():
        # a whole English word; a Chinese name not read inside a longer word ("平安信息" is not "安信")
        pattern = re.compile(rf"\b{name}\b" if name.isascii() else rf"(?<![\u4e00-\u9fff]){name}")
        if hits := [t for t in texts if pattern.search(t)]:
            named[name] = hits[:2]
    assert named == {}
