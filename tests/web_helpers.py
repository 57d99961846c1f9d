"""Helpers for page tests: users, sign-in and CSRF tokens."""

from __future__ import annotations

import re

PASSWORD = "correct horse battery"
CSRF = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


def csrf_token(client, path: str = "/login") -> str:
    """The CSRF token a page carries (the session cookie is kept by the client)."""
    match = CSRF.search(client.get(path).get_data(as_text=True))
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def make_user(runner, role: str, username: str | None = None, password: str = PASSWORD) -> str:
    """Create a user through the CLI (password on standard input) and return the username."""
    username = username or f"{role}1"
    result = runner.invoke(args=["auth", "create-user", "--role", role, "--username", username], input=password + "\n")
    assert result.exit_code == 0, result.output
    return username


def login(client, username: str, password: str = PASSWORD, **form):
    """Sign in through the login form."""
    token = csrf_token(client, "/login")
    data = {"username": username, "password": password, "csrf_token": token, **form}
    return client.post("/login", data=data)


def signed_in(client, runner, role: str, username: str | None = None):
    """Create a user with `role` and sign the client in; return the username."""
    name = make_user(runner, role, username)
    response = login(client, name)
    assert response.status_code == 302, response.get_data(as_text=True)
    return name


def json_headers(client, path: str = "/login") -> dict[str, str]:
    """Headers for a page's JSON call: the CSRF token and JSON accept."""
    return {"X-CSRFToken": csrf_token(client, path), "Accept": "application/json"}
