"""Sixty-one realistic offers against a realistic consumer, each verdict worked out by hand.

The fixture (tests/fixtures/offers/scenario.json) says for every offer what
should happen and why; this test plays the offers in order, at their arrival
times, through the real vault.
"""

import json
from datetime import datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from agent import inbox
from tests.conftest import PASSPHRASE, TEST_COST
from vault import intents, lifecycle, preferences, profile, purchases, settings
from vault import offers as stored
from vault.money import Money
from vault.preferences import Preferences
from vault.purchases import Item, Order

SCENARIO = json.loads((Path(__file__).parents[1] / "fixtures" / "offers" / "scenario.json")
                      .read_text(encoding="utf-8"))
SOURCE = inbox.OfferSource.imported("scenario.json")
SET_UP_AT = datetime.fromisoformat(SCENARIO["offers"][0]["at"])  # before the first offer


def _preferences(data: dict) -> Preferences:
    return Preferences(
        interests=data["interests"], blocked_brands=frozenset(data["blocked_brands"]),
        blocked_categories=frozenset(data["blocked_categories"]),
        channels=tuple(data["channels"]), per_brand_weekly=data["per_brand_weekly"],
        overall_weekly=data["overall_weekly"],
        quiet_hours=tuple(time.fromisoformat(t) for t in data["quiet_hours"]),
        price_ceilings={c: Money(int(float(a) * 100), "EUR")
                        for c, a in data["price_ceilings"].items()},
        min_reward=Money(int(float(data["min_reward"]) * 100), "EUR"))


def set_up(store, consumer: dict) -> None:
    """The consumer of the scenario, in the vault."""
    zone = ZoneInfo(consumer["timezone"])
    profile.set_identity(store, {"language": consumer["language"]}, now=SET_UP_AT)
    settings.put(store, "language", consumer["interface_language"])
    settings.set_time_zone(store, consumer["timezone"])
    profile.add_address(store, consumer["address"])
    preferences.save(store, _preferences(consumer["preferences"]))
    for wanted in consumer["intents"]:
        intents.add(store, {**wanted, "expires_on": "2099-01-01"}, now=SET_UP_AT)
    for batch in consumer["purchases"]:
        for day in batch["days"]:
            moment = datetime.fromisoformat(day + "T12:00").replace(tzinfo=zone)
            price = int(float(batch["price"]) * 100)
            purchases.add(store, Order(batch["merchant"], moment, "store", "EUR",
                                       (Item("Article", batch["category"], 1, price),)))


def play(store) -> list[tuple[int, str, list[str]]]:
    """Receive every offer at its time; return (n, verdict, hold/decline reason codes)."""
    results = []
    for case in SCENARIO["offers"]:
        offer_id = inbox.receive(store, case["offer"], source=SOURCE,
                                 now=datetime.fromisoformat(case["at"]))
        outcome = stored.get(store, offer_id).outcome
        codes = [r["code"] for r in outcome.reasons if r["stops"] != "note"]
        results.append((case["n"], outcome.verdict, codes))
    return results


@pytest.fixture
def played(store):
    set_up(store, SCENARIO["consumer"])
    return play(store)


def test_the_scenario_is_large_and_varied():
    cases = SCENARIO["offers"]
    assert len(cases) >= 50
    assert {c["offer"]["language"] for c in cases} >= {"fr", "en"}
    assert len({c["offer"]["brand"] for c in cases}) >= 10
    assert {c["offer"]["channel"] for c in cases} == {"email", "sms", "post", "app"}
    assert {c["expect"] for c in cases} == {"deliver", "hold", "decline"}


def test_every_offer_gets_the_verdict_and_reasons_written_by_hand(played):
    expected = [(c["n"], c["expect"], c["reasons"]) for c in SCENARIO["offers"]]
    wrong = [(want, got) for want, got in zip(expected, played, strict=True) if want != got]
    assert wrong == []


def test_the_same_inputs_in_a_second_vault_give_the_same_verdicts(played, tmp_path):
    twin, _ = lifecycle.create(tmp_path / "twin", PASSPHRASE, cost=TEST_COST)
    try:
        set_up(twin, SCENARIO["consumer"])
        assert play(twin) == played
    finally:
        twin.close()
