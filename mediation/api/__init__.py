"""The JSON API under `/api/v1`."""

from mediation.api.views import bp

__all__ = ["bp"]
