"""What another combination layer would buy the compliance scorer, measured before anyone builds it; prints a table.

    .venv/bin/python bench/stacking.py

The shipped scorer combines its learned logits and rule hits with a small logistic stacker per language and
category (`mediation.compliance.training`). This script refits that stacker, and variants of it, on the same
out-of-fold inputs and scores each on the four sets the compliance bench uses: cross-validation on our
training data, our own test set, the stance pairs and the dev set (measured only, never fitted on).

Variants:
- `shipped`: the stacker as trained (the bench's own figures, reproduced);
- `+ e5 neighbours`: one more input per category, the similarity-weighted share of the ten nearest training
  messages (multilingual-e5-small query vectors, `NEIGHBOURS`, `TEMPERATURE`) that carry the category;
  in cross-validation the neighbours come from the other folds only;
- `+ e5 neighbours, unsure only`: the same, used only where the shipped stacker is within `band` (in logit
  units) of a threshold, as a cascade would; the rest keep the shipped decision. "needs e5" is the share of
  messages that would pay a transformer pass, and "msg/s" the batch rate that share implies, from the
  scorer's and the encoder's batch rates measured here;
- `gradient boosting`: a non-linear stacker (scikit-learn's histogram gradient boosting) over every
  category's logit and rule hits, thresholds picked on its own out-of-fold probabilities.

Out-of-fold logits (five learned-layer fits, a few minutes) and the e5 vectors of every text (several
minutes) are cached under `<instance>/bench/`, keyed by the compliance model's data hash.
"""

from __future__ import annotations

import hashlib
import sys
import time
from pathlib import Path

import numpy as np
from scipy import special
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.compliance import EVAL, OWN_TEST, measure, read_jsonl, table  # noqa: E402
from mediation import textnorm  # noqa: E402
from mediation.compliance import TEXT_CATEGORIES, build_scorer, training  # noqa: E402
from mediation.config import Settings  # noqa: E402
from mediation.services import shared_encoder  # noqa: E402

NEIGHBOURS = 10
TEMPERATURE = 0.01  # softmax temperature over the neighbours' cosine similarities
BANDS = (0.3, 0.5, 1.0)
SETS = ("cv", "own test", "stance", "dev")


def prepare(rows: list[dict], engine) -> dict:
    """Normalised texts, calibrated languages, label matrix and rule indicators of a set."""
    rows = [{**r, "labels": [c for c in r["labels"] if c in TEXT_CATEGORIES]} for r in rows]
    norms = [textnorm.normalise(r["text"])[0] for r in rows]
    langs = [training.lang_code(r["lang"]) for r in rows]
    rows = [{**r, "lang": lang} for r, lang in zip(rows, langs, strict=True)]
    hits, sup = training.indicator_matrices([engine.match(n, lang) for n, lang in zip(norms, langs, strict=True)])
    y = np.array([[c in r["labels"] for c in TEXT_CATEGORIES] for r in rows], dtype=int)
    return {"rows": rows, "norms": norms, "langs": np.array(langs), "hits": hits, "sup": sup, "y": y}


def cached(path: Path, compute) -> np.ndarray:
    """An array from `path`, computed and saved on first use."""
    if path.exists():
        return np.load(path)
    value = compute()
    path.parent.mkdir(parents=True, exist_ok=True)
    np.save(path, value)
    return value


