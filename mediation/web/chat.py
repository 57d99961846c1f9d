"""The borrower chat: a self-service conversation kept in the Flask session, and clause pages."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, redirect, render_template, request, session, url_for

from mediation.chat_links import read_chat_link
from mediation.conversations import create_conversation, offered_options, token_grants, transcript
from mediation.db import get_session
from mediation.errors import MediationError, NotFound, Unauthorized
from mediation.models import Conversation
from mediation.services import services
from mediation.web.common import borrower_messages, json_body, text_field
from mediation.web.i18n import current_lang, strings_for

bp = Blueprint("chat", __name__)

#: The demo account behind `/chat?demo=1`: made-up numbers, clearly labelled on the page.
DEMO_ACCOUNT = {"principal": 8000, "outstanding": 8650, "penalty_interest": 450, "fees": 200, "overdue_days": 35,
                "currency": "CNY", "product": "demo consumer loan", "demo": True}  # fmt: skip
SCRIPT_STRINGS = ["you", "assistant", "agent_person", "typing", "sources", "accept_plan", "plan_accepted",
                  "network_error", "plan_options", "escalated_title"]  # fmt: skip


def _start(account: dict, lang: str, *, demo: bool) -> None:
    services().conversation_limiter.hit(request.remote_addr or "unknown")
    conversation, token = create_conversation(session=get_session(), channel="self_service", lang=lang, account=account)
    session["chat"] = {"id": conversation.id, "token": token, "demo": demo}


def _current() -> Conversation | None:
    """This browser's conversation, checked against its token (kept only in the session cookie)."""
    held = session.get("chat")
    if not isinstance(held, dict):
        return None
    conversation = get_session().get(Conversation, held.get("id", ""))
    if conversation is None or not token_grants(conversation, f"Bearer {held.get('token', '')}"):
        session.pop("chat", None)
        return None
    return conversation


def _required() -> Conversation:
    conversation = _current()
    if conversation is None:
        raise Unauthorized("open the chat from your lender's link first", code="no_conversation")
    return conversation


@bp.get("/chat")
def page():
    """Start a conversation from a signed link or the demo, then show the chat."""
    lang = current_lang()
    if request.args.get("a"):
        try:
            link = read_chat_link(current_app.config["SECRET_KEY"], request.args["a"])
        except MediationError:
            session.pop("chat", None)
            return render_template("chat/start.html", link_error=True), 400
        _start(link["account"], link["lang"], demo=False)
        session["lang"] = link["lang"]
        return redirect(url_for("chat.page"))
    if request.args.get("demo") == "1":
        _start(DEMO_ACCOUNT, lang, demo=True)
        return redirect(url_for("chat.page"))
    conversation = _current()
    if conversation is None:
        return render_template("chat/start.html", link_error=False)
    record = transcript(session=get_session(), conversation=conversation)
    offered = [] if conversation.accepted_option_id else list(offered_options(conversation).values())
    return render_template(
        "chat/chat.html", conversation=conversation, messages=borrower_messages(record["messages"]),
        offered=offered, demo=session["chat"].get("demo", False),
        strings=strings_for(lang, SCRIPT_STRINGS),
    )  # fmt: skip


@bp.post("/chat/restart")
def restart():
    """Forget this browser's conversation."""
    demo = (session.pop("chat", None) or {}).get("demo")
    return redirect(url_for("chat.page", demo=1) if demo else url_for("chat.page"))


@bp.post("/chat/messages")
def send():
    """The borrower's message: run the pipeline and return the reply the borrower may see."""
    conversation = _required()
    text = text_field(json_body(), "text")
    result = services().engine_service.handle_borrower(session=get_session(), conversation=conversation, text=text)
    reply = result["reply"]
    return jsonify({
        "seq": result["message_id"], "reply": {"text": reply["text"], "citations": reply["citations"]},
        "escalate": result["escalate"], "plan_options": result["plan_options"],
    })  # fmt: skip


@bp.get("/chat/messages")
def poll():
    """Messages after `after` (a sequence number): how a colleague's reply reaches the page."""
    conversation = _required()
    after = request.args.get("after", "0")
    after_seq = int(after) if after.isdigit() else 0
    record = transcript(session=get_session(), conversation=conversation)
    new = [m for m in borrower_messages(record["messages"]) if m["seq"] > after_seq]
    return jsonify({"messages": new, "escalate": conversation.status == "escalated"})


@bp.post("/chat/plan")
def accept():
    """The borrower accepts an offered option (recorded by the engine; 409 if it was not offered)."""
    conversation = _required()
    option_id = text_field(json_body(), "option_id", max_chars=40)
    result = services().engine_service.accept_plan(
        session=get_session(), conversation=conversation, option_id=option_id, speaker="borrower"
    )
    reply = {"text": result["reply"]["text"]}
    return jsonify({"seq": result["message_id"], "accepted": result["accepted"], "reply": reply})


@bp.get("/knowledge/<doc_id>")
def knowledge(doc_id: str):
    """A knowledge document's text, rebuilt from its index chunks, for anyone shown a citation."""
    chunks = [c for c in services().retriever.index.chunks if c.doc_id == doc_id]
    if not chunks:
        raise NotFound("no such document")
    referrer = request.referrer or ""
    back = referrer if referrer.startswith(request.host_url) else None
    return render_template("knowledge.html", doc=chunks[0], passages=[c.text for c in chunks], back=back)
