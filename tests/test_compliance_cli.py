"""`flask compliance score|train`: JSONL in, Risk lines out, Chinese unescaped."""

import json
from pathlib import Path

from mediation.compliance.training import MODEL_VERSION

PROJECT = Path(__file__).resolve().parent.parent


def write(path, rows):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def test_score_writes_one_risk_per_line(runner, tmp_path):
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    write(
        src,
        [
            {"id": "a", "text": "你再不还就坐牢，后果自负。"},
            {"id": "b", "text": "我们不会联系您的家人。", "speaker": "assistant", "lang": "zh"},
            {
                "id": "c",
                "text": "Reminder: your payment is due.",
                "context": {"local_time": "23:00", "jurisdiction": "US"},
            },
        ],
    )
    result = runner.invoke(args=["compliance", "score", "--input", str(src), "--output", str(out)])
    assert result.exit_code == 0, result.output
    raw = out.read_text(encoding="utf-8")
    assert "坐牢" in raw and "\\u" not in raw
    rows = [json.loads(line) for line in raw.splitlines()]
    assert [r["id"] for r in rows] == ["a", "b", "c"]
    assert {"score", "level", "flags"} <= set(rows[0])
    assert {"false_legal", "threat"} <= {f["category"] for f in rows[0]["flags"]}
    assert rows[1]["flags"] == []
    assert [f["category"] for f in rows[2]["flags"]] == ["contact_time"]
    assert rows[2]["flags"][0]["citation"]["doc_id"] == "us-regf-1006-6-b"


def test_score_to_stdout(runner, tmp_path):
    src = tmp_path / "in.jsonl"
    write(src, [{"id": 1, "text": "You deadbeat, pay up."}])
    result = runner.invoke(args=["compliance", "score", "--input", str(src)])
    assert result.exit_code == 0
    assert json.loads(result.output)["flags"][0]["category"] == "abuse"


def test_score_reports_bad_lines(runner, tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": 1}\n', encoding="utf-8")
    result = runner.invoke(args=["compliance", "score", "--input", str(src)])
    assert result.exit_code != 0 and "'text'" in result.output
    src.write_text('{"id": 1, "text": "hi", "context": {"local_time": "x"}}\n', encoding="utf-8")
    result = runner.invoke(args=["compliance", "score", "--input", str(src)])
    assert result.exit_code != 0 and "local_time" in result.output


def test_train_writes_the_artefact(make_app, tmp_path):
    # a small copy of the training data keeps this to seconds; the shipped model is trained elsewhere
    knowledge = tmp_path / "knowledge"
    (knowledge / "training").mkdir(parents=True)
    for source in sorted((PROJECT / "knowledge" / "training").glob("compliance*.jsonl")):
        lines = source.read_text(encoding="utf-8").splitlines()[:300]
        (knowledge / "training" / source.name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    app = make_app(knowledge_dir=knowledge, instance_dir=tmp_path / "instance")
    result = app.test_cli_runner().invoke(args=["compliance", "train"])
    assert result.exit_code == 0, result.output
    path = tmp_path / "instance" / "models" / f"{MODEL_VERSION}.joblib"
    assert path.exists() and "data" in result.output
