"""The brand API: JSON under /api/v1, bearer tokens, scopes declared per endpoint."""

from __future__ import annotations

from flask import Flask, jsonify

from web.api import log, openapi, views  # noqa: F401 -- they add their routes to bp
from web.api.protect import bp


@bp.get("/api/openapi.json")
def openapi_document():
    """The OpenAPI 3.1 description of the API (public: it holds no data)."""
    return jsonify(openapi.document())


def init_app(app: Flask) -> None:
    """Register the API blueprint."""
    app.register_blueprint(bp)
