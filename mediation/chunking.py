"""Split documents into retrieval chunks along their legal structure.

Boundaries, strongest first: Markdown headings, 第X编/章/节 (part, chapter, section), 第X条
(article), `§` sections, numbered clauses (`1.`, `(a)`, `一、`, `（一）`). Small neighbouring clauses
under the same heading are merged; a clause longer than the budget is split at sentence ends.
Every chunk carries its heading path so it reads on its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mediation.documents import Document

CN_NUMERAL = "零一二三四五六七八九十百千两〇0-9０-９"
HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
CN_DIVISION = re.compile(rf"^\s*第[{CN_NUMERAL}]+[编章节]\s*(.*)$")
CLAUSE = re.compile(
    rf"^\s*(第[{CN_NUMERAL}]+条(之[{CN_NUMERAL}]+)?|§+\s*\d|"
    rf"[{CN_NUMERAL}]{{1,3}}、|[（(][{CN_NUMERAL}a-zA-Z]{{1,3}}[)）]|\d{{1,2}}[.)．]\s|[-*]\s)"
)
SENTENCE_END = re.compile(r"(?<=[。！？；!?;])|(?<=\.)\s+")

#: Budget in approximate model tokens; e5-small reads at most 512.
MAX_TOKENS = 320
MIN_TOKENS = 80


@dataclass(frozen=True)
class Chunk:
    """A passage of a document, with the document's metadata."""

    chunk_id: str
    doc_id: str
    title: str
    citation: str
    jurisdiction: str
    kind: str
    lang: str
    heading: str
    text: str

    def embedding_text(self) -> str:
        """The text the encoder sees: title and heading path, then the passage."""
        head = " / ".join(p for p in (self.title, self.heading) if p)
        return f"{head}\n{self.text}" if head else self.text


def approx_tokens(text: str) -> int:
    """Estimate model tokens: about one per CJK character, one per four other characters."""
    cjk = sum(1 for c in text if "\u3400" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff")
    return cjk + (len(text) - cjk) // 4 + 1


def _split_long(text: str) -> list[str]:
    pieces, current = [], ""
    for sentence in (s for s in SENTENCE_END.split(text) if s and s.strip()):
        if current and approx_tokens(current + sentence) > MAX_TOKENS:
            pieces.append(current.strip())
            current = ""
        while approx_tokens(sentence) > MAX_TOKENS:  # one unbroken run: cut it by size
            cut = max(1, len(sentence) * MAX_TOKENS // approx_tokens(sentence))
            pieces.append(sentence[:cut].strip())
            sentence = sentence[cut:]
        current += sentence
    if current.strip():
        pieces.append(current.strip())
    return pieces


def _sections(text: str) -> list[tuple[str, list[str]]]:
    """Group lines into (heading path, clauses) sections."""
    headings: list[tuple[int, str]] = []
    sections: list[tuple[str, list[str]]] = [("", [])]
    for line in text.splitlines():
        stripped = line.strip()
        heading = HEADING.match(stripped)
        division = CN_DIVISION.match(stripped) if not heading else None
        if heading or (division and len(stripped) <= 40):
            level = len(heading.group(1)) if heading else 1
            title = heading.group(2).strip() if heading else stripped
            headings = [(lv, t) for lv, t in headings if lv < level] + [(level, title)]
            sections.append((" / ".join(t for _, t in headings), []))
            continue
        clauses = sections[-1][1]
        if not stripped:
            if clauses and clauses[-1]:
                clauses.append("")
        elif CLAUSE.match(stripped) or not clauses or not clauses[-1]:
            clauses.append(stripped)
        else:
            clauses[-1] += ("\n" if clauses[-1] else "") + stripped
    return [(h, [c for c in cs if c]) for h, cs in sections if any(cs)]


def chunk_document(doc: Document) -> list[Chunk]:
    """Split one document into chunks that respect its structure."""
    passages: list[tuple[str, str]] = []
    for heading, clauses in _sections(doc.text):
        buffer = ""
        for clause in clauses:
            for piece in _split_long(clause) if approx_tokens(clause) > MAX_TOKENS else [clause]:
                if (buffer and approx_tokens(buffer) >= MIN_TOKENS) or (
                    buffer and approx_tokens(buffer + piece) > MAX_TOKENS
                ):
                    passages.append((heading, buffer))
                    buffer = ""
                buffer = f"{buffer}\n{piece}" if buffer else piece
        if buffer:
            passages.append((heading, buffer))
    return [
        Chunk(
            chunk_id=f"{doc.doc_id}#{n}",
            doc_id=doc.doc_id,
            title=doc.title,
            citation=doc.citation,
            jurisdiction=doc.jurisdiction,
            kind=doc.kind,
            lang=doc.lang,
            heading=heading,
            text=text,
        )
        for n, (heading, text) in enumerate(passages, start=1)
    ]
