"""Compliance-risk scoring: rules + learned layer + context rules -> the CONTRACT Risk object."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from mediation.compliance import training
from mediation.compliance.citations import CATEGORIES, CONTEXT_CATEGORIES, TEXT_CATEGORIES, CitationBook
from mediation.compliance.scorer import ComplianceScorer, Flag, Risk
from mediation.compliance.spelling import common_english_words, english_words
from mediation.textnorm import pinyin_syllables

__all__ = [
    "CATEGORIES",
    "CONTEXT_CATEGORIES",
    "TEXT_CATEGORIES",
    "ComplianceScorer",
    "Flag",
    "Risk",
    "build_scorer",
    "model_path",
]

log = logging.getLogger(__name__)
_MODELS: dict[str, training.ComplianceModel] = {}
_LOCK = threading.Lock()


def model_path(instance_dir: Path) -> Path:
    """Where the versioned artefact lives."""
    return instance_dir / "models" / f"{training.MODEL_VERSION}.joblib"


def load_or_train(knowledge_dir: Path, path: Path, *, retrain: bool = False) -> training.ComplianceModel:
    """The artefact at `path` if it matches the current data, else train (once per process) and save it."""
    current = training.data_hash(training.training_files(knowledge_dir))
    with _LOCK:
        if not retrain and current in _MODELS:
            model = _MODELS[current]
            if not path.exists():
                training.save(model, path)
            return model
        if not retrain and path.exists():
            try:
                model = training.load(path)
                if getattr(model, "data_hash", None) == current:
                    _MODELS[current] = model
                    return model
                log.info("compliance model at %s is stale; retraining", path)
            except Exception as exc:  # a corrupt or incompatible artefact is rebuilt, not fatal
                log.warning("cannot read %s (%s); retraining", path, exc)
        model = training.train(knowledge_dir)
        training.save(model, path)
        _MODELS[current] = model
        return model


def build_scorer(knowledge_dir: Path, instance_dir: Path, *, retrain: bool = False) -> ComplianceScorer:
    """A scorer over the shipped knowledge pack, training the model on first use."""
    model = load_or_train(knowledge_dir, model_path(instance_dir), retrain=retrain)
    # word lists the speller and the language check read (0.7 s): at start-up, not in the first request
    english_words(), common_english_words(), pinyin_syllables()
    return ComplianceScorer(model, CitationBook.from_dir(knowledge_dir))
