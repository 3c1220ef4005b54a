"""Settings → Your data: the whole vault downloaded in an open format (docs/formats.md).

A POST (with its CSRF token), never a GET: a download discloses everything.
The file is built in memory and handed over; nothing is written to disk.
"""

from __future__ import annotations

import io

from flask import Response, flash, redirect, url_for
from flask_babel import gettext as _

from vault import exchange
from web import runtime
from web.auth import login_required
from web.clock import local_today, now
from web.ui.blueprint import bp
from web.ui.forms.settings import ExportForm


@bp.post("/settings/export")
@login_required
def settings_export():
    """Hand over the whole vault as a file in the format chosen."""
    form = ExportForm()
    if not form.validate_on_submit():
        flash(_("Choose one of the formats to download your data."), "error")
        return redirect(url_for("ui.settings"), 303)
    name = form.format.data
    out = io.BytesIO()
    exchange.export(runtime.store(), name, out, now=now())
    return Response(out.getvalue(), mimetype=exchange.media_type(name), headers={
        "Content-Disposition": f'attachment; filename="{exchange.file_name(name, local_today())}"'})
