"""API views: thin wrappers that parse, call one service and serialise."""

from __future__ import annotations

from flask import Blueprint, jsonify, request

from mediation.api.guards import int_arg, require_role
from mediation.api.openapi import openapi_document
from mediation.errors import ValidationFailed
from mediation.knowledge_index import FILTER_FIELDS
from mediation.retrieval import MODES
from mediation.services import services

bp = Blueprint("api", __name__, url_prefix="/api/v1")


@bp.get("/healthz")
def healthz():
    """Liveness: the process answers."""
    return jsonify({"status": "ok"})


@bp.get("/openapi.json")
def openapi():
    """The API's OpenAPI document."""
    return jsonify(openapi_document())


@bp.get("/search")
@require_role("agent")
def search():
    """Retrieve regulation and policy passages for a query."""
    settings = services().settings
    query = request.args.get("q", "")
    if not query.strip():
        raise ValidationFailed("'q' must be a non-empty query")
    if len(query) > settings.max_text_chars:
        raise ValidationFailed(f"'q' is longer than {settings.max_text_chars} characters")
    mode = request.args.get("mode", "hybrid")
    if mode not in MODES:
        raise ValidationFailed(f"'mode' must be one of {', '.join(MODES)}")
    k = int_arg("k", default=settings.search_default_k, low=1, high=settings.search_max_k)
    filters = {name: request.args.get(name, "") for name in FILTER_FIELDS}
    results = services().retriever.search(query, k=k, filters=filters, mode=mode)
    return jsonify({"query": query, "results": [r.as_dict() for r in results]})
