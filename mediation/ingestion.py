"""Ingest documents into the knowledge index: read, chunk, embed, store; skip unchanged files."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from mediation.chunking import approx_tokens, chunk_document
from mediation.documents import file_sha256, find_documents, load_document
from mediation.embeddings import Encoder
from mediation.errors import BadRequest, IndexUnavailable
from mediation.knowledge_index import KnowledgeIndex
from mediation.lexical import terms

EMBED_BATCH = 16


@dataclass(frozen=True)
class IngestReport:
    """What one ingestion run did."""

    files_seen: int
    files_indexed: int
    files_unchanged: int
    files_removed: int
    chunks_added: int
    chunks_total: int
    seconds: float

    def summary(self) -> str:
        """One line for the end of the CLI run."""
        rate = self.chunks_added / self.seconds if self.seconds and self.chunks_added else 0.0
        return (
            f"{self.files_seen} files: {self.files_indexed} indexed, {self.files_unchanged} unchanged, "
            f"{self.files_removed} removed; {self.chunks_added} chunks added ({rate:.1f}/s), "
            f"{self.chunks_total} in the index; {self.seconds:.1f} s"
        )


def open_or_create(index_dir: Path, encoder: Encoder, *, kind: str, rebuild: bool) -> KnowledgeIndex:
    """Load the existing index for incremental ingestion, or start an empty one."""
    fresh = KnowledgeIndex(model=encoder.name, dimension=encoder.dimension, kind=kind)
    if rebuild or not (index_dir / "manifest.json").exists():
        return fresh
    try:
        index = KnowledgeIndex.load(index_dir)
    except IndexUnavailable:
        return fresh
    if (index.model, index.dimension, index.kind) != (encoder.name, encoder.dimension, kind):
        return fresh  # another model or index kind: every vector must be recomputed
    return index


def ingest(
    paths: Iterable[Path],
    *,
    index_dir: Path,
    encoder: Encoder,
    kind: str = "flat",
    rebuild: bool = False,
    on_total: Callable[[int], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> IngestReport:
    """Bring the index in `index_dir` up to date with the documents below `paths`."""
    started = time.perf_counter()
    files = [p.resolve() for p in find_documents(list(paths))]
    index = open_or_create(index_dir, encoder, kind=kind, rebuild=rebuild)

    removed = [s for s in index.sources if not Path(s).exists()]
    for source in removed:
        index.remove_source(source)

    pending = []
    unchanged = 0
    for path in files:
        sha = file_sha256(path)
        known = index.sources.get(str(path))
        if known and known.sha256 == sha:
            unchanged += 1
            continue
        pending.append(load_document(path, sha256=sha))

    _check_unique_ids(index, pending)
    for doc in pending:
        index.remove_source(doc.source)
    planned = [(doc, chunk_document(doc)) for doc in pending]
    total = sum(len(chunks) for _, chunks in planned)
    if on_total:
        on_total(total)

    # Embed everything in one pass sorted by estimated token count (not characters: a Chinese
    # character is about one token, four English ones are), so a batch carries little padding.
    texts = [c.embedding_text() for _, chunks in planned for c in chunks]
    vectors = np.zeros((len(texts), encoder.dimension), dtype=np.float32)
    order = sorted(range(len(texts)), key=lambda i: approx_tokens(texts[i]))
    for start in range(0, len(order), EMBED_BATCH):
        batch = order[start : start + EMBED_BATCH]
        vectors[batch] = encoder.encode_passages([texts[i] for i in batch])
        if on_progress:
            on_progress(len(batch))

    offset = 0
    for doc, chunks in planned:
        chunk_terms = [terms(text) for text in texts[offset : offset + len(chunks)]]
        index.add(doc.source, doc.sha256, chunks, chunk_terms, vectors[offset : offset + len(chunks)])
        offset += len(chunks)

    if pending or removed or rebuild or not (index_dir / "manifest.json").exists():
        index.rebuild_search_structures()
        index.save(index_dir)
    return IngestReport(
        files_seen=len(files),
        files_indexed=len(pending),
        files_unchanged=unchanged,
        files_removed=len(removed),
        chunks_added=total,
        chunks_total=index.size,
        seconds=time.perf_counter() - started,
    )


def _check_unique_ids(index: KnowledgeIndex, pending: list) -> None:
    owners = {entry.doc_id: source for source, entry in index.sources.items()}
    for doc in pending:
        owner = owners.get(doc.doc_id)
        if owner and owner != doc.source:
            raise BadRequest(f"document id {doc.doc_id!r} in {doc.source} is already used by {owner}")
        owners[doc.doc_id] = doc.source
