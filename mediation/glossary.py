"""Bilingual domain glossary: expands a query with the other language's terms (zh <-> en)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from mediation.errors import ConfigurationError

CJK = re.compile(r"[\u3400-\u9fff]")


@dataclass(frozen=True)
class Glossary:
    """Pairs of equivalent zh and en term lists."""

    entries: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]

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

    def translate(self, query: str) -> str:
        """Return the other-language terms for every glossary term found in `query` ('' if none)."""
        lowered = query.lower()
        found: list[str] = []
        for zh_terms, en_terms in self.entries:
            if any(t in query for t in zh_terms):
                found.extend(en_terms)
            if any(re.search(rf"(?<![a-z]){re.escape(t.lower())}(?![a-z])", lowered) for t in en_terms):
                found.extend(zh_terms)
        # keep only the language the query is not written in
        query_is_zh = bool(CJK.search(query))
        kept = [t for t in dict.fromkeys(found) if bool(CJK.search(t)) != query_is_zh]
        return " ".join(kept)
