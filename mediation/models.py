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


class UserBase(SQLModel):
    username: str = Field(max_length=80, unique=True, index=True)
    role: str = Field(max_length=20)


class User(UserBase, table=True):
    """A person who signs in to the pages; only an argon2 hash of the password is stored."""

    __tablename__ = "app_user"

    id: int | None = Field(default=None, primary_key=True)
    password_hash: str = Field(max_length=255)
    active: bool = True
    created_at: datetime = Field(default_factory=utc_now)


class UserPublic(UserBase):
    """What the pages show about a user."""

    id: int
    active: bool
    created_at: datetime


class Conversation(SQLModel, table=True):
    """A self-service or agent-assist conversation about one account."""

    id: str = Field(primary_key=True, max_length=36)
    channel: str = Field(max_length=20)
    lang: str = Field(default="zh", max_length=8)
    account_json: str = Field(default="{}", max_length=8000)
    status: str = Field(default="open", max_length=20)
    identity_status: str = Field(default="token_holder", max_length=20)
    escalation_reason: str | None = Field(default=None, max_length=60)
    token_digest: str | None = Field(default=None, max_length=64, index=True)
    offered_json: str = Field(default="[]", max_length=20000)
    accepted_option_id: str | None = Field(default=None, max_length=40)
    state_json: str = Field(default="{}", max_length=4000)
    created_at: datetime = Field(default_factory=utc_now)


class AuditHead(SQLModel, table=True):
    """The single row holding the last record's sequence number and hash (the chain's head)."""

    __tablename__ = "audit_head"

    id: int = Field(default=1, primary_key=True)
    seq: int = 0
    hash: str = Field(default="", max_length=64)


class Exchange(SQLModel, table=True):
    """One logged exchange: the canonical record text, its hash chain link, and filter columns.

    `record` is the exact JSON text that was hashed; the other columns are copies for filtering
    and are checked against it by `audit verify`.
    """

    id: int | None = Field(default=None, primary_key=True)
    seq: int = Field(unique=True, index=True)
    conversation_id: str | None = Field(default=None, max_length=36, index=True)
    created_at: str = Field(max_length=40, index=True)
    channel: str = Field(max_length=20)
    kind: str = Field(max_length=20)
    risk_score: int = Field(default=0, index=True)
    risk_level: str = Field(default="none", max_length=10)
    categories: str = Field(default="", max_length=300)
    escalated: bool = False
    actor: str = Field(default="", max_length=120, index=True)
    record: str
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)
