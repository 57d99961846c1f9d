"""Database tables (SQLModel)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import Field, SQLModel

ROLES = ("agent", "supervisor", "auditor", "admin")


def utc_now() -> datetime:
    """Timezone-aware current time in UTC."""
    return datetime.now(UTC)


class ApiKeyBase(SQLModel):
    name: str = Field(max_length=120)
    role: str = Field(max_length=20)


class ApiKey(ApiKeyBase, table=True):
    """An API key; only its SHA-256 digest is stored."""

    __tablename__ = "api_key"

    id: int | None = Field(default=None, primary_key=True)
    digest: str = Field(max_length=64, unique=True, index=True)
    prefix: str = Field(max_length=12)
    created_at: datetime = Field(default_factory=utc_now)
    revoked: bool = False
