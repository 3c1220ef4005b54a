"""Languages: which one a request gets, and compiled catalogues for Flask-Babel."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from babel.messages import mofile, pofile
from flask import Flask, current_app, request, session
from flask_babel import Babel, get_locale

TRANSLATIONS = Path(__file__).parent / "translations"


def select_locale() -> str:
    """The consumer's chosen language, else the browser's best match, else English."""
    languages = current_app.config["LANGUAGES"]
    chosen = session.get("language")
    if chosen in languages:
        return chosen
    return request.accept_languages.best_match(languages) or languages[0]


def compile_catalogues(folder: Path = TRANSLATIONS) -> list[Path]:
    """Compile each messages.po whose .mo is missing or older; return what was compiled.

    `make` compiles them too; doing it here as well means a checkout run
    without `make` (or after editing a .po) never shows stale French.
    """
    compiled = []
    for po in folder.glob("*/LC_MESSAGES/*.po"):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        with po.open("rb") as f:
            catalog = pofile.read_po(f)
        fd, tmp = tempfile.mkstemp(dir=po.parent, suffix=".mo-tmp")
        with os.fdopen(fd, "wb") as f:
            mofile.write_mo(f, catalog)
        os.replace(tmp, mo)
        compiled.append(mo)
    return compiled


def init_app(app: Flask) -> None:
    """Install Flask-Babel with our selector, after making sure the catalogues are compiled."""
    try:
        compile_catalogues()
    except OSError:
        app.logger.warning("Could not compile the translations; using those already compiled.")
    Babel(app, locale_selector=select_locale)
    app.jinja_env.globals["get_locale"] = get_locale
