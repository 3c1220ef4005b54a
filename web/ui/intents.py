"""Intents ("I am looking for…"): add, change, close, reopen, delete."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from agent import inbox
from vault import intents
from vault.errors import ValidationError
from vault.intents import Intent
from web import runtime
from web.auth import login_required
from web.clock import now
from web.formatting import plain_amount
from web.forms import ActionForm, show_problems
from web.ui.blueprint import bp
from web.ui.forms.intents import IntentForm

FIELDS = ("category", "description", "budget", "currency", "place", "expires_on")


def _page(form: IntentForm, status: int = 200):
    store = runtime.store()
    return render_template("intents.html", form=form, intents=intents.all_intents(store),
                           today=now().date()), status


def _save(form: IntentForm, intent_id: int | None) -> bool:
    """Add or change the intent; False (problems on the form) when the vault refuses it."""
    values = {k: form.data[k] for k in FIELDS}
    try:
        if intent_id is None:
            inbox.add_intent(runtime.store(), values, now=now())
        else:
            inbox.update_intent(runtime.store(), intent_id, values, now=now())
    except ValidationError as e:
        show_problems(form, e, rename={"budget_minor": "budget"})
        return False
    return True


@bp.route("/intents", methods=["GET", "POST"], endpoint="intents")
@login_required
def intents_page():
    """What you are looking for, and a form to add one."""
    form = IntentForm()
    if form.validate_on_submit() and _save(form, None):
        flash(_("Noted. Your agent now favours offers that match it."), "success")
        return redirect(url_for("ui.intents"))
    return _page(form, 422 if form.is_submitted() else 200)


@bp.route("/intents/<int:intent_id>/edit", methods=["GET", "POST"])
@login_required
def intent_edit(intent_id: int):
    """Change an intent."""
    intent = intents.get(runtime.store(), intent_id)
    form = IntentForm(data=_data(intent))
    if form.validate_on_submit() and _save(form, intent_id):
        flash(_("The change is saved."), "success")
        return redirect(url_for("ui.intents"))
    return render_template("intent_edit.html", form=form, intent=intent), (
        422 if form.is_submitted() else 200)


def _data(intent: Intent) -> dict:
    return {"category": intent.category, "description": intent.description,
            "budget": plain_amount(intent.budget.minor, intent.budget.currency)
            if intent.budget else "",
            "currency": intent.budget.currency if intent.budget else "EUR",
            "place": intent.place or "",
            "expires_on": intent.expires_on.isoformat() if intent.expires_on else ""}


@bp.post("/intents/<int:intent_id>/<any(close, reopen):action>")
@login_required
def intent_status(intent_id: int, action: str):
    """Close an intent (found it, or changed your mind) or open it again."""
    if ActionForm().validate_on_submit():
        inbox.set_intent_status(runtime.store(), intent_id,
                                "closed" if action == "close" else "open", now=now())
        flash(_("Closed: offers about it stop.") if action == "close"
              else _("Open again: your agent looks out for it."), "success")
    return redirect(url_for("ui.intents"))


@bp.route("/intents/<int:intent_id>/delete", methods=["GET", "POST"])
@login_required
def intent_delete(intent_id: int):
    """Ask, then forget an intent."""
    intent = intents.get(runtime.store(), intent_id)
    form = ActionForm()
    if form.validate_on_submit():
        inbox.delete_intent(runtime.store(), intent_id, now=now())
        flash(_("Forgotten."), "success")
        return redirect(url_for("ui.intents"))
    return render_template("intent_delete.html", intent=intent, form=form)
