import csv
import io
import json

import pytest
from sqlmodel import Session, select

from mediation.audit import append_record, iter_exchanges, verify_chain
from mediation.audit_export import csv_chunks, jsonl_chunks, write_xlsx
from mediation.models import AuditHead, Exchange


def record(n: int, score: int = 0, category: str | None = None) -> dict:
    flags = [{"category": category, "start": 0, "end": 2, "evidence": "坐牢"}] if category else []
    return {
        "conversation_id": f"c{n % 3}",
        "channel": "self_service",
        "kind": "message",
        "speaker": "borrower",
        "text": f"第{n}条消息：我失业了，能分期吗",
        "reply": {"text": "我们理解您的困难，可以为您申请分期。", "source": "composer"},
        "risk": {"score": score, "level": "high" if score > 60 else "none", "flags": flags},
        "citations": [{"doc_id": "policy-zh-instalments", "citation": "《还款与调解政策》第2部分"}],
    }


@pytest.fixture
def session(app):
    with Session(app.extensions["mediation"].engine) as session:
        for n in range(1, 6):
            append_record(
                session=session, payload=record(n, score=80 if n == 4 else 5, category="threat" if n == 4 else None)
            )
        session.commit()
        yield session


def test_an_untouched_chain_verifies(session):
    report = verify_chain(session=session)
    assert report.ok and report.records == 5
    hashes = [e.hash for e in iter_exchanges(session=session)]
    assert len(set(hashes)) == 5


def tamper(session, at: int, **changes):
    exchange = session.exec(select(Exchange).where(Exchange.seq == at)).one()
    for key, value in changes.items():
        setattr(exchange, key, value)
    session.add(exchange)
    session.commit()


def test_altered_text_is_detected(session):
    exchange = session.exec(select(Exchange).where(Exchange.seq == 3)).one()
    tamper(session, 3, record=exchange.record.replace("分期", "全免"))
    report = verify_chain(session=session)
    assert (report.ok, report.broken_seq) == (False, 3) and "altered" in report.reason


def test_altered_filter_column_is_detected(session):
    tamper(session, 4, risk_score=0)
    assert verify_chain(session=session).broken_seq == 4


def test_removed_record_is_detected(session):
    session.delete(session.exec(select(Exchange).where(Exchange.seq == 2)).one())
    session.commit()
    report = verify_chain(session=session)
    assert report.broken_seq == 3 and "removed" in report.reason


def test_reordered_records_are_detected(session):
    tamper(session, 2, seq=100)
    tamper(session, 3, seq=2)
    tamper(session, 100, seq=3)
    assert verify_chain(session=session).broken_seq == 2


def test_removed_tail_is_detected(session):
    session.delete(session.exec(select(Exchange).where(Exchange.seq == 5)).one())
    session.commit()
    report = verify_chain(session=session)
    assert not report.ok and "tail" in report.reason
    assert session.get(AuditHead, 1).seq == 5


def test_filters(session):
    assert [e.seq for e in iter_exchanges(session=session, min_score=50)] == [4]
    assert [e.seq for e in iter_exchanges(session=session, category="threat")] == [4]
    assert [e.seq for e in iter_exchanges(session=session, conversation="c1")] == [1, 4]
    assert [e.seq for e in iter_exchanges(session=session, batch=2)] == [1, 2, 3, 4, 5]


def test_exports_keep_the_chinese_and_the_hashes(session, tmp_path):
    text = "".join(csv_chunks(iter_exchanges(session=session)))
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert len(rows) == 5 and rows[0]["inbound_text"] == "第1条消息：我失业了，能分期吗"
    assert rows[3]["categories"] == "threat" and len(rows[0]["hash"]) == 64
    lines = "".join(jsonl_chunks(iter_exchanges(session=session))).splitlines()
    assert json.loads(lines[0])["record"]["reply"]["text"].startswith("我们理解")

    from openpyxl import load_workbook

    write_xlsx(iter_exchanges(session=session), tmp_path / "x.xlsx")
    sheet = load_workbook(tmp_path / "x.xlsx").active
    values = list(sheet.values)
    assert values[0][0] == "seq" and values[1][6] == "第1条消息：我失业了，能分期吗"


def test_cli_verify_and_export(app, session, tmp_path):
    runner = app.test_cli_runner()
    ok = runner.invoke(args=["audit", "verify"])
    assert ok.exit_code == 0 and "5 records" in ok.output
    out = tmp_path / "e.csv"
    assert (
        runner.invoke(args=["audit", "export", "--format", "csv", "--min-score", "50", "--out", str(out)]).exit_code
        == 0
    )
    assert out.read_text(encoding="utf-8-sig").count("\n") == 2
    tamper(session, 2, risk_score=99)
    broken = runner.invoke(args=["audit", "verify"])
    assert broken.exit_code == 1 and "record 2" in broken.output
    assert runner.invoke(args=["audit", "export", "--format", "xlsx"]).exit_code == 2
    assert runner.invoke(args=["audit", "export", "--since", "yesterday"]).exit_code == 2