def neighbour_votes(queries: np.ndarray, vectors: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Per query and category: the similarity-weighted share of its nearest `vectors` whose `labels` carry it."""
    sims = queries @ vectors.T
    top = np.argpartition(-sims, NEIGHBOURS, axis=1)[:, :NEIGHBOURS]
    near = np.take_along_axis(sims, top, axis=1)
    weights = np.exp((near - near.max(axis=1, keepdims=True)) / TEMPERATURE)
    weights /= weights.sum(axis=1, keepdims=True)
    return np.einsum("nk,nkc->nc", weights, labels[top].astype(np.float32))


def fit_predict(train: dict, sets: dict, extra: str | None) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Per-language logistic stackers over the shipped inputs (plus `extra` votes): (probabilities, thresholds)."""

    def inputs(d: dict) -> np.ndarray:
        base = training.stacker_inputs(d["logits"], d["hits"], d["sup"])
        return base if extra is None else np.concatenate([base, (d[extra] * 4 - 2)[..., None]], axis=-1)

    x = {name: inputs(d) for name, d in sets.items()}
    out = {name: (np.zeros(d["y"].shape), np.zeros(d["y"].shape)) for name, d in sets.items()}
    for lang in training.LANGS:
        rows, y = train["langs"] == lang, train["y"][train["langs"] == lang]
        heads = [LogisticRegression(C=1.0, max_iter=2000).fit(x["cv"][rows, j], y[:, j]) for j in range(y.shape[1])]
        probs = np.stack([h.predict_proba(x["cv"][rows, j])[:, 1] for j, h in enumerate(heads)], axis=1)
        stacker = training.Stacker(  # its thresholds, raised where the rules cleared a mention, as shipped
            np.array([h.coef_[0] for h in heads]),
            np.array([h.intercept_[0] for h in heads]),
            np.array([training.best_threshold(probs[:, j], y[:, j]) for j in range(y.shape[1])]),
        )
        for name, d in sets.items():
            sel = d["langs"] == lang
            out[name][0][sel] = np.stack([h.predict_proba(x[name][sel, j])[:, 1] for j, h in enumerate(heads)], axis=1)
            out[name][1][sel] = stacker.decision_thresholds(d["hits"][sel], d["sup"][sel])
    return out


def boosted(train: dict, sets: dict, folds: np.ndarray) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Gradient-boosted stackers per category over all logits and rule indicators, thresholds out of fold."""

    def features(d: dict) -> np.ndarray:
        return np.hstack([np.clip(d["logits"], -12, 12), d["hits"], d["sup"], (d["langs"] == "zh")[:, None]])

    def model() -> HistGradientBoostingClassifier:
        return HistGradientBoostingClassifier(max_iter=200, learning_rate=0.05, max_leaf_nodes=15, random_state=0)

    x, y = features(train), train["y"]
    oof = np.zeros(y.shape)
    for fold in range(training.FOLDS):
        held = folds == fold
        for j in range(y.shape[1]):
            oof[held, j] = model().fit(x[~held], y[~held, j]).predict_proba(x[held])[:, 1]
    thresholds = np.array([training.best_threshold(oof[:, j], y[:, j]) for j in range(y.shape[1])])
    heads = [model().fit(x, y[:, j]) for j in range(y.shape[1])]
    out = {"cv": (oof, np.broadcast_to(thresholds, y.shape))}
    for name, d in sets.items():
        if name != "cv":
            probs = np.stack([h.predict_proba(features(d))[:, 1] for h in heads], axis=1)
            out[name] = (probs, np.broadcast_to(thresholds, probs.shape))
    return out


def figures(d: dict, flagged: np.ndarray) -> str:
    """Macro F1 (any-violation P/R) of a set's decisions (texts x categories), as `bench/compliance.py` counts them."""
    preds = [{c for c, on in zip(TEXT_CATEGORIES, row, strict=True) if on} for row in flagged]
    m = measure(d["rows"], lambda _: preds)["lang"]["all"]
    return f"{m['macro_f1']:.3f} ({m['any_p']:.2f}/{m['any_r']:.2f})"


def logit(p: np.ndarray) -> np.ndarray:
    """Log-odds, clipped away from 0 and 1."""
    return special.logit(np.clip(p, 1e-6, 1 - 1e-6))


def rate(work, n: int) -> float:
    """Items per second of one call of `work` over n items (best of two)."""
    best = float("inf")
    for _ in range(2):
        started = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - started)
    return n / best


