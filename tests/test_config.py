from pathlib import Path

import pytest

from mediation.config import Settings, normalise_database_url
from mediation.errors import ConfigurationError


def test_defaults_point_into_the_instance_folder(monkeypatch):
    for name in ("MEDIATION_DATABASE_URL", "MEDIATION_INDEX_DIR"):
        monkeypatch.delenv(name, raising=False)
    settings = Settings.load()
    assert settings.database_url.startswith("sqlite:///")
    assert settings.database_url.endswith("instance/mediation.db")
    assert settings.index_dir.parts[-2:] == ("instance", "index")
    assert settings.llm_base_url is None


def test_environment_then_overrides(monkeypatch, tmp_path):
    monkeypatch.setenv("MEDIATION_INDEX_DIR", str(tmp_path / "from-env"))
    monkeypatch.setenv("MEDIATION_MAX_TEXT_CHARS", "123")
    settings = Settings.load({"MEDIATION_SEARCH_MAX_K": 7})
    assert settings.index_dir == tmp_path / "from-env"
    assert settings.max_text_chars == 123
    assert settings.search_max_k == 7
    assert Settings.load({"index_dir": "x"}).index_dir == Path("x")


def test_unknown_override_is_refused():
    with pytest.raises(ConfigurationError):
        Settings.load({"no_such_setting": 1})


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:///x.db", "sqlite:///x.db"),
    ],
)
def test_database_urls_are_normalised(given, expected):
    assert normalise_database_url(given) == expected


def test_secret_generated_in_development_and_refused_in_production(tmp_path):
    dev = Settings.load({"instance_dir": tmp_path, "env": "development"})
    key = dev.resolved_secret_key()
    assert len(key) == 64 and dev.resolved_secret_key() == key
    with pytest.raises(ConfigurationError):
        Settings.load({"instance_dir": tmp_path, "env": "production"}).resolved_secret_key()
    assert Settings.load({"env": "production", "secret_key": "s"}).resolved_secret_key() == "s"
