"""Command-line interface: `flask --app app knowledge|auth ...`."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import click
from flask import Flask
from flask.cli import AppGroup
from sqlmodel import Session
from tqdm import tqdm

from mediation.auth import create_key
from mediation.errors import MediationError
from mediation.ingestion import ingest
from mediation.models import ROLES
from mediation.services import services

knowledge = AppGroup("knowledge", help="Build and search the knowledge index.")
auth = AppGroup("auth", help="Manage API keys.")


@contextmanager
def domain_errors() -> Iterator[None]:
    """Report domain errors as click errors (a message and exit 1, no traceback)."""
    try:
        yield
    except MediationError as exc:
        raise click.ClickException(exc.message) from exc


@contextmanager
def output_stream(path: str | None) -> Iterator[IO[str]]:
    """Standard output, or a UTF-8 file."""
    if path is None:
        yield sys.stdout
        return
    with open(path, "w", encoding="utf-8") as handle:
        yield handle


def write_jsonl(stream: IO[str], row: dict) -> None:
    """One JSON line, Chinese kept readable."""
    stream.write(json.dumps(row, ensure_ascii=False) + "\n")


def read_jsonl(path: str) -> Iterator[tuple[int, dict]]:
    """Yield (line number, object) for each non-empty line; a bad line is a clear error."""
    with open(path, encoding="utf-8-sig") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise click.ClickException(f"{path}:{number}: not valid JSON ({exc.msg})") from exc
            if not isinstance(row, dict):
                raise click.ClickException(f"{path}:{number}: each line must be a JSON object")
            yield number, row


@knowledge.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--index", "index_dir", type=click.Path(path_type=Path), help="Index directory.")
@click.option("--rebuild", is_flag=True, help="Start from an empty index.")
def ingest_command(paths: tuple[Path, ...], index_dir: Path | None, rebuild: bool) -> None:
    """Chunk, embed and index documents; unchanged files are skipped."""
    svc = services()
    target = index_dir or svc.settings.index_dir
    bar = tqdm(total=0, unit="chunk", desc="embedding", file=sys.stderr, disable=None)

    def set_total(total: int) -> None:
        bar.total = total
        bar.refresh()

    with domain_errors():
        report = ingest(
            paths, index_dir=target, encoder=svc.encoder, kind=svc.settings.index_kind,
            rebuild=rebuild, on_total=set_total, on_progress=bar.update,
        )  # fmt: skip
    bar.close()
    svc.reload_index()
    click.echo(report.summary())


def _retriever(index_dir: Path | None):
    from mediation.knowledge_index import KnowledgeIndex
    from mediation.retrieval import Retriever

    svc = services()
    if index_dir is None:
        return svc.retriever
    return Retriever(KnowledgeIndex.load(index_dir), svc.encoder)


@knowledge.command("search")
@click.argument("query", required=False)
@click.option("-k", "k", default=5, show_default=True, type=click.IntRange(1, 100))
@click.option("--index", "index_dir", type=click.Path(path_type=Path), help="Index directory.")
@click.option("--queries", type=click.Path(exists=True, dir_okay=False), help='JSONL of {"id", "query"}.')
@click.option("--output", type=click.Path(dir_okay=False), help="Write JSONL here (batch mode).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (single query).")
@click.option("--mode", type=click.Choice(["hybrid", "dense", "lexical"]), default="hybrid")
def search_command(query, k, index_dir, queries, output, as_json, mode) -> None:
    """Search the index with one QUERY, or a batch with --queries."""
    if bool(query) == bool(queries):
        raise click.UsageError("give either a QUERY or --queries FILE")
    with domain_errors():
        retriever = _retriever(index_dir)
        if queries:
            with output_stream(output) as out:
                for number, row in read_jsonl(queries):
                    if not isinstance(row.get("query"), str):
                        raise click.ClickException(f"{queries}:{number}: 'query' must be a string")
                    results = retriever.search(row["query"], k=k, mode=mode)
                    write_jsonl(out, {"id": row.get("id"), "results": [r.as_dict() for r in results]})
            return
        results = retriever.search(query, k=k, mode=mode)
    if as_json:
        click.echo(
            json.dumps({"query": query, "results": [r.as_dict() for r in results]}, ensure_ascii=False, indent=2)
        )
        return
    for rank, r in enumerate(results, start=1):
        click.echo(f"{rank}. [{r.doc_id}] {r.title}  ({r.citation})  score={r.score:.4f}")
        click.echo("   " + r.text.replace("\n", " ")[:160])


@auth.command("create-key")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--name", required=True, help="Who or what uses the key.")
def create_key_command(role: str, name: str) -> None:
    """Create an API key and print it once."""
    with domain_errors(), Session(services().engine) as session:
        click.echo(create_key(session=session, name=name, role=role))


def init_app(app: Flask) -> None:
    """Register the command groups."""
    app.cli.add_command(knowledge)
    app.cli.add_command(auth)
