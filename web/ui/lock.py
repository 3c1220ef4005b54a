"""Lock the vault, sign this browser out, or stay signed in when warned of idling out."""

from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _

from web import runtime
from web.auth import end_session, login_required
from web.forms import ActionForm
from web.ui.blueprint import bp


@bp.post("/lock")
@login_required
def lock():
    """Close the vault and drop its key from memory; every session ends."""
    if ActionForm().validate_on_submit():
        end_session()
        runtime.current().lock()
        flash(_("Your vault is locked. Nothing can read it until you unlock it again."),
              "success")
    return redirect(url_for("ui.unlock"))


@bp.post("/sign-out")
@login_required
def sign_out():
    """End this browser's session, leaving the vault unlocked for brands and the agent."""
    if ActionForm().validate_on_submit():
        end_session()
        flash(_("You are signed out. The vault stays unlocked for the brands you allowed."),
              "success")
    return redirect(url_for("ui.sign_in"))


@bp.post("/session/alive")
@login_required
def keep_alive():
    """Count as activity: the idle warning's "Stay signed in" (signing in again would lose
    what the page holds). Answers 204; a session that already idled out goes to sign-in."""
    if not ActionForm().validate_on_submit():
        abort(400)
    return "", 204
