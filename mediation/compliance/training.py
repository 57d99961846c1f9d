"""Train, calibrate, evaluate and persist the compliance model (a versioned joblib artefact).

Steps: read `knowledge/training/compliance.*.jsonl` -> assign each row to one of five folds by a hash
of its id -> for each fold, fit the learned layer on the other four (augmented with evasion transforms,
fixed seed) and keep its logits on the held-out fold -> on these out-of-fold logits of every row, fit a
tiny logistic "stacker" per language and category over the category's own evidence (learned logit, rule
hit, suppressed rule hit) and the message's (the learned "any violation" logit, the highest category
logit, any live rule hit), and pick the threshold with the best F-beta -> report the cross-validated
metrics -> refit the learned layer on all rows (augmented) for the shipped artefact.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

import joblib
import numpy as np
from sklearn.linear_model import LogisticRegression

from mediation import textnorm
from mediation.compliance import augment as augmentation
from mediation.compliance import learned, patterns_en, patterns_zh, pinyin_reader, rules, spelling
from mediation.compliance.citations import TEXT_CATEGORIES
from mediation.compliance.learned import LearnedModel
from mediation.compliance.rules import RuleEngine, RuleHit

log = logging.getLogger(__name__)

MODEL_VERSION = "compliance-v28"
SEED = 13
TRAINING_GLOB = "compliance*.jsonl"
FOLDS = 5
#: F-beta used to choose each category's threshold: 1 weighs precision and recall alike, because a
#: scorer that cries wolf is switched off by the agents as surely as one that misses is useless.
BETA = 1.0
CLEARED_BAR = 0.9  # a category whose only rule hits were negated/quoted/lawful needs this much evidence
NEARBY_BAR = 0.6  # other categories in such a text
_CATEGORY_INDEX = {c: i for i, c in enumerate(TEXT_CATEGORIES)}
#: The languages calibrated apart: the same logit means less in English, where the clean messages that mention
#: arrests, bailiffs or family are more often flagged (out-of-fold false-positive rate 0.101 vs 0.049 in Chinese).
LANGS = ("zh", "en")


def lang_code(lang: str) -> str:
    """The calibrated language (`LANGS`) of a language tag: `zh` for any Chinese tag (zh-CN, zh-Hant...), else `en`."""
    return "zh" if str(lang).lower().startswith("zh") else "en"


@dataclass
class Stacker:
    """Per category: weights over `stacker_inputs`, a bias and a decision threshold."""

    weights: np.ndarray
    bias: np.ndarray
    thresholds: np.ndarray

    def combine(self, logits: np.ndarray, hits: np.ndarray, suppressed: np.ndarray) -> np.ndarray:
        """Calibrated probabilities, shape (n, categories), from `indicator_matrices`."""
        z = (stacker_inputs(logits, hits, suppressed) * self.weights).sum(axis=-1)
        return 1.0 / (1.0 + np.exp(-(z + self.bias)))

    def decision_thresholds(self, hits: np.ndarray, suppressed: np.ndarray) -> np.ndarray:
        """Per text and category: the calibrated threshold, raised when the rules saw only negated, quoted
        or lawful mentions (CLEARED_BAR for that category, NEARBY_BAR for the others in the text)."""
        cleared_text = (suppressed > 0).any(axis=1, keepdims=True)
        raised = np.maximum(self.thresholds, np.where(suppressed > 0, CLEARED_BAR, NEARBY_BAR))
        return np.where((hits > 0) | ~cleared_text, self.thresholds, raised)


def stacker_inputs(logits: np.ndarray, hits: np.ndarray, suppressed: np.ndarray) -> np.ndarray:
    """Per text and category, stacked on a last axis: the category's clipped logit, live rule hit and suppressed hit
    without a live one; then the message's "any violation" logit, highest category logit and any live rule hit."""
    clipped = np.clip(logits, -12, 12)
    categories, any_violation = clipped[:, :-1], clipped[:, -1:]
    shape = categories.shape
    message = [any_violation, categories.max(axis=1, keepdims=True), hits.max(axis=1, keepdims=True)]
    own = [categories, hits, np.where(hits > 0, 0.0, suppressed)]
    return np.stack(own + [np.broadcast_to(m, shape) for m in message], axis=-1)


