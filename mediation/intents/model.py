"""The learned layer: character and word n-grams, a linear SVM, sigmoid-calibrated probabilities,
plus (with an encoder) the embedding head of `semantic`, stored in the same artefact.

Training is deterministic (fixed folds and seeds, sorted input) and takes a few seconds. The artefact
is a joblib file in the instance folder that records the format version and a hash of the training
data, so a changed training file is noticed and the model retrained.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import jieba
import joblib
import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion
from sklearn.svm import LinearSVC

from mediation import textnorm
from mediation.embeddings import Encoder
from mediation.errors import ValidationFailed
from mediation.intents.labels import INTENTS
from mediation.intents.rules import normalise
from mediation.intents.semantic import EmbeddingHead, fit_head, training_vectors

log = logging.getLogger(__name__)

#: Bump when features or the estimator change: old artefacts are then retrained.
MODEL_VERSION = 1
SEED = 13
#: The normaliser's source, part of the data hash: a change to it changes every feature.
NORMALISER_SOURCE = Path(textnorm.__file__).read_bytes()

jieba.setLogLevel(logging.WARNING)


@dataclass(frozen=True)
class Example:
    text: str
    intent: str
    lang: str = ""
    id: str = ""


def read_examples(paths: Iterable[Path]) -> list[Example]:
    """Read `{"id", "lang", "text", "intent"}` lines; an unknown intent is a validation error."""
    examples: list[Example] = []
    for path in paths:
        with open(path, encoding="utf-8-sig") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                row = json.loads(line)
                if row.get("intent") not in INTENTS or not isinstance(row.get("text"), str):
                    raise ValidationFailed(f"{path}:{number}: needs a text and one of the known intents")
                examples.append(Example(row["text"], row["intent"], row.get("lang", ""), str(row.get("id", ""))))
    return examples


def data_hash(examples: Sequence[Example]) -> str:
    """A stable hash of the training examples (order-independent) and the feature recipe, normaliser code included."""
    # "textnorm" names the normaliser as the hash always has, so artefacts trained before stay valid
    digest = hashlib.sha256(f"v{MODEL_VERSION}|textnorm\n".encode() + NORMALISER_SOURCE)
    for line in sorted(f"{e.intent}\t{e.text}" for e in examples):
        digest.update(line.encode("utf-8") + b"\n")
    return digest.hexdigest()[:16]


def _words(normalised: str) -> list[str]:
    return [w for w in jieba.lcut(normalised) if w.strip()]


def _identity(text: str) -> str:
    return text


def _features() -> FeatureUnion:
    chars = TfidfVectorizer(
        preprocessor=_identity, analyzer="char_wb", ngram_range=(1, 4), sublinear_tf=True, lowercase=False
    )
    words = TfidfVectorizer(
        tokenizer=_words,
        preprocessor=_identity,
        token_pattern=None,
        lowercase=False,
        ngram_range=(1, 2),
        sublinear_tf=True,
    )
    return FeatureUnion([("chars", chars), ("words", words)])


@dataclass
class IntentModel:
    """A fitted feature extractor and calibrated classifier, with the metadata that produced them."""

    features: FeatureUnion
    classifier: CalibratedClassifierCV
    data_hash: str
    version: int = MODEL_VERSION
    classes: list[str] = field(default_factory=list)
    n_examples: int = 0
    #: The embedding layer, when the model was trained with an encoder (see `semantic`).
    head: EmbeddingHead | None = None

    def predict_proba(self, normalised: Sequence[str]) -> np.ndarray:
        """Class probabilities (columns in `classes` order) for already normalised texts."""
        return self.classifier.predict_proba(self.features.transform(list(normalised)))

    def save(self, path: Path) -> None:
        """Write the artefact atomically."""
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        os.close(fd)
        joblib.dump(self, tmp)
        os.replace(tmp, path)


def _ordered(examples: Sequence[Example]) -> list[Example]:
    return sorted(examples, key=lambda e: (e.intent, e.text))


def train_head(examples: Sequence[Example], encoder: Encoder, *, cache_dir: Path | None = None) -> EmbeddingHead:
    """Fit the embedding layer on the examples (vectors from the cache in `cache_dir` when present)."""
    ordered = _ordered(examples)
    vectors = training_vectors(encoder, [e.text for e in ordered], cache_dir)
    return fit_head(vectors, [e.intent for e in ordered], encoder=encoder, data_hash=data_hash(examples))


def train(examples: Sequence[Example], *, encoder: Encoder | None = None, cache_dir: Path | None = None) -> IntentModel:
    """Fit the model on the examples, reproducibly; with an encoder, the embedding layer too."""
    if len({e.intent for e in examples}) < 2:
        raise ValidationFailed("training needs examples of at least two intents")
    ordered = _ordered(examples)
    texts = [normalise(e.text) for e in ordered]
    labels = [e.intent for e in ordered]
    features = _features()
    matrix = features.fit_transform(texts)
    svm = LinearSVC(C=0.5, class_weight="balanced", random_state=SEED, max_iter=5000)
    classifier = CalibratedClassifierCV(svm, cv=5, method="sigmoid")
    classifier.fit(matrix, labels)
    return IntentModel(
        features=features,
        classifier=classifier,
        data_hash=data_hash(examples),
        classes=[str(c) for c in classifier.classes_],
        n_examples=len(examples),
        head=train_head(examples, encoder, cache_dir=cache_dir) if encoder is not None else None,
    )


def load(path: Path) -> IntentModel | None:
    """Load an artefact, or None when it is missing, unreadable or of another format version."""
    if not path.exists():
        return None
    try:
        model = joblib.load(path)
    except Exception as exc:  # a truncated or foreign file is retrained, not fatal
        log.warning("ignoring unreadable intent model %s: %s", path, exc)
        return None
    if not isinstance(model, IntentModel) or model.version != MODEL_VERSION:
        return None
    return model
