"""Database engine and the per-request session kept in `g`."""

from __future__ import annotations

from flask import Flask, g
from sqlalchemy import event, inspect, text
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
    """Create any missing table, and add columns that later versions introduced (with their defaults)."""
    SQLModel.metadata.create_all(engine)
    _add_missing_columns(engine)


def _add_missing_columns(engine: Engine) -> None:
    existing = inspect(engine)
    with engine.begin() as conn:
        for table in SQLModel.metadata.sorted_tables:
            present = {c["name"] for c in existing.get_columns(table.name)}
            for column in table.columns:
                default = column.default.arg if column.default is not None and column.default.is_scalar else None
                if column.name in present or (default is None and not column.nullable):
                    continue
                kind = column.type.compile(dialect=engine.dialect)
                literal = "" if default is None else f" DEFAULT {_sql_literal(default)}"
                conn.execute(text(f'ALTER TABLE "{table.name}" ADD COLUMN "{column.name}" {kind}{literal}'))


def _sql_literal(value: object) -> str:
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


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