@dataclass
class Calibrator:
    """One stacker per language (`LANGS`)."""

    stackers: dict[str, Stacker]

    def apply(
        self, logits: np.ndarray, hits: np.ndarray, suppressed: np.ndarray, langs: list[str]
    ) -> tuple[np.ndarray, np.ndarray]:
        """(probabilities, decision thresholds), each shape (texts, categories), every text by its language's stacker."""
        codes = np.array(langs)
        if unknown := set(codes.tolist()) - set(self.stackers):
            raise ValueError(f"no calibration for language(s) {sorted(unknown)}")
        probs, thresholds = np.zeros(hits.shape), np.zeros(hits.shape)
        for lang, stacker in self.stackers.items():
            rows = np.flatnonzero(codes == lang)
            probs[rows] = stacker.combine(logits[rows], hits[rows], suppressed[rows])
            thresholds[rows] = stacker.decision_thresholds(hits[rows], suppressed[rows])
        return probs, thresholds


@dataclass
class ComplianceModel:
    """What the artefact holds: the learned layer, the per-language calibration and how it was made."""

    learned: LearnedModel
    calibrator: Calibrator
    data_hash: str
    version: str = MODEL_VERSION
    metrics: dict = field(default_factory=dict)


def training_files(knowledge_dir: Path) -> list[Path]:
    """The training files, sorted."""
    return sorted((knowledge_dir / "training").glob(TRAINING_GLOB))


def data_hash(files: list[Path]) -> str:
    """Hash of the training data, every module the artefact depends on and the model version (what decides the artefact)."""
    digest = hashlib.sha256(MODEL_VERSION.encode())
    for path in files:
        digest.update(path.name.encode() + path.read_bytes())
    code = [
        Path(m.__file__)
        for m in (textnorm, patterns_zh, patterns_en, rules, learned, spelling, pinyin_reader, augmentation)
    ]
    for path in [*code, Path(__file__)]:  # normalisation, rules, features, augmentation, stacker
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def read_rows(files: list[Path]) -> list[dict]:
    """Training rows with known categories only."""
    rows = []
    for path in files:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                row["labels"] = [c for c in row.get("labels", []) if c in TEXT_CATEGORIES]
                rows.append(row)
    return rows


def fold_of(row_id: str) -> int:
    """The cross-validation fold of a row, fixed by its id."""
    return int(hashlib.md5(row_id.encode()).hexdigest()[:8], 16) % FOLDS


def indicator_matrices(hit_lists: list[list[RuleHit]]) -> tuple[np.ndarray, np.ndarray]:
    """(live hit, suppressed hit) indicator matrices, shape (texts, categories), from each text's rule hits."""
    live = np.zeros((len(hit_lists), len(TEXT_CATEGORIES)), dtype=np.float32)
    suppressed = np.zeros_like(live)
    for row, hits in enumerate(hit_lists):
        for hit in hits:
            if hit.category in _CATEGORY_INDEX:
                (suppressed if hit.suppressed else live)[row, _CATEGORY_INDEX[hit.category]] = 1.0
    return live, suppressed


def fit_stacker(logits: np.ndarray, hits: np.ndarray, sup: np.ndarray, y: np.ndarray) -> Stacker:
    """Fit weights and pick thresholds on out-of-fold logits (never the learned layer's own training rows)."""
    inputs = stacker_inputs(logits, hits, sup)
    k, width = inputs.shape[1:]
    weights, bias, thresholds = np.zeros((k, width)), np.zeros(k), np.full(k, 0.5)
    for j in range(k):
        x = inputs[:, j, :]
        if 0 < y[:, j].sum() < len(y):
            clf = LogisticRegression(C=1.0, max_iter=1000).fit(x, y[:, j])
            weights[j], bias[j] = clf.coef_[0], clf.intercept_[0]
        else:  # no or only positive examples: the category's own logit and rule hit decide
            weights[j, :3], bias[j] = (1.0, 4.0, -1.0), 0.0
    stacker = Stacker(weights, bias, thresholds)
    probs = stacker.combine(logits, hits, sup)
    for j in range(k):
        thresholds[j] = best_threshold(probs[:, j], y[:, j])
    return stacker


def best_threshold(probs: np.ndarray, y: np.ndarray) -> float:
    """The decision threshold (0.10 to 0.90 in steps of 0.02) with the best F-beta (`BETA`) on these probabilities."""
    best = (-1.0, 0.5)
    for t in np.arange(0.10, 0.91, 0.02):
        pred = probs >= t
        tp = float((pred & (y == 1)).sum())
        p = tp / max(pred.sum(), 1)
        r = tp / max(y.sum(), 1)
        f = (1 + BETA**2) * p * r / max(BETA**2 * p + r, 1e-9)
        if f > best[0] + 1e-9:
            best = (f, float(t))
    return best[1]


