"""Prompt templates: a Jinja2 environment over `prompts/`, separate from the HTML one, strict."""

from __future__ import annotations

import hashlib
from functools import cached_property
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from mediation.config import PROJECT_ROOT

PROMPTS_DIR = PROJECT_ROOT / "prompts"


class PromptLibrary:
    """Renders `*.j2` prompts; a prompt's version is the hash of its source."""

    def __init__(self, directory: Path = PROMPTS_DIR):
        self.directory = directory
        self._env = Environment(
            loader=FileSystemLoader(str(directory)),
            undefined=StrictUndefined,
            autoescape=False,
            keep_trailing_newline=False,
        )

    @property
    def names(self) -> list[str]:
        return sorted(p.stem for p in self.directory.glob("*.j2"))

    def render(self, name: str, **context: Any) -> str:
        """Render prompt `name` (without `.j2`) with the given context."""
        return self._env.get_template(f"{name}.j2").render(**context).strip()

    @cached_property
    def versions(self) -> dict[str, str]:
        """Short content hashes of every prompt, recorded with each exchange."""
        return {p.stem: hashlib.sha256(p.read_bytes()).hexdigest()[:12] for p in sorted(self.directory.glob("*.j2"))}
