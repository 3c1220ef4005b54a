"""Settings → Delete this vault: the keys erased first, then the files, once the name is typed."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from vault import backup, destroy, keeping
from vault.errors import ValidationError
from web import runtime
from web.auth import end_session, login_required
from web.forms import show_problems
from web.forms import status as form_status
from web.ui.blueprint import bp
from web.ui.forms.keeping import DestroyForm


@bp.route("/settings/destroy", methods=["GET", "POST"])
@login_required
def settings_destroy():
    """Say what deleting the vault does, and do it once the consumer types its name."""
    rt = runtime.current()
    form = DestroyForm()
    if form.validate_on_submit():
        try:
            destroy.check_name(rt.folder, form.name.data)
        except ValidationError as e:
            show_problems(form, e)
        else:
            end_session()
            rt.lock()  # waits for a scheduled backup in progress; no key stays in memory
            destroy.destroy(rt.folder, form.name.data)
            flash(_("Your vault is deleted. No passphrase or recovery code can open it again."),
                  "success")
            return redirect(url_for("ui.setup"))
    plan = keeping.load(rt.require())
    elsewhere = plan.folder is not None and not _inside(plan.folder, rt.folder)
    return render_template(
        "settings/destroy.html", form=form, name=destroy.name(rt.folder), folder=rt.folder,
        inside=len(backup.all_backups(rt.folder)), elsewhere=plan.folder if elsewhere else None,
        elsewhere_count=len(backup.all_backups(rt.folder, into=plan.folder)) if elsewhere
        else 0), form_status(form)


def _inside(path, folder) -> bool:
    return path.resolve().is_relative_to(folder.resolve())
