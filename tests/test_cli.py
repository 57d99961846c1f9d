import json
import shutil

from conftest import DATA


def test_ingest_prints_a_summary_and_search_finds_it(runner, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(DATA / "corpus", corpus)
    index = str(tmp_path / "idx")
    result = runner.invoke(args=["knowledge", "ingest", str(corpus), "--index", index])
    assert result.exit_code == 0, result.output
    assert "5 indexed" in result.output
    again = runner.invoke(args=["knowledge", "ingest", str(corpus), "--index", index])
    assert "0 indexed, 5 unchanged" in again.output

    found = runner.invoke(args=["knowledge", "search", "凌晨打电话催收", "--index", index, "-k", "2", "--json"])
    payload = json.loads(found.output)
    assert payload["results"][0]["doc_id"] == "t-quiet-hours"
    plain = runner.invoke(args=["knowledge", "search", "凌晨打电话催收", "--index", index])
    assert plain.output.startswith("1. [t-quiet-hours]")


def test_batch_search_writes_contract_jsonl(runner, tmp_path):
    queries = tmp_path / "q.jsonl"
    queries.write_text(
        json.dumps({"id": "a", "query": "半夜打电话"}, ensure_ascii=False)
        + "\n\n"
        + json.dumps({"id": "b", "query": "calls after 9pm"})
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    result = runner.invoke(args=["knowledge", "search", "--queries", str(queries), "-k", "3", "--output", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "\\u" not in text and "催收" in text
    rows = [json.loads(line) for line in text.splitlines()]
    assert [r["id"] for r in rows] == ["a", "b"]
    assert rows[1]["results"][0]["doc_id"] == "t-us-time"
    assert set(rows[0]["results"][0]) >= {"doc_id", "chunk_id", "score", "title", "citation", "text"}


def test_bad_input_is_a_clear_error(runner, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json}\n")
    result = runner.invoke(args=["knowledge", "search", "--queries", str(bad)])
    assert result.exit_code == 1 and "bad.jsonl:1" in result.output
    assert runner.invoke(args=["knowledge", "search"]).exit_code == 2
    missing = runner.invoke(args=["knowledge", "search", "x", "--index", str(tmp_path / "none")])
    assert missing.exit_code == 1 and "--rebuild" in missing.output


def test_create_key_prints_it_once(runner):
    result = runner.invoke(args=["auth", "create-key", "--role", "auditor", "--name", "audit team"])
    assert result.exit_code == 0 and result.output.startswith("mk_")
    assert runner.invoke(args=["auth", "create-key", "--role", "king", "--name", "x"]).exit_code == 2
