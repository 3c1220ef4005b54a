"""The language switch in the footer and in Settings: English or French."""

from __future__ import annotations

from flask import current_app, redirect, request, session

from vault import settings
from web import runtime
from web.auth import LANGUAGE_KEY, is_signed_in, safe_next
from web.forms import ActionForm
from web.ui.blueprint import bp


def choose(language: str) -> bool:
    """Use `language` from now on (kept in the vault when signed in); False if unknown."""
    if language not in current_app.config["LANGUAGES"]:
        return False
    session["language"] = language
    if is_signed_in():
        settings.put(runtime.store(), LANGUAGE_KEY, language)
    return True


@bp.post("/language")
def language():
    """Switch the interface language, then come back to the same page."""
    if ActionForm().validate_on_submit():
        choose(request.form.get("language", ""))
    return redirect(safe_next(request.form.get("next")))