def evaluate(probs: np.ndarray, thresholds: np.ndarray, y: np.ndarray) -> dict:
    """Per-category and any-violation precision/recall/F1."""
    pred = probs >= thresholds
    out = {}
    for j, c in enumerate(TEXT_CATEGORIES):
        tp = float((pred[:, j] & (y[:, j] == 1)).sum())
        p, r = tp / max(pred[:, j].sum(), 1), tp / max(y[:, j].sum(), 1)
        out[c] = {"precision": round(p, 3), "recall": round(r, 3), "f1": round(2 * p * r / max(p + r, 1e-9), 3)}
    any_pred, any_true = pred.any(axis=1), y.any(axis=1)
    tp = float((any_pred & any_true).sum())
    out["any"] = {"precision": round(tp / max(any_pred.sum(), 1), 3), "recall": round(tp / max(any_true.sum(), 1), 3)}
    out["macro_f1"] = round(float(np.mean([out[c]["f1"] for c in TEXT_CATEGORIES])), 3)
    return out


def _normalised(rows: list[dict]) -> list[str]:
    return [textnorm.normalise(r["text"])[0] for r in rows]


def _prepare(rows: list[dict]) -> tuple[list[str], list[str], np.ndarray]:
    norms = _normalised(rows)
    langs = [lang_code(r.get("lang") or "zh") for r in rows]
    y = np.array([[c in r["labels"] for c in TEXT_CATEGORIES] for r in rows], dtype=int)
    return norms, langs, y


def _fit_learned(rows: list[dict], norms: list[str], seed: int) -> LearnedModel:
    """Fit the learned layer on `rows` (normalised as `norms`) and their augmented copies."""
    copies = augmentation.augment(rows, seed=seed)
    labels = [r["labels"] for r in rows + copies]
    return LearnedModel(TEXT_CATEGORIES).fit(norms + _normalised(copies), labels, spelt_right=norms)


def out_of_fold_logits(rows: list[dict], norms: list[str], seed: int = SEED) -> np.ndarray:
    """Learned logits of every row from a learned layer fitted on the other folds (`fold_of`), as the stacker sees them."""
    folds = np.array([fold_of(r["id"]) for r in rows])
    logits = np.zeros((len(rows), len(TEXT_CATEGORIES) + 1), dtype=np.float32)
    for fold in range(FOLDS):
        held_out = np.flatnonzero(folds == fold)
        kept = np.flatnonzero(folds != fold)
        model = _fit_learned([rows[i] for i in kept], [norms[i] for i in kept], seed)
        logits[held_out] = model.logits([norms[i] for i in held_out])
    return logits


def train(knowledge_dir: Path, engine: RuleEngine | None = None, *, seed: int = SEED) -> ComplianceModel:
    """Train the whole model from the training files under `knowledge_dir` (deterministic for a given augmentation
    `seed`)."""
    started = time.perf_counter()
    files = training_files(knowledge_dir)
    rows = read_rows(files)
    if not rows:
        raise FileNotFoundError(f"no compliance training data under {knowledge_dir / 'training'}")
    engine = engine or RuleEngine()
    norms, langs, y = _prepare(rows)
    logits = out_of_fold_logits(rows, norms, seed)
    hits, suppressed = indicator_matrices([engine.match(n, lang) for n, lang in zip(norms, langs, strict=True)])
    codes = np.array(langs)
    calibrator = Calibrator(
        {lang: fit_stacker(logits[m], hits[m], suppressed[m], y[m]) for lang in LANGS if (m := codes == lang).any()}
    )
    metrics = evaluate(*calibrator.apply(logits, hits, suppressed, langs), y)
    final = _fit_learned(rows, norms, seed)
    metrics.update(rows=len(rows), folds=FOLDS, seconds=round(time.perf_counter() - started, 1))
    log.info("trained %s on %d rows in %.1fs", MODEL_VERSION, len(rows), metrics["seconds"])
    return ComplianceModel(final, calibrator, data_hash(files), metrics=metrics)


def save(model: ComplianceModel, path: Path) -> None:
    """Write the artefact atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    joblib.dump(model, tmp, compress=3)
    tmp.replace(path)


def load(path: Path) -> ComplianceModel:
    """Read an artefact written by `save`."""
    return joblib.load(path)
