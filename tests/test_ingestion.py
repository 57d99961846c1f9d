import json
import shutil

import pytest

from mediation.errors import BadRequest, IndexUnavailable
from mediation.ingestion import ingest
from mediation.knowledge_index import KnowledgeIndex

from conftest import DATA


@pytest.fixture
def corpus(tmp_path):
    target = tmp_path / "corpus"
    shutil.copytree(DATA / "corpus", target)
    return target


def test_ingest_then_reingest_is_a_no_op(corpus, tmp_path, encoder):
    index_dir = tmp_path / "index"
    first = ingest([corpus], index_dir=index_dir, encoder=encoder)
    assert first.files_indexed == 5 and first.chunks_total == first.chunks_added >= 5
    before = (index_dir / "vectors.npy").stat().st_mtime_ns
    second = ingest([corpus], index_dir=index_dir, encoder=encoder)
    assert (second.files_indexed, second.files_unchanged, second.chunks_added) == (0, 5, 0)
    assert (index_dir / "vectors.npy").stat().st_mtime_ns == before
    assert "5 unchanged" in second.summary()


def test_changed_and_removed_files_are_reindexed(corpus, tmp_path, encoder):
    index_dir = tmp_path / "index"
    ingest([corpus], index_dir=index_dir, encoder=encoder)
    (corpus / "plain-note.txt").write_text("借款人可以申请延期还款。", encoding="utf-8")
    (corpus / "us-time.md").unlink()
    report = ingest([corpus], index_dir=index_dir, encoder=encoder)
    assert (report.files_indexed, report.files_removed) == (1, 1)
    index = KnowledgeIndex.load(index_dir)
    assert {c.doc_id for c in index.chunks} == {"t-quiet-hours", "t-third-party", "t-policy-instalments", "plain-note"}
    assert any("延期还款" in c.text for c in index.chunks)
    assert index.vectors.shape == (index.size, encoder.dimension) and index.dense.size == index.size


def test_duplicate_document_ids_are_refused(corpus, tmp_path, encoder):
    shutil.copy(corpus / "quiet-hours.md", corpus / "copy.md")
    with pytest.raises(BadRequest, match="t-quiet-hours"):
        ingest([corpus], index_dir=tmp_path / "index", encoder=encoder)


def test_missing_and_corrupt_index_name_the_rebuild_command(corpus, tmp_path, encoder):
    with pytest.raises(IndexUnavailable, match="--rebuild"):
        KnowledgeIndex.load(tmp_path / "nothing")
    index_dir = tmp_path / "index"
    ingest([corpus], index_dir=index_dir, encoder=encoder)
    manifest = json.loads((index_dir / "manifest.json").read_text())
    manifest["chunks"] += 1
    (index_dir / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(IndexUnavailable, match=r"corrupt.*--rebuild"):
        KnowledgeIndex.load(index_dir)
    (index_dir / "dense.faiss").write_bytes(b"garbage")
    with pytest.raises(IndexUnavailable):
        KnowledgeIndex.load(index_dir)
    assert ingest([corpus], index_dir=index_dir, encoder=encoder, rebuild=True).files_indexed == 5
    assert KnowledgeIndex.load(index_dir).size > 0


def test_hnsw_index_kind(corpus, tmp_path, encoder):
    index_dir = tmp_path / "index"
    ingest([corpus], index_dir=index_dir, encoder=encoder, kind="hnsw")
    assert KnowledgeIndex.load(index_dir).kind == "hnsw"
