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
from web.ui.keeping import last_backup
from web.wording import access_sentence

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
        last_backup=last_backup(store),
        offers=[{"brand": o.brand_name, "title": o.title}
                for o in outlook.load(store, now=moment).listed("delivered", limit=RECENT)],
    )


def _accesses(store: Store) -> list[dict]:
    """The latest brand accesses, each said in a sentence."""
    return [{"summary": access_sentence(e, e.brand_name or _("An unknown caller")), "at": e.at,
             "event": e} for e in audit.recent(store, limit=RECENT)]
