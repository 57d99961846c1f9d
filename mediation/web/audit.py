"""The audit dashboard: filters, counts, a risk chart, drill-down, exports and the chain status."""

from __future__ import annotations

import json
import logging
from datetime import date, timedelta

from flask import Blueprint, Response, render_template, request, stream_with_context
from flask_login import current_user

from mediation.audit import distinct_actors, iter_exchanges, verify_chain
from mediation.audit_export import CONTENT_TYPES, FORMATS, export_filename, export_stream
from mediation.conversations import get_conversation
from mediation.db import get_session
from mediation.errors import ValidationFailed
from mediation.services import services
from mediation.web.charts import RiskTally, stacked_bars
from mediation.web.i18n import CATEGORIES, INTENTS, current_lang, label
from mediation.web.security import require_role

log = logging.getLogger(__name__)
bp = Blueprint("audit", __name__, url_prefix="/audit")

LEVELS = ("none", "low", "medium", "high", "critical")
CHANNELS = ("self_service", "agent_assist")
TABLE_ROWS = 200


def _day(name: str) -> date | None:
    raw = request.args.get(name) or ""
    if not raw:
        return None
    try:
        return date.fromisoformat(raw[:10])
    except ValueError:
        raise ValidationFailed(f"'{name}' must be a date (YYYY-MM-DD)") from None


def page_filters() -> tuple[dict, dict]:
    """(the form's values, the `iter_exchanges` filters) from the query string."""
    args = request.args
    since, until = _day("since"), _day("until")
    level = args.get("level") if args.get("level") in LEVELS else ""
    escalated = {"yes": True, "no": False}.get(args.get("escalated", ""))
    form = {"since": since.isoformat() if since else "", "until": until.isoformat() if until else "", "level": level,
            "category": args.get("category") if args.get("category") in CATEGORIES else "",
            "channel": args.get("channel") if args.get("channel") in CHANNELS else "",
            "actor": (args.get("actor") or "")[:120], "escalated": args.get("escalated", "")}  # fmt: skip
    filters = {
        "since": since.isoformat() if since else None,
        "until": (until + timedelta(days=1)).isoformat() if until else None,  # the whole 'until' day
        "levels": LEVELS[LEVELS.index(level):] if level else None,
        "category": form["category"] or None, "channel": form["channel"] or None,
        "actor": form["actor"] or None, "escalated": escalated,
    }  # fmt: skip
    return form, filters


def _row(exchange) -> dict:
    record = json.loads(exchange.record)
    return {"seq": exchange.seq, "created_at": exchange.created_at[:19].replace("T", " "), "kind": exchange.kind,
            "conversation_id": exchange.conversation_id, "channel": exchange.channel, "actor": exchange.actor,
            "text": record.get("text", ""), "level": exchange.risk_level, "score": exchange.risk_score,
            "categories": [c for c in exchange.categories.split(",") if c],
            "escalated": exchange.escalated}  # fmt: skip


@bp.get("")
@require_role("auditor")
def dashboard():
    """Counts, the risk-by-category chart and the first matching exchanges, plus the chain status."""
    lang = current_lang()
    form, filters = page_filters()
    session = get_session()
    tally, rows = RiskTally(), []
    for exchange in iter_exchanges(session=session, **filters):
        tally.add(exchange.created_at, exchange.risk_level, exchange.categories)
        if len(rows) < TABLE_ROWS:
            rows.append(_row(exchange))
    chart = stacked_bars(tally, lambda c: label(CATEGORIES, c, lang))
    return render_template(
        "audit/dashboard.html", form=form, rows=rows, tally=tally, chart=chart, levels=LEVELS, channels=CHANNELS,
        categories={k: label(CATEGORIES, k, lang) for k in CATEGORIES}, actors=distinct_actors(session=session),
        chain=verify_chain(session=session), formats=FORMATS, table_rows=TABLE_ROWS,
        query={k: v for k, v in request.args.items() if k != "lang"},
    )  # fmt: skip


@bp.get("/c/<conversation_id>")
@require_role("auditor")
def conversation(conversation_id: str):
    """Every exchange of one conversation with its risk, flags, citations, drafts, source and reason."""
    lang = current_lang()
    session = get_session()
    found = get_conversation(session=session, conversation_id=conversation_id)
    exchanges = [{"exchange": e, "record": json.loads(e.record)}
                 for e in iter_exchanges(session=session, conversation=conversation_id)]  # fmt: skip
    return render_template(
        "audit/conversation.html", conversation=found, exchanges=exchanges,
        account=json.loads(found.account_json or "{}"),
        intent_label=lambda key: label(INTENTS, key, lang), category_label=lambda key: label(CATEGORIES, key, lang),
    )  # fmt: skip


@bp.get("/export")
@require_role("auditor")
def export():
    """Stream the filtered exchanges as CSV (UTF-8 with BOM), JSONL or XLSX, with their hashes."""
    fmt = request.args.get("format", "csv")
    if fmt not in FORMATS:
        raise ValidationFailed(f"'format' must be one of {', '.join(FORMATS)}")
    _, filters = page_filters()
    log.info("audit export by %s: %s %s", current_user.username, fmt, {k: v for k, v in filters.items() if v})
    return Response(
        stream_with_context(export_stream(services().engine, fmt, filters)),
        content_type=CONTENT_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{export_filename(fmt)}"'},
    )
