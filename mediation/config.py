"""Configuration in one place: defaults, then `MEDIATION_*` environment variables, then overrides."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from mediation.errors import ConfigurationError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INSTANCE = PROJECT_ROOT / "instance"
DEFAULT_MODEL_DIR = DEFAULT_INSTANCE / "models" / "multilingual-e5-small"
DEV_SECRET_FILE = "secret_key"


@dataclass(frozen=True)
class Settings:
    """Every setting the service reads, with its default. Environment names are `MEDIATION_<NAME>`."""

    #: SQLAlchemy URL; `postgresql://` and `postgres://` are normalised to psycopg 3.
    database_url: str = f"sqlite:///{DEFAULT_INSTANCE / 'mediation.db'}"
    #: Where the FAISS index and its chunk store live.
    index_dir: Path = DEFAULT_INSTANCE / "index"
    #: Documents ingested when the index is built.
    knowledge_dir: Path = PROJECT_ROOT / "knowledge"
    #: A local sentence-transformers model directory (never a hub name).
    embedding_model: Path = DEFAULT_MODEL_DIR
    #: `auto` uses bfloat16 autocast where the CPU has native bf16, else float32.
    embedding_precision: str = "auto"
    #: `auto` runs the transformer on ONNX Runtime when the model directory holds an export
    #: (`onnx/model.onnx`, written at set-up), else on PyTorch; `torch` or `onnx` to force one.
    embedding_runtime: str = "auto"
    #: Machine-readable repayment and mediation policy.
    policy: Path = PROJECT_ROOT / "knowledge" / "policy.yaml"
    #: `flat` (exact inner product) or `hnsw` (approximate, for large corpora).
    index_kind: str = "flat"
    #: An OpenAI-compatible endpoint; unset means the deterministic composer only.
    llm_base_url: str | None = None
    llm_model: str | None = None
    llm_api_key: str | None = None
    llm_timeout_seconds: float = 20.0
    #: Longest reply the LLM may draft, in tokens.
    llm_max_tokens: int = 400
    #: Signs sessions and conversation tokens; generated into the instance folder in development.
    secret_key: str | None = None
    #: `development` allows a generated secret; `production` refuses to start without one.
    env: str = "development"
    #: Largest JSON request body accepted, in bytes.
    max_request_bytes: int = 64 * 1024
    #: Largest message text accepted, in characters.
    max_text_chars: int = 4000
    #: Results returned by search when `k` is not given, and the most a caller may ask for.
    search_default_k: int = 5
    search_max_k: int = 50
    #: Self-service conversations one client address may start per hour.
    self_service_per_hour: int = 30
    instance_dir: Path = field(default=DEFAULT_INSTANCE)

    @classmethod
    def load(cls, overrides: Mapping[str, Any] | None = None) -> Settings:
        """Build settings from defaults, the environment and an override mapping."""
        values: dict[str, Any] = {}
        for f in fields(cls):
            env_value = os.environ.get(f"MEDIATION_{f.name.upper()}")
            if env_value not in (None, ""):
                values[f.name] = env_value
        for key, value in (overrides or {}).items():
            name = key.lower().removeprefix("mediation_")
            if name not in {f.name for f in fields(cls)}:
                raise ConfigurationError(f"unknown setting {key!r}")
            values[name] = value
        return cls()._with(values)

    def _with(self, values: Mapping[str, Any]) -> Settings:
        converted: dict[str, Any] = {}
        for f in fields(self):
            if f.name not in values:
                continue
            value = values[f.name]
            default = getattr(self, f.name)
            if isinstance(default, Path):
                value = Path(value)
            elif isinstance(default, bool):
                value = str(value).lower() in {"1", "true", "yes"}
            elif isinstance(default, int):
                value = int(value)
            elif isinstance(default, float):
                value = float(value)
            converted[f.name] = value
        settings = replace(self, **converted)
        return replace(settings, database_url=normalise_database_url(settings.database_url))

    def resolved_secret_key(self) -> str:
        """Return the secret key, generating one into the instance folder in development."""
        if self.secret_key:
            return self.secret_key
        if self.env != "development":
            raise ConfigurationError("MEDIATION_SECRET_KEY must be set outside development")
        path = self.instance_dir / DEV_SECRET_FILE
        if path.exists():
            return path.read_text().strip()
        self.instance_dir.mkdir(parents=True, exist_ok=True)
        key = secrets.token_hex(32)
        path.write_text(key)
        path.chmod(0o600)
        return key


def normalise_database_url(url: str) -> str:
    """Map the common PostgreSQL URL spellings to the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url
