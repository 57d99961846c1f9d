"""Sign-in for the pages: Flask-Login wiring, role guards, CSRF and security headers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from flask import Flask, Response, current_app, redirect, request, url_for
from flask_login import LoginManager, UserMixin, current_user
from flask_wtf.csrf import CSRFProtect

from mediation.auth import GRANTS
from mediation.db import get_session
from mediation.errors import Forbidden, Unauthorized
from mediation.models import User
from mediation.ratelimit import RateLimiter

login_manager = LoginManager()
csrf = CSRFProtect()
#: Content Security Policy: only this origin's scripts, styles and images; no inline script.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'"
)


@dataclass
class PageUser(UserMixin):
    """The signed-in person as the pages see them (no password hash)."""

    user_id: int
    username: str
    role: str

    def get_id(self) -> str:
        return str(self.user_id)

    def can(self, role: str) -> bool:
        """Tell whether this user's role grants `role`."""
        return role in GRANTS.get(self.role, frozenset())

    @property
    def authority(self) -> str:
        """The policy authority level this person may offer at."""
        return "supervisor" if self.can("supervisor") else "agent"


@dataclass
class WebState:
    """App-lifetime state of the pages."""

    login_by_address: RateLimiter
    login_by_username: RateLimiter


def web_state() -> WebState:
    """The current application's page state."""
    return current_app.extensions["mediation.web"]


@login_manager.user_loader
def load_user(user_id: str) -> PageUser | None:
    """Reload the signed-in user from the database on each request."""
    if not user_id.isdigit():
        return None
    user = get_session().get(User, int(user_id))
    if user is None or not user.active:
        return None
    return PageUser(user.id, user.username, user.role)


def wants_json() -> bool:
    """Tell whether the caller is a page script asking for JSON."""
    return request.is_json or request.accept_mimetypes.best == "application/json"


def require_role(role: str) -> Callable:
    """Decorate a page view so it needs a signed-in user whose role grants `role`."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any):
            if not current_user.is_authenticated:
                if wants_json():
                    raise Unauthorized("sign in first")
                return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
            if not current_user.can(role):
                raise Forbidden(f"this page needs the {role} role")
            return view(*args, **kwargs)

        return wrapped

    return decorator


def safe_next(target: str | None, default: str) -> str:
    """A same-site path to go to after signing in (never another host)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return default


def security_headers(response: Response) -> Response:
    """Add CSP and related headers to page responses."""
    if request.path.startswith("/api/"):
        return response
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    if response.mimetype == "text/html":
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def init_security(app: Flask, *, production: bool) -> CSRFProtect:
    """Configure cookies, Flask-Login, CSRF protection and login rate limits."""
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=production,
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_SECURE=production,
        WTF_CSRF_TIME_LIMIT=None,  # valid for the session: an agent panel stays open all day
    )
    app.config.setdefault("WTF_CSRF_ENABLED", True)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    csrf.init_app(app)
    app.after_request(security_headers)
    app.extensions["mediation.web"] = WebState(RateLimiter(30, 300.0), RateLimiter(10, 300.0))
    return csrf
