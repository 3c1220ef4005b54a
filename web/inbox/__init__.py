"""The consumer's offers: the Inbox page ("Offers") and the Pressure page."""

from __future__ import annotations

from flask import Flask

from web.inbox.views import bp


def init_app(app: Flask) -> None:
    """Register the offers pages."""
    app.register_blueprint(bp)
