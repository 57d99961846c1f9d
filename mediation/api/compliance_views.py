"""`POST /check`: score a draft or sent message and propose a compliant rewrite."""

from __future__ import annotations

from flask import jsonify

from mediation.api.guards import json_body, require_role, text_field
from mediation.api.views import bp
from mediation.compliance.context_rules import parse_context
from mediation.errors import ValidationFailed
from mediation.services import services

SPEAKERS = {"agent", "assistant"}
LANGS = {"zh", "en"}


@bp.post("/check")
@require_role("agent")
def check():
    """Score a message for collection-conduct risk; return the Risk plus a compliant rewrite."""
    body = json_body()
    text = text_field(body, "text", max_chars=services().settings.max_text_chars)
    speaker = body.get("speaker") or "agent"
    if speaker not in SPEAKERS:
        raise ValidationFailed("'speaker' must be 'agent' or 'assistant'")
    lang = body.get("lang")
    if lang is not None and (not isinstance(lang, str) or lang.lower()[:2] not in LANGS):
        raise ValidationFailed("'lang' must be 'zh' or 'en'")
    context = parse_context(body.get("context"))
    risk, rewritten = services().scorer.check(text, speaker=speaker, lang=lang, context=context)
    return jsonify({**risk.as_dict(), "rewrite": rewritten})
