"""The JSON API under `/api/v1`: each views module registers its routes on one blueprint."""

from mediation.api import audit_views, compliance_views, conversation_views  # noqa: F401
from mediation.api.views import bp

__all__ = ["bp"]
