"""Uploading a file of past purchases in Coffre's own JSON or CSV format."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import ngettext

from vault import importers
from vault.errors import ValidationError
from vault.importers import checks
from web import runtime
from web.auth import login_required
from web.clock import now
from web.forms import status as form_status
from web.reasons import place, sentence
from web.ui.blueprint import bp
from web.ui.forms.purchases import ImportForm


@bp.route("/purchases/import", methods=["GET", "POST"], endpoint="purchases_import")
@login_required
def purchases_import():
    """Upload a file; every order in it is added, or none when anything is wrong."""
    form = ImportForm()
    problems: list[tuple[str, str]] = []
    if form.validate_on_submit():
        upload = form.file.data
        name = (upload.filename or "upload").rsplit("/", 1)[-1]
        try:
            outcome = importers.load(runtime.store(), name, upload.read(), now=now(),
                                     skip_existing=form.skip_existing.data)
        except ValidationError as e:
            problems = [(place(p.field), sentence(p)) for p in e.problems]
        else:
            _report(outcome, name)
            return redirect(url_for("ui.purchases"))
    status = form_status(form, problems)
    return render_template("purchases/import.html", form=form, problems=problems,
                           limit=checks.MAX_PROBLEMS), status


def _report(outcome: importers.Outcome, name: str) -> None:
    message = ngettext("%(num)d purchase added from %(name)s.",
                       "%(num)d purchases added from %(name)s.", outcome.added, name=name)
    if outcome.skipped:
        message += " " + ngettext("%(num)d was already in your vault and was left as it was.",
                                  "%(num)d were already in your vault and were left as they were.",
                                  outcome.skipped)
    flash(message, "success")
