"""What every page's frame shows: the navigation, and which item the page is under."""

from __future__ import annotations

from flask import Flask, current_app, request, session, url_for
from flask_babel import lazy_gettext as _l

from web import categories, formatting
from web.auth import idle_minutes, is_signed_in
from web.forms import has_errors

# The top-level navigation, always in this order (Lock is a button of its own on
# every page); items owned by other packages show only once their endpoint is registered.
NAV = (
    ("ui.home", _l("Home")),
    ("ui.profile", _l("Profile")),
    ("ui.purchases", _l("Purchases")),
    ("ui.insights", _l("Insights")),
    ("inbox.index", _l("Offers")),
    ("access.brands", _l("Brands & access")),
    ("access.activity", _l("Activity")),
    ("ui.preferences", _l("Preferences")),
    ("ui.settings", _l("Settings")),
)

# Pages outside the navigation, and the item they belong under.
BELONGS = {"/intents": "ui.preferences"}


def _layout() -> dict:
    """What base.html needs: the navigation and whether to show it."""
    signed_in = _safe_signed_in()
    if not signed_in:
        return {"signed_in": False, "nav_items": []}
    if _first_run_step():
        return {"signed_in": True, "nav_items": [], "idle_seconds": round(idle_minutes() * 60)}
    items = [(url_for(e), label) for e, label in NAV if has_endpoint(e)]
    return {"signed_in": True, "nav_items": items, "nav_current": _current(items),
            "idle_seconds": round(idle_minutes() * 60)}


def _first_run_step() -> bool:
    """True on the recovery-code steps of the first run: the vault is not ready to browse yet."""
    return (request.endpoint in ("ui.recovery_code", "ui.recovery_confirm")
            and session.get("code_then", "ui.home") == "ui.home")


def has_endpoint(name: str) -> bool:
    """True once some package has registered the view `name` (e.g. "inbox.index")."""
    return name in current_app.view_functions


def _current(items: list) -> str | None:
    """The nav address this page belongs under: the longest one that prefixes its path."""
    path, root = request.script_root + request.path, request.script_root  # as url_for gives
    for prefix, endpoint in BELONGS.items():
        if path == root + prefix or path.startswith(root + prefix + "/"):
            path = url_for(endpoint)
    under = [url for url, _label in items
             if path == url or (url != "/" and path.startswith(url.rstrip("/") + "/"))]
    return max(under, key=len, default=None)


def _safe_signed_in() -> bool:
    try:
        return is_signed_in()
    except Exception:  # an error page must render even when the vault cannot be read
        return False


def init_app(app: Flask) -> None:
    """Give every template the frame's context, the formatting filters and the helpers."""
    formatting.init_app(app)
    categories.init_app(app)
    app.context_processor(_layout)
    app.jinja_env.globals.update(has_endpoint=has_endpoint, has_errors=has_errors)
