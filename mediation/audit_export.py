"""Export exchanges as CSV (UTF-8 with BOM, for Excel), JSONL or XLSX, streaming in constant memory."""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session

from mediation.audit import iter_exchanges
from mediation.models import Exchange

FORMATS = ("csv", "jsonl", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "jsonl": "application/x-ndjson; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
COLUMNS = (
    "seq", "created_at", "conversation_id", "channel", "kind", "speaker", "inbound_text", "intent",
    "reply_text", "source", "risk_score", "risk_level", "categories", "escalated", "citations",
    "prev_hash", "hash",
)  # fmt: skip


def export_row(exchange: Exchange) -> dict:
    """Flatten one exchange for a spreadsheet row; the full record stays in JSONL exports."""
    record = json.loads(exchange.record)
    reply = record.get("reply") or {}
    intent = record.get("intent") or {}
    return {
        "seq": exchange.seq,
        "created_at": exchange.created_at,
        "conversation_id": exchange.conversation_id or "",
        "channel": exchange.channel,
        "kind": exchange.kind,
        "speaker": record.get("speaker", ""),
        "inbound_text": record.get("text", ""),
        "intent": intent.get("label", "") if isinstance(intent, dict) else str(intent),
        "reply_text": reply.get("text", ""),
        "source": reply.get("source", ""),
        "risk_score": exchange.risk_score,
        "risk_level": exchange.risk_level,
        "categories": exchange.categories,
        "escalated": exchange.escalated,
        "citations": "; ".join(c.get("citation", "") for c in record.get("citations", [])),
        "prev_hash": exchange.prev_hash,
        "hash": exchange.hash,
    }


def csv_chunks(exchanges: Iterable[Exchange]) -> Iterator[str]:
    """CSV text in pieces, starting with a BOM so Excel reads the Chinese correctly."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    buffer.write("\ufeff")
    writer.writeheader()
    for exchange in exchanges:
        writer.writerow(export_row(exchange))
        if buffer.tell() > 64 * 1024:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def jsonl_chunks(exchanges: Iterable[Exchange]) -> Iterator[str]:
    """One JSON object per exchange: the hashed record with its chain fields."""
    for exchange in exchanges:
        row = {"seq": exchange.seq, "record": json.loads(exchange.record),
               "prev_hash": exchange.prev_hash, "hash": exchange.hash}  # fmt: skip
        yield json.dumps(row, ensure_ascii=False) + "\n"


def write_xlsx(exchanges: Iterable[Exchange], path: Path) -> None:
    """Write an XLSX workbook in openpyxl's write-only (streaming) mode."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("exchanges")
    sheet.append(list(COLUMNS))
    for exchange in exchanges:
        sheet.append([_cell(v) for v in export_row(exchange).values()])
    workbook.save(str(path))


def _cell(value: object) -> object:
    # Spreadsheet formula injection: a text cell must not start with = + - @
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def export_filename(fmt: str) -> str:
    """The download name of an export made now."""
    return f"exchanges-{datetime.now():%Y%m%d-%H%M%S}.{fmt}"


def export_stream(engine: Engine, fmt: str, filters: dict) -> Iterator[str | bytes]:
    """Yield an export in pieces; its session lives as long as the stream. XLSX goes through a
    temporary file (the format is a zip), removed when the stream ends."""
    with Session(engine) as session:
        rows = iter_exchanges(session=session, **filters)
        if fmt != "xlsx":
            yield from (csv_chunks(rows) if fmt == "csv" else jsonl_chunks(rows))
            return
        descriptor, name = tempfile.mkstemp(suffix=".xlsx")
        os.close(descriptor)
        path = Path(name)
        try:
            write_xlsx(rows, path)
            with path.open("rb") as handle:
                while block := handle.read(64 * 1024):
                    yield block
        finally:
            path.unlink(missing_ok=True)
