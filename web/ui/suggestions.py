"""Identifiers found in your imports, on the Profile page: add one to your profile, or dismiss it.

Nothing found in a file enters the profile by itself: each waits for the consumer's
own "Add" (vault.identifiers).
"""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_babel import gettext as _

from vault import identifiers
from web import runtime
from web.auth import login_required
from web.clock import now
from web.forms import ActionForm
from web.ui.blueprint import bp


def _back():
    return redirect(url_for("ui.profile", _anchor="merchant-ids"), 303)


@bp.post("/profile/suggestions/<int:suggestion_id>/add")
@login_required
def suggestion_add(suggestion_id: int):
    """Put an identifier found in an import into your profile."""
    if ActionForm().validate_on_submit():
        identifiers.accept(runtime.store(), suggestion_id)
        flash(_("Added to your profile."), "success")
    return _back()


@bp.post("/profile/suggestions/<int:suggestion_id>/dismiss")
@login_required
def suggestion_dismiss(suggestion_id: int):
    """Set aside an identifier found in an import: it is not offered again."""
    if ActionForm().validate_on_submit():
        identifiers.dismiss(runtime.store(), suggestion_id, now=now())
        flash(_("Dismissed: Coffre will not offer it again."), "success")
    return _back()
