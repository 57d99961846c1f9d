import json

import pytest


def test_healthz(client):
    for path in ("/healthz", "/api/v1/healthz"):
        response = client.get(path)
        assert response.status_code == 200 and response.json == {"status": "ok"}


def test_openapi_lists_the_search_endpoint(client):
    document = client.get("/api/v1/openapi.json").json
    assert document["openapi"].startswith("3.")
    assert "/search" in document["paths"]


def test_search_needs_an_agent_key(client, api_key):
    assert client.get("/api/v1/search?q=催收").status_code == 401
    assert client.get("/api/v1/search?q=x", headers={"Authorization": "Bearer nope"}).status_code == 401
    forbidden = client.get("/api/v1/search?q=催收", headers=api_key("auditor"))
    assert forbidden.status_code == 403 and forbidden.json["error"]["code"] == "forbidden"
    assert client.get("/api/v1/search?q=催收", headers=api_key("supervisor")).status_code == 200


def test_search_returns_contract_fields_in_readable_utf8(client, api_key):
    response = client.get(
        "/api/v1/search", query_string={"q": "晚上十点以后还能打电话催收吗", "k": 2}, headers=api_key()
    )
    assert response.status_code == 200
    results = response.json["results"]
    assert len(results) == 2 and results[0]["doc_id"] == "t-quiet-hours"
    assert {"doc_id", "chunk_id", "score", "title", "citation", "text"} <= set(results[0])
    assert "催收时间".encode() in response.data  # not \\u-escaped


@pytest.mark.parametrize(
    ("query", "status"),
    [({"q": ""}, 422), ({"q": "x", "k": "0"}, 422), ({"q": "x", "k": "abc"}, 422), ({"q": "x", "mode": "magic"}, 422)],
)
def test_bad_search_parameters(client, api_key, query, status):
    response = client.get("/api/v1/search", query_string=query, headers=api_key())
    assert response.status_code == status
    assert set(response.json["error"]) == {"code", "message"}


def test_missing_index_is_503_with_the_rebuild_command(make_app, tmp_path, database_url):
    app = make_app(index_dir=tmp_path / "none", database_url=database_url)
    runner = app.test_cli_runner()
    key = runner.invoke(args=["auth", "create-key", "--role", "agent", "--name", "t"]).output.strip()
    response = app.test_client().get("/api/v1/search?q=x", headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 503
    assert "--rebuild" in response.json["error"]["message"]


def test_unknown_routes_and_methods_are_json(client):
    missing = client.get("/api/v1/nowhere")
    assert missing.status_code == 404 and missing.json["error"]["code"] == "not_found"
    assert client.post("/api/v1/healthz").status_code == 405


def test_oversized_body_is_413(make_app):
    app = make_app(max_request_bytes=100)

    @app.post("/echo")
    def echo():
        from flask import request

        return {"n": len(request.get_json())}

    response = app.test_client().post("/echo", data=json.dumps({"x": "y" * 500}), content_type="application/json")
    assert response.status_code == 413 and response.json["error"]["code"] == "payload_too_large"


def test_unexpected_errors_hide_the_trace(make_app):
    app = make_app()

    @app.get("/boom")
    def boom():
        raise RuntimeError("secret internals")

    response = app.test_client().get("/boom")
    assert response.status_code == 500
    assert "secret internals" not in response.get_data(as_text=True)
    assert response.json["error"]["code"] == "internal_error"
