"""Brands & access, and Activity: the consumer's control over brands and their log."""

from __future__ import annotations

from flask import Flask

from web.access import activity, evidence, received  # noqa: F401 -- they add their pages to bp
from web.access.pages import bp


def init_app(app: Flask) -> None:
    """Register the access pages."""
    app.register_blueprint(bp)
