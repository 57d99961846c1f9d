"""Which knowledge document backs each category in each jurisdiction, with its citation from the pack."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from mediation.documents import split_front_matter

log = logging.getLogger(__name__)

JURISDICTIONS = ("CN", "US", "UK")

#: category -> jurisdiction -> doc_id (the strongest authority in the shipped pack).
DEFAULT_DOCS: dict[str, dict[str, str]] = {
    "threat": {"CN": "cn-cba-2026-prohibitions", "US": "us-fdcpa-1692d", "UK": "uk-conc-7-3-threats"},
    "false_legal": {"CN": "cn-cba-2026-prohibitions", "US": "us-fdcpa-1692e", "UK": "uk-conc-7-11"},
    "impersonation": {"CN": "cn-cba-2026-prohibitions", "US": "us-fdcpa-1692e", "UK": "uk-conc-7-11"},
    "abuse": {"CN": "cn-cba-2026-prohibitions", "US": "us-fdcpa-1692d", "UK": "uk-consumer-duty"},
    "third_party": {"CN": "cn-cba-2026-third-party", "US": "us-fdcpa-1692c-b", "UK": "uk-conc-7-9-6"},
    "privacy": {"CN": "cn-pipl-a25", "US": "us-fdcpa-1692c-b", "UK": "uk-conc-7-9-6"},
    "unauthorized_offer": {"CN": "policy-zh-authority", "US": "us-fdcpa-1692f", "UK": "uk-conc-7-4"},
    "debt_pressure": {"CN": "cn-cba-2026-prohibitions", "US": "us-fdcpa-1692f", "UK": "uk-conc-7-3-10"},
    "harassment": {"CN": "cn-cba-2026-call-frequency", "US": "us-fdcpa-1692d", "UK": "uk-conc-7-9-4"},
    "dismissal": {"CN": "cn-complaint-2020-access", "US": "us-regf-1006-38", "UK": "uk-conc-7-3-4"},
    "contact_time": {"CN": "cn-cba-2026-quiet-hours", "US": "us-regf-1006-6-b", "UK": "uk-conc-7-9-4"},
    "contact_frequency": {"CN": "cn-cba-2026-call-frequency", "US": "us-regf-1006-14", "UK": "uk-conc-7-9-4"},
}
CATEGORIES = tuple(DEFAULT_DOCS)
TEXT_CATEGORIES = CATEGORIES[:10]
CONTEXT_CATEGORIES = CATEGORIES[10:]


@dataclass(frozen=True)
class Citation:
    """A knowledge document and its citation string."""

    doc_id: str
    citation: str

    def as_dict(self) -> dict[str, str]:
        """The CONTRACT shape."""
        return {"doc_id": self.doc_id, "citation": self.citation}


def read_citations(knowledge_dir: Path) -> dict[str, str]:
    """Map doc_id -> citation from the front matter of every Markdown file under `knowledge_dir`."""
    found: dict[str, str] = {}
    for path in sorted(knowledge_dir.rglob("*.md")):
        try:
            meta, _ = split_front_matter(path.read_text(encoding="utf-8"))
        except Exception as exc:  # a broken document must not take the scorer down
            log.warning("skipping %s: %s", path, exc)
            continue
        doc_id = str(meta.get("id") or path.stem)
        found[doc_id] = str(meta.get("citation") or meta.get("title") or doc_id)
    return found


class CitationBook:
    """Resolve (category, jurisdiction, language) or an explicit doc_id to a `Citation`."""

    def __init__(self, citations: dict[str, str]):
        self.citations = citations
        missing = {d for row in DEFAULT_DOCS.values() for d in row.values()} - set(citations)
        if missing:
            log.warning("citation documents missing from the knowledge pack: %s", ", ".join(sorted(missing)))

    @classmethod
    def from_dir(cls, knowledge_dir: Path) -> CitationBook:
        """Load citations from a knowledge directory."""
        return cls(read_citations(knowledge_dir))

    def resolve(self, doc_id: str, lang: str = "zh") -> Citation:
        """The citation of `doc_id`, preferring its English edition for English text."""
        if lang == "en":
            for alt in (f"{doc_id}-en", doc_id.replace("policy-zh-", "policy-en-")):
                if alt != doc_id and alt in self.citations:
                    doc_id = alt
                    break
        return Citation(doc_id, self.citations.get(doc_id, doc_id))

    def for_category(self, category: str, jurisdiction: str, lang: str = "zh", doc_id: str | None = None) -> Citation:
        """The citation backing `category` in `jurisdiction` (a rule may name a more specific document)."""
        if doc_id is None or (jurisdiction != "CN" and doc_id.startswith(("cn-", "policy-zh"))):
            doc_id = DEFAULT_DOCS[category].get(jurisdiction, DEFAULT_DOCS[category]["CN"])
        return self.resolve(doc_id, lang)
