"""`flask --app app audit verify|export`: the exchange log."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import click
from flask.cli import AppGroup
from sqlmodel import Session

from mediation.audit import iter_exchanges, verify_chain
from mediation.audit_export import FORMATS, csv_chunks, jsonl_chunks, write_xlsx
from mediation.services import services

LEVELS = ("none", "low", "medium", "high", "critical")

audit = AppGroup("audit", help="Verify and export the exchange log.")


def _iso(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not an ISO date or time") from None


@audit.command("verify")
def verify_command() -> None:
    """Exit 0 when the log is intact; exit 1 naming the first broken record."""
    with Session(services().engine) as session:
        report = verify_chain(session=session)
    if report.ok:
        click.echo(f"audit log intact: {report.records} records")
        return
    click.echo(f"audit log BROKEN at record {report.broken_seq}: {report.reason}", err=True)
    sys.exit(1)


@audit.command("export")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="csv", show_default=True)
@click.option("--since", help="ISO date or time (inclusive).")
@click.option("--until", help="ISO date or time (exclusive).")
@click.option("--min-score", type=click.IntRange(0, 100))
@click.option("--level", "levels", multiple=True, type=click.Choice(LEVELS), help="Risk level (repeatable).")
@click.option("--category", help="Only exchanges flagged for this category.")
@click.option("--channel", type=click.Choice(["self_service", "agent_assist"]))
@click.option("--actor", help="Only records of this agent (username or API key name).")
@click.option("--escalated/--not-escalated", default=None, help="Only escalated (or only not escalated) exchanges.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="File (default: standard output).")
def export_command(fmt: str, since: str | None, until: str | None, min_score: int | None, out: Path | None,
                   **filters: object) -> None:  # fmt: skip
    """Export exchanges with their risk, flags, citations and hashes."""
    if fmt == "xlsx" and out is None:
        raise click.UsageError("xlsx needs --out FILE")
    with Session(services().engine) as session:
        rows = iter_exchanges(session=session, since=_iso(since), until=_iso(until), min_score=min_score, **filters)
        if fmt == "xlsx":
            write_xlsx(rows, out)
            return
        chunks = csv_chunks(rows) if fmt == "csv" else jsonl_chunks(rows)
        if out is None:
            for chunk in chunks:
                sys.stdout.write(chunk)
            return
        with out.open("w", encoding="utf-8", newline="") as handle:
            for chunk in chunks:
                handle.write(chunk)
