"""First run: create the vault, show the recovery code once, confirm it was written down.

The recovery-code pages also serve Settings when the consumer replaces the code.
"""

from __future__ import annotations

import secrets

from flask import flash, jsonify, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from vault import keys, passphrase, settings
from vault.errors import ValidationError
from web import runtime
from web.auth import begin_session, login_required
from web.forms import show_problems
from web.forms import status as form_status
from web.reasons import sentence
from web.ui.blueprint import bp
from web.ui.forms.setup import ConfirmCodeForm, CreateForm

PASSPHRASE_FIELD = {"passphrase": "new_passphrase"}


@bp.route("/setup", methods=["GET", "POST"])
def setup():
    """Create the vault: a passphrase typed twice, judged by the server."""
    rt = runtime.current()
    if rt.exists():
        return redirect(url_for("ui.home"))
    form = CreateForm(data={"timezone": settings.zone_name(settings.server_zone())})
    if form.validate_on_submit():
        try:
            zone = settings.check_time_zone(form.timezone.data)
            code = rt.create(form.new_passphrase.data)
        except ValidationError as e:
            show_problems(form, e, rename=PASSPHRASE_FIELD)
        else:
            settings.set_time_zone(rt.require(), zone)
            begin_session()
            hand_over_code(code, then="ui.home")
            return redirect(url_for("ui.recovery_code"))
    status = form_status(form)
    return render_template("setup/create.html", form=form), status


def hand_over_code(code: str, *, then: str) -> None:
    """Keep `code` in memory for this session until the consumer confirms they wrote it down."""
    rt = runtime.current()
    rt.pending_codes[session["sid"]] = code
    session["code_group"] = secrets.randbelow(len(code.split("-")))
    session["code_then"] = then


def _pending() -> str | None:
    return runtime.current().pending_codes.get(session.get("sid", ""))


@bp.get("/recovery-code")
@login_required
def recovery_code():
    """The recovery code, shown while it awaits confirmation (never afterwards)."""
    code = _pending()
    if code is None:
        return redirect(url_for("ui.home"))
    return render_template("setup/recovery.html", groups=code.split("-"))


@bp.route("/recovery-code/confirm", methods=["GET", "POST"])
@login_required
def recovery_confirm():
    """Retype one group of the code, chosen at random, to show it was written down."""
    code = _pending()
    if code is None:
        return redirect(url_for("ui.home"))
    groups = code.split("-")
    index = int(session.get("code_group", 0)) % len(groups)
    form = ConfirmCodeForm()
    form.group.label.text = _("Group %(n)d", n=index + 1)
    if form.validate_on_submit():
        if keys.recovery_secret(form.group.data) == keys.recovery_secret(groups[index]):
            runtime.current().pending_codes.pop(session["sid"], None)
            flash(_("Your recovery code is confirmed. Keep it somewhere safe, away from"
                    " this computer."), "success")
            return redirect(url_for(session.pop("code_then", "ui.home")))
        form.group.errors = [_("This is not group %(n)d of your code. Check what you wrote"
                               " down, or go back and copy the code again.", n=index + 1)]
    status = form_status(form)
    return render_template("setup/confirm.html", form=form, number=index + 1,
                           count=len(groups)), status


@bp.post("/strength")
def strength():
    """How hard a candidate passphrase is to guess (for the live meter; the server decides)."""
    candidate = request.form.get("passphrase", "")[:1024]
    verdict = passphrase.strength(candidate)
    return jsonify(score=verdict.score,
                   reason=sentence(verdict.problem) if verdict.problem else None,
                   ok=verdict.problem is None)
