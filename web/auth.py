"""Who may see the pages: the first-run, unlock and sign-in gates, and sessions.

A signed-in browser holds a random session id that the server remembers with
the vault's generation; locking, signing out and idling past the delay forget
it. Flask's cookie session cannot be renewed by id alone, hence our own id.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlsplit

from flask import current_app, flash, g, redirect, request, session, url_for
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException

from vault import audit, settings
from web import runtime
from web.clock import now

IDLE_KEY = "idle_minutes"
LANGUAGE_KEY = settings.LANGUAGE_KEY


def safe_next(target: str | None) -> str:
    """`target` if it is a path on this site (never another host), else the home page."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return url_for("ui.home")
    if any(ord(c) < 32 or c == "\\" for c in target):
        return url_for("ui.home")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith(request.script_root + "/"):
        return url_for("ui.home")  # under a path (home.example/alice), never a sibling vault
    return target


def _here() -> str | None:
    """The page to come back to after signing in (a POST is not replayed), as the browser
    names it (with the public URL's path, if any).

    For a POST: the page its form said it was on (`here`, set by coffre.js),
    else its own address when that is a page too (a page posting to itself).
    """
    if request.method == "GET":
        return request.script_root + request.full_path.rstrip("?")
    said = request.form.get("here")
    if said:
        return said
    try:
        current_app.url_map.bind("").match(request.path, method="GET")
    except HTTPException:
        return None
    return request.script_root + request.path


def idle_minutes() -> float:
    """How long a signed-in session may stay idle (the vault's setting, else the default)."""
    default = float(current_app.config["IDLE_MINUTES"])
    try:
        return float(settings.find(runtime.store(), IDLE_KEY) or default)
    except ValueError:
        return default


def is_signed_in() -> bool:
    """True if this browser signed in with the passphrase and has not idled out since."""
    if "signed_in" not in g:
        g.signed_in = _check_session()
    return g.signed_in


def _check_session() -> bool:
    rt = runtime.current()
    sid = session.get("sid")
    if not sid or not rt.unlocked or session.get("generation") != rt.generation:
        return False
    return rt.touch_session(sid, idle_minutes() * 60)


def login_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Send the visitor to first run, unlock or sign-in as needed, then back to `view`."""

    @wraps(view)
    def gated(*args: Any, **kwargs: Any) -> Any:
        rt = runtime.current()
        if not rt.exists():
            return redirect(url_for("ui.setup"))
        if not rt.unlocked:
            return redirect(url_for("ui.unlock", next=_here()))
        if not is_signed_in():
            if session.get("sid"):
                flash(_("You were signed out after a while without activity."), "info")
                session.pop("sid", None)
            return redirect(url_for("ui.sign_in", next=_here()))
        return view(*args, **kwargs)

    return gated


def begin_session() -> None:
    """Sign this browser in under a brand-new session id, forgetting its previous session."""
    rt = runtime.current()
    # A language just chosen on the sign-in page wins over the one the vault remembers.
    language = session.get("language") or settings.find(rt.require(), LANGUAGE_KEY)
    old = session.get("sid")
    if old:
        rt.end_session(old)
    session.clear()
    session["sid"] = rt.open_session()
    session["generation"] = rt.generation
    audit.event(rt.require(), "consumer.signed_in", at=now())
    if language:
        session["language"] = language
    g.signed_in = True


def end_session() -> None:
    """Sign this browser out (the vault stays as it is)."""
    sid = session.get("sid")
    if sid:
        runtime.current().end_session(sid)
    language = session.get("language")
    session.clear()
    if language:
        session["language"] = language
    g.signed_in = False
