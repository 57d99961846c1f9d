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

    def matches(self, query: str) -> tuple[str, list[int]]:
        """The language to expand into ("en" for a Chinese query, else "zh") and the matched groups."""
        lowered = query.lower()
        groups = [
            i
            for i, ((zh_terms, _), english) in enumerate(zip(self.entries, self._english, strict=True))
            if any(t in query for t in zh_terms) or (english is not None and english.search(lowered))
        ]
        return ("en" if CJK.search(query) else "zh"), groups

    def terms(self, group: int, lang: str, per_entry: int | None = None) -> tuple[str, ...]:
        """The first `per_entry` terms (all when None) of one group in one language."""
        zh_terms, en_terms = self.entries[group]
        return (zh_terms if lang == "zh" else en_terms)[:per_entry]

    def translate(self, query: str) -> str:
        """Return the other-language terms for every glossary term found in `query` ('' if none)."""
        return self.gist(*self.matches(query))

    def gist(self, lang: str, groups: list[int]) -> str:
        """The terms of `groups` in `lang` (as returned by `matches`), each once."""
        found = [t for g in groups for t in self.terms(g, lang)]
        # keep only the language the query is not written in
        kept = [t for t in dict.fromkeys(found) if bool(CJK.search(t)) == (lang == "zh")]
        return " ".join(kept)
