"""Storage of offers: verdicts, actions, deliveries, and the weekly figures per brand."""

from datetime import UTC, date, datetime, timedelta

import pytest

from vault import offers
from vault.errors import NotFound, ValidationError

MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def add(store, brand="Fnac", verdict="deliver", score=50, at=MONDAY, title="Offre"):
    new = offers.NewOffer(brand_name=brand, title=title, category="books", channel="email",
                          payload='{"title":"Offre"}', signature="none", received_at=at)
    reasons = () if verdict == "deliver" else ({"code": "x", "stops": verdict, "params": {}},)
    return offers.add(store, new, offers.Outcome(verdict, score, reasons), now=at)


def test_an_offer_reads_back_as_stored(store):
    offer = offers.get(store, add(store, verdict="hold"))
    assert (offer.brand_name, offer.status, offer.delivered_at) == ("Fnac", "held", None)
    assert offer.outcome.reasons == ({"code": "x", "stops": "hold", "params": {}},)
    assert offer.payload == {"title": "Offre"} and offer.received_at == MONDAY
    with pytest.raises(NotFound):
        offers.get(store, offer.id + 1)


def test_deciding_again_sets_the_delivery_time_once(store):
    offer_id = add(store, verdict="hold")
    later = MONDAY + timedelta(hours=3)
    offers.decide_again(store, offer_id, offers.Outcome("deliver", 70), now=later)
    offers.decide_again(store, offer_id, offers.Outcome("deliver", 75), now=later + timedelta(1))
    offer = offers.get(store, offer_id)
    assert (offer.delivered_at, offer.outcome.score) == (later, 75)
    assert offers.deliveries(store, since=MONDAY) == [("Fnac", later)]
    assert offers.deliveries(store, since=later + timedelta(seconds=1)) == []


def test_listings_put_the_best_first(store):
    low, high = add(store, score=30), add(store, score=90)
    assert [o.id for o in offers.in_state(store, "delivered")] == [high, low]
    assert [o.id for o in offers.in_state(store, "delivered", newest_first=True)] == [
        high, low]  # same arrival time: the later id first


def test_each_offer_is_in_exactly_one_state_and_counts_match_the_lists(store):
    kept, taken, gone, waiting, refused = (add(store), add(store), add(store),
                                           add(store, verdict="hold"),
                                           add(store, verdict="decline"))
    offers.set_action(store, taken, "accepted", now=MONDAY)
    offers.set_action(store, gone, "dismissed", now=MONDAY)

    listed = {state: [o.id for o in offers.in_state(store, state)] for state in offers.STATES}

    assert listed == {"delivered": [kept], "held": [waiting], "accepted": [taken],
                      "dismissed": [gone], "declined": [refused]}
    assert {s: offers.count_in(store, s) for s in offers.STATES} == {
        s: len(ids) for s, ids in listed.items()}
    assert [offers.state(offers.get(store, i)) for i in (kept, taken, gone)] == [
        "delivered", "accepted", "dismissed"]


def test_an_action_can_be_taken_back(store):
    offer_id = add(store)
    offers.set_action(store, offer_id, "dismissed", now=MONDAY)
    assert offers.get(store, offer_id).action_at == MONDAY

    offers.clear_action(store, offer_id)

    offer = offers.get(store, offer_id)
    assert (offers.state(offer), offer.action, offer.action_at) == ("delivered", None, None)
    assert offer.opened_at == MONDAY  # it was seen all the same


def test_an_unknown_action_is_refused(store):
    with pytest.raises(ValidationError):
        offers.set_action(store, add(store), "liked", now=MONDAY)


def test_weekly_figures_count_each_event_in_its_own_week(store):
    first = add(store, brand="Fnac")
    add(store, brand="FNAC", verdict="decline", at=MONDAY + timedelta(days=1))
    add(store, brand="Darty", verdict="hold", at=MONDAY - timedelta(days=1))  # a Sunday
    offers.mark_opened(store, first, now=MONDAY + timedelta(days=8))
    rows = offers.weekly(store, since=date(2026, 2, 1))
    assert rows == [("Darty", "2026-02-23", 1, 0, 0, 0),
                    ("FNAC", "2026-03-02", 2, 1, 1, 0),
                    ("FNAC", "2026-03-09", 0, 0, 0, 1)]
