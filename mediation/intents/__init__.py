"""Borrower intent understanding: explainable cue rules plus a learned, calibrated model."""

from __future__ import annotations

from mediation.intents.classifier import IntentClassifier, IntentResult, load_or_train
from mediation.intents.labels import INTENTS, PRECEDENCE

__all__ = ["INTENTS", "PRECEDENCE", "IntentClassifier", "IntentResult", "load_or_train"]
