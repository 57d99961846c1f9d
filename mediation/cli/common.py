"""Helpers shared by the command groups: error reporting and JSONL input/output."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO

import click

from mediation.errors import MediationError


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
