"""Retrieval benchmark: quality and latency per mode, ingestion speed, and scaling.

Usage: .venv/bin/python bench/retrieval.py [--eval ../shared/eval/retrieval] [--skip-scaling]

Besides the dev set, it scores `bench/data/retrieval.pack.jsonl`: 91 colloquial questions over the
shipped pack, written without sight of the dev set or the glossary. Many list a policy document and
its other-language twin, so "hit@5" (any relevant document in the top 5) is shown next to recall@5.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mediation.chunking import Chunk
from mediation.config import DEFAULT_MODEL_DIR, PROJECT_ROOT
from mediation.glossary import Glossary
from mediation.ingestion import ingest
from mediation.knowledge_index import KnowledgeIndex
from mediation.retrieval import MODES, Retriever
from mediation.services import shared_encoder

WARMUP = 5


def table(headers: list[str], rows: list[list]) -> str:
    """Render a plain-text table."""
    cells = [headers] + [[f"{c:.3f}" if isinstance(c, float) else str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    line = lambda r: "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True))  # noqa: E731
    return "\n".join([line(cells[0]), "  ".join("-" * w for w in widths), *map(line, cells[1:])])


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(values, q)) if values else 0.0


def evaluate(retriever: Retriever, queries: list[dict]) -> list[list]:
    rows = []
    for mode in MODES:
        for q in queries[:WARMUP]:
            retriever.search(q["query"], k=10, mode=mode)
        r1 = r5 = mrr = 0.0
        latencies = []
        for q in queries:
            started = time.perf_counter()
            ranked = [r.doc_id for r in retriever.search(q["query"], k=10, mode=mode)]
            latencies.append((time.perf_counter() - started) * 1000)
            relevant = set(q["relevant"])
            r1 += bool(set(ranked[:1]) & relevant)
            r5 += len(set(ranked[:5]) & relevant) / len(relevant)
            mrr += next((1 / (i + 1) for i, d in enumerate(ranked) if d in relevant), 0.0)
        n = len(queries)
        rows.append([mode, r1 / n, r5 / n, mrr / n, percentile(latencies, 50), percentile(latencies, 95)])
    return rows


def read_queries(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def hit_rows(retriever: Retriever, queries: list[dict]) -> list[list]:
    """Hybrid recall@5, hit@5 and MRR@10 on all queries, same-language ones and cross-language ones."""
    rows = []
    for label, subset in (("all", queries), ("same-language", [q for q in queries if not q.get("cross")]),
                          ("cross-language", [q for q in queries if q.get("cross")])):  # fmt: skip
        r5 = hit5 = mrr = 0.0
        for q in subset:
            ranked = [r.doc_id for r in retriever.search(q["query"], k=10)]
            relevant = set(q["relevant"])
            r5 += len(set(ranked[:5]) & relevant) / len(relevant)
            hit5 += bool(set(ranked[:5]) & relevant)
            mrr += next((1 / (i + 1) for i, d in enumerate(ranked) if d in relevant), 0.0)
        n = max(len(subset), 1)
        rows.append([label, len(subset), r5 / n, hit5 / n, mrr / n])
    return rows


def scaling(encoder, sizes: tuple[int, ...]) -> list[list]:
    """Index build and query latency on synthetic vectors and texts (the embedding cost is per chunk)."""
    rng = np.random.default_rng(7)
    vocabulary = [f"词{i}" for i in range(5000)] + [f"term{i}" for i in range(5000)]
    query_vectors = encoder.encode_queries(["晚上十点以后还能打电话催收吗"] * 1)
    rows = []
    for n in sizes:
        vectors = rng.standard_normal((n, encoder.dimension)).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        chunk_terms = [list(rng.choice(vocabulary, size=60)) for _ in range(n)]
        chunks = [Chunk(f"d{i}#1", f"d{i}", "t", "c", "CN", "regulation", "zh", "", "x") for i in range(n)]
        for kind in ("flat", "hnsw"):
            index = KnowledgeIndex(model="synthetic", dimension=encoder.dimension, kind=kind,
                                   chunks=chunks, terms=chunk_terms, vectors=vectors)  # fmt: skip
            started = time.perf_counter()
            index.rebuild_search_structures()
            build = time.perf_counter() - started
            retriever = Retriever(index, encoder)
            latencies = []
            for i in range(60):
                query = " ".join(rng.choice(vocabulary, size=4))
                started = time.perf_counter()
                retriever.search(query, k=10, query_vector=query_vectors)
                if i >= WARMUP:
                    latencies.append((time.perf_counter() - started) * 1000)
            rows.append([n, kind, build, percentile(latencies, 50), percentile(latencies, 95)])
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--eval", type=Path, default=PROJECT_ROOT.parent / "shared" / "eval" / "retrieval")
    parser.add_argument("--skip-scaling", action="store_true")
    args = parser.parse_args()
    encoder = shared_encoder(DEFAULT_MODEL_DIR, "auto")
    queries = read_queries(args.eval / "queries.jsonl")

    with tempfile.TemporaryDirectory() as tmp:
        report = ingest([args.eval / "corpus"], index_dir=Path(tmp) / "eval", encoder=encoder)
        print(f"eval corpus: {report.summary()}\n")
        glossary = Glossary.load(PROJECT_ROOT / "knowledge" / "glossary.yaml")
        retriever = Retriever(KnowledgeIndex.load(Path(tmp) / "eval"), encoder, glossary)
        print(table(["mode", "recall@1", "recall@5", "MRR@10", "p50 ms", "p95 ms"], evaluate(retriever, queries)))
        print()
        print(table(["hybrid on", "n", "recall@5", "hit@5", "MRR@10"], hit_rows(retriever, queries)))
        print()
        pack = ingest([PROJECT_ROOT / "knowledge"], index_dir=Path(tmp) / "pack", encoder=encoder)
        print(f"shipped knowledge pack: {pack.summary()}")
        embed_per_chunk = pack.seconds / max(pack.chunks_added, 1) * 1000
        print(f"ingestion: {pack.chunks_added / pack.seconds:.1f} chunks/s ({embed_per_chunk:.1f} ms per chunk, "
              f"passages on {encoder.passage_runtime}, bf16={encoder.bf16}; "
              f"queries on {encoder.query_runtime})\n")  # fmt: skip
        pack_queries = read_queries(PROJECT_ROOT / "bench" / "data" / "retrieval.pack.jsonl")
        pack_retriever = Retriever(KnowledgeIndex.load(Path(tmp) / "pack"), encoder, glossary)
        print("shipped pack, bench/data/retrieval.pack.jsonl (hybrid):")
        print(table(["hybrid on", "n", "recall@5", "hit@5", "MRR@10"], hit_rows(pack_retriever, pack_queries)))
        print()

    if not args.skip_scaling:
        rows = scaling(encoder, (1_000, 10_000, 100_000))
        print("scaling (synthetic vectors and texts; query time excludes the ~10-15 ms query embedding):")
        print(table(["chunks", "index", "build s", "query p50 ms", "query p95 ms"], rows))


if __name__ == "__main__":
    main()
