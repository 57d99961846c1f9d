"""POST /api/v1/check: auth, validation, risk and a clean rewrite."""

import pytest

THREAT_ZH = "张先生，今天不还钱后果自负，我们就去你单位找你领导，让你同事都知道你是老赖。"


def test_check_needs_a_key(client):
    response = client.post("/api/v1/check", json={"text": "hello"})
    assert response.status_code == 401
    assert response.get_json()["error"]["code"]


def test_check_needs_the_agent_role(client, api_key):
    response = client.post("/api/v1/check", json={"text": "hello"}, headers=api_key("auditor"))
    assert response.status_code == 403


def test_check_scores_and_rewrites(client, api_key):
    headers = api_key("agent")
    response = client.post("/api/v1/check", json={"text": THREAT_ZH}, headers=headers)
    assert response.status_code == 200
    body = response.get_json()
    assert body["level"] in {"high", "critical"} and body["score"] >= 60
    assert {"threat", "third_party"} <= {f["category"] for f in body["flags"]}
    for flag in body["flags"]:
        assert THREAT_ZH[flag["start"] : flag["end"]] == flag["evidence"]
        assert flag["citation"]["doc_id"] and flag["citation"]["citation"]
    assert body["rewrite"] and body["rewrite"] != THREAT_ZH
    again = client.post("/api/v1/check", json={"text": body["rewrite"]}, headers=headers).get_json()
    assert again["flags"] == [] and again["rewrite"] == body["rewrite"]


def test_check_applies_context(client, api_key):
    body = client.post(
        "/api/v1/check",
        json={"text": "您好，提醒您本期账单已到期。", "context": {"local_time": "22:30", "attempts_today": 6}},
        headers=api_key("agent"),
    ).get_json()
    cats = {f["category"] for f in body["flags"]}
    assert cats == {"contact_time", "contact_frequency"}
    assert all(f["start"] == f["end"] == 0 for f in body["flags"])


def test_check_clean_english(client, api_key):
    text = "Hello, this is a reminder that your payment of $120 is due on Friday."
    body = client.post("/api/v1/check", json={"text": text, "lang": "en"}, headers=api_key("agent")).get_json()
    assert body["flags"] == [] and body["level"] in {"none", "low"} and body["rewrite"] == text


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"text": ""},
        {"text": 5},
        {"text": "x" * 4001},
        {"text": "hi", "speaker": "borrower"},
        {"text": "hi", "lang": "fr"},
        {"text": "hi", "context": {"local_time": "99:00"}},
        {"text": "hi", "context": {"jurisdiction": "DE"}},
    ],
)
def test_check_rejects_bad_fields(client, api_key, payload):
    response = client.post("/api/v1/check", json=payload, headers=api_key("agent"))
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "validation_failed"


def test_check_rejects_oversized_bodies(client, api_key):
    response = client.post("/api/v1/check", json={"text": "x" * 70_000}, headers=api_key("agent"))
    assert response.status_code == 413


def test_openapi_lists_check(client):
    assert "/check" in client.get("/api/v1/openapi.json").get_json()["paths"]
