"""Bilingual domain glossary: expands a query with the other language's terms (zh <-> en)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from mediation.errors import ConfigurationError

CJK = re.compile(r"[\u3400-\u9fff]")


@dataclass(frozen=True)
class Glossary:
    """Groups of equivalent zh and en terms; each group's English terms match as whole words."""

    entries: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]
    _english: tuple[re.Pattern[str] | None, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # one compiled alternation per entry: thousands of per-term patterns would thrash re's cache
        matchers = tuple(
            re.compile(r"(?<![a-z])(?:" + "|".join(re.escape(t.lower()) for t in en) + r")(?![a-z])") if en else None
            for _, en in self.entries
        )
        object.__setattr__(self, "_english", matchers)

    @classmethod
    def load(cls, path: Path) -> Glossary:
        """Read a YAML list of `[[zh terms], [en terms]]` pairs; a missing file is an empty glossary."""
        if not path.exists():
            return cls(())
        try:
            rows = yaml.safe_load(path.read_text(encoding="utf-8")) or []
            entries = tuple((tuple(map(str, zh)), tuple(map(str, en))) for zh, en in rows)
        except (yaml.YAMLError, TypeError, ValueError) as exc:
            raise ConfigurationError(f"{path}: not a glossary of [[zh...], [en...]] pairs ({exc})") from exc
        return cls(entries)

    def translate(self, query: str, per_entry: int | None = None) -> str:
        """Return the other-language terms for every glossary term found in `query` ('' if none).

        `per_entry` keeps only the first terms of each matched group (the canonical ones).
        """
        lowered = query.lower()
        found: list[str] = []
        for (zh_terms, en_terms), english in zip(self.entries, self._english, strict=True):
            if any(t in query for t in zh_terms):
                found.extend(en_terms[:per_entry])
            if english is not None and english.search(lowered):
                found.extend(zh_terms[:per_entry])
        # keep only the language the query is not written in
        query_is_zh = bool(CJK.search(query))
        kept = [t for t in dict.fromkeys(found) if bool(CJK.search(t)) != query_is_zh]
        return " ".join(kept)
