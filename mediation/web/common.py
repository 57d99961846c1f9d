"""Helpers shared by the page views: small JSON bodies and transcript shaping."""

from __future__ import annotations

from typing import Any

from flask import request

from mediation.errors import BadRequest, ValidationFailed
from mediation.services import services


def json_body() -> dict:
    """The request's JSON object, or a 400."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise BadRequest("send a JSON object")
    return body


def text_field(body: dict, name: str, *, max_chars: int | None = None) -> str:
    """A non-empty string field within the configured length."""
    limit = max_chars or services().settings.max_text_chars
    value = body.get(name)
    if not isinstance(value, str) or not value.strip():
        raise ValidationFailed(f"'{name}' must be a non-empty string")
    if len(value) > limit:
        raise ValidationFailed(f"'{name}' is longer than {limit} characters")
    return value.strip()


def borrower_messages(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """What the borrower sees of a transcript: their words, the replies and sent agent messages, no risk data."""
    shown: list[dict[str, Any]] = []
    for m in messages:
        reply = m.get("reply") or {}
        seq = m["message_id"]
        if m["kind"] == "message":
            shown.append({"seq": seq, "who": "borrower", "text": m["text"]})
            if reply.get("text"):
                shown.append({"seq": seq, "who": "assistant", "text": reply["text"],
                              "citations": reply.get("citations", [])})  # fmt: skip
        elif m["kind"] == "agent_message" and (m.get("risk") or {}).get("level") not in ("high", "critical"):
            shown.append({"seq": seq, "who": "agent", "text": m["text"]})
        elif m["kind"] == "plan_accepted" and reply.get("text"):
            shown.append({"seq": seq, "who": "assistant", "text": reply["text"], "citations": []})
    return shown
