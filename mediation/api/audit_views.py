"""Audit endpoints for auditors: filtered exchanges, streamed exports, chain verification."""

from __future__ import annotations

import json
from datetime import datetime

from flask import Response, jsonify, request, stream_with_context

from mediation.api.guards import int_arg, require_role
from mediation.api.views import bp
from mediation.audit import iter_exchanges, verify_chain
from mediation.audit_export import CONTENT_TYPES, FORMATS, export_filename, export_stream
from mediation.db import get_session
from mediation.errors import ValidationFailed
from mediation.services import services


def _iso(name: str) -> str | None:
    value = request.args.get(name)
    if not value:
        return None
    try:
        return datetime.fromisoformat(value).isoformat()
    except ValueError:
        raise ValidationFailed(f"'{name}' must be an ISO date or time") from None


def audit_filters() -> dict:
    """The filters shared by the list and the export."""
    return {
        "since": _iso("since"),
        "until": _iso("until"),
        "min_score": int_arg("min_score", default=0, low=0, high=100) or None,
        "category": request.args.get("category") or None,
        "conversation": request.args.get("conversation") or None,
    }


@bp.get("/audit/exchanges")
@require_role("auditor")
def exchanges():
    """A page of exchanges in chain order; pass `after` (a seq) for the next page."""
    limit = int_arg("limit", default=100, low=1, high=1000)
    after = int_arg("after", default=0, low=0, high=2**62)
    rows = []
    for exchange in iter_exchanges(session=get_session(), batch=limit, **audit_filters()):
        if exchange.seq <= after:
            continue
        rows.append({"seq": exchange.seq, "record": json.loads(exchange.record), "prev_hash": exchange.prev_hash,
                     "hash": exchange.hash})  # fmt: skip
        if len(rows) == limit:
            break
    return jsonify({"exchanges": rows, "next_after": rows[-1]["seq"] if len(rows) == limit else None})


@bp.get("/audit/export")
@require_role("auditor")
def export():
    """Stream every matching exchange as CSV (UTF-8 with BOM), JSONL or XLSX."""
    fmt = request.args.get("format", "csv")
    if fmt not in FORMATS:
        raise ValidationFailed(f"'format' must be one of {', '.join(FORMATS)}")
    stream = export_stream(services().engine, fmt, audit_filters())
    return Response(
        stream_with_context(stream),
        content_type=CONTENT_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{export_filename(fmt)}"'},
    )


@bp.get("/audit/verify")
@require_role("auditor")
def verify():
    """Whether the exchange log is intact, and where it breaks if not."""
    report = verify_chain(session=get_session())
    return jsonify(
        {"ok": report.ok, "records": report.records, "broken_seq": report.broken_seq, "reason": report.reason}
    )
