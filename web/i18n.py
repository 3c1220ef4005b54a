"""Languages: which one a request gets, and formatting helpers for templates."""

from __future__ import annotations

from flask import Flask, current_app, request, session
from flask_babel import Babel, get_locale


def select_locale() -> str:
    """The consumer's chosen language, else the browser's best match, else English."""
    languages = current_app.config["LANGUAGES"]
    chosen = session.get("language")
    if chosen in languages:
        return chosen
    return request.accept_languages.best_match(languages) or languages[0]


def init_app(app: Flask) -> None:
    """Install Flask-Babel with our selector."""
    Babel(app, locale_selector=select_locale)
    app.jinja_env.globals["get_locale"] = get_locale
