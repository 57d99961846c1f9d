"""Conversation storage: creation with access tokens, state, transcripts."""

from __future__ import annotations

import hashlib
import json
import secrets
import uuid
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlmodel import Session, select

from mediation.audit import iter_exchanges
from mediation.errors import NotFound, Unauthorized, ValidationFailed
from mediation.models import Conversation

CHANNELS = ("self_service", "agent_assist")
LANGS = ("zh", "en")
TOKEN_PREFIX = "ct_"
ACCOUNT_NUMBERS = ("principal", "outstanding", "overdue_days", "penalty_interest", "fees", "interest")
MAX_ACCOUNT_BYTES = 4000


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def validate_account(account: Any) -> dict:
    """Check the optional account object: known numbers are non-negative, the rest is kept as given."""
    if account is None:
        return {}
    if not isinstance(account, dict):
        raise ValidationFailed("'account' must be an object")
    if len(json.dumps(account, ensure_ascii=False)) > MAX_ACCOUNT_BYTES:
        raise ValidationFailed(f"'account' is larger than {MAX_ACCOUNT_BYTES} bytes")
    clean = dict(account)
    for name in ACCOUNT_NUMBERS:
        if name not in clean or clean[name] is None:
            continue
        try:
            value = Decimal(str(clean[name]))
        except InvalidOperation:
            raise ValidationFailed(f"'account.{name}' must be a number") from None
        if not value.is_finite() or value < 0:
            raise ValidationFailed(f"'account.{name}' must be a non-negative number")
    currency = clean.get("currency", "CNY")
    if not isinstance(currency, str) or len(currency) != 3:
        raise ValidationFailed("'account.currency' must be a three-letter currency code")
    clean["currency"] = currency.upper()
    return clean


def create_conversation(
    *, session: Session, channel: str, lang: str | None, account: Any
) -> tuple[Conversation, str | None]:
    """Store a new conversation; self-service ones get a token (returned once, stored hashed)."""
    if channel not in CHANNELS:
        raise ValidationFailed(f"'channel' must be one of {', '.join(CHANNELS)}")
    lang = (lang or "zh").lower()
    if lang not in LANGS:
        raise ValidationFailed(f"'lang' must be one of {', '.join(LANGS)}")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32) if channel == "self_service" else None
    conversation = Conversation(
        id=str(uuid.uuid4()),
        channel=channel,
        lang=lang,
        account_json=json.dumps(validate_account(account), ensure_ascii=False),
        token_digest=_digest(token) if token else None,
    )
    session.add(conversation)
    session.commit()
    return conversation, token


def get_conversation(*, session: Session, conversation_id: str) -> Conversation:
    """The conversation, or 404."""
    conversation = session.get(Conversation, conversation_id)
    if conversation is None:
        raise NotFound("no such conversation")
    return conversation


def token_grants(conversation: Conversation, authorization: str | None) -> bool:
    """Tell whether a `Bearer ct_...` header is this conversation's token."""
    if not authorization or not authorization.startswith(f"Bearer {TOKEN_PREFIX}"):
        return False
    if conversation.token_digest is None:
        raise Unauthorized("this conversation is not reachable with a conversation token")
    return secrets.compare_digest(conversation.token_digest, _digest(authorization.removeprefix("Bearer ").strip()))


def state_of(conversation: Conversation) -> dict:
    """The conversation's mutable state (counters and flags)."""
    return json.loads(conversation.state_json or "{}")


def transcript(*, session: Session, conversation: Conversation) -> dict:
    """The conversation with every logged exchange and its risk, in order."""
    exchanges = []
    for exchange in iter_exchanges(session=session, conversation=conversation.id):
        record = json.loads(exchange.record)
        exchanges.append(
            {
                "message_id": exchange.seq,
                "created_at": exchange.created_at,
                "kind": record.get("kind"),
                "speaker": record.get("speaker"),
                "text": record.get("text"),
                "intent": record.get("intent"),
                "reply": record.get("reply"),
                "risk": record.get("risk"),
                "escalate": record.get("escalate", False),
            }
        )
    return {
        "id": conversation.id,
        "channel": conversation.channel,
        "lang": conversation.lang,
        "status": conversation.status,
        "identity_status": conversation.identity_status,
        "escalation_reason": conversation.escalation_reason,
        "accepted_option_id": conversation.accepted_option_id,
        "messages": exchanges,
    }


def offered_options(conversation: Conversation) -> dict[str, dict]:
    """Options offered so far in this conversation, by id."""
    return {o["id"]: o for o in json.loads(conversation.offered_json or "[]")}


def select_open_escalations(*, session: Session) -> list[Conversation]:
    """Conversations waiting for a person, oldest first."""
    query = select(Conversation).where(Conversation.status == "escalated").order_by(Conversation.created_at)
    return list(session.exec(query).all())


def recent_conversations(*, session: Session, limit: int = 25) -> list[Conversation]:
    """The most recently started conversations, newest first."""
    query = select(Conversation).order_by(Conversation.created_at.desc()).limit(limit)
    return list(session.exec(query).all())
