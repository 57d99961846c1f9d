"""Database engine and the per-request session kept in `g`."""

from __future__ import annotations

from flask import Flask, g
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel, create_engine

from mediation import models  # noqa: F401  (registers the tables on SQLModel.metadata)
from mediation.config import Settings


def make_engine(settings: Settings) -> Engine:
    """Create the engine for the configured URL; SQLite gets foreign keys and a busy timeout."""
    url = settings.database_url
    if url.startswith("sqlite:///"):
        from pathlib import Path

        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _sqlite_pragmas(connection, _record) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def create_tables(engine: Engine) -> None:
    """Create any missing table."""
    SQLModel.metadata.create_all(engine)


def get_session() -> Session:
    """Return this request's session, opening it on first use."""
    if "db_session" not in g:
        from flask import current_app

        g.db_session = Session(current_app.extensions["mediation"].engine, expire_on_commit=False)
    return g.db_session


def close_session(_exc: BaseException | None = None) -> None:
    """Close the request's session, rolling back anything uncommitted."""
    session = g.pop("db_session", None)
    if session is not None:
        session.close()


def init_app(app: Flask) -> None:
    """Register the session teardown."""
    app.teardown_appcontext(close_session)
