"""API keys: creation, lookup and role checks."""

from __future__ import annotations

import hashlib
import secrets

from sqlmodel import Session, select

from mediation.errors import Forbidden, Unauthorized, ValidationFailed
from mediation.models import ROLES, ApiKey

KEY_PREFIX = "mk_"

#: Which roles may act as which: a supervisor can do what an agent can, an admin everything.
GRANTS: dict[str, frozenset[str]] = {
    "agent": frozenset({"agent"}),
    "supervisor": frozenset({"agent", "supervisor"}),
    "auditor": frozenset({"auditor"}),
    "admin": frozenset(ROLES),
}


def digest(secret: str) -> str:
    """SHA-256 hex digest of a key (keys are random, so no salt or slow hash is needed)."""
    return hashlib.sha256(secret.encode()).hexdigest()


def create_key(*, session: Session, name: str, role: str) -> str:
    """Store a new key for `role` and return its secret (shown once, never stored)."""
    if role not in ROLES:
        raise ValidationFailed(f"role must be one of {', '.join(ROLES)}")
    if not name.strip():
        raise ValidationFailed("a key needs a name")
    secret = KEY_PREFIX + secrets.token_urlsafe(32)
    session.add(ApiKey(name=name.strip()[:120], role=role, digest=digest(secret), prefix=secret[:10]))
    session.commit()
    return secret


def key_for(*, session: Session, secret: str) -> ApiKey | None:
    """Return the live key with this secret, if any."""
    key = session.exec(select(ApiKey).where(ApiKey.digest == digest(secret))).first()
    return key if key and not key.revoked else None


def authorise(*, session: Session, authorization: str | None, role: str) -> ApiKey:
    """Check a `Bearer` header against the stored keys and the required role."""
    if not authorization or not authorization.startswith("Bearer "):
        raise Unauthorized("an API key is required: send 'Authorization: Bearer <key>'")
    key = key_for(session=session, secret=authorization.removeprefix("Bearer ").strip())
    if key is None:
        raise Unauthorized("the API key is not valid")
    if role not in GRANTS.get(key.role, frozenset()):
        raise Forbidden(f"this endpoint needs the {role} role")
    return key
