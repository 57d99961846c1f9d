"""Combine the rule layer and the learned layer into one decision per borrower message."""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from mediation.config import PROJECT_ROOT
from mediation.embeddings import Encoder
from mediation.errors import ValidationFailed
from mediation.injection import injection_cues
from mediation.intents import model as learned
from mediation.intents import rules, semantic
from mediation.intents.labels import RANK

log = logging.getLogger(__name__)

TRAINING_FILES = (
    PROJECT_ROOT / "knowledge" / "training" / "intents.jsonl",
    PROJECT_ROOT / "knowledge" / "training" / "intents.extra.jsonl",
)
ARTEFACT_NAME = f"intents-v{learned.MODEL_VERSION}.joblib"

#: A vulnerability probability above this labels the message vulnerability (recall first): n-grams only.
VULNERABILITY_THRESHOLD = 0.45
#: The same with the embedding layer, whose vulnerability probabilities are much sharper.
BLENDED_VULNERABILITY_THRESHOLD = 0.35
#: Weight of the embedding head in the blended probabilities (the n-gram model gets the rest).
#: Chosen by 5-fold cross-validation on knowledge/training (accuracy with the rules applied).
EMBEDDING_WEIGHT = 0.6
#: A rule hit counts as this much evidence when a label's confidence is reported.
RULE_EVIDENCE = 0.6
#: The model overrides rule hits when it is at least this sure of its own label.
MODEL_SURE = 0.6
#: Under a suspected injection: claims about the speaker that are set aside even when a cue matches
#: (self-harm cues are always trusted), and intents the model alone may no longer assign.
UNTRUSTED_CLAIMS = frozenset({"vulnerability", "third_party_agent"})
NEEDS_A_CUE = frozenset({"vulnerability", "identity_theft", "third_party_agent", "complaint"})
#: Under a suspected injection with no cue left, a label the model is less sure of becomes general.
INJECTION_FLOOR = 0.35


@dataclass(frozen=True)
class IntentResult:
    """One classified message: the label, a confidence in [0, 1], and why."""

    label: str
    confidence: float
    signals: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"label": self.label, "confidence": self.confidence, "signals": list(self.signals)}


def _boost(p: float, ruled: bool) -> float:
    """Combine a model probability with a rule hit as independent evidence (noisy-or)."""
    return 1 - (1 - p) * (1 - RULE_EVIDENCE) if ruled else p