def main() -> None:
    settings = Settings.load()
    scorer = build_scorer(settings.knowledge_dir, settings.instance_dir)
    encoder = shared_encoder(settings.embedding_model, settings.embedding_precision, settings.embedding_runtime)
    cache = settings.instance_dir / "bench" / f"stacking-{scorer.model.data_hash}"
    rows = {
        "cv": training.read_rows(training.training_files(settings.knowledge_dir)),
        "own test": read_jsonl(OWN_TEST.glob("compliance.test.*.jsonl")),
        "stance": read_jsonl(OWN_TEST.glob("compliance.stance.*.jsonl")),
        "dev": read_jsonl([EVAL / "compliance.dev.jsonl"]),
    }
    sets = {name: prepare(r, scorer.engine) for name, r in rows.items()}
    train = sets["cv"]
    folds = np.array([training.fold_of(r["id"]) for r in train["rows"]])
    train["logits"] = cached(
        cache / "oof-logits.npy", lambda: training.out_of_fold_logits(train["rows"], train["norms"])
    )
    for name, d in sets.items():
        if name != "cv":
            d["logits"] = scorer.model.learned.logits(d["norms"])
        key = hashlib.sha256("\n".join(r["text"] for r in d["rows"]).encode()).hexdigest()[:12]
        d["vectors"] = cached(
            cache / f"e5-{key}.npy", lambda d=d: encoder.encode_queries([r["text"] for r in d["rows"]])
        )
    train["votes"] = np.zeros(train["y"].shape, dtype=np.float32)
    for fold in range(training.FOLDS):
        held = folds == fold
        train["votes"][held] = neighbour_votes(train["vectors"][held], train["vectors"][~held], train["y"][~held])
    for name, d in sets.items():
        if name != "cv":
            d["votes"] = neighbour_votes(d["vectors"], train["vectors"], train["y"])

    dev_items = [{"text": r["text"], "lang": r.get("lang")} for r in rows["dev"] * 10]
    scorer_rate = rate(lambda: scorer.score_many(dev_items), len(dev_items))
    sample = [r["text"] for r in rows["own test"][:256]]
    encoder_rate = rate(lambda: encoder.encode_queries(sample), len(sample))

    shipped = fit_predict(train, sets, None)
    votes = fit_predict(train, sets, "votes")
    body = [
        ["shipped", *(figures(sets[s], np.greater_equal(*shipped[s])) for s in SETS), "0 %", f"{scorer_rate:.0f}"],
        [
            "+ e5 neighbours",
            *(figures(sets[s], np.greater_equal(*votes[s])) for s in SETS),
            "100 %",
            f"{1 / (1 / scorer_rate + 1 / encoder_rate):.0f}",
        ],
    ]
    for band in BANDS:
        cells, shares = [], []
        for s in SETS:
            (p0, t0), (p1, t1) = shipped[s], votes[s]
            unsure = np.abs(logit(p0) - logit(t0)).min(axis=1) < band
            cells.append(figures(sets[s], np.where(unsure[:, None], p1 >= t1, p0 >= t0)))
            shares.append(unsure.mean())
        share = float(np.mean(shares))
        implied = 1 / (1 / scorer_rate + share / encoder_rate)
        body.append([f"+ e5 neighbours, unsure only (band {band})", *cells, f"{100 * share:.0f} %", f"{implied:.0f}"])
    boost = boosted(train, sets, folds)
    body.append(["gradient boosting", *(figures(sets[s], np.greater_equal(*boost[s])) for s in SETS), "0 %", "-"])
    print(f"scorer {scorer.model.version}; scorer {scorer_rate:.0f} msg/s, e5 queries {encoder_rate:.0f} msg/s (batch)")
    table(
        "stacker variants: macro F1 (any-violation P/R); needs e5 = share of messages given a transformer pass",
        ["variant", *SETS, "needs e5", "msg/s"],
        body,
    )


if __name__ == "__main__":
    main()
