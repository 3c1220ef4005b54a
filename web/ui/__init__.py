"""The consumer's pages: one module per page, all on the "ui" blueprint."""

from __future__ import annotations

from flask import Flask

from web.throttle import Throttle

# Each module adds its routes to bp when imported.
from web.ui import (  # noqa: F401
    dashboard,
    destroy,
    export,
    imports,
    insights,
    intents,
    keeping,
    language,
    lock,
    merchants,
    orders,
    preferences,
    profile,
    purchases,
    refile,
    settings,
    setup,
    suggestions,
    unlock,
)
from web.ui.blueprint import bp


def init_app(app: Flask) -> None:
    """Register the consumer's pages and the sign-in throttle."""
    app.register_blueprint(bp)
    app.extensions["coffre_throttle"] = Throttle(**app.config["SIGNIN_THROTTLE"],
                                                 clock=app.extensions["coffre_clock"])
