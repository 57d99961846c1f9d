"""The persisted knowledge index: chunk store, embeddings, FAISS index and lexical terms.

Layout of `MEDIATION_INDEX_DIR`: `manifest.json` (model, sources and their hashes),
`chunks.jsonl` (one chunk and its lexical terms per line, in vector order), `vectors.npy`,
`dense.faiss`.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from mediation.chunking import Chunk
from mediation.errors import IndexUnavailable
from mediation.lexical import LexicalIndex
from mediation.vector_index import VectorIndex

FORMAT_VERSION = 1
#: Chunk fields a search can be filtered on.
FILTER_FIELDS = ("jurisdiction", "kind", "lang")
REBUILD_HINT = "flask --app app knowledge ingest knowledge --rebuild"


@dataclass
class Source:
    """A file that was ingested, and what it produced."""

    doc_id: str
    sha256: str


@dataclass
class KnowledgeIndex:
    """Chunks with their vectors; the dense and lexical indexes are derived from them."""

    model: str
    dimension: int
    kind: str = "flat"
    chunks: list[Chunk] = field(default_factory=list)
    terms: list[list[str]] = field(default_factory=list)
    vectors: np.ndarray | None = None
    sources: dict[str, Source] = field(default_factory=dict)
    dense: VectorIndex | None = None
    lexical: LexicalIndex | None = None
    openings: dict[str, Chunk] = field(default_factory=dict)
    #: (field, value) -> sorted chunk positions, for the filterable fields.
    positions: dict[tuple[str, str], np.ndarray] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.vectors is None:
            self.vectors = np.zeros((0, self.dimension), dtype=np.float32)

    @property
    def size(self) -> int:
        return len(self.chunks)

    def first_chunk(self, doc_id: str) -> Chunk | None:
        """The opening chunk of a document, if it is indexed."""
        return self.openings.get(doc_id)

    def positions_where(self, name: str, value: str) -> np.ndarray:
        """Sorted positions of the chunks whose `name` (jurisdiction, kind, lang) is `value`."""
        return self.positions.get((name, value), np.zeros(0, dtype=np.int64))

    def rebuild_search_structures(self) -> None:
        """Recreate the FAISS and BM25 structures and the document lookup from the chunks and vectors."""
        self.dense = VectorIndex.build(self.vectors, kind=self.kind)
        self._rebuild_lookups()

    def _rebuild_lookups(self) -> None:
        self.lexical = LexicalIndex(self.terms)
        self.openings = {}
        found: dict[tuple[str, str], list[int]] = {}
        for position, chunk in enumerate(self.chunks):
            self.openings.setdefault(chunk.doc_id, chunk)
            for name in FILTER_FIELDS:
                found.setdefault((name, getattr(chunk, name)), []).append(position)
        self.positions = {key: np.array(hits, dtype=np.int64) for key, hits in found.items()}

    def remove_source(self, source: str) -> None:
        """Drop a source file and every chunk of its document."""
        entry = self.sources.pop(source, None)
        if entry is None:
            return
        keep = [i for i, c in enumerate(self.chunks) if c.doc_id != entry.doc_id]
        self.chunks = [self.chunks[i] for i in keep]
        self.terms = [self.terms[i] for i in keep]
        self.vectors = self.vectors[keep]

    def add(self, source: str, sha256: str, chunks: list[Chunk], terms: list[list[str]], vectors: np.ndarray) -> None:
        """Append the chunks of one source file."""
        doc_id = chunks[0].doc_id if chunks else Path(source).stem
        self.sources[source] = Source(doc_id=doc_id, sha256=sha256)
        self.chunks.extend(chunks)
        self.terms.extend(terms)
        self.vectors = np.vstack([self.vectors, vectors.astype(np.float32)])

    def save(self, directory: Path) -> None:
        """Write the index atomically enough: every file goes to a temporary name first."""
        directory.mkdir(parents=True, exist_ok=True)
        if self.dense is None:
            self.rebuild_search_structures()
        manifest = {
            "format": FORMAT_VERSION,
            "model": self.model,
            "dimension": self.dimension,
            "kind": self.kind,
            "chunks": self.size,
            "sources": {s: asdict(v) for s, v in sorted(self.sources.items())},
        }
        with _replacing(directory / "chunks.jsonl") as tmp, tmp.open("w", encoding="utf-8") as out:
            for chunk, chunk_terms in zip(self.chunks, self.terms, strict=True):
                out.write(json.dumps({"chunk": asdict(chunk), "terms": chunk_terms}, ensure_ascii=False) + "\n")
        with _replacing(directory / "vectors.npy") as tmp, tmp.open("wb") as out:
            np.save(out, self.vectors)
        with _replacing(directory / "dense.faiss") as tmp:
            self.dense.write(tmp)
        with _replacing(directory / "manifest.json") as tmp:
            tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")

    @classmethod
    def load(cls, directory: Path) -> KnowledgeIndex:
        """Read a saved index, or raise `IndexUnavailable` naming the rebuild command."""
        manifest_path = directory / "manifest.json"
        if not manifest_path.exists():
            raise IndexUnavailable(f"no knowledge index in {directory}; build it with: {REBUILD_HINT}")
        try:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
            if manifest.get("format") != FORMAT_VERSION:
                raise ValueError(f"format {manifest.get('format')!r}, expected {FORMAT_VERSION}")
            chunks, terms = [], []
            with (directory / "chunks.jsonl").open(encoding="utf-8") as lines:
                for line in lines:
                    row = json.loads(line)
                    chunks.append(Chunk(**row["chunk"]))
                    terms.append(row["terms"])
            vectors = np.load(directory / "vectors.npy")
            dense = VectorIndex.read(directory / "dense.faiss")
            expected = (manifest["chunks"], manifest["chunks"], manifest["dimension"])
            if (len(chunks), dense.size, dense.dimension) != expected or vectors.shape != (
                len(chunks),
                manifest["dimension"],
            ):
                raise ValueError("chunk store, vectors and FAISS index disagree")
        except (OSError, ValueError, KeyError, TypeError, RuntimeError) as exc:
            raise IndexUnavailable(
                f"the knowledge index in {directory} is corrupt ({exc}); rebuild it with: {REBUILD_HINT}"
            ) from exc
        index = cls(
            model=manifest["model"],
            dimension=manifest["dimension"],
            kind=manifest.get("kind", "flat"),
            chunks=chunks,
            terms=terms,
            vectors=vectors,
            sources={s: Source(**v) for s, v in manifest["sources"].items()},
            dense=dense,
        )
        index._rebuild_lookups()
        return index


@contextmanager
def _replacing(path: Path) -> Iterator[Path]:
    """Yield a temporary path that replaces `path` when the block succeeds."""
    tmp = path.with_name(path.name + ".tmp")
    try:
        yield tmp
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    os.replace(tmp, path)
