"""Signed chat links: a lender's app hands the borrower a URL carrying the account, signed with the app secret."""

from __future__ import annotations

from typing import Any

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from mediation.conversations import validate_account
from mediation.errors import Unauthorized, ValidationFailed

SALT = "mediation.chat-link"
#: How long a link opens a conversation, in seconds.
MAX_AGE = 7 * 24 * 3600


def _serializer(secret_key: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key, salt=SALT)


def sign_chat_link(secret_key: str, account: Any, *, lang: str = "zh") -> str:
    """The signed token for a link to `/chat?a=<token>` (the account is validated first)."""
    if lang not in ("zh", "en"):
        raise ValidationFailed("'lang' must be 'zh' or 'en'")
    return _serializer(secret_key).dumps({"account": validate_account(account), "lang": lang})


def read_chat_link(secret_key: str, token: str, *, max_age: int = MAX_AGE) -> dict:
    """The `{"account", "lang"}` a link carries; 401 when it is forged, altered or expired."""
    try:
        data = _serializer(secret_key).loads(token, max_age=max_age)
    except SignatureExpired:
        raise Unauthorized("this link has expired; open it again from your lender's app", code="link_expired") from None
    except BadSignature:
        raise Unauthorized("this link is not valid", code="link_invalid") from None
    if not isinstance(data, dict) or not isinstance(data.get("account"), dict):
        raise Unauthorized("this link is not valid", code="link_invalid")
    return {"account": validate_account(data["account"]), "lang": data.get("lang", "zh")}
