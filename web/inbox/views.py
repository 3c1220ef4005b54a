"""Offers in each state (for you, waiting, accepted, put away, turned away), acting, pressure."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from agent import inbox, offers, outlook
from vault import offers as stored
from vault import preferences
from web import confirm, runtime
from web.auth import login_required
from web.categories import label
from web.clock import now
from web.forms import ActionForm
from web.inbox import charts, wording

bp = Blueprint("inbox", __name__, url_prefix="/offers")
WEEKS = 8
CHARTED = 12  # the busiest brands get a chart; the others a line in a table
SHOWN = 50  # offers listed per state (the count says how many there are in all)
NEWEST_FIRST = ("accepted", "dismissed", "declined")  # the others: best first


@dataclass(frozen=True)
class Card:
    """An offer as the page shows it: the stored record, its parsed terms, its reasons."""

    record: stored.StoredOffer
    terms: offers.Offer
    stops: list[str]  # why it is held or declined
    notes: list[str]  # what raised its score
    actions: tuple[str, ...]  # what the consumer can do with it now, in order


def _card(record: stored.StoredOffer, blocked: frozenset[str]) -> Card:
    reasons = list(record.outcome.reasons)
    return Card(record, offers.parse(record.payload, brand=record.brand_name),
                wording.reasons(reasons, stops=("hold", "decline")),
                wording.reasons(reasons, stops=("note",)), _actions(record, blocked))


def _actions(record: stored.StoredOffer, blocked: frozenset[str]) -> tuple[str, ...]:
    """Accept and the rest while it is open; once put away, only ways back; none if declined."""
    state = stored.state(record)
    if state == "dismissed":
        return ("back", "again") if record.brand_name.casefold() in blocked else ("back",)
    if state == "declined":
        return ()
    return ("dismiss", "less", "never") if state == "accepted" else (
        "accept", "dismiss", "less", "never")


def _blocked(store) -> frozenset[str]:
    return frozenset(b.casefold() for b in preferences.get(store).blocked_brands)


@bp.get("/")
@login_required
def index():
    """Each state's list: for you, waiting for the digest, accepted, put away, turned away."""
    store = runtime.store()
    current, blocked = outlook.load(store, now=now()), _blocked(store)
    lists = {state: [_card(o, blocked) for o in current.listed(
        state, newest_first=state in NEWEST_FIRST, limit=SHOWN)] for state in stored.STATES}
    return render_template("inbox/index.html", lists=lists, shown=SHOWN,
                           totals={s: current.count_in(s) for s in stored.STATES},
                           undo=request.args.get("undo", type=int), form=ActionForm())


@bp.get("/<int:offer_id>")
@login_required
def show(offer_id: int):
    """One offer in full, as it stands now."""
    store = runtime.store()
    record = outlook.load(store, now=now()).get(offer_id)
    return render_template("inbox/show.html", card=_card(record, _blocked(store)),
                           form=ActionForm(), fit=wording.fit)


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
             "To undo it: “Hear from %(brand)s again”, on the offer, under “Put away”.",
             brand=offer.brand_name)


def _less(store, offer: stored.StoredOffer) -> str:
    weight = inbox.less_of_category(store, offer.id, now=now())
    return _("You will see fewer offers about %(category)s (interest now %(weight)s out of "
             "100).", category=label(offer.category), weight=weight)


def _back(store, offer: stored.StoredOffer) -> str:
    inbox.put_back(store, offer.id, now=now())
    return _("“%(title)s” is back in your offers.", title=offer.title)


def _again(store, offer: stored.StoredOffer) -> str:
    inbox.hear_again(store, offer.id, now=now())
    return _("%(brand)s may send you offers again; “%(title)s” and those it had waiting are "
             "back.", brand=offer.brand_name, title=offer.title)


ACTIONS: dict[str, Callable[..., str]] = {
    "accept": _accept, "dismiss": _dismiss, "never": _never, "less": _less, "back": _back,
    "again": _again}
UNDOABLE = {"dismiss", "never", "less"}  # the page offers to undo these at once


@bp.post("/<int:offer_id>/<any(accept, dismiss, never, less, back, again):action>")
@login_required
def act(offer_id: int, action: str):
    """Act on an offer, then back to the list, on the offer that followed it.

    "Never from this brand" first asks, on a page of its own, unless the form
    says it was confirmed already (in the browser, by JavaScript).
    """
    if not ActionForm().validate_on_submit():
        abort(400)
    store = runtime.store()
    offer = stored.get(store, offer_id)
    if action == "never" and not confirm.confirmed():
        return confirm.page(what_happens=wording.never_warning(offer.brand_name),
                            button=_("Never from %(brand)s", brand=offer.brand_name),
                            back=url_for("inbox.show", offer_id=offer_id))
    following = _following(store, offer)
    flash(ACTIONS[action](store, offer), "success")
    return redirect(url_for("inbox.index", undo=offer_id if action in UNDOABLE else None,
                            _anchor=f"offer-{following}" if following else None))


def _following(store, offer: stored.StoredOffer) -> int | None:
    """The offer after this one in its list (else the one before): where the list reopens."""
    state = stored.state(offer)
    ids = [o.id for o in outlook.load(store, now=now()).listed(
        state, newest_first=state in NEWEST_FIRST, limit=SHOWN)]
    if offer.id not in ids or len(ids) == 1:
        return None
    at = ids.index(offer.id)
    return ids[at + 1] if at + 1 < len(ids) else ids[at - 1]


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
