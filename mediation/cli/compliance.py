"""`flask --app app compliance train|score`: build the compliance model and score messages in bulk."""

from __future__ import annotations

import json

import click
from flask.cli import AppGroup

from mediation.cli.common import domain_errors, output_stream, read_jsonl, write_jsonl
from mediation.compliance import build_scorer, model_path
from mediation.services import services

compliance = AppGroup("compliance", help="Train the compliance model and score messages.")
BATCH = 256


@compliance.command("train")
def train_command() -> None:
    """Train the model from knowledge/training and write the versioned artefact."""
    settings = services().settings
    with domain_errors():
        scorer = build_scorer(settings.knowledge_dir, settings.instance_dir, retrain=True)
    model = scorer.model
    click.echo(f"wrote {model_path(settings.instance_dir)} ({model.version}, data {model.data_hash})")
    click.echo(json.dumps(model.metrics, ensure_ascii=False))


@compliance.command("score")
@click.option("--input", "input_path", required=True, type=click.Path(exists=True, dir_okay=False), help="JSONL input.")
@click.option("--output", type=click.Path(dir_okay=False), help="Write JSONL here (default: standard output).")
def score_command(input_path: str, output: str | None) -> None:
    """Score each {"id", "text", "speaker"?, "lang"?, "context"?} line; write {"id", ...Risk}."""
    with domain_errors():
        scorer = services().scorer
        rows = []
        for number, row in read_jsonl(input_path):
            if not isinstance(row.get("text"), str):
                raise click.ClickException(f"{input_path}:{number}: 'text' must be a string")
            rows.append(row)
        with output_stream(output) as out:
            for i in range(0, len(rows), BATCH):
                chunk = rows[i : i + BATCH]
                items = [{k: r.get(k) for k in ("text", "speaker", "lang", "context")} for r in chunk]
                for row, risk in zip(chunk, scorer.score_many(items), strict=True):
                    write_jsonl(out, {"id": row.get("id"), **risk.as_dict()})
