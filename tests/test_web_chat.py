"""The borrower chat: demo and signed links, messages, plans, takeover, clause pages."""

import re
from urllib.parse import urlparse

import pytest
from sqlmodel import Session, select
from web_helpers import json_headers

from mediation.audit import verify_chain
from mediation.chat_links import read_chat_link, sign_chat_link
from mediation.errors import Unauthorized
from mediation.models import Conversation

ACCOUNT = {"principal": 5000, "outstanding": 5600, "overdue_days": 20, "currency": "CNY", "penalty_interest": 400,
           "fees": 200, "product": "消费贷"}  # fmt: skip
HARDSHIP = "我失业了，这个月实在还不上，能不能分期还款？"


def start_demo(client, lang="zh"):
    response = client.get(f"/chat?demo=1&lang={lang}")
    assert response.status_code == 302 and response.headers["Location"] == "/chat"
    return client.get("/chat")


def say(client, text):
    return client.post("/chat/messages", json={"text": text}, headers=json_headers(client, "/chat"))


@pytest.mark.parametrize(("lang", "words"), [("zh", ["在线协商", "演示账户", "隐私说明"]),
                                              ("en", ["Talk to us", "Demo account", "Privacy notice"])])  # fmt: skip
def test_the_demo_chat_is_labelled_in_both_languages(client, lang, words):
    page = start_demo(client, lang).get_data(as_text=True)
    assert all(word in page for word in words)
    assert 'aria-live="polite"' in page


def test_the_conversation_token_stays_in_the_session(client, app):
    page = start_demo(client).get_data(as_text=True)
    with Session(app.extensions["mediation"].engine) as session:
        conversation = session.exec(select(Conversation)).one()
    assert conversation.token_digest and "ct_" not in page
    with client.session_transaction() as flask_session:
        assert flask_session["chat"]["token"].startswith("ct_")


def test_a_borrower_negotiates_and_accepts_a_plan(client, app):
    start_demo(client)
    reply = say(client, HARDSHIP)
    assert reply.status_code == 200
    data = reply.json
    assert data["reply"]["text"] and "risk" not in data["reply"] and data["plan_options"]
    option = data["plan_options"][0]
    assert option["id"] in client.get("/chat").get_data(as_text=True)
    accepted = client.post("/chat/plan", json={"option_id": option["id"]}, headers=json_headers(client, "/chat"))
    assert accepted.status_code == 200 and accepted.json["accepted"]["id"] == option["id"]
    again = client.post("/chat/plan", json={"option_id": option["id"]}, headers=json_headers(client, "/chat"))
    assert again.status_code == 409
    with Session(app.extensions["mediation"].engine) as session:
        assert session.exec(select(Conversation)).one().accepted_option_id == option["id"]
        assert verify_chain(session=session).ok


def test_an_option_that_was_not_offered_is_refused(client):
    start_demo(client)
    response = client.post("/chat/plan", json={"option_id": "waive-everything"}, headers=json_headers(client, "/chat"))
    assert response.status_code == 409


def test_a_wrong_number_visitor_sees_no_account_details(client):
    page = start_demo(client).get_data(as_text=True)
    reply = say(client, "你们打错了，我不认识这个人，这不是我的贷款")
    assert reply.json["escalate"] and not reply.json["plan_options"]
    page = client.get("/chat").get_data(as_text=True)
    for amount in ("8650", "8000", "450", "35"):
        assert amount not in re.sub(r"<[^>]+>", " ", page)
    assert "已转交人工处理" in page and "hidden" not in page.split('id="escalated"')[1].split(">")[0]


def test_a_colleagues_message_reaches_the_borrower(client, app):
    start_demo(client)
    say(client, "你们打错了，我不认识这个人")
    with app.app_context(), Session(app.extensions["mediation"].engine) as session:
        conversation = session.exec(select(Conversation)).one()
        app.extensions["mediation"].engine_service.handle_agent(
            session=session,
            conversation=conversation,
            text="您好，我是客服小李，我们会核实号码。",
            context=None,
            actor="li",
        )
    polled = client.get("/chat/messages?after=1", headers={"Accept": "application/json"}).json
    assert polled["escalate"] and polled["messages"][-1] == {
        "seq": 2,
        "who": "agent",
        "text": "您好，我是客服小李，我们会核实号码。",
    }


def test_a_signed_link_from_the_cli_opens_a_chat(client, runner, app):
    result = runner.invoke(args=["mediation", "chat-link", "--account", '{"principal": 5000, "outstanding": 5600, '
                                 '"overdue_days": 20, "currency": "cny"}', "--lang", "en"])  # fmt: skip
    assert result.exit_code == 0, result.output
    url = urlparse(result.output.strip())
    response = client.get(f"{url.path}?{url.query}")
    assert response.status_code == 302
    assert "Talk to us" in client.get("/chat").get_data(as_text=True)
    with Session(app.extensions["mediation"].engine) as session:
        conversation = session.exec(select(Conversation)).one()
    assert conversation.lang == "en" and '"currency": "CNY"' in conversation.account_json


def test_a_tampered_or_foreign_link_is_refused(client):
    token = sign_chat_link("another-secret", ACCOUNT)
    response = client.get(f"/chat?a={token}", headers={"Accept": "text/html"})
    assert response.status_code == 400 and "链接无效" in response.get_data(as_text=True)
    assert say(client, "你好").status_code == 401


def test_links_expire_and_carry_only_valid_accounts():
    token = sign_chat_link("s", ACCOUNT, lang="zh")
    assert read_chat_link("s", token)["account"]["outstanding"] == 5600
    with pytest.raises(Unauthorized):
        read_chat_link("s", token, max_age=-1)
    with pytest.raises(Unauthorized):
        read_chat_link("s", token[:-2] + "xx")


def test_chat_calls_need_a_conversation(client):
    response = client.post("/chat/messages", json={"text": "hi"}, headers=json_headers(client, "/chat"))
    assert response.status_code == 401
    assert "从贷款机构" in client.get("/chat").get_data(as_text=True)


def test_restart_forgets_the_conversation(client):
    start_demo(client)
    response = client.post("/chat/restart", data={"csrf_token": json_headers(client, "/chat")["X-CSRFToken"]})
    assert response.headers["Location"] == "/chat?demo=1"


def test_a_clause_page_renders_the_document_text(client):
    page = client.get("/knowledge/t-policy-instalments")
    assert page.status_code == 200 and "12 monthly instalments" in page.get_data(as_text=True)
    missing = client.get("/knowledge/nope", headers={"Accept": "text/html"})
    assert missing.status_code == 404 and "<html" in missing.get_data(as_text=True)
