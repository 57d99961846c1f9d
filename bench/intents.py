"""Intent benchmark: accuracy overall, per intent and language, vulnerability recall, confusions, speed.

Two measurements, both on messages the model was not trained on:
- the held-out dev set (`../shared/eval/intents.dev.jsonl`), classified by the model trained on all
  of `knowledge/training/` (measure only: nothing from it feeds rules or data);
- our own held-out split: 20 % of `knowledge/training/`, stratified, classified by a model trained on
  the other 80 %.

With the embedding layer (default) the training texts' vectors come from the cache in
`instance/models/` (written on the first run). Single-message latency is measured twice: encoding
the message inside `classify`, and with the query vector precomputed (as the engine passes it).

Usage: .venv/bin/python bench/intents.py [--eval ../shared/eval/intents.dev.jsonl] [--ngrams-only]
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.model_selection import train_test_split

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mediation.config import DEFAULT_MODEL_DIR, PROJECT_ROOT
from mediation.intents import PRECEDENCE, IntentClassifier
from mediation.intents import model as learned
from mediation.intents.classifier import TRAINING_FILES

SEED = 7


def table(headers: list[str], rows: list[list]) -> str:
    """Render a plain-text table."""
    cells = [[str(c) for c in row] for row in [headers, *rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def report(name: str, classifier: IntentClassifier, rows: list[dict]) -> None:
    """Print accuracy tables, vulnerability recall, the top confusions and speed for one set."""
    texts = [r["text"] for r in rows]
    started = time.perf_counter()
    results = classifier.classify_batch(texts)
    batch_seconds = time.perf_counter() - started
    latencies, with_vector = [], []
    encoder = classifier.encoder if classifier.head is not None else None
    vectors = encoder.encode_queries(texts[:300]) if encoder is not None else [None] * len(texts[:300])
    for text, vector in zip(texts[:300], vectors, strict=True):
        t0 = time.perf_counter()
        classifier.classify(text)
        latencies.append((time.perf_counter() - t0) * 1000)
        if vector is not None:
            t0 = time.perf_counter()
            classifier.classify(text, vector=vector)
            with_vector.append((time.perf_counter() - t0) * 1000)
    predicted = [r.label for r in results]
    gold = [r["intent"] for r in rows]
    langs = [r.get("lang", "?") for r in rows]
    correct = [p == g for p, g in zip(predicted, gold, strict=True)]
    print(f"\n=== {name}: {len(rows)} messages ===")
    overall = [["all", len(rows), f"{np.mean(correct):.3f}"]]
    for lang in sorted(set(langs)):
        picked = [c for c, lg in zip(correct, langs, strict=True) if lg == lang]
        overall.append([lang, len(picked), f"{np.mean(picked):.3f}"])
    print(table(["lang", "n", "accuracy"], overall))
    per = []
    for intent in PRECEDENCE:
        cells = [intent]
        for lang in ("zh", "en"):
            idx = [i for i, (g, lg) in enumerate(zip(gold, langs, strict=True)) if g == intent and lg == lang]
            cells.append(f"{np.mean([correct[i] for i in idx]):.2f} ({len(idx)})" if idx else "-")
        said = [i for i, p in enumerate(predicted) if p == intent]
        cells.append(f"{np.mean([gold[i] == intent for i in said]):.2f}" if said else "-")
        per.append(cells)
    print()
    print(table(["intent", "recall zh (n)", "recall en (n)", "precision"], per))
    vuln = [p == "vulnerability" for p, g in zip(predicted, gold, strict=True) if g == "vulnerability"]
    flagged = [g == "vulnerability" for p, g in zip(predicted, gold, strict=True) if p == "vulnerability"]
    print(f"\nvulnerability recall {np.mean(vuln):.3f} ({sum(vuln)}/{len(vuln)}), precision {np.mean(flagged):.3f}")
    confusions = collections.Counter((g, p) for p, g in zip(predicted, gold, strict=True) if p != g)
    print("\ntop confusions (gold -> predicted):")
    print(table(["gold", "predicted", "n"], [[g, p, n] for (g, p), n in confusions.most_common(8)]))
    bins = collections.defaultdict(list)
    for result, ok in zip(results, correct, strict=True):
        bins[min(int(result.confidence * 5), 4)].append(ok)
    calib = [[f"{b / 5:.1f}-{(b + 1) / 5:.1f}", len(v), f"{np.mean(v):.2f}"] for b, v in sorted(bins.items())]
    print("\ncalibration (confidence bin -> observed accuracy):")
    print(table(["confidence", "n", "accuracy"], calib))
    print(
        f"\nthroughput {len(rows) / batch_seconds:.0f} msg/s (batch); single message "
        f"p50 {np.percentile(latencies, 50):.1f} ms, p95 {np.percentile(latencies, 95):.1f} ms"
    )
    if with_vector:
        print(
            f"single message with a precomputed query vector: p50 {np.percentile(with_vector, 50):.1f} ms, "
            f"p95 {np.percentile(with_vector, 95):.1f} ms"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--eval", type=Path, default=PROJECT_ROOT.parent / "shared" / "eval" / "intents.dev.jsonl")
    parser.add_argument("--ngrams-only", action="store_true", help="leave out the embedding layer")
    parser.add_argument("--cache-dir", type=Path, default=PROJECT_ROOT / "instance" / "models")
    args = parser.parse_args()
    examples = learned.read_examples(p for p in TRAINING_FILES if p.exists())
    encoder = None
    if not args.ngrams_only:
        from mediation.services import shared_encoder

        encoder = shared_encoder(DEFAULT_MODEL_DIR, "auto")
    started = time.perf_counter()
    full = IntentClassifier(learned.train(examples, encoder=encoder, cache_dir=args.cache_dir), encoder)
    print(f"trained on {len(examples)} examples in {time.perf_counter() - started:.1f} s")
    if args.eval.exists():
        dev = [json.loads(line) for line in args.eval.read_text(encoding="utf-8").splitlines() if line.strip()]
        report(f"dev set {args.eval.name}", full, dev)
    else:
        print(f"(no dev set at {args.eval})")
    train, held = train_test_split(examples, test_size=0.2, random_state=SEED, stratify=[e.intent for e in examples])
    # the split's vectors come from the per-text cache the full training filled
    split = IntentClassifier(learned.train(train, encoder=encoder), encoder)
    rows = [{"text": e.text, "intent": e.intent, "lang": e.lang} for e in held]
    report("own held-out split (20 % of knowledge/training)", split, rows)


if __name__ == "__main__":
    main()
