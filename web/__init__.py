"""The Coffre web app: the one place it is assembled."""

from __future__ import annotations

from typing import Any

from flask import Flask

from vault.keys import KdfCost
from web import clock, errors, i18n, layout, scheduler, security
from web import config as config_module
from web.runtime import Runtime


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app for the vault folder named in the configuration (locked at first)."""
    app = Flask(__name__)
    app.config.update(config_module.load(config))
    clock.init_app(app)
    app.extensions["coffre"] = Runtime(
        app.config["COFFRE_HOME"],
        KdfCost(opslimit=app.config["KDF_OPSLIMIT"], memlimit=app.config["KDF_MEMLIMIT"]),
        app.extensions["coffre_clock"],
    )
    scheduler.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    i18n.init_app(app)
    layout.init_app(app)

    from web import access, api, health, inbox, oauth, ui

    for package in (ui, oauth, api, access, inbox, health):
        package.init_app(app)
    security.exempt_blueprints(app)
    return app
