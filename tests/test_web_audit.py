"""The audit dashboard: filters, counts, chart, drill-down, exports, chain status; new log filters."""

import csv
import io
import json

import pytest
from openpyxl import load_workbook
from sqlmodel import Session, select
from web_helpers import signed_in

from mediation.audit import append_record, distinct_actors, iter_exchanges, verify_chain
from mediation.models import Exchange


def payload(n, *, level="none", score=0, channel="self_service", actor=None, escalate=False, category=None):
    flags = [{"category": category, "start": 0, "end": 2, "evidence": "坐牢"}] if category else []
    record = {"conversation_id": f"conv-{n % 2}", "channel": channel, "kind": "message", "speaker": "borrower",
              "text": f"第{n}条：你再不还钱就去坐牢", "escalate": escalate,
              "reply": {"text": "我们理解您的困难。", "source": "composer"},
              "risk": {"score": score, "level": level, "flags": flags}}  # fmt: skip
    if actor:
        record["actor"] = actor
    return record


@pytest.fixture
def logged(app):
    with Session(app.extensions["mediation"].engine) as session:
        append_record(session=session, payload=payload(1))
        append_record(session=session, payload=payload(2, level="high", score=80, category="threat", actor="wang",
                                                       channel="agent_assist"))  # fmt: skip
        append_record(session=session, payload=payload(3, level="critical", score=95, category="false_legal",
                                                       escalate=True))  # fmt: skip
        append_record(session=session, payload=payload(4, level="low", score=15, actor="li", channel="agent_assist"))
        session.commit()
    return app


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"levels": ["high", "critical"]}, [2, 3]), ({"channel": "agent_assist"}, [2, 4]), ({"actor": "wang"}, [2]),
        ({"escalated": True}, [3]), ({"escalated": False}, [1, 2, 4]), ({"category": "threat"}, [2]),
        ({"kind": "message", "levels": ["low"]}, [4]),
    ],
)  # fmt: skip
def test_the_log_filters(logged, filters, expected):
    with Session(logged.extensions["mediation"].engine) as session:
        assert [e.seq for e in iter_exchanges(session=session, **filters)] == expected
        assert distinct_actors(session=session) == ["li", "wang"]


def test_the_actor_column_is_checked_by_the_chain(logged):
    with Session(logged.extensions["mediation"].engine) as session:
        assert verify_chain(session=session).ok
        exchange = session.exec(select(Exchange).where(Exchange.seq == 2)).one()
        exchange.actor = "someone-else"
        session.add(exchange)
        session.commit()
        assert verify_chain(session=session).broken_seq == 2


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_dashboard_counts_charts_and_verifies(client, runner, logged, lang):
    signed_in(client, runner, "auditor")
    page = client.get(f"/audit?lang={lang}").get_data(as_text=True)
    assert ("哈希链校验通过" if lang == "zh" else "hash chain verified") in page
    assert '<svg viewBox="0 0 640 240" role="img"' in page and "<rect" in page
    assert 'id="total-count">4<' in page


def test_the_dashboard_filters_high_risk(client, runner, logged):
    signed_in(client, runner, "auditor")
    page = client.get("/audit?level=high").get_data(as_text=True)
    assert 'id="total-count">2<' in page and "第2条" in page and "第1条" not in page
    page = client.get("/audit?actor=wang&escalated=no").get_data(as_text=True)
    assert 'id="total-count">1<' in page
    assert client.get("/audit?since=not-a-date", headers={"Accept": "text/html"}).status_code == 422


def test_a_broken_chain_is_shown(client, runner, logged):
    with Session(logged.extensions["mediation"].engine) as session:
        exchange = session.exec(select(Exchange).where(Exchange.seq == 3)).one()
        exchange.record = exchange.record.replace("坐牢", "还款")
        session.add(exchange)
        session.commit()
    signed_in(client, runner, "auditor")
    assert "第 3 条断开" in client.get("/audit").get_data(as_text=True)


def test_drill_down_shows_a_whole_conversation(client, runner, logged):
    signed_in(client, runner, "auditor")
    page = client.get("/audit/c/conv-0", headers={"Accept": "text/html"})
    assert page.status_code == 404  # exchanges without a stored conversation have nothing to drill into
    start = client.get("/chat?demo=1")
    assert start.status_code == 302
    client.post("/chat/messages", json={"text": "我失业了，能不能分期？"},
                headers={"X-CSRFToken": client.get("/chat").get_data(as_text=True).split('csrf-token" content="')[1]
                         .split('"')[0], "Accept": "application/json"})  # fmt: skip
    with Session(logged.extensions["mediation"].engine) as session:
        conversation_id = list(iter_exchanges(session=session))[-1].conversation_id
    page = client.get(f"/audit/c/{conversation_id}").get_data(as_text=True)
    assert "我失业了" in page and "composer" in page and "哈希" in page


def test_csv_export_is_excel_ready_with_chinese_and_hashes(client, runner, logged):
    signed_in(client, runner, "auditor")
    response = client.get("/audit/export?format=csv&level=high")
    body = response.get_data()
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert body.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert [r["seq"] for r in rows] == ["2", "3"] and rows[0]["inbound_text"] == "第2条：你再不还钱就去坐牢"
    assert len(rows[0]["hash"]) == 64


def test_jsonl_and_xlsx_exports(client, runner, logged):
    signed_in(client, runner, "auditor")
    lines = client.get("/audit/export?format=jsonl&actor=li").get_data(as_text=True).splitlines()
    assert [json.loads(line)["seq"] for line in lines] == [4] and "第4条" in lines[0]
    xlsx = client.get("/audit/export?format=xlsx").get_data()
    sheet = load_workbook(io.BytesIO(xlsx), read_only=True)["exchanges"]
    values = [row for row in sheet.iter_rows(values_only=True)]
    assert len(values) == 5 and "第1条" in values[1][6]
    assert client.get("/audit/export?format=pdf").status_code == 422


def test_the_cli_export_takes_the_same_filters(runner, logged, tmp_path):
    out = tmp_path / "high.csv"
    result = runner.invoke(args=["audit", "export", "--format", "csv", "--level", "high", "--level", "critical",
                                 "--channel", "self_service", "--out", str(out)])  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert [r["seq"] for r in rows] == ["3"]
