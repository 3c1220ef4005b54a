"""The ways back in: unlock a locked vault, sign in to an unlocked one, recovery code."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from vault import lifecycle, passphrase
from vault.errors import NotFound, ValidationError, WrongKey
from web import runtime
from web.auth import begin_session, is_signed_in, safe_next
from web.errors import TooManyAttempts, status_of
from web.forms import show_problems
from web.forms import status as form_status
from web.throttle import Throttle
from web.ui.blueprint import bp
from web.ui.forms.auth import PassphraseForm, RecoveryForm


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
    status = None
    if form.validate_on_submit():
        status = _try(form.passphrase, lambda: attempt(form.passphrase.data))
        if status is None:
            return redirect(safe_next(_next_arg()))
    return render_template("auth/unlock.html", form=form, mode=mode,
                           next=_next_arg()), status or form_status(form)


def _try(field, attempt, wrong: str | None = None) -> int | None:
    """Run `attempt` unless throttled, then sign in; None when it worked, else the status."""
    try:
        throttled(field, attempt, wrong or _("This does not open your vault. Check for typing"
                                             " mistakes (capital letters, spaces) and try"
                                             " again."))
    except (WrongKey, TooManyAttempts) as e:
        return status_of(type(e))
    begin_session()
    return None


def throttled(field, attempt, wrong: str) -> None:
    """Run `attempt` (which may raise WrongKey) unless this client must wait first.

    Raises TooManyAttempts while throttled (saying beside `field` how long to
    wait), and WrongKey for a wrong key (with `wrong` beside `field`).
    """
    try:
        throttle().attempt(_client(), attempt)
    except TooManyAttempts as e:
        field.errors = [ngettext("Too many wrong attempts. Wait %(num)d second, then try again.",
                                 "Too many wrong attempts. Wait %(num)d seconds, then try again.",
                                 e.seconds)]
        raise
    except WrongKey:
        field.errors = [wrong]
        raise


@bp.route("/recover", methods=["GET", "POST"])
def recover():
    """Forgot the passphrase: the recovery code sets a new one and opens the vault."""
    rt = runtime.current()
    if not rt.exists():
        return redirect(url_for("ui.setup"))
    form = RecoveryForm()
    status = None
    if form.validate_on_submit() and _strong(form):
        status = _try(form.code, lambda: _recover(form), _(
            "This recovery code does not open your vault. Check each group against what you"
            " wrote down; capitals, spaces and dashes do not matter."))
        if status is None:
            flash(_("Your new passphrase is set. Keep your recovery code: it still works."),
                  "success")
            return redirect(url_for("ui.home"))
    return render_template("auth/recover.html", form=form), status or form_status(form)


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
