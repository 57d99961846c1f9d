import pytest
from sqlmodel import select

from mediation.errors import Conflict, ValidationFailed
from mediation.models import User
from mediation.users import authenticate, create_user, hash_password, verify_password


def test_passwords_are_hashed_with_argon2_and_salted():
    first, second = hash_password("correct horse battery"), hash_password("correct horse battery")
    assert first.startswith("$argon2id$") and first != second
    assert verify_password(first, "correct horse battery")
    assert not verify_password(first, "wrong horse battery")
    assert not verify_password("not a hash", "correct horse battery")


def test_users_are_stored_without_their_password(session):
    user = create_user(session=session, username="li.si", role="auditor", password="long enough secret")
    stored = session.exec(select(User)).one()
    assert stored.id == user.id and "long enough secret" not in stored.password_hash
    assert authenticate(session=session, username="li.si", password="long enough secret").role == "auditor"


@pytest.mark.parametrize(
    ("username", "password"), [("li.si", "wrong password!"), ("nobody", "long enough secret"), ("li.si", "")]
)
def test_failed_authentication_is_none_either_way(session, username, password):
    create_user(session=session, username="li.si", role="agent", password="long enough secret")
    assert authenticate(session=session, username=username, password=password) is None


def test_inactive_users_cannot_sign_in(session):
    user = create_user(session=session, username="gone", role="agent", password="long enough secret")
    user.active = False
    session.add(user)
    session.commit()
    assert authenticate(session=session, username="gone", password="long enough secret") is None


@pytest.mark.parametrize(
    ("username", "role", "password", "error"),
    [
        ("ok", "agent", "short", ValidationFailed),
        ("bad name!", "agent", "long enough secret", ValidationFailed),
        ("ok", "janitor", "long enough secret", ValidationFailed),
    ],
)
def test_bad_users_are_refused(session, username, role, password, error):
    with pytest.raises(error):
        create_user(session=session, username=username, role=role, password=password)


def test_usernames_are_unique(session):
    create_user(session=session, username="wang", role="agent", password="long enough secret")
    with pytest.raises(Conflict):
        create_user(session=session, username="wang", role="admin", password="another long secret")
