"""`flask --app app mediation classify|train-intents`: borrower intent understanding from the shell."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from mediation.cli.common import domain_errors, output_stream, read_jsonl, write_jsonl
from mediation.services import services

mediation = AppGroup("mediation", help="Classify borrower messages and manage the intent model.")

BATCH = 256


@mediation.command("train-intents")
def train_intents_command() -> None:
    """Train the intent model and write its versioned artefact to the instance folder."""
    from mediation.intents import load_or_train

    svc = services()
    with domain_errors():
        classifier = load_or_train(svc.settings.instance_dir, retrain=True, encoder=svc.encoder)
    model = classifier.model
    click.echo(f"trained on {model.n_examples} examples (data {model.data_hash}), {len(model.classes)} intents")


@mediation.command("classify")
@click.option(
    "--input",
    "input_path",
    required=True,
    type=click.Path(exists=True, dir_okay=False),
    help='JSONL of {"id", "text", "lang"?}.',
)
@click.option("--output", type=click.Path(dir_okay=False), help="Write JSONL here (default: standard output).")
def classify_command(input_path: str, output: str | None) -> None:
    """Label each borrower message with an intent and a confidence."""
    rows: list[tuple[object, str]] = []
    for number, row in read_jsonl(input_path):
        if not isinstance(row.get("text"), str):
            raise click.ClickException(f"{input_path}:{number}: 'text' must be a string")
        rows.append((row.get("id"), row["text"]))
    with domain_errors():
        classifier = services().intents
        with output_stream(output) as out:
            for start in range(0, len(rows), BATCH):
                chunk = rows[start : start + BATCH]
                results = classifier.classify_batch([text for _, text in chunk])
                for (row_id, _), result in zip(chunk, results, strict=True):
                    write_jsonl(out, {"id": row_id, "intent": result.label, "confidence": result.confidence})


@mediation.command("warm-up")
def warm_up_command() -> None:
    """Load or train every model the service uses, so the first borrower does not wait for it."""
    svc = services()
    with domain_errors():
        svc.scorer.score("你好", speaker="assistant", lang="zh")
        svc.intents.classify("你好", lang="zh")
        svc.retriever.search("催收", k=1)
    click.echo("models ready: compliance scorer, intent classifier, knowledge index")
