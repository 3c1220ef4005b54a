"""Settings: idle delay, language, passphrase, recovery code, key file, backups, sign out."""

from __future__ import annotations

from flask import Response, flash, redirect, render_template, session, url_for
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _

from agent import inbox
from agent.reasons import language_name
from vault import keeping, keys, lifecycle, settings
from vault.errors import NotFound, ValidationError, WrongKey
from web import runtime
from web.auth import IDLE_KEY, idle_minutes, login_required
from web.clock import local_today
from web.errors import TooManyAttempts
from web.forms import ActionForm, options, show_problems
from web.forms import status as form_status
from web.ui import language
from web.ui.blueprint import bp
from web.ui.forms.settings import (
    ChangePassphraseForm,
    ConfirmPassphraseForm,
    GeneralForm,
    KeyfileForm,
)
from web.ui.keeping import last_backup
from web.ui.setup import hand_over_code
from web.ui.unlock import throttled

READABLE = ("en", "fr", "de", "es", "it", "nl", "pt")  # offered as tickboxes, with any in use


@bp.route("/settings", methods=["GET", "POST"], endpoint="settings")
@login_required
def settings_page():
    """General settings, and the ways into the vault."""
    store = runtime.store()
    read = inbox.languages_read(store)
    form = GeneralForm(data={"idle_minutes": round(idle_minutes()),
                             "language": str(get_locale().language),
                             "timezone": settings.zone_name(inbox.consumer_zone(store)),
                             "languages": read})
    form.languages.choices = options(language_choices(read))
    if form.validate_on_submit() and _saved(store, form):
        language.choose(form.language.data)
        with force_locale(form.language.data):  # confirmed in the language just chosen
            flash(_("Your settings are saved."), "success")
        return redirect(url_for("ui.settings"))
    return render_template("settings/index.html", form=form, has_keyfile=_has_keyfile(),
                           last_backup=last_backup(store), plan=keeping.load(store),
                           backup_form=ActionForm()), form_status(form)


def _saved(store, form: GeneralForm) -> bool:
    """Save the general settings, all or none; False with the vault's reasons beside fields."""
    try:
        with store.atomic():
            settings.put(store, IDLE_KEY, str(form.idle_minutes.data))
            settings.set_time_zone(store, form.timezone.data)
            settings.set_languages_read(store, form.languages.data)
    except ValidationError as e:
        show_problems(form, e)
        return False
    return True


def language_choices(read: list[str]) -> list[tuple[str, str]]:
    """Tickboxes for the languages offers may come in, named in the reader's language."""
    locale = str(get_locale())
    codes = dict.fromkeys((*READABLE, *read))
    return [(code, _capital(language_name(code, locale))) for code in codes]


def _capital(name: str) -> str:
    return name[:1].upper() + name[1:]


def _has_keyfile() -> bool:
    return "keyfile" in keys.load(runtime.current().folder / lifecycle.KEYRING).slots


def _verified(form, attempt) -> bool:
    """Run `attempt` with the passphrase typed in `form.current`; throttled like sign-in."""
    try:
        throttled(form.current, attempt, _("This is not your current passphrase."))
    except (WrongKey, TooManyAttempts):
        return False  # the reason is beside the field; the page answers 422 for it
    return True


@bp.route("/settings/passphrase", methods=["GET", "POST"])
@login_required
def settings_passphrase():
    """Choose a new passphrase."""
    rt = runtime.current()
    form = ChangePassphraseForm()
    if form.validate_on_submit():
        try:
            done = _verified(form, lambda: lifecycle.change_passphrase(
                rt.folder, "passphrase", form.current.data, form.new_passphrase.data,
                cost=rt.cost))
        except ValidationError as e:
            show_problems(form, e, rename={"passphrase": "new_passphrase"})
            done = False
        if done:
            flash(_("Your new passphrase is set. Use it from now on."), "success")
            return redirect(url_for("ui.settings"))
    return render_template("settings/passphrase.html", form=form), form_status(form)


@bp.route("/settings/recovery", methods=["GET", "POST"])
@login_required
def settings_recovery():
    """Replace the recovery code (the old one stops working at once)."""
    rt = runtime.current()
    form = ConfirmPassphraseForm()
    codes: list[str] = []
    if form.validate_on_submit() and _verified(form, lambda: codes.append(
            lifecycle.replace_recovery_code(rt.folder, form.current.data, cost=rt.cost))):
        hand_over_code(codes[0], then="ui.settings")
        return redirect(url_for("ui.recovery_code"))
    return render_template("settings/recovery.html", form=form), form_status(form)


@bp.route("/settings/keyfile", methods=["GET", "POST"])
@login_required
def settings_keyfile():
    """Create a key file for unattended start, then show that it is done while it downloads."""
    rt = runtime.current()
    form = KeyfileForm()
    content: list[bytes] = []
    if form.validate_on_submit() and _verified(form, lambda: content.append(
            lifecycle.issue_keyfile(rt.folder, form.current.data, cost=rt.cost))):
        rt.pending_keyfiles[session["sid"]] = content[0]
        return redirect(url_for("ui.settings_keyfile_done"), 303)
    return render_template("settings/keyfile.html", form=form, remove=ConfirmPassphraseForm(
        prefix="remove", formdata=None), has_keyfile=_has_keyfile()), form_status(form)


@bp.get("/settings/keyfile/done")
@login_required
def settings_keyfile_done():
    """The key file is created: say so, and start its download (no JavaScript needed)."""
    if session.get("sid") not in runtime.current().pending_keyfiles:
        return redirect(url_for("ui.settings_keyfile"))
    return render_template("settings/keyfile_done.html", name=_keyfile_name())


@bp.get("/settings/keyfile/download")
@login_required
def settings_keyfile_download():
    """The key file just created, handed over once; Coffre keeps no copy of it."""
    content = runtime.current().pending_keyfiles.pop(session.get("sid", ""), None)
    if content is None:
        return redirect(url_for("ui.settings_keyfile"))
    return Response(content, mimetype="application/octet-stream",
                    headers={"Content-Disposition": f'attachment; filename="{_keyfile_name()}"'})


def _keyfile_name() -> str:
    return f"coffre-{local_today().isoformat()}.key"


@bp.post("/settings/keyfile/remove")
@login_required
def settings_keyfile_remove():
    """Stop any key file from opening the vault."""
    rt = runtime.current()
    form = ConfirmPassphraseForm(prefix="remove")
    if form.validate_on_submit():
        try:
            done = _verified(form, lambda: lifecycle.remove_keyfile(rt.folder, form.current.data))
        except NotFound:
            done = True
        if done:
            flash(_("No key file can open your vault any more."), "success")
            return redirect(url_for("ui.settings"))
    return render_template("settings/keyfile.html", form=KeyfileForm(formdata=None), remove=form,
                           has_keyfile=_has_keyfile()), 422
