"""Error responses: JSON `{"error": {"code", "message"}}` for the API, never a stack trace."""

from __future__ import annotations

import logging

from flask import Flask, current_app, jsonify, request
from werkzeug.exceptions import HTTPException

from mediation.errors import MediationError

log = logging.getLogger(__name__)


def error_response(status: int, code: str, message: str, details: dict | None = None):
    """A JSON error body with its status; `details` adds machine-readable context."""
    return jsonify({"error": {"code": code, "message": message, **(details or {})}}), status


def _page(status: int, code: str, message: str):
    """The web layer's HTML error page when a person's browser asked for a page, else None."""
    renderer = current_app.extensions.get("mediation.error_page")
    if renderer is None or request.path.startswith("/api/"):
        return None
    accept = request.accept_mimetypes
    if request.is_json or accept.best == "application/json":
        return None
    is_page = request.blueprint in current_app.extensions.get("mediation.page_blueprints", ())
    if is_page or accept.best == "text/html":
        return renderer(status, code, message)
    return None


def _http_code(exc: HTTPException) -> str:
    return (exc.name or "error").lower().replace(" ", "_")


def init_app(app: Flask) -> None:
    """Register handlers that turn every failure into a clear JSON error."""

    @app.errorhandler(MediationError)
    def domain_error(exc: MediationError):
        if exc.status >= 500:
            log.error("%s: %s", exc.code, exc.message)
        return _page(exc.status, exc.code, exc.message) or error_response(
            exc.status, exc.code, exc.message, exc.details
        )

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        if exc.code == 413:
            limit = app.config.get("MAX_CONTENT_LENGTH")
            return error_response(413, "payload_too_large", f"the request body is larger than {limit} bytes")
        status = exc.code or 500
        return _page(status, _http_code(exc), exc.description or exc.name) or error_response(
            status, _http_code(exc), exc.description or exc.name
        )

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        log.exception("unhandled error on %s %s", request.method, request.path)
        message = "an unexpected error occurred; it has been logged"
        return _page(500, "internal_error", message) or error_response(500, "internal_error", message)
