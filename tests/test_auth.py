import pytest
from sqlmodel import select

from mediation.auth import authorise, create_key
from mediation.errors import Forbidden, Unauthorized, ValidationFailed
from mediation.models import ApiKey


def test_keys_are_stored_hashed_and_roles_enforced(session):
    secret = create_key(session=session, name="desk 1", role="agent")
    stored = session.exec(select(ApiKey)).one()
    assert secret not in (stored.digest, stored.prefix) and stored.role == "agent"
    assert authorise(session=session, authorization=f"Bearer {secret}", role="agent").id == stored.id
    with pytest.raises(Forbidden):
        authorise(session=session, authorization=f"Bearer {secret}", role="auditor")
    with pytest.raises(Unauthorized):
        authorise(session=session, authorization=None, role="agent")
    stored.revoked = True
    session.commit()
    with pytest.raises(Unauthorized):
        authorise(session=session, authorization=f"Bearer {secret}", role="agent")


def test_admin_may_act_as_anyone(session):
    secret = create_key(session=session, name="root", role="admin")
    for role in ("agent", "supervisor", "auditor", "admin"):
        assert authorise(session=session, authorization=f"Bearer {secret}", role=role)


def test_bad_roles_are_refused(session):
    with pytest.raises(ValidationFailed):
        create_key(session=session, name="x", role="king")
