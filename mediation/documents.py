"""Read knowledge documents: Markdown with YAML front matter, plain text, PDF and DOCX."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from mediation.errors import BadRequest
from mediation.textnorm import is_han

SUPPORTED_SUFFIXES = {".md", ".markdown", ".txt", ".pdf", ".docx"}
METADATA_KEYS = ("title", "citation", "jurisdiction", "kind", "lang")


@dataclass(frozen=True)
class Document:
    """One knowledge document with the metadata every chunk of it carries."""

    doc_id: str
    title: str
    citation: str
    jurisdiction: str
    kind: str
    lang: str
    text: str
    source: str
    sha256: str


def find_documents(paths: Iterable[Path]) -> list[Path]:
    """Expand files and folders into the supported document files below them, sorted."""
    found: set[Path] = set()
    for path in paths:
        if path.is_dir():
            found.update(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in SUPPORTED_SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        elif path.is_file():
            if path.suffix.lower() not in SUPPORTED_SUFFIXES:
                raise BadRequest(f"{path}: unsupported document type {path.suffix!r}")
            found.add(path)
        else:
            raise BadRequest(f"{path}: no such file or directory")
    return sorted(found)


def file_sha256(path: Path) -> str:
    """Hash a file's bytes (the ingestion skips files whose hash is unchanged)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def split_front_matter(raw: str) -> tuple[dict, str]:
    """Split `---` YAML front matter from a Markdown body."""
    if not raw.startswith("---"):
        return {}, raw
    lines = raw.splitlines(keepends=True)
    for end, line in enumerate(lines[1:], start=1):
        if line.strip() == "---":
            meta = yaml.safe_load("".join(lines[1:end])) or {}
            if not isinstance(meta, dict):
                raise BadRequest("front matter must be a YAML mapping")
            return meta, "".join(lines[end + 1 :])
    raise BadRequest("front matter is not closed by a '---' line")


def _guess_lang(text: str) -> str:
    cjk = sum(1 for c in text[:2000] if is_han(c))
    return "zh" if cjk > 20 else "en"


def _extract_text(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        from pypdf import PdfReader

        return "\n\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)
    if suffix == ".docx":
        import docx

        return "\n\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    return path.read_text(encoding="utf-8-sig")


def load_document(path: Path, *, sha256: str | None = None) -> Document:
    """Read one document; the file stem is its id when the front matter has none."""
    try:
        raw = _extract_text(path)
        meta, body = split_front_matter(raw) if path.suffix.lower() in {".md", ".markdown"} else ({}, raw)
    except (UnicodeDecodeError, yaml.YAMLError, BadRequest, ValueError, OSError) as exc:
        raise BadRequest(f"{path}: cannot read document ({exc})") from exc
    body = body.strip()
    first_heading = next((ln.lstrip("# ").strip() for ln in body.splitlines() if ln.startswith("#")), "")
    return Document(
        doc_id=str(meta.get("id") or path.stem),
        title=str(meta.get("title") or first_heading or path.stem),
        citation=str(meta.get("citation") or meta.get("title") or path.stem),
        jurisdiction=str(meta.get("jurisdiction") or "").upper(),
        kind=str(meta.get("kind") or "").lower(),
        lang=str(meta.get("lang") or _guess_lang(body)).lower(),
        text=body,
        source=str(path),
        sha256=sha256 or file_sha256(path),
    )


def iter_documents(paths: Iterable[Path]) -> Iterator[Document]:
    """Load every supported document below the given paths."""
    for path in find_documents(paths):
        yield load_document(path)
