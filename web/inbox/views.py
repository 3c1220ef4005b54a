"""Offers the agent let through, held or turned away; what to do with them; the pressure."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from agent import inbox, offers, outlook
from vault import offers as stored
from vault import preferences
from web import runtime
from web.auth import login_required
from web.clock import now
from web.forms import ActionForm
from web.inbox import charts, wording

bp = Blueprint("inbox", __name__, url_prefix="/offers")
WEEKS = 8
CHARTED = 12  # the busiest brands get a chart; the others a line in a table
TURNED_AWAY_SHOWN = 50


@dataclass(frozen=True)
class Card:
    """An offer as the page shows it: the stored record, its parsed terms, its reasons."""

    record: stored.StoredOffer
    terms: offers.Offer
    stops: list[str]  # why it is held or declined
    notes: list[str]  # what raised its score


def _card(record: stored.StoredOffer) -> Card:
    reasons = list(record.outcome.reasons)
    return Card(record, offers.parse(record.payload, brand=record.brand_name),
                wording.reasons(reasons, stops=("hold", "decline")),
                wording.reasons(reasons, stops=("note",)))


@bp.get("/")
@login_required
def index():
    """Delivered offers first, then those waiting for the digest, then those turned away."""
    current = outlook.load(runtime.store(), now=now())
    return render_template(
        "inbox/index.html",
        delivered=[_card(o) for o in current.with_verdict("deliver")],
        held=[_card(o) for o in current.with_verdict("hold")],
        declined=[_card(o) for o in current.with_verdict("decline", newest_first=True,
                                                          limit=TURNED_AWAY_SHOWN)],
        declined_total=current.count("decline"), form=ActionForm())


@bp.get("/<int:offer_id>")
@login_required
def show(offer_id: int):
    """One offer in full, as it stands now."""
    record = outlook.load(runtime.store(), now=now()).get(offer_id)
    return render_template("inbox/show.html", card=_card(record), form=ActionForm())


@bp.post("/<int:offer_id>/open")
@login_required
def open_offer(offer_id: int):
    """Open an offer from the list: counted on the Pressure page, then shown in full."""
    if not ActionForm().validate_on_submit():
        abort(400)
    inbox.open_offer(runtime.store(), offer_id, now=now())
    return redirect(url_for("inbox.show", offer_id=offer_id), 303)


def _accept(store, offer: stored.StoredOffer) -> str:
    inbox.accept(store, offer.id, now=now())
    return _("You accepted “%(title)s”. %(brand)s learns nothing more than before.",
             title=offer.title, brand=offer.brand_name)


def _dismiss(store, offer: stored.StoredOffer) -> str:
    inbox.dismiss(store, offer.id, now=now())
    return _("“%(title)s” is put away.", title=offer.title)


def _never(store, offer: stored.StoredOffer) -> str:
    inbox.never_from_brand(store, offer.id, now=now())
    return _("You will get no more offers from %(brand)s; those waiting were turned away. "
             "You can undo this in your preferences.", brand=offer.brand_name)


def _less(store, offer: stored.StoredOffer) -> str:
    weight = inbox.less_of_category(store, offer.id, now=now())
    return _("You will see fewer offers about %(category)s (interest now %(weight)s out of "
             "100).", category=offer.category, weight=weight)


ACTIONS: dict[str, Callable[..., str]] = {
    "accept": _accept, "dismiss": _dismiss, "never": _never, "less": _less}


@bp.post("/<int:offer_id>/<any(accept, dismiss, never, less):action>")
@login_required
def act(offer_id: int, action: str):
    """Accept, dismiss, block the brand, or see less of the category; then back to the list."""
    if not ActionForm().validate_on_submit():
        abort(400)
    store = runtime.store()
    flash(ACTIONS[action](store, stored.get(store, offer_id)), "success")
    return redirect(url_for("inbox.index"))


@bp.get("/pressure")
@login_required
def pressure():
    """Per brand and week: offers received, delivered, declined and opened."""
    store, moment = runtime.store(), now()
    today = moment.date()
    this_monday = today - timedelta(days=today.weekday())
    weeks = [this_monday - timedelta(weeks=n) for n in range(WEEKS - 1, -1, -1)]
    rows = outlook.load(store, now=moment).weekly(since=weeks[0])
    brands, ticks = charts.pressure(rows, weeks)
    return render_template("inbox/pressure.html", brands=brands[:CHARTED],
                           others=brands[CHARTED:], ticks=ticks, weeks=weeks,
                           charts=charts, series=wording.SERIES, counts=wording.counts,
                           count=wording.count,
                           prefs=preferences.get(store), since=weeks[0])
