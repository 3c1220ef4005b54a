"""The OAuth 2 authorization server (Authlib): consent pages and machine endpoints."""

from __future__ import annotations

from flask import Flask

from web.oauth import consent, endpoints, server
from web.throttle import Throttle


def init_app(app: Flask) -> None:
    """Build the authorization server, its guard on brands' credentials, and its blueprints."""
    app.extensions["coffre_oauth"] = server.build()
    app.extensions["coffre_client_throttle"] = Throttle(**{
        "concurrent": None, **app.config["CLIENT_THROTTLE"]},  # a hash: no bound needed
        clock=app.extensions["coffre_clock"])
    app.register_blueprint(consent.bp)
    app.register_blueprint(endpoints.bp)
