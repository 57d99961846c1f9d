"""Domain errors: each carries an HTTP status and a stable machine-readable code."""

from __future__ import annotations


class MediationError(Exception):
    """Base class for errors the API reports as `{"error": {"code", "message"}}`."""

    status = 500
    code = "internal_error"

    def __init__(
        self, message: str, *, code: str | None = None, status: int | None = None, details: dict | None = None
    ):
        super().__init__(message)
        self.message = message
        self.details = details or {}
        if code:
            self.code = code
        if status:
            self.status = status


class ConfigurationError(MediationError):
    code = "configuration_error"


class BadRequest(MediationError):
    status = 400
    code = "bad_request"


class Unauthorized(MediationError):
    status = 401
    code = "unauthorized"


class Forbidden(MediationError):
    status = 403
    code = "forbidden"


class NotFound(MediationError):
    status = 404
    code = "not_found"


class Conflict(MediationError):
    status = 409
    code = "conflict"


class PayloadTooLarge(MediationError):
    status = 413
    code = "payload_too_large"


class ValidationFailed(MediationError):
    status = 422
    code = "validation_failed"


class RateLimited(MediationError):
    status = 429
    code = "rate_limited"


class ServiceUnavailable(MediationError):
    status = 503
    code = "service_unavailable"


class ModelMissing(ServiceUnavailable):
    code = "embedding_model_missing"


class IndexUnavailable(ServiceUnavailable):
    code = "index_unavailable"
