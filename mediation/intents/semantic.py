"""The embedding layer: logistic regression over sentence embeddings of the raw message.

The n-gram model sees surface forms; the embedding head sees meaning, so it generalises to phrasings
no cue or n-gram covers. Messages are embedded as search queries (`Encoder.encode_queries`), the same
vector the retriever searches with, so a caller that already has it passes it in and nothing is
encoded twice.

Encoding the ~2,000 training texts is the slow part (tens of seconds on a busy CPU), so their vectors
are cached next to the model artefact (`intents-embeddings-<hash>.npz`, keyed by the encoder and the
texts) and, within one process, per text: only texts never seen before are encoded.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from mediation.embeddings import Encoder

log = logging.getLogger(__name__)

#: Bump when the head's recipe changes: cached heads are then refitted (cached vectors stay valid).
HEAD_VERSION = 1
#: Inverse regularisation of the logistic regression (chosen by 5-fold CV on the training data).
C = 30.0
CACHE_PREFIX = "intents-embeddings-"

_memo: dict[tuple[str, str], np.ndarray] = {}
_memo_lock = threading.Lock()


def encoder_key(encoder: Encoder) -> str:
    """What makes two encoders' vectors interchangeable: model name, dimension, precision."""
    precision = {True: "bf16", False: "fp32"}.get(getattr(encoder, "bf16", None), "default")
    return f"{encoder.name}|{encoder.dimension}|{precision}"


def texts_hash(key: str, texts: Sequence[str]) -> str:
    """A stable hash of the encoder key and the texts, in order."""
    digest = hashlib.sha256(f"{key}\n".encode())
    for text in texts:
        digest.update(text.encode("utf-8") + b"\n")
    return digest.hexdigest()[:16]


def _read_cache(path: Path, key: str) -> dict[str, np.ndarray]:
    try:
        with np.load(path, allow_pickle=False) as data:
            if str(data["encoder"]) != key:
                return {}
            return dict(zip((str(t) for t in data["texts"]), data["vectors"], strict=True))
    except Exception as exc:  # a truncated or foreign file is re-encoded, not fatal
        log.warning("ignoring unreadable embedding cache %s: %s", path, exc)
        return {}


def _write_cache(path: Path, key: str, texts: Sequence[str], vectors: np.ndarray) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".npz.tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            np.savez(handle, encoder=np.array(key), texts=np.array(list(texts), dtype=str), vectors=vectors)
        os.replace(tmp, path)
    except OSError as exc:  # a read-only instance folder only costs the next process an encode
        log.warning("could not write the embedding cache %s: %s", path, exc)
        Path(tmp).unlink(missing_ok=True)


def training_vectors(encoder: Encoder, texts: Sequence[str], cache_dir: Path | None = None) -> np.ndarray:
    """The query embeddings of `texts` (rows in order), from the caches where possible.

    With `cache_dir`, the vectors are stored in `<cache_dir>/intents-embeddings-<hash>.npz`; when that
    file is missing, earlier cache files there (for the same encoder) still serve the texts they hold,
    and are replaced by the new one.
    """
    key = encoder_key(encoder)
    path = cache_dir / f"{CACHE_PREFIX}{texts_hash(key, texts)}.npz" if cache_dir else None
    found: dict[str, np.ndarray] = {}
    with _memo_lock:
        for text in texts:
            if (key, text) in _memo:
                found[text] = _memo[(key, text)]
    stale: list[Path] = []
    if path is not None and len(found) < len(set(texts)):
        candidates = [path] if path.exists() else sorted(cache_dir.glob(f"{CACHE_PREFIX}*.npz"))
        for candidate in candidates:
            cached = _read_cache(candidate, key)
            found.update((t, cached[t]) for t in texts if t in cached and t not in found)
            stale += [candidate] if candidate != path and cached else []
    missing = sorted({t for t in texts if t not in found})
    if missing:
        log.info("encoding %d intent training texts with %s", len(missing), encoder.name)
        for text, vector in zip(missing, encoder.encode_queries(missing), strict=True):
            found[text] = vector
    with _memo_lock:
        _memo.update(((key, t), v) for t, v in found.items())
    vectors = np.stack([found[t] for t in texts]).astype(np.float32) if texts else np.zeros((0, encoder.dimension))
    if path is not None and not path.exists():
        _write_cache(path, key, texts, vectors)
        for old in stale:
            old.unlink(missing_ok=True)
    return vectors


@dataclass
class EmbeddingHead:
    """A logistic regression over query embeddings, tied to the encoder and data it was fitted on."""

    classifier: LogisticRegression
    encoder: str
    data_hash: str
    version: int = HEAD_VERSION
    classes: list[str] = field(default_factory=list)

    @property
    def dimension(self) -> int:
        return int(self.classifier.coef_.shape[1])

    def predict_proba(self, vectors: np.ndarray) -> np.ndarray:
        """Class probabilities (columns in `classes` order) for a (n, dimension) matrix."""
        return self.classifier.predict_proba(vectors)

    def fits(self, encoder: Encoder | None, data_hash: str) -> bool:
        """Whether this head belongs to that encoder and training data."""
        return (
            encoder is not None
            and self.version == HEAD_VERSION
            and self.encoder == encoder_key(encoder)
            and self.data_hash == data_hash
        )


def fit_head(vectors: np.ndarray, labels: Sequence[str], *, encoder: Encoder, data_hash: str) -> EmbeddingHead:
    """Fit the head (lbfgs on fixed input: deterministic)."""
    classifier = LogisticRegression(C=C, max_iter=5000, class_weight="balanced")
    classifier.fit(vectors, list(labels))
    return EmbeddingHead(
        classifier=classifier,
        encoder=encoder_key(encoder),
        data_hash=data_hash,
        classes=[str(c) for c in classifier.classes_],
    )
