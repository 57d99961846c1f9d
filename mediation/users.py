"""People who sign in to the pages: argon2 password hashes, creation and authentication."""

from __future__ import annotations

import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session, select

from mediation.errors import Conflict, ValidationFailed
from mediation.models import ROLES, User

MIN_PASSWORD_CHARS = 10
USERNAME = re.compile(r"^[A-Za-z0-9_.@-]{2,80}$")
_hasher = PasswordHasher()
#: Verified against when the username is unknown, so both failures take the same time.
_DUMMY_HASH = _hasher.hash("not-a-real-password")


def hash_password(password: str) -> str:
    """An argon2id hash of `password` (salted, with the library's current parameters)."""
    return _hasher.hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    """Tell whether `password` matches `stored_hash`."""
    try:
        return _hasher.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def check_password_rules(password: str) -> None:
    """Refuse passwords that are too short."""
    if len(password) < MIN_PASSWORD_CHARS:
        raise ValidationFailed(f"a password needs at least {MIN_PASSWORD_CHARS} characters")


def create_user(*, session: Session, username: str, role: str, password: str) -> User:
    """Store a new user with a hashed password; 409 if the username is taken."""
    username = username.strip()
    if not USERNAME.match(username):
        raise ValidationFailed("a username is 2-80 letters, digits or . _ @ -")
    if role not in ROLES:
        raise ValidationFailed(f"role must be one of {', '.join(ROLES)}")
    check_password_rules(password)
    if get_user(session=session, username=username) is not None:
        raise Conflict("that username is taken")
    user = User(username=username, role=role, password_hash=hash_password(password))
    session.add(user)
    session.commit()
    session.refresh(user)
    return user


def get_user(*, session: Session, username: str) -> User | None:
    """The user with this username, if any."""
    return session.exec(select(User).where(User.username == username.strip())).first()


def authenticate(*, session: Session, username: str, password: str) -> User | None:
    """The active user these credentials belong to, or None (same work whether or not the name exists)."""
    user = get_user(session=session, username=username)
    if user is None:
        verify_password(_DUMMY_HASH, password)
        return None
    if not verify_password(user.password_hash, password) or not user.active:
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
        session.add(user)
        session.commit()
    return user


def list_users(*, session: Session) -> list[User]:
    """Every user, by username."""
    return list(session.exec(select(User).order_by(User.username)).all())
