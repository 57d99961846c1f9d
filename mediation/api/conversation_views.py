"""Conversation endpoints: create, send a message, read the transcript, accept a plan."""

from __future__ import annotations

from flask import g, jsonify, request

from mediation.api.guards import json_body, text_field
from mediation.api.views import bp
from mediation.auth import authorise
from mediation.conversations import create_conversation, get_conversation, token_grants, transcript
from mediation.db import get_session
from mediation.errors import Forbidden, ValidationFailed
from mediation.models import Conversation
from mediation.services import services

SPEAKERS = ("borrower", "agent")


def _authorised(conversation_id: str) -> tuple[Conversation, str]:
    """The conversation and who is calling: its own token holder ('borrower') or an agent key."""
    session = get_session()
    conversation = get_conversation(session=session, conversation_id=conversation_id)
    header = request.headers.get("Authorization")
    if token_grants(conversation, header):
        return conversation, "borrower"
    g.api_key = authorise(session=session, authorization=header, role="agent")
    return conversation, "agent"


@bp.post("/conversations")
def create():
    """Start a conversation; self-service needs no key (rate-limited), agent assist needs an agent key."""
    body = json_body()
    channel = body.get("channel")
    if channel == "agent_assist":
        authorise(session=get_session(), authorization=request.headers.get("Authorization"), role="agent")
    elif channel == "self_service":
        services().conversation_limiter.hit(request.remote_addr or "unknown")
    conversation, token = create_conversation(
        session=get_session(), channel=channel, lang=body.get("lang"), account=body.get("account")
    )
    payload = {"id": conversation.id, "token": token}
    return jsonify(payload), 201


@bp.post("/conversations/<conversation_id>/messages")
def message(conversation_id: str):
    """A borrower message gets a guarded reply; an agent message is scored and logged."""
    conversation, caller = _authorised(conversation_id)
    body = json_body()
    text = text_field(body, "text", max_chars=services().settings.max_text_chars)
    speaker = body.get("speaker", "borrower")
    if speaker not in SPEAKERS:
        raise ValidationFailed(f"'speaker' must be one of {', '.join(SPEAKERS)}")
    if speaker == "agent" and (caller != "agent" or conversation.channel != "agent_assist"):
        raise Forbidden("only an agent in an agent-assist conversation can send agent messages")
    context = body.get("context")
    if context is not None and not isinstance(context, dict):
        raise ValidationFailed("'context' must be an object")
    engine = services().engine_service
    actor = g.api_key.name if caller == "agent" else None
    if speaker == "agent":
        result = engine.handle_agent(session=get_session(), conversation=conversation, text=text, context=context,
                                     actor=actor)  # fmt: skip
        return jsonify(result)
    return jsonify(engine.handle_borrower(session=get_session(), conversation=conversation, text=text, actor=actor))


@bp.get("/conversations/<conversation_id>")
def read(conversation_id: str):
    """The transcript with each message's risk."""
    conversation, _ = _authorised(conversation_id)
    return jsonify(transcript(session=get_session(), conversation=conversation))


@bp.post("/conversations/<conversation_id>/plan")
def accept_plan(conversation_id: str):
    """Accept an option offered in this conversation (409 if it was not offered)."""
    conversation, caller = _authorised(conversation_id)
    option_id = text_field(json_body(), "option_id", max_chars=40)
    result = services().engine_service.accept_plan(
        session=get_session(),
        conversation=conversation,
        option_id=option_id,
        speaker=caller,
        actor=g.api_key.name if caller == "agent" else None,
    )
    return jsonify(result)
