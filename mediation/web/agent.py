"""The agent side panel: queue, transcript with risk, suggested reply, draft check, plans, search."""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation

from flask import Blueprint, jsonify, redirect, render_template, request, url_for
from flask_login import current_user

from mediation.conversations import (
    create_conversation,
    get_conversation,
    recent_conversations,
    select_open_escalations,
    transcript,
)
from mediation.db import get_session
from mediation.errors import Forbidden, ValidationFailed
from mediation.models import Conversation
from mediation.services import services
from mediation.web.common import json_body, text_field
from mediation.web.i18n import CATEGORIES, INTENTS, current_lang, label, strings_for
from mediation.web.security import require_role

bp = Blueprint("agent", __name__, url_prefix="/agent")

SCRIPT_STRINGS = ["draft_clean", "rewrite", "apply_rewrite", "blocked", "sent", "no_options", "insert", "no_results",
                  "network_error", "risk", "suggested_reply", "sources", "level_none", "level_low", "level_medium",
                  "level_high", "level_critical", "borrower_said", "agent_person", "assistant"]  # fmt: skip


def _account_from_form() -> dict:
    account: dict = {"currency": request.form.get("currency", "CNY") or "CNY"}
    for name in ("principal", "outstanding", "overdue_days"):
        raw = (request.form.get(name) or "").strip()
        if raw:
            try:
                account[name] = int(raw) if name == "overdue_days" else str(Decimal(raw))
            except (InvalidOperation, ValueError):
                raise ValidationFailed(f"'{name}' must be a number") from None
    return account


def _may_send(conversation: Conversation) -> bool:
    """An agent writes to the borrower in agent assist, or after taking over an escalated chat."""
    return conversation.channel == "agent_assist" or conversation.status == "escalated"


@bp.get("")
@require_role("agent")
def queue():
    """Escalations first, with why; then recent conversations."""
    session = get_session()
    escalated = select_open_escalations(session=session)
    waiting = {c.id for c in escalated}
    recent = [c for c in recent_conversations(session=session, limit=25) if c.id not in waiting]
    return render_template("agent/queue.html", escalated=escalated, recent=recent)


@bp.post("/conversations")
@require_role("agent")
def start():
    """Open an agent-assist conversation for the account the agent is handling."""
    lang = request.form.get("lang") or current_lang()
    conversation, _ = create_conversation(session=get_session(), channel="agent_assist", lang=lang,
                                          account=_account_from_form())  # fmt: skip
    return redirect(url_for("agent.panel", conversation_id=conversation.id))


@bp.get("/c/<conversation_id>")
@require_role("agent")
def panel(conversation_id: str):
    """One conversation at a glance: what the borrower wants, what may be offered, a reply, the draft."""
    lang = current_lang()
    conversation = get_conversation(session=get_session(), conversation_id=conversation_id)
    record = transcript(session=get_session(), conversation=conversation)
    last = next((m for m in reversed(record["messages"]) if m["kind"] == "message"), None)
    intent = (last or {}).get("intent") or {}
    account = json.loads(conversation.account_json or "{}")
    categories = {k: label(CATEGORIES, k, lang) for k in CATEGORIES}
    return render_template(
        "agent/panel.html", conversation=conversation, messages=record["messages"], last=last,
        wants=label(INTENTS, intent.get("label"), lang) if intent else "", account=account,
        may_send=_may_send(conversation), categories=categories,
        strings={**strings_for(lang, SCRIPT_STRINGS), "categories": categories,
                 "intents": {k: label(INTENTS, k, lang) for k in INTENTS}},
    )  # fmt: skip


@bp.post("/api/check")
@require_role("agent")
def check():
    """Score a draft: the Risk (flags with character offsets) plus a compliant rewrite."""
    body = json_body()
    text = text_field(body, "text")
    lang = body.get("lang") if body.get("lang") in ("zh", "en") else None
    risk, rewritten = services().scorer.check(text, speaker="agent", lang=lang)
    return jsonify({**risk.as_dict(), "rewrite": rewritten})


@bp.post("/api/c/<conversation_id>/borrower")
@require_role("agent")
def borrower_said(conversation_id: str):
    """In agent assist, the borrower's words as the agent heard them: the suggested reply comes back."""
    conversation = get_conversation(session=get_session(), conversation_id=conversation_id)
    if conversation.channel != "agent_assist":
        raise Forbidden("in a self-service chat the borrower writes their own messages")
    text = text_field(json_body(), "text")
    engine = services().engine_service
    result = engine.handle_borrower(session=get_session(), conversation=conversation, text=text,
                                    actor=current_user.username)  # fmt: skip
    return jsonify(result)


@bp.post("/api/c/<conversation_id>/send")
@require_role("agent")
def send(conversation_id: str):
    """The agent's own message: scored and recorded; a high-risk one is blocked (422 with the risk)."""
    conversation = get_conversation(session=get_session(), conversation_id=conversation_id)
    if not _may_send(conversation):
        raise Forbidden("an agent writes here only in agent assist or after an escalation")
    text = text_field(json_body(), "text")
    engine = services().engine_service
    result = engine.handle_agent(session=get_session(), conversation=conversation, text=text, context=None,
                                 actor=current_user.username)  # fmt: skip
    return jsonify(result)


@bp.post("/api/plans")
@require_role("agent")
def plans():
    """The options this agent may offer on the account, from the deterministic policy engine."""
    body = json_body()
    account = body.get("account")
    if body.get("conversation_id"):
        conversation = get_conversation(session=get_session(), conversation_id=str(body["conversation_id"]))
        account = json.loads(conversation.account_json or "{}")
    if not isinstance(account, dict):
        raise ValidationFailed("'account' must be an object")
    lang = body.get("lang") if body.get("lang") in ("zh", "en") else current_lang()
    authority = current_user.authority
    options = services().policy.options(account, authority=authority, hardship_stated=bool(body.get("hardship")))
    return jsonify({"authority": authority, "options": [o.as_dict(lang) for o in options]})


@bp.get("/api/search")
@require_role("agent")
def search():
    """Quick knowledge search for the panel."""
    query = (request.args.get("q") or "").strip()
    if not query:
        raise ValidationFailed("'q' must be a non-empty query")
    if len(query) > services().settings.max_text_chars:
        raise ValidationFailed("the query is too long")
    results = services().retriever.search(query, k=5)
    return jsonify({"query": query, "results": [r.as_dict() for r in results]})
