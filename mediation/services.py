"""Long-lived services built once per application and kept in `app.extensions["mediation"]`."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

from flask import Flask, current_app
from sqlalchemy.engine import Engine

from mediation.compliance import ComplianceScorer, build_scorer
from mediation.config import Settings
from mediation.db import create_tables, make_engine
from mediation.embeddings import Encoder, SentenceTransformerEncoder
from mediation.engine import MediationEngine
from mediation.errors import IndexUnavailable
from mediation.glossary import Glossary
from mediation.intents import IntentClassifier
from mediation.knowledge_index import KnowledgeIndex
from mediation.llm import LLMClient, OpenAICompatibleClient
from mediation.plans import PlanDesk
from mediation.policy import PolicyEngine
from mediation.prompts import PromptLibrary
from mediation.ratelimit import RateLimiter
from mediation.retrieval import Retriever

log = logging.getLogger(__name__)

GLOSSARY_FILE = "glossary.yaml"


@cache
def shared_encoder(model_dir: Path, precision: str = "auto", runtime: str = "auto") -> SentenceTransformerEncoder:
    """One encoder per model directory per process (loading one costs seconds and ~1 GB)."""
    return SentenceTransformerEncoder(model_dir, precision=precision, runtime=runtime)


@dataclass
class Services:
    """The application's services; heavy ones load on first use."""

    settings: Settings
    engine: Engine
    _retriever: Retriever | None = None
    _scorer: ComplianceScorer | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def encoder(self) -> Encoder:
        settings = self.settings
        return shared_encoder(settings.embedding_model, settings.embedding_precision, settings.embedding_runtime)

    @property
    def retriever(self) -> Retriever:
        """The retriever over the persisted index (raises `IndexUnavailable` if there is none)."""
        with self._lock:
            if self._retriever is None:
                self._retriever = self.retriever_for(self.settings.index_dir)
            return self._retriever

    def retriever_for(self, index_dir: Path) -> Retriever:
        """A retriever over the index in `index_dir`, with the knowledge pack's glossary."""
        glossary = Glossary.load(self.settings.knowledge_dir / GLOSSARY_FILE)
        return Retriever(KnowledgeIndex.load(index_dir), self.encoder, glossary)

    @property
    def scorer(self) -> ComplianceScorer:
        """The compliance scorer (trains its model into the instance folder on first use if absent)."""
        with self._lock:
            if self._scorer is None:
                self._scorer = build_scorer(self.settings.knowledge_dir, self.settings.instance_dir)
            return self._scorer

    def reload_index(self) -> None:
        """Forget the loaded index so the next search reads the new one."""
        with self._lock:
            self._retriever = None

    @property
    def intents(self) -> IntentClassifier:
        """The borrower intent classifier (n-grams + embeddings), trained into the instance folder on first use."""
        from mediation.intents import load_or_train

        return load_or_train(self.settings.instance_dir, encoder=self.encoder)

    @cached_property
    def policy(self) -> PolicyEngine:
        """The deterministic policy engine over `MEDIATION_POLICY`."""
        return PolicyEngine.from_yaml(self.settings.policy)

    @cached_property
    def conversation_limiter(self) -> RateLimiter:
        """Limits self-service conversation starts per client address."""
        return RateLimiter(self.settings.self_service_per_hour, 3600.0)

    @cached_property
    def llm(self) -> LLMClient | None:
        """The configured OpenAI-compatible endpoint, or None (composer only)."""
        s = self.settings
        if not s.llm_base_url:
            return None
        return OpenAICompatibleClient(base_url=s.llm_base_url, model=s.llm_model or "default",
                                      api_key=s.llm_api_key, timeout=s.llm_timeout_seconds,
                                      max_tokens=s.llm_max_tokens)  # fmt: skip

    @cached_property
    def engine_service(self) -> MediationEngine:
        """The mediation pipeline, wired to the other services."""
        try:
            retriever = self.retriever
        except IndexUnavailable as exc:
            log.warning("replies will carry no retrieved citations: %s", exc.message)
            retriever = None
        return MediationEngine(scorer=self.scorer, intents=self.intents, plans=PlanDesk(self.policy),
                               retriever=retriever, llm=self.llm, prompts=PromptLibrary())  # fmt: skip


def init_app(app: Flask, settings: Settings) -> Services:
    """Create the engine and tables and register the services."""
    engine = make_engine(settings)
    create_tables(engine)
    services = Services(settings=settings, engine=engine)
    app.extensions["mediation"] = services
    return services


def services() -> Services:
    """The current application's services."""
    return current_app.extensions["mediation"]
