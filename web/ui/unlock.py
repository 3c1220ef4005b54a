"""The ways back in: unlock a locked vault, sign in to an unlocked one, recovery code."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from vault import lifecycle, passphrase
from vault.errors import NotFound, ValidationError, WrongKey
from web import runtime
from web.auth import begin_session, is_signed_in, safe_next
from web.forms import show_problems
from web.ui.blueprint import bp
from web.ui.forms.auth import PassphraseForm, RecoveryForm
from web.ui.throttle import Throttle


def throttle() -> Throttle:
    """This app's record of failed attempts."""
    return current_app.extensions["coffre_throttle"]


def _client() -> str:
    return request.remote_addr or "unknown"


def _next_arg() -> str | None:
    return request.args.get("next")


@bp.route("/unlock", methods=["GET", "POST"])
def unlock():
    """Unlock a locked vault with the passphrase (and sign in)."""
    rt = runtime.current()
    if not rt.exists():
        return redirect(url_for("ui.setup"))
    if rt.unlocked:
        return redirect(url_for("ui.sign_in", next=_next_arg()))
    return _passphrase_page("unlock", lambda p: rt.unlock("passphrase", p))


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    """Sign in to an unlocked vault: the passphrase is asked every time."""
    rt = runtime.current()
    if not rt.exists():
        return redirect(url_for("ui.setup"))
    if not rt.unlocked:
        return redirect(url_for("ui.unlock", next=_next_arg()))
    if is_signed_in():
        return redirect(safe_next(_next_arg()))
    return _passphrase_page("sign_in",
                            lambda p: lifecycle.check(rt.folder, "passphrase", p))


def _passphrase_page(mode: str, attempt):
    form = PassphraseForm()
    status = 200
    if form.validate_on_submit():
        status = _try(form, form.passphrase, lambda: attempt(form.passphrase.data))
        if status == 200:
            return redirect(safe_next(_next_arg()))
    elif form.is_submitted():
        status = 422
    return render_template("auth/unlock.html", form=form, mode=mode,
                           next=_next_arg()), status


def _try(form, field, attempt) -> int:
    """Run `attempt` unless throttled, then sign in; 200 when it worked, else the status."""
    status = throttled(field, attempt, _("This does not open your vault. Check for typing"
                                         " mistakes (capital letters, spaces) and try again."))
    if status == 200:
        begin_session()
    return status


def throttled(field, attempt, wrong: str) -> int:
    """Run `attempt` (which may raise WrongKey) unless this client must wait first.

    Returns 200 when it worked, 403 (with `wrong` beside `field`) for a wrong
    key, 429 (with how long to wait) while throttled.
    """
    wait = throttle().wait(_client())
    if wait:
        seconds = int(wait) + 1
        field.errors = [ngettext("Too many wrong attempts. Wait %(num)d second, then try again.",
                                 "Too many wrong attempts. Wait %(num)d seconds, then try again.",
                                 seconds)]
        return 429
    try:
        attempt()
    except WrongKey:
        throttle().failed(_client())
        field.errors = [wrong]
        return 403
    throttle().succeeded(_client())
    return 200


@bp.route("/recover", methods=["GET", "POST"])
def recover():
    """Forgot the passphrase: the recovery code sets a new one and opens the vault."""
    rt = runtime.current()
    if not rt.exists():
        return redirect(url_for("ui.setup"))
    form = RecoveryForm()
    status = 422 if form.is_submitted() else 200
    if form.validate_on_submit() and _strong(form):
        status = _try(form, form.code, lambda: _recover(form))
        if status == 200:
            flash(_("Your new passphrase is set. Keep your recovery code: it still works."),
                  "success")
            return redirect(url_for("ui.home"))
    return render_template("auth/recover.html", form=form), status


def _strong(form) -> bool:
    """False (with the reason beside the field) if the new passphrase is too weak."""
    try:
        passphrase.check_new(form.new_passphrase.data)
    except ValidationError as e:
        show_problems(form, e, rename={"passphrase": "new_passphrase"})
        return False
    return True


def _recover(form: RecoveryForm) -> None:
    rt = runtime.current()
    try:
        lifecycle.change_passphrase(rt.folder, "recovery", form.code.data.strip(),
                                    form.new_passphrase.data, cost=rt.cost)
    except NotFound as e:
        raise WrongKey(str(e)) from e
    if not rt.unlocked:
        rt.unlock("passphrase", form.new_passphrase.data)
