"""The offers as they stand: what a reader sees is what deciding again would record, unwritten."""

from datetime import UTC, datetime, time, timedelta

import pytest

from agent import inbox, outlook
from tests.agent.builders import payload
from tests.conftest import snapshot
from vault import offers as stored
from vault import preferences, purchases
from vault.errors import NotFound
from vault.preferences import Preferences
from vault.purchases import Item, Order

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)  # a Monday
LATER = NOW + timedelta(days=2, hours=3)
SOURCE = inbox.OfferSource.imported("offres.json")


def receive(store, at, **changes) -> int:
    changes.setdefault("valid_until", (NOW + timedelta(days=20)).isoformat())
    return inbox.receive(store, payload(**changes), source=SOURCE, now=at)


@pytest.fixture
def mixed(store):
    """Offers delivered, held for several reasons (some released by `LATER`), declined."""
    preferences.save(store, Preferences(interests={"books": 80, "garden": 40},
                                        overall_weekly=3, quiet_hours=(time(22), time(7)),
                                        channels=("email", "app")))
    receive(store, NOW - timedelta(days=9), title="Old news")
    receive(store, NOW - timedelta(days=6), title="First of the week")
    receive(store, NOW - timedelta(days=1), title="Second", brand="Cultura")
    receive(store, NOW, title="Third", category="garden", brand="Truffaut")
    receive(store, NOW.replace(hour=23), title="At night", brand="Gibert")  # the latest first
    receive(store, NOW + timedelta(hours=1), title="Over the cap")
    receive(store, NOW + timedelta(hours=2), title="Over the cap too", brand="CULTURA")
    receive(store, NOW, title="Not yet", valid_from=(NOW + timedelta(days=2)).isoformat())
    receive(store, NOW, title="Soon gone", valid_until=(NOW + timedelta(days=1)).isoformat(),
            price="10.00", channel="app")
    receive(store, NOW, title="By text", channel="sms")
    inbox.dismiss(store, receive(store, NOW + timedelta(hours=3), title="Put away"), now=NOW)
    purchases.add(store, Order("Fnac", NOW, "web", "EUR", (Item("Roman", "books", 1, 990),)))
    assert {o.outcome.verdict for o in stored.held(store)} == {"hold"}
    return store


def _seen(current: outlook.Outlook | None, store) -> dict:
    """Everything a page reads, from an outlook or from the vault as recorded."""
    source = current or _Recorded(store)
    ids = [r[0] for r in store.all("select id from offers order by id")]
    return {"lists": {(s, newest, limit): [o.id for o in source.listed(
                          s, newest_first=newest, limit=limit)]
                      for s in stored.STATES for newest in (False, True) for limit in (2, 500)},
            "counts": {s: source.count_in(s) for s in stored.STATES},
            "weekly": source.weekly(since=(NOW - timedelta(weeks=3)).date()),
            "offers": [source.get(i) for i in ids]}


class _Recorded:
    """The vault's own reading functions, shaped as an outlook's."""

    def __init__(self, store):
        self.store = store

    def listed(self, state, **kw):
        return stored.in_state(self.store, state, **kw)

    def count_in(self, state):
        return stored.count_in(self.store, state)

    def weekly(self, *, since):
        return stored.weekly(self.store, since=since)

    def get(self, offer_id):
        return stored.get(self.store, offer_id)


def test_the_outlook_is_what_deciding_again_would_record(mixed):
    before = snapshot(mixed)
    seen = _seen(outlook.load(mixed, now=LATER), mixed)
    assert snapshot(mixed) == before  # nothing written, not even the history cache
    assert seen != _seen(None, mixed)

    assert inbox.reevaluate(mixed, now=LATER).keys() == {"deliver", "hold", "decline"}
    assert seen == _seen(None, mixed)


def test_with_no_held_offer_the_outlook_is_the_vault(store):
    preferences.save(store, Preferences(interests={"books": 80}))
    receive(store, NOW)
    current = outlook.load(store, now=LATER)
    assert current.held == {} and _seen(current, store) == _seen(None, store)


def test_an_unknown_offer_is_not_found(store):
    with pytest.raises(NotFound):
        outlook.load(store, now=NOW).get(1)