class IntentClassifier:
    """Label borrower messages with one of the contract's intents.

    Steps: normalise -> match cues -> model probabilities (the n-gram model's, averaged with the
    embedding head's when the model has one) -> a message that tries to instruct the assistant loses
    its representation and vulnerability evidence unless it shows self-harm -> vulnerability gate (rule OR probability above a low
    threshold) -> the model's label when it is sure or no rule fired -> otherwise the
    highest-precedence intent among the rule hits.

    The embedding head needs the message's query vector (`Encoder.encode_queries([text])`): pass it
    as `vector` when you already have it (the engine shares it with retrieval), otherwise the
    classifier's `encoder` computes it.
    """

    def __init__(self, model: learned.IntentModel, encoder: Encoder | None = None):
        self.model = model
        self.encoder = encoder
        self._classes = list(model.classes)
        self.head = model.head
        if self.head is not None and self.head.classes != self._classes:
            raise ValueError("the embedding head and the n-gram model disagree on the intents")

    def classify(
        self, text: str, lang: str | None = None, vector: np.ndarray | None = None, *, distrust: bool = False
    ) -> IntentResult:
        """Classify one message (`lang` is accepted for the contract; both languages share a model).

        `vector`: the message's precomputed query embedding, shape (dimension,) or (1, dimension).
        `distrust`: treat the message as part of an injection attempt made earlier in the conversation.
        """
        vectors = None if vector is None else np.atleast_2d(vector)
        return self.classify_batch([text], lang, vectors=vectors, distrust=distrust)[0]

    def classify_batch(
        self,
        texts: Sequence[str],
        lang: str | None = None,
        vectors: np.ndarray | None = None,
        *,
        distrust: bool = False,
    ) -> list[IntentResult]:
        """Classify many messages at once (one vectorisation pass, one encoding batch).

        `vectors`: precomputed query embeddings, one row per text (encoded here when absent).
        """
        for text in texts:
            if not isinstance(text, str):
                raise ValidationFailed("each message text must be a string")
        if not texts:
            return []
        normalised = [rules.normalise(t) for t in texts]
        probabilities = self.model.predict_proba(normalised)
        embedded = self._embedding_proba(list(texts), vectors)
        threshold = VULNERABILITY_THRESHOLD
        if embedded is not None:
            probabilities = EMBEDDING_WEIGHT * embedded + (1 - EMBEDDING_WEIGHT) * probabilities
            threshold = BLENDED_VULNERABILITY_THRESHOLD
        return [self._decide(n, row, threshold, distrust) for n, row in zip(normalised, probabilities, strict=True)]

    def _embedding_proba(self, texts: list[str], vectors: np.ndarray | None) -> np.ndarray | None:
        if self.head is None:
            return None
        if vectors is None:
            if self.encoder is None:
                return None  # no way to embed: the n-gram model decides alone
            vectors = self.encoder.encode_queries(texts)
        vectors = np.atleast_2d(np.asarray(vectors, dtype=np.float32))
        if vectors.shape != (len(texts), self.head.dimension):
            expected = (len(texts), self.head.dimension)
            raise ValueError(f"expected query vectors of shape {expected}, got {vectors.shape}")
        return self.head.predict_proba(vectors)

    def _decide(self, normalised: str, row: np.ndarray, threshold: float, distrust: bool) -> IntentResult:
        probs = {label: float(p) for label, p in zip(self._classes, row, strict=True)}
        hits = rules.match(normalised) if normalised.strip() else {}
        signals = [f"rule:{intent}:{cue}" for intent, cues in hits.items() for cue in cues]
        cues = injection_cues(normalised) or (["earlier"] if distrust else [])
        if cues and not rules.SELF_HARM.search(normalised):
            # role-play, fake system notes and "my lawyer says the AI must..." are part of the attempt
            signals.append("injection:" + ",".join(cues))
            hits = {k: v for k, v in hits.items() if k not in UNTRUSTED_CLAIMS}
            probs = {k: 0.0 if k in NEEDS_A_CUE and k not in hits else p for k, p in probs.items()}
        top = max(probs, key=probs.__getitem__)
        if cues and not hits and probs[top] < INJECTION_FLOOR:
            # nothing but the attempt itself: answer it as a general message
            probs["general"] = max(probs.get("general", 0.0), 1 - probs[top])
            top = "general"
        signals.append(f"model:{top}:{probs[top]:.2f}")
        p_vuln = probs.get("vulnerability", 0.0)
        if "vulnerability" in hits or p_vuln >= threshold:
            if "vulnerability" not in hits:
                signals.append(f"model:vulnerability:{p_vuln:.2f}")
            return IntentResult("vulnerability", round(max(_boost(p_vuln, "vulnerability" in hits), 0.5), 4), signals)
        if not normalised.strip():
            return IntentResult("general", 1.0, signals)
        ruled = sorted(hits, key=RANK.__getitem__)
        label = top
        if ruled:
            best_rule = ruled[0]
            label = top if probs[top] >= MODEL_SURE else best_rule
        return IntentResult(label, round(_boost(probs.get(label, 0.0), label in hits), 4), signals)


_cache: dict[tuple[Path, str, str], IntentClassifier] = {}
_cache_lock = threading.Lock()


def load_or_train(
    instance_dir: Path,
    *,
    training_files: Sequence[Path] = TRAINING_FILES,
    retrain: bool = False,
    encoder: Encoder | None = None,
) -> IntentClassifier:
    """Return the classifier for the training data, training and saving the artefact when needed.

    The artefact (`<instance>/models/intents-v1.joblib`) is reused while the training data hash
    matches; a process-wide cache keeps one classifier per artefact, data hash and encoder. With an
    encoder the classifier has the embedding layer too: the training texts' vectors are cached in
    `<instance>/models/intents-embeddings-<hash>.npz`, so only the first training encodes them.
    """
    examples = learned.read_examples(p for p in training_files if p.exists())
    digest = learned.data_hash(examples)
    models_dir = instance_dir / "models"
    path = models_dir / ARTEFACT_NAME
    with _cache_lock:
        key = (path.resolve(), digest, semantic.encoder_key(encoder) if encoder is not None else "")
        if not retrain and key in _cache:
            return _cache[key]
        model = None if retrain else learned.load(path)
        if model is None or model.data_hash != digest:
            log.info("training the intent model on %d examples", len(examples))
            model = learned.train(examples, encoder=encoder, cache_dir=models_dir)
            model.save(path)
        elif encoder is not None and (model.head is None or not model.head.fits(encoder, digest)):
            log.info("fitting the intent model's embedding layer for %s", encoder.name)
            model.head = learned.train_head(examples, encoder, cache_dir=models_dir)
            model.save(path)
        if encoder is None and model.head is not None:
            model.head = None  # nothing to embed with (unless the caller passes vectors): n-grams only
        _cache[key] = IntentClassifier(model, encoder)
        return _cache[key]
