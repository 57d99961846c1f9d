"""Sign-in, sign-out, the start page and the admin page for adding users."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user

from mediation.db import get_session
from mediation.errors import MediationError, RateLimited
from mediation.models import ROLES
from mediation.users import MIN_PASSWORD_CHARS, authenticate, create_user, list_users
from mediation.web.i18n import translate
from mediation.web.security import PageUser, require_role, safe_next, web_state

bp = Blueprint("auth", __name__)


def _home() -> str:
    if not current_user.is_authenticated:
        return url_for("chat.page")
    if current_user.can("agent"):
        return url_for("agent.queue")
    if current_user.can("auditor"):
        return url_for("audit.dashboard")
    return url_for("auth.users")


@bp.get("/")
def index():
    """Send each visitor to their page: borrowers to the chat, staff to their panel."""
    return redirect(_home())


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Sign in; a failure never says whether the username exists, and attempts are rate-limited."""
    if request.method == "GET":
        return render_template("auth/login.html", next=request.args.get("next", ""), error=None)
    username = (request.form.get("username") or "").strip()[:80]
    password = request.form.get("password") or ""
    target = safe_next(request.form.get("next"), "")
    state = web_state()
    try:
        state.login_by_address.hit(request.remote_addr or "unknown")
        state.login_by_username.hit(username.lower())
    except RateLimited:
        return render_template("auth/login.html", next=target, error=translate("login_throttled")), 429
    user = authenticate(session=get_session(), username=username, password=password) if username else None
    if user is None:
        return render_template("auth/login.html", next=target, error=translate("login_failed")), 401
    lang = session.get("lang")
    session.clear()  # a fresh session on sign-in (no fixation)
    if lang:
        session["lang"] = lang
    login_user(PageUser(user.id, user.username, user.role))
    return redirect(target or _home())


@bp.post("/logout")
def logout():
    """Sign out and forget the session."""
    lang = session.get("lang")
    logout_user()
    session.clear()
    if lang:
        session["lang"] = lang
    flash(translate("logged_out"))
    return redirect(url_for("auth.login"))


@bp.route("/admin/users", methods=["GET", "POST"])
@require_role("admin")
def users():
    """List users and add one."""
    db = get_session()
    error, status = None, 200
    if request.method == "POST":
        try:
            form = request.form
            created = create_user(session=db, username=form.get("username") or "", role=form.get("role") or "",
                                  password=form.get("password") or "")  # fmt: skip
        except MediationError as exc:
            db.rollback()
            error, status = exc.message, exc.status
        else:
            flash(translate("user_created", name=created.username))
            return redirect(url_for("auth.users"))
    return render_template("auth/users.html", users=list_users(session=db), roles=ROLES, error=error,
                           min_password=MIN_PASSWORD_CHARS), status  # fmt: skip
