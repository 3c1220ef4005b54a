"""Home: what the vault holds, brands' latest accesses, offers waiting."""

from __future__ import annotations

from flask import render_template, session
from flask_babel import gettext as _

from agent import outlook
from vault import audit, insights, intents, profile, purchases
from vault.store import Store
from web import runtime
from web.auth import login_required
from web.clock import now
from web.ui.blueprint import bp
from web.wording import REASON_TEXT

RECENT = 5


@bp.get("/")
@login_required
def home():
    """The dashboard: counts, latest purchases, brands' latest accesses, offers waiting."""
    store, moment = runtime.store(), now()
    return render_template(
        "dashboard.html",
        counts=insights.counts(store),
        identity=profile.get_identity(store),
        open_intents=len(intents.open_intents(store, today=moment.date())),
        recent=purchases.after(store, purchases.Filters(), cursor=None, limit=RECENT),
        code_pending=session.get("sid") in runtime.current().pending_codes,
        other_words=purchases.other_words(store),
        accesses=_accesses(store),
        offers=[{"brand": o.brand_name, "title": o.title}
                for o in outlook.load(store, now=moment).listed("delivered", limit=RECENT)],
    )


def _accesses(store: Store) -> list[dict]:
    """The latest brand accesses, each summed up in a few words."""
    result = []
    for event in audit.recent(store, limit=RECENT):
        if event.outcome == "allowed":
            summary = _("read %(endpoint)s (%(count)d records)", endpoint=event.endpoint,
                        count=event.records)
        else:
            summary = _("was refused: %(reason)s",
                        reason=REASON_TEXT.get(event.reason, event.reason or ""))
        result.append({"brand": event.brand_name or _("Unknown brand"), "summary": summary,
                       "at": event.at})
    return result
