"""The OAuth 2 authorization server (Authlib): consent pages and machine endpoints."""

from __future__ import annotations

from flask import Flask

from web.oauth import consent, endpoints, server


def init_app(app: Flask) -> None:
    """Build the authorization server and register its two blueprints."""
    app.extensions["coffre_oauth"] = server.build()
    app.register_blueprint(consent.bp)
    app.register_blueprint(endpoints.bp)
