"""Shared fixtures: an app per test on a temporary database, one small index per session."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlmodel import Session

from mediation import create_app
from mediation.config import DEFAULT_MODEL_DIR, Settings, normalise_database_url
from mediation.db import create_tables, make_engine
from mediation.ingestion import ingest
from mediation.services import shared_encoder

DATA = Path(__file__).parent / "data"
PROJECT = Path(__file__).parent.parent
POSTGRES_URL = os.environ.get("MEDIATION_TEST_DATABASE_URL")


@pytest.fixture(scope="session")
def encoder():
    """The real embedding model, loaded once for the whole run."""
    return shared_encoder(DEFAULT_MODEL_DIR, "auto")


@pytest.fixture(scope="session")
def small_index(tmp_path_factory, encoder) -> Path:
    """An index over the few documents in tests/data/corpus."""
    index_dir = tmp_path_factory.mktemp("small-index")
    ingest([DATA / "corpus"], index_dir=index_dir, encoder=encoder)
    return index_dir


@pytest.fixture(scope="session")
def knowledge_index(tmp_path_factory, encoder) -> Path:
    """An index over the shipped knowledge pack."""
    index_dir = tmp_path_factory.mktemp("knowledge-index")
    ingest([PROJECT / "knowledge"], index_dir=index_dir, encoder=encoder)
    return index_dir


def _postgres_schema_url(base: str) -> tuple[str, str]:
    schema = f"t_{uuid.uuid4().hex[:12]}"
    engine = create_engine(normalise_database_url(base))
    with engine.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    engine.dispose()
    separator = "&" if "?" in base else "?"
    return f"{base}{separator}options=-csearch_path%3D{schema}", schema


def _drop_schema(base: str, schema: str) -> None:
    engine = create_engine(normalise_database_url(base))
    with engine.begin() as conn:
        conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    engine.dispose()


DATABASES = ["sqlite"] + (["postgresql"] if POSTGRES_URL else [])


@pytest.fixture(params=DATABASES)
def database_url(request, tmp_path):
    """A fresh database: SQLite always, PostgreSQL too when MEDIATION_TEST_DATABASE_URL is set."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    url, schema = _postgres_schema_url(POSTGRES_URL)
    yield url
    _drop_schema(POSTGRES_URL, schema)


@pytest.fixture(scope="session")
def shared_instance(tmp_path_factory) -> Path:
    """One instance folder for every test app, so trained model artefacts are built once per run."""
    return tmp_path_factory.mktemp("instance")


@pytest.fixture
def make_app(tmp_path, small_index, shared_instance):
    """Build an app with test settings plus any overrides."""

    built = []

    def factory(**overrides):
        config = {
            "database_url": f"sqlite:///{tmp_path / 'app.db'}",
            "instance_dir": shared_instance,
            "index_dir": small_index,
            "secret_key": "test-secret",
        }
        config.update(overrides)
        built.append(create_app(config))
        return built[-1]

    yield factory
    for app in built:
        app.extensions["mediation"].engine.dispose()


@pytest.fixture
def session(database_url):
    """A session on a fresh database with every table, without an app."""
    engine = make_engine(Settings.load({"database_url": database_url}))
    create_tables(engine)
    with Session(engine) as session:
        yield session
    engine.dispose()


@pytest.fixture
def app(make_app, database_url):
    return make_app(database_url=database_url)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def api_key(runner):
    """Create an API key through the CLI and return a header factory."""

    def make(role: str = "agent") -> dict[str, str]:
        result = runner.invoke(args=["auth", "create-key", "--role", role, "--name", f"test {role}"])
        assert result.exit_code == 0, result.output
        return {"Authorization": f"Bearer {result.output.strip()}"}

    return make
