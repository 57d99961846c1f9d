"""Rule-layer precision on our own training data: how far each live rule hit can be trusted.

For every pattern of `mediation.compliance.rules`, P(the row carries the rule's category | the rule fired live,
i.e. not negated, quoted or lawful), and per language and category the precision and coverage of any live hit.
Our training rows are full of hard negatives written next to the line, so these figures are a floor; a rule
well under the others is the first place to look when a category's highlights look wrong.
Nothing here reads the dev set.

Usage: .venv/bin/python bench/rules.py [--worst 25]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.compliance import table
from mediation.compliance import TEXT_CATEGORIES, training
from mediation.compliance.rules import RuleEngine
from mediation.config import Settings
from mediation.textnorm import normalise


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worst", type=int, default=25, help="how many of the least precise rules to list")
    args = parser.parse_args()
    rows = training.read_rows(training.training_files(Settings.load().knowledge_dir))
    engine = RuleEngine()
    fired, right = Counter(), Counter()  # per (rule, category): rows with a live hit, and those labelled so
    flagged, correct, positives = Counter(), Counter(), Counter()  # per (lang, category)
    for row in rows:
        lang = training.lang_code(row.get("lang") or "zh")
        live = {(h.rule, h.category) for h in engine.match(normalise(row["text"])[0], lang) if not h.suppressed}
        for key in live:
            fired[key] += 1
            right[key] += key[1] in row["labels"]
        for category in TEXT_CATEGORIES:
            hit = any(c == category for _, c in live)
            flagged[lang, category] += hit
            correct[lang, category] += hit and category in row["labels"]
            positives[lang, category] += category in row["labels"]
    print(f"{len(rows)} training rows, {len(fired)} rules that fired live")
    body = [
        [lang, c, flagged[lang, c], f"{correct[lang, c] / max(flagged[lang, c], 1):.2f}",
         f"{correct[lang, c] / max(positives[lang, c], 1):.2f}"]
        for lang in training.LANGS
        for c in TEXT_CATEGORIES
    ]  # fmt: skip
    table("any live hit, per language and category", ["lang", "category", "rows hit", "precision", "coverage"], body)
    worst = sorted(fired, key=lambda k: (right[k] - fired[k], right[k] / fired[k]))[: args.worst]
    body = [[rule, c, fired[rule, c], fired[rule, c] - right[rule, c], f"{right[rule, c] / fired[rule, c]:.2f}"]
            for rule, c in worst]  # fmt: skip
    table("rules with the most wrong live hits", ["rule", "category", "rows hit", "wrong", "precision"], body)


if __name__ == "__main__":
    main()
