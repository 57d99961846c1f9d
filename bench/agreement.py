"""How consistently the labelling guide can be applied, next to how well the scorer applies it; prints tables.

    .venv/bin/python bench/agreement.py

`bench/data/agreement.annotator2.jsonl` holds a second, independent labelling of 440 messages of our own
test set (220 per language, drawn with a fixed seed): an LLM session given only the message texts and
`docs/compliance-labelling.md`, blind to the set's labels and to the scorer (2026-12-07). Agreement
between the two labellings bounds what a scorer can be expected to reach against either one: where they
agree closely, the gap between the scorer and the labels is the scorer's, not the guide's.

`bench/data/agreement.training.annotator2.jsonl` does the same for 400 rows of the training data (200 per
language, seed 11; a second session, same brief): how consistent the labels the scorer learns from are. The
scorer is not compared there, having been trained on those rows.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.compliance import OWN_TEST, measure, read_jsonl, table  # noqa: E402
from mediation.compliance import TEXT_CATEGORIES, build_scorer, training  # noqa: E402
from mediation.config import Settings  # noqa: E402

SECOND = OWN_TEST / "agreement.annotator2.jsonl"
SECOND_ON_TRAINING = OWN_TEST / "agreement.training.annotator2.jsonl"


def main() -> None:
    second = {r["id"]: r["labels"] for r in read_jsonl([SECOND])}
    gold = [r for r in read_jsonl(OWN_TEST.glob("compliance.test.*.jsonl")) if r["id"] in second]
    settings = Settings.load()
    scorer = build_scorer(settings.knowledge_dir, settings.instance_dir)
    items = [{"text": r["text"], "speaker": r.get("speaker"), "lang": r["lang"]} for r in gold]
    model = {r["id"]: risk.categories for r, risk in zip(gold, scorer.score_many(items), strict=True)}
    as_second = [{**r, "labels": second[r["id"]]} for r in gold]
    comparisons = {
        "annotator 2 vs test labels": measure(gold, lambda rows: [set(second[r["id"]]) for r in rows]),
        "scorer vs test labels": measure(gold, lambda rows: [model[r["id"]] for r in rows]),
        "scorer vs annotator 2": measure(as_second, lambda rows: [model[r["id"]] for r in rows]),
        "annotator 2 vs training labels": training_agreement(settings),
    }
    print(f"{len(gold)} messages, scorer {scorer.model.version}")
    body = [
        [name, lang, stats["n"], f"{stats['any_p']:.3f}", f"{stats['any_r']:.3f}", f"{stats['macro_f1']:.3f}"]
        for name, result in comparisons.items()
        for lang, stats in result["lang"].items()
    ]
    table(
        "agreement (the first named is scored against the second)",
        ["pair", "lang", "n", "any P", "any R", "macro F1"],
        body,
    )
    for lang in ("zh", "en"):
        body = [
            [c, *(f"{result['per'][lang][c][2]:.2f} ({result['per'][lang][c][3]})" for result in comparisons.values())]
            for c in TEXT_CATEGORIES
        ]
        table(f"per category F1 (positives) ({lang})", ["category", *comparisons], body)


def training_agreement(settings: Settings) -> dict:
    """The second labelling of 400 training rows, scored against their training labels."""
    second = {r["id"]: r["labels"] for r in read_jsonl([SECOND_ON_TRAINING])}
    rows = [
        {**r, "lang": training.lang_code(r.get("lang") or "zh")}
        for r in training.read_rows(training.training_files(settings.knowledge_dir))
        if r["id"] in second
    ]
    return measure(rows, lambda batch: [set(second[r["id"]]) for r in batch])


if __name__ == "__main__":
    main()
