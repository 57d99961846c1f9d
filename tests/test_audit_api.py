import csv
import io
import json

from sqlmodel import Session
from test_audit import record

from mediation.audit import append_record


def seed(app, n=5):
    with Session(app.extensions["mediation"].engine) as session:
        for i in range(1, n + 1):
            append_record(
                session=session,
                payload=record(i, score=90 if i % 2 == 0 else 5, category="threat" if i % 2 == 0 else None),
            )
        session.commit()


def test_auditor_role_is_required(client, api_key):
    assert client.get("/api/v1/audit/exchanges").status_code == 401
    assert client.get("/api/v1/audit/exchanges", headers=api_key("agent")).status_code == 403
    assert client.get("/api/v1/audit/exchanges", headers=api_key("auditor")).status_code == 200


def test_filtered_pages(app, client, api_key):
    seed(app)
    auditor = api_key("auditor")
    page = client.get("/api/v1/audit/exchanges?min_score=50", headers=auditor).json
    assert [e["seq"] for e in page["exchanges"]] == [2, 4] and page["next_after"] is None
    first = client.get("/api/v1/audit/exchanges?limit=2", headers=auditor).json
    assert [e["seq"] for e in first["exchanges"]] == [1, 2] and first["next_after"] == 2
    rest = client.get("/api/v1/audit/exchanges?limit=2&after=2", headers=auditor).json
    assert [e["seq"] for e in rest["exchanges"]] == [3, 4]
    assert (
        client.get("/api/v1/audit/exchanges?category=threat&conversation=c1", headers=auditor).json["exchanges"][0][
            "seq"
        ]
        == 4
    )
    assert client.get("/api/v1/audit/exchanges?since=not-a-date", headers=auditor).status_code == 422


def test_exports_stream_in_every_format(app, client, api_key):
    seed(app)
    auditor = api_key("auditor")
    response = client.get("/api/v1/audit/export?format=csv&min_score=50", headers=auditor)
    assert response.status_code == 200 and response.is_streamed
    text = response.get_data().decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text[1:])))
    assert [r["seq"] for r in rows] == ["2", "4"] and "我失业了" in rows[0]["inbound_text"]
    lines = client.get("/api/v1/audit/export?format=jsonl", headers=auditor).get_data(as_text=True).splitlines()
    assert len(lines) == 5 and json.loads(lines[0])["hash"]
    xlsx = client.get("/api/v1/audit/export?format=xlsx", headers=auditor)
    assert xlsx.status_code == 200 and xlsx.data[:2] == b"PK"
    xlsx.close()
    assert client.get("/api/v1/audit/export?format=pdf", headers=auditor).status_code == 422


def test_verify_endpoint(app, client, api_key):
    seed(app, 3)
    body = client.get("/api/v1/audit/verify", headers=api_key("auditor")).json
    assert body == {"ok": True, "records": 3, "broken_seq": None, "reason": ""}
