"""`flask --app app knowledge ingest|search`: build and search the knowledge index."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask.cli import AppGroup
from tqdm import tqdm

from mediation.cli.common import domain_errors, output_stream, read_jsonl, write_jsonl
from mediation.ingestion import ingest
from mediation.services import services

knowledge = AppGroup("knowledge", help="Build and search the knowledge index.")


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
        retriever = services().retriever_for(index_dir) if index_dir else services().retriever
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
