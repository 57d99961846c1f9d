"""Error responses: JSON `{"error": {"code", "message"}}` for the API, never a stack trace."""

from __future__ import annotations

import logging

from flask import Flask, jsonify, request
from werkzeug.exceptions import HTTPException

from mediation.errors import MediationError

log = logging.getLogger(__name__)


def error_response(status: int, code: str, message: str):
    """A JSON error body with its status."""
    return jsonify({"error": {"code": code, "message": message}}), status


def _http_code(exc: HTTPException) -> str:
    return (exc.name or "error").lower().replace(" ", "_")


def init_app(app: Flask) -> None:
    """Register handlers that turn every failure into a clear JSON error."""

    @app.errorhandler(MediationError)
    def domain_error(exc: MediationError):
        if exc.status >= 500:
            log.error("%s: %s", exc.code, exc.message)
        return error_response(exc.status, exc.code, exc.message)

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        if exc.code == 413:
            limit = app.config.get("MAX_CONTENT_LENGTH")
            return error_response(413, "payload_too_large", f"the request body is larger than {limit} bytes")
        return error_response(exc.code or 500, _http_code(exc), exc.description or exc.name)

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        log.exception("unhandled error on %s %s", request.method, request.path)
        return error_response(500, "internal_error", "an unexpected error occurred; it has been logged")
