"""The borrower intents of the public contract and the order in which they win."""

from __future__ import annotations

#: When several intents apply, the first one in this tuple wins (CONTRACT.md, "Borrower intents").
PRECEDENCE: tuple[str, ...] = (
    "vulnerability",
    "identity_theft",
    "third_party_agent",
    "complaint",
    "dispute",
    "abusive_borrower",
    "hardship",
    "plan_request",
    "payment_promise",
    "general",
)

INTENTS: frozenset[str] = frozenset(PRECEDENCE)
RANK: dict[str, int] = {label: rank for rank, label in enumerate(PRECEDENCE)}
