"""Long-lived services built once per application and kept in `app.extensions["mediation"]`."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from flask import Flask, current_app
from sqlalchemy.engine import Engine

from mediation.config import Settings
from mediation.db import create_tables, make_engine
from mediation.embeddings import Encoder, SentenceTransformerEncoder
from mediation.glossary import Glossary
from mediation.knowledge_index import KnowledgeIndex
from mediation.retrieval import Retriever

GLOSSARY_FILE = "glossary.yaml"


@cache
def shared_encoder(model_dir: Path, precision: str) -> SentenceTransformerEncoder:
    """One encoder per model directory per process (loading one costs seconds and ~1 GB)."""
    return SentenceTransformerEncoder(model_dir, precision=precision)


@dataclass
class Services:
    """The application's services; heavy ones load on first use."""

    settings: Settings
    engine: Engine
    _retriever: Retriever | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def encoder(self) -> Encoder:
        return shared_encoder(self.settings.embedding_model, self.settings.embedding_precision)

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

    def reload_index(self) -> None:
        """Forget the loaded index so the next search reads the new one."""
        with self._lock:
            self._retriever = None


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
