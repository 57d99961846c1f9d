"""Dense vector search over normalised embeddings. The only module that imports `faiss`."""

from __future__ import annotations

from pathlib import Path

import faiss
import numpy as np

from mediation.errors import ConfigurationError

INDEX_KINDS = ("flat", "hnsw")
HNSW_NEIGHBOURS = 32
HNSW_SEARCH_DEPTH = 128


class VectorIndex:
    """Inner-product search: exact (`flat`) by default, HNSW for large corpora."""

    def __init__(self, index: faiss.Index):
        self._index = index

    @classmethod
    def build(cls, vectors: np.ndarray, *, kind: str = "flat") -> VectorIndex:
        """Index L2-normalised float32 vectors (inner product equals cosine)."""
        if kind not in INDEX_KINDS:
            raise ConfigurationError(f"index kind must be one of {INDEX_KINDS}, not {kind!r}")
        dim = vectors.shape[1]
        if kind == "flat":
            index = faiss.IndexFlatIP(dim)
        else:
            index = faiss.IndexHNSWFlat(dim, HNSW_NEIGHBOURS, faiss.METRIC_INNER_PRODUCT)
            index.hnsw.efSearch = HNSW_SEARCH_DEPTH
        if len(vectors):
            index.add(np.ascontiguousarray(vectors, dtype=np.float32))
        return cls(index)

    @classmethod
    def read(cls, path: Path) -> VectorIndex:
        """Load an index written by `write`."""
        index = faiss.read_index(str(path))
        if isinstance(index, faiss.IndexHNSWFlat):
            index.hnsw.efSearch = HNSW_SEARCH_DEPTH
        return cls(index)

    def write(self, path: Path) -> None:
        """Persist the index."""
        faiss.write_index(self._index, str(path))

    @property
    def size(self) -> int:
        return int(self._index.ntotal)

    @property
    def dimension(self) -> int:
        return int(self._index.d)

    def search(
        self, queries: np.ndarray, k: int, *, allowed: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Return (scores, positions) of the `k` best vectors per query; -1 pads missing hits.

        `allowed`, when given, is the sorted array of positions a result may come from.
        """
        queries = np.ascontiguousarray(np.atleast_2d(queries), dtype=np.float32)
        k = max(1, min(k, self.size))
        params = None
        if allowed is not None:
            selector = faiss.IDSelectorBatch(np.asarray(allowed, dtype=np.int64))
            params = (
                faiss.SearchParametersHNSW(sel=selector, efSearch=HNSW_SEARCH_DEPTH)
                if isinstance(self._index, faiss.IndexHNSWFlat)
                else faiss.SearchParameters(sel=selector)
            )
        scores, positions = self._index.search(queries, k, params=params)
        return scores, positions
