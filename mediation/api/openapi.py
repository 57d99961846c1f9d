"""The OpenAPI 3.1 document for `/api/v1`."""

from __future__ import annotations

from typing import Any

ERROR = {"$ref": "#/components/schemas/Error"}


def _errors(*statuses: int) -> dict[str, Any]:
    return {str(s): {"description": "error", "content": {"application/json": {"schema": ERROR}}} for s in statuses}


def openapi_document() -> dict[str, Any]:
    """Build the document (kept next to the views it describes)."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "Compliance-first mediation assistant", "version": "1"},
        "servers": [{"url": "/api/v1"}],
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Error": {
                    "type": "object",
                    "required": ["error"],
                    "properties": {
                        "error": {
                            "type": "object",
                            "required": ["code", "message"],
                            "properties": {"code": {"type": "string"}, "message": {"type": "string"}},
                        }
                    },
                },
                "SearchResult": {
                    "type": "object",
                    "required": ["doc_id", "chunk_id", "score", "title", "citation", "text"],
                    "properties": {
                        "doc_id": {"type": "string"},
                        "chunk_id": {"type": "string"},
                        "score": {"type": "number"},
                        "title": {"type": "string"},
                        "citation": {"type": "string"},
                        "text": {"type": "string"},
                        "jurisdiction": {"type": "string"},
                        "kind": {"type": "string"},
                        "lang": {"type": "string"},
                    },
                },
            },
        },
        "paths": {
            "/healthz": {"get": {"summary": "Liveness", "responses": {"200": {"description": "the service answers"}}}},
            "/openapi.json": {
                "get": {"summary": "This document", "responses": {"200": {"description": "OpenAPI 3.1"}}}
            },
            "/search": {
                "get": {
                    "summary": "Hybrid retrieval over regulations and policy",
                    "security": [{"bearer": []}],
                    "parameters": [
                        {"name": "q", "in": "query", "required": True, "schema": {"type": "string"}},
                        {"name": "k", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 50}},
                        {"name": "mode", "in": "query", "schema": {"enum": ["hybrid", "dense", "lexical"]}},
                        {"name": "jurisdiction", "in": "query", "schema": {"type": "string"}},
                        {"name": "kind", "in": "query", "schema": {"type": "string"}},
                        {"name": "lang", "in": "query", "schema": {"type": "string"}},
                    ],
                    "responses": {
                        "200": {
                            "description": "results, best first",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "properties": {
                                            "query": {"type": "string"},
                                            "results": {
                                                "type": "array",
                                                "items": {"$ref": "#/components/schemas/SearchResult"},
                                            },
                                        },
                                    }
                                }
                            },
                        },
                        **_errors(401, 403, 422, 503),
                    },
                }
            },
        },
    }
