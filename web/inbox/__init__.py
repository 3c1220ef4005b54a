"""The consumer's offers: the Inbox page ("Offers") and the Pressure page."""

from __future__ import annotations

from flask import Flask

from web.inbox.views import bp
from web.inbox.wording import never_warning


def init_app(app: Flask) -> None:
    """Register the offers pages, and the warning their cards and confirmation page share."""
    app.register_blueprint(bp)
    app.jinja_env.globals["never_warning"] = never_warning
