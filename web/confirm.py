"""Destructive actions are asked once more: by the browser with JavaScript, else on a page.

A form carrying `data-confirm` (see `remove_button` in _macros.html) gets
`confirmed=yes` from coffre.js once the consumer agrees in the browser's
dialog. Without JavaScript the view receives the form unconfirmed and shows
`confirm.html`, which says what will happen and posts the same form again.
"""

from __future__ import annotations

from flask import render_template, request


def confirmed() -> bool:
    """True if the consumer already agreed to this POST (in the browser, or on the page)."""
    return request.form.get("confirmed") == "yes"


def page(*, what_happens: str, button: str, back: str,
         fields: dict[str, str] | None = None) -> str:
    """The page asking to confirm the POST being handled: it posts it again, confirmed.

    `fields` are the form's values to post again with it (the choice being confirmed).
    """
    return render_template("confirm.html", what_happens=what_happens, button=button,
                           back=back, action=request.script_root + request.path,
                           fields=fields or {})
