"""Server-rendered pages: borrower chat, agent side panel, audit dashboard, sign-in."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, Flask, render_template, request
from flask_login import current_user
from flask_wtf.csrf import CSRFProtect

from mediation.web import i18n
from mediation.web.agent import bp as agent_bp
from mediation.web.audit import bp as audit_bp
from mediation.web.auth_views import bp as auth_bp
from mediation.web.chat import bp as chat_bp
from mediation.web.security import init_security

BLUEPRINTS: tuple[Blueprint, ...] = (chat_bp, agent_bp, audit_bp, auth_bp)
ERROR_PAGES = {403: "errors/403.html", 404: "errors/404.html", 500: "errors/500.html"}


def render_error_page(status: int, code: str, message: str):
    """An HTML error page in the visitor's language (the JSON message is not shown: it may be technical)."""
    template = ERROR_PAGES.get(status, "errors/error.html")
    key = f"error_{status}" if f"error_{status}" in i18n.STRINGS else "error_500"
    return render_template(template, status=status, code=code, summary=i18n.translate(key)), status


def _lang_url(target: str) -> str:
    args = request.args.to_dict(flat=False)
    args["lang"] = [target]
    return f"{request.path}?{urlencode(args, doseq=True)}"


def _page_context() -> dict:
    lang = i18n.current_lang()
    return {
        "lang": lang,
        "lang_url": _lang_url,
        "t": lambda key, **values: i18n.translate(key, lang, **values),
        "other_lang": "en" if lang == "zh" else "zh",
        "user": current_user,
    }


def init_app(app: Flask, *, production: bool) -> CSRFProtect:
    """Wire sign-in, CSRF, page strings and HTML error pages; the caller registers `BLUEPRINTS`."""
    csrf = init_security(app, production=production)
    app.context_processor(_page_context)
    app.extensions["mediation.error_page"] = render_error_page
    app.extensions["mediation.page_blueprints"] = frozenset(bp.name for bp in BLUEPRINTS)

    @app.before_request
    def remember_language() -> None:
        if request.args.get("lang") in i18n.LANGS:
            i18n.current_lang()

    return csrf
