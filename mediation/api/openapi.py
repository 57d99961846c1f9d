"""The OpenAPI 3.1 document for `/api/v1`."""

from __future__ import annotations

from typing import Any

ERROR = {"$ref": "#/components/schemas/Error"}


def _errors(*statuses: int) -> dict[str, Any]:
    return {str(s): {"description": "error", "content": {"application/json": {"schema": ERROR}}} for s in statuses}


RISK_FLAG = {
    "type": "object",
    "required": ["category", "start", "end", "evidence", "citation", "suggestion"],
    "properties": {
        "category": {"type": "string"},
        "start": {"type": "integer"},
        "end": {"type": "integer"},
        "evidence": {"type": "string"},
        "citation": {"type": "object", "properties": {"doc_id": {"type": "string"}, "citation": {"type": "string"}}},
        "suggestion": {"type": "string"},
    },
}


def _check_path() -> dict[str, Any]:
    """`POST /check`: score a message and propose a compliant rewrite."""
    context = {
        "type": "object",
        "properties": {
            "local_time": {"type": "string", "pattern": "^\\d{1,2}:\\d{2}$"},
            "jurisdiction": {"enum": ["CN", "US", "UK"]},
            "attempts_today": {"type": "integer", "minimum": 0},
            "contacts_last_7d": {"type": "integer", "minimum": 0},
            "recipient": {"enum": ["borrower", "third_party", "unknown"]},
            "consented_time": {"type": "boolean"},
        },
    }
    body = {
        "type": "object",
        "required": ["text"],
        "properties": {
            "text": {"type": "string"},
            "speaker": {"enum": ["agent", "assistant"]},
            "lang": {
                "enum": ["zh", "en"],
                "description": "omitted: read from the text (Chinese in characters or written wholly in pinyin, else English)",
            },
            "context": context,
        },
    }
    risk = {
        "type": "object",
        "required": ["score", "level", "flags", "rewrite"],
        "properties": {
            "score": {"type": "integer", "minimum": 0, "maximum": 100},
            "level": {"enum": ["none", "low", "medium", "high", "critical"]},
            "flags": {"type": "array", "items": RISK_FLAG},
            "rewrite": {"type": "string"},
        },
    }
    return {
        "post": {
            "summary": "Score a message for collection-conduct risk and propose a compliant rewrite",
            "security": [{"bearer": []}],
            "requestBody": {"required": True, "content": {"application/json": {"schema": body}}},
            "responses": {
                "200": {"description": "Risk plus rewrite", "content": {"application/json": {"schema": risk}}},
                **_errors(400, 401, 403, 413, 422),
            },
        }
    }


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
            "/check": _check_path(),
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
