"""Sign-in for the pages: CLI users, login/logout, CSRF, roles, cookies, rate limits."""

import pytest
from web_helpers import PASSWORD, csrf_token, json_headers, login, make_user, signed_in


def test_create_user_reads_the_password_from_stdin_never_an_argument(runner):
    result = runner.invoke(args=["auth", "create-user", "--role", "agent", "--username", "wang"], input=PASSWORD + "\n")
    assert result.exit_code == 0 and "wang" in result.output and PASSWORD not in result.output
    refused = runner.invoke(args=["auth", "create-user", "--role", "agent", "--username", "x", "--password", "p"])
    assert refused.exit_code != 0
    short = runner.invoke(args=["auth", "create-user", "--role", "agent", "--username", "li"], input="short\n")
    assert short.exit_code == 1 and "at least" in short.output
    again = runner.invoke(args=["auth", "create-user", "--role", "agent", "--username", "wang"], input=PASSWORD + "\n")
    assert again.exit_code == 1 and "taken" in again.output


def test_login_then_logout(client, runner):
    make_user(runner, "agent", "wang")
    response = login(client, "wang", next="/agent")
    assert response.status_code == 302 and response.headers["Location"] == "/agent"
    assert client.get("/agent").status_code == 200
    response = client.post("/logout", data={"csrf_token": csrf_token(client, "/agent")})
    assert response.status_code == 302
    assert client.get("/agent").status_code == 302


def test_failed_logins_do_not_reveal_whether_the_user_exists(client, runner):
    make_user(runner, "agent", "wang")
    wrong_password = login(client, "wang", "not the password")
    unknown_user = login(client, "nobody", PASSWORD)
    assert wrong_password.status_code == unknown_user.status_code == 401
    assert "用户名或密码不正确" in wrong_password.get_data(as_text=True)
    strip = lambda r: r.get_data(as_text=True).split('name="csrf-token"')[0]  # noqa: E731
    assert strip(wrong_password) == strip(unknown_user)


def test_login_never_redirects_off_site(client, runner):
    make_user(runner, "agent", "wang")
    assert login(client, "wang", next="//evil.example/x").headers["Location"] == "/agent"


def test_logins_are_rate_limited(client, runner):
    make_user(runner, "agent", "wang")
    statuses = [login(client, "wang", "wrong password").status_code for _ in range(11)]
    assert statuses[:10] == [401] * 10 and statuses[10] == 429
    assert login(client, "wang").status_code == 429


def test_forms_without_a_csrf_token_are_refused(client, runner):
    make_user(runner, "agent", "wang")
    response = client.post("/login", data={"username": "wang", "password": PASSWORD}, headers={"Accept": "text/html"})
    assert response.status_code == 400 and "<html" in response.get_data(as_text=True)
    signed_in(client, runner, "agent", "li")
    assert client.post("/logout").status_code == 400


def test_page_json_calls_need_the_csrf_header(client, runner):
    signed_in(client, runner, "agent")
    body = {"text": "请您按时还款"}
    refused = client.post("/agent/api/check", json=body, headers={"Accept": "application/json"})
    assert refused.status_code == 400 and refused.json["error"]["code"] == "bad_request"
    accepted = client.post("/agent/api/check", json=body, headers=json_headers(client, "/agent"))
    assert accepted.status_code == 200


def test_the_api_keeps_bearer_keys_and_needs_no_csrf(client, api_key):
    response = client.post("/api/v1/check", json={"text": "请您按时还款"}, headers=api_key("agent"))
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("role", "path", "status"),
    [
        ("agent", "/agent", 200), ("agent", "/audit", 403), ("agent", "/admin/users", 403),
        ("supervisor", "/agent", 200), ("auditor", "/audit", 200), ("auditor", "/agent", 403),
        ("admin", "/audit", 200), ("admin", "/agent", 200), ("admin", "/admin/users", 200),
    ],
)  # fmt: skip
def test_roles_decide_which_pages_open(client, runner, role, path, status):
    signed_in(client, runner, role)
    response = client.get(path, headers={"Accept": "text/html"})
    assert response.status_code == status
    if status == 403:
        assert "无权访问" in response.get_data(as_text=True)


def test_pages_need_a_login_and_json_calls_say_so(client):
    assert client.get("/audit").headers["Location"].startswith("/login?next=/audit")
    response = client.get("/agent/api/search?q=x", headers={"Accept": "application/json"})
    assert response.status_code == 401 and response.json["error"]["code"] == "unauthorized"


def test_admin_adds_users_on_the_page(client, runner):
    signed_in(client, runner, "admin")
    token = csrf_token(client, "/admin/users")
    response = client.post("/admin/users", data={"username": "zhao", "role": "auditor", "password": PASSWORD,
                                                  "csrf_token": token})  # fmt: skip
    assert response.status_code == 302
    assert "zhao" in client.get("/admin/users").get_data(as_text=True)
    clash = client.post("/admin/users", data={"username": "zhao", "role": "agent", "password": PASSWORD,
                                               "csrf_token": token})  # fmt: skip
    assert clash.status_code == 409
    client.post("/logout", data={"csrf_token": token})
    assert login(client, "zhao").headers["Location"] == "/audit"


def test_session_cookies_are_httponly_and_lax(client, runner):
    make_user(runner, "agent", "wang")
    cookie = login(client, "wang").headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie


def test_session_cookies_are_secure_in_production(make_app):
    app = make_app(env="production", secret_key="a-production-secret")
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]
    response = app.test_client().get("/login?lang=en")
    assert "Secure" in response.headers["Set-Cookie"]


def test_pages_send_a_content_security_policy(client):
    response = client.get("/login")
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
