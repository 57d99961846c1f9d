"""The agent side panel: queue, panel, draft check, sending, plans, search."""

import json

import pytest
from sqlmodel import Session, select
from web_helpers import json_headers, signed_in

from mediation.audit import iter_exchanges, verify_chain
from mediation.conversations import create_conversation
from mediation.models import Conversation

THREAT = "再不还钱就让你坐牢，还要告诉你全家和单位！"
ACCOUNT = {"principal": 5000, "outstanding": 5600, "overdue_days": 20, "currency": "CNY", "penalty_interest": 400,
           "fees": 200}  # fmt: skip


def new_assist(app, **account) -> str:
    with Session(app.extensions["mediation"].engine) as session:
        conversation, _ = create_conversation(session=session, channel="agent_assist", lang="zh",
                                              account=account or ACCOUNT)  # fmt: skip
        return conversation.id


def post(client, path, body, page="/agent"):
    return client.post(path, json=body, headers=json_headers(client, page))


@pytest.mark.parametrize(("lang", "words"), [("zh", ["待处理队列", "转人工", "最近会话"]),
                                              ("en", ["Queue", "Escalations", "Recent conversations"])])  # fmt: skip
def test_the_queue_renders_in_both_languages(client, runner, app, lang, words):
    signed_in(client, runner, "agent")
    new_assist(app)
    page = client.get(f"/agent?lang={lang}").get_data(as_text=True)
    assert all(word in page for word in words)


def test_escalations_come_first_with_their_reason(client, runner, app):
    signed_in(client, runner, "agent")
    quiet = new_assist(app)
    with Session(app.extensions["mediation"].engine) as session:
        urgent, _ = create_conversation(session=session, channel="self_service", lang="zh", account=ACCOUNT)
        urgent.status, urgent.escalation_reason = "escalated", "vulnerability"
        session.add(urgent)
        session.commit()
        urgent_id = urgent.id
    page = client.get("/agent").get_data(as_text=True)
    assert page.index(urgent_id[:8]) < page.index(quiet[:8]) and "脆弱" in page


def test_the_panel_shows_the_conversation_at_a_glance(client, runner, app):
    signed_in(client, runner, "agent")
    conversation_id = new_assist(app)
    reply = post(
        client, f"/agent/api/c/{conversation_id}/borrower", {"text": "我失业了，这个月实在还不上，能不能分期还款？"}
    )
    assert reply.status_code == 200 and reply.json["reply"]["text"]
    page = client.get(f"/agent/c/{conversation_id}").get_data(as_text=True)
    assert "经济困难" in page and "建议回复" in page and "level-" in page and "5600" in page
    english = client.get(f"/agent/c/{conversation_id}?lang=en").get_data(as_text=True)
    assert "Suggested reply" in english and "Check my draft" in english


def test_check_my_draft_returns_spans_and_a_rewrite(client, runner):
    signed_in(client, runner, "agent")
    data = post(client, "/agent/api/check", {"text": THREAT, "lang": "zh"}).json
    assert data["level"] in ("high", "critical") and data["rewrite"] != THREAT
    flag = next(f for f in data["flags"] if f["category"] == "threat")
    assert THREAT[flag["start"] : flag["end"]] == flag["evidence"]
    clean = post(client, "/agent/api/check", {"text": data["rewrite"], "lang": "zh"}).json
    assert clean["flags"] == []


def test_a_high_risk_message_is_blocked_and_logged_with_the_agent(client, runner, app):
    name = signed_in(client, runner, "agent", "wang")
    conversation_id = new_assist(app)
    blocked = post(client, f"/agent/api/c/{conversation_id}/send", {"text": THREAT})
    assert blocked.status_code == 422 and blocked.json["error"]["code"] == "message_blocked"
    assert blocked.json["error"]["risk"]["flags"]
    sent = post(client, f"/agent/api/c/{conversation_id}/send", {"text": "您好，我们可以一起看看适合您的还款安排。"})
    assert sent.status_code == 200
    with Session(app.extensions["mediation"].engine) as session:
        records = [json.loads(e.record) for e in iter_exchanges(session=session, actor=name)]
        assert [r["blocked"] for r in records] == [True, False]
        assert verify_chain(session=session).ok


def test_agents_do_not_write_into_an_open_self_service_chat(client, runner, app):
    signed_in(client, runner, "agent")
    with Session(app.extensions["mediation"].engine) as session:
        conversation, _ = create_conversation(session=session, channel="self_service", lang="zh", account=ACCOUNT)
        conversation_id = conversation.id
    response = post(client, f"/agent/api/c/{conversation_id}/send", {"text": "您好"})
    assert response.status_code == 403


@pytest.mark.parametrize(("role", "authority", "longest"), [("agent", "agent", 24), ("supervisor", "supervisor", 36)])
def test_the_plan_calculator_stays_within_the_role(client, runner, app, role, authority, longest):
    signed_in(client, runner, role)
    data = post(client, "/agent/api/plans", {"conversation_id": new_assist(app), "hardship": True}).json
    assert data["authority"] == authority
    months = [o["terms"]["months"] for o in data["options"] if o["kind"] == "instalments"]
    assert max(months) == longest


def test_plans_refuse_a_bad_account(client, runner):
    signed_in(client, runner, "agent")
    response = post(client, "/agent/api/plans", {"account": {"principal": -1}})
    assert response.status_code == 422


def test_quick_knowledge_search(client, runner):
    signed_in(client, runner, "agent")
    response = client.get("/agent/api/search?q=晚上几点以后不能打电话", headers={"Accept": "application/json"})
    assert response.status_code == 200 and response.json["results"]
    assert {"doc_id", "title", "citation", "text"} <= set(response.json["results"][0])


def test_a_new_assist_conversation_from_the_form(client, runner, app):
    signed_in(client, runner, "agent")
    token = json_headers(client, "/agent")["X-CSRFToken"]
    form = {"outstanding": "3200.50", "overdue_days": "12", "principal": "3000", "currency": "CNY", "csrf_token": token}
    response = client.post("/agent/conversations", data=form)
    assert response.status_code == 302
    with Session(app.extensions["mediation"].engine) as session:
        conversation = session.exec(select(Conversation)).one()
    assert json.loads(conversation.account_json)["outstanding"] == "3200.50"
    assert response.headers["Location"].endswith(conversation.id)
