"""Request guards and parsing helpers shared by the API views."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import g, request

from mediation.auth import authorise
from mediation.db import get_session
from mediation.errors import BadRequest, ValidationFailed


def require_role(role: str) -> Callable:
    """Decorate a view so it needs an API key whose role grants `role`."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any):
            g.api_key = authorise(session=get_session(), authorization=request.headers.get("Authorization"), role=role)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def json_body() -> dict:
    """The request's JSON object, or a 400 that says what is wrong."""
    if not request.is_json:
        raise BadRequest("send a JSON body with 'Content-Type: application/json'")
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise BadRequest("the body must be a JSON object")
    return body


def int_arg(name: str, *, default: int, low: int, high: int) -> int:
    """An integer query parameter within [low, high]."""
    raw = request.args.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ValidationFailed(f"'{name}' must be an integer") from None
    if not low <= value <= high:
        raise ValidationFailed(f"'{name}' must be between {low} and {high}")
    return value


def text_field(body: dict, name: str, *, max_chars: int, required: bool = True) -> str | None:
    """A non-empty string field no longer than `max_chars`."""
    value = body.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        raise ValidationFailed(f"'{name}' must be a non-empty string")
    if len(value) > max_chars:
        raise ValidationFailed(f"'{name}' is longer than {max_chars} characters")
    return value
