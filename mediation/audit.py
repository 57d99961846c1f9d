"""The tamper-evident exchange log: a hash chain over canonical JSON records.

Each record stores the exact JSON text that was hashed, the previous record's hash and its own:
`hash = sha256(prev_hash + "\\n" + record)`. Changing, removing or reordering any record breaks
the chain from that point, which `verify_chain` reports.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session, select

from mediation.models import AuditHead, Exchange

GENESIS = "0" * 64
_append_lock = threading.Lock()  # SQLite has no row locks; one writer per process at a time


def canonical_json(payload: dict[str, Any]) -> str:
    """Deterministic JSON text: sorted keys, no spaces, UTF-8 characters kept."""
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def link_hash(prev_hash: str, record: str) -> str:
    """The hash binding a record to its predecessor."""
    return hashlib.sha256(f"{prev_hash}\n{record}".encode()).hexdigest()


def _filter_columns(payload: dict[str, Any]) -> dict[str, Any]:
    risk = payload.get("risk") or {}
    return {
        "conversation_id": payload.get("conversation_id"),
        "created_at": payload["created_at"],
        "channel": payload.get("channel", ""),
        "kind": payload.get("kind", ""),
        "risk_score": int(risk.get("score", 0)),
        "risk_level": risk.get("level", "none"),
        "categories": ",".join(sorted({f["category"] for f in risk.get("flags", [])})),
        "escalated": bool(payload.get("escalate", False)),
        "actor": str(payload.get("actor") or "")[:120],
    }


def append_record(*, session: Session, payload: dict[str, Any]) -> Exchange:
    """Add a record to the chain inside the caller's transaction (the caller commits).

    `payload` gets `seq` and `created_at` filled in; it must hold `risk` (the Risk dict) for
    anything that was sent.
    """
    with _append_lock:
        head = session.exec(select(AuditHead).where(AuditHead.id == 1).with_for_update()).first()
        if head is None:
            head = AuditHead(id=1, seq=0, hash=GENESIS)
            session.add(head)
            session.flush()
        payload = {**payload, "seq": head.seq + 1}
        payload.setdefault("created_at", datetime.now(UTC).isoformat(timespec="microseconds"))
        record = canonical_json(payload)
        exchange = Exchange(seq=payload["seq"], record=record, prev_hash=head.hash,
                            hash=link_hash(head.hash, record), **_filter_columns(payload))  # fmt: skip
        head.seq, head.hash = exchange.seq, exchange.hash
        session.add(exchange)
        session.add(head)
        session.flush()
        return exchange


@dataclass(frozen=True)
class ChainReport:
    """The result of checking the chain."""

    ok: bool
    records: int
    broken_seq: int | None = None
    reason: str = ""


def verify_chain(*, session: Session, batch: int = 1000) -> ChainReport:
    """Walk the chain in order and report the first record that does not fit."""
    prev_hash, expected_seq, count = GENESIS, 1, 0
    for exchange in iter_exchanges(session=session, batch=batch):
        problem = None
        if exchange.seq != expected_seq:
            problem = f"expected record {expected_seq} next, found {exchange.seq} (removed or reordered)"
        elif exchange.prev_hash != prev_hash:
            problem = "its previous-hash link does not match the record before it"
        elif link_hash(prev_hash, exchange.record) != exchange.hash:
            problem = "its content does not match its hash (altered)"
        else:
            payload = json.loads(exchange.record)
            columns = _filter_columns(payload)
            if payload.get("seq") != exchange.seq or any(getattr(exchange, k) != v for k, v in columns.items()):
                problem = "its filter columns disagree with the hashed record (altered)"
        if problem:
            return ChainReport(False, count, exchange.seq, problem)
        prev_hash, expected_seq, count = exchange.hash, expected_seq + 1, count + 1
    head = session.get(AuditHead, 1)
    if head is not None and (head.seq, head.hash) != (count, prev_hash):
        return ChainReport(False, count, count + 1, f"the chain head expects {head.seq} records; the tail is missing")
    return ChainReport(True, count)


def iter_exchanges(*, session: Session, batch: int = 1000, **filters: Any) -> Iterator[Exchange]:
    """Yield exchanges in chain order, a batch at a time (constant memory), optionally filtered.

    Filters: `since`, `until` (ISO text), `min_score`, `conversation`, `category`, `channel`,
    `levels` (risk levels to keep), `escalated` (True/False), `actor`, `kind`; None means any.
    """
    last = 0
    while True:
        query = select(Exchange).where(Exchange.seq > last)
        if filters.get("since"):
            query = query.where(Exchange.created_at >= filters["since"])
        if filters.get("until"):
            query = query.where(Exchange.created_at < filters["until"])
        if filters.get("min_score") is not None:
            query = query.where(Exchange.risk_score >= filters["min_score"])
        if filters.get("conversation"):
            query = query.where(Exchange.conversation_id == filters["conversation"])
        if filters.get("category"):
            query = query.where(Exchange.categories.contains(filters["category"]))
        if filters.get("channel"):
            query = query.where(Exchange.channel == filters["channel"])
        if filters.get("levels"):
            query = query.where(Exchange.risk_level.in_(list(filters["levels"])))
        if filters.get("escalated") is not None:
            query = query.where(Exchange.escalated == bool(filters["escalated"]))
        if filters.get("actor"):
            query = query.where(Exchange.actor == filters["actor"])
        if filters.get("kind"):
            query = query.where(Exchange.kind == filters["kind"])
        rows = session.exec(query.order_by(Exchange.seq).limit(batch)).all()
        if not rows:
            return
        yield from rows
        last = rows[-1].seq
        session.expunge_all()


def distinct_actors(*, session: Session) -> list[str]:
    """Every agent or key name that appears in the log, sorted."""
    rows = session.exec(select(Exchange.actor).where(Exchange.actor != "").distinct()).all()
    return sorted(rows)
