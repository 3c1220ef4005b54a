"""The agent against a real vault: receive, store, decide, decide again, what brands see."""

import base64
from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from nacl.signing import SigningKey

from agent import inbox, signature
from agent.inbox import OfferSource
from tests.agent.builders import payload
from vault import brands, grants, preferences, profile, purchases, settings
from vault import offers as stored
from vault.errors import NotFound, TooLarge, ValidationError
from vault.preferences import Preferences
from vault.purchases import Item, Order

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
IMPORTED = OfferSource.imported("offres.json")


def likes(store, **prefs):
    preferences.save(store, Preferences(**{"interests": {"books": 80}, **prefs}))


def receive(store, now=NOW, source=IMPORTED, **changes):
    offer_id = inbox.receive(store, payload(**changes), source=source, now=now)
    return stored.get(store, offer_id)


def count(store):
    return store.value("select count(*) from offers")


def test_an_offer_is_stored_with_its_verdict_score_and_notes(store):
    likes(store)
    offer = receive(store)
    assert (offer.brand_name, offer.category, offer.source) == ("Fnac", "09.7.1", "import")
    assert offer.outcome.verdict == "deliver" and offer.delivered_at == NOW
    assert offer.outcome.score == 80
    assert [r["code"] for r in offer.outcome.reasons] == ["interest"]
    assert offer.payload == payload()


def test_a_malformed_offer_names_each_field_and_is_not_stored(store):
    with pytest.raises(ValidationError) as caught:
        inbox.receive(store, payload(title=None, channel="pigeon", price="abc"),
                      source=IMPORTED, now=NOW)
    assert [p.field for p in caught.value.problems] == ["title", "channel", "price"]
    assert count(store) == 0


def test_an_offer_over_the_size_limit_is_refused_and_not_stored(store):
    with pytest.raises(TooLarge):
        inbox.receive(store, payload(description="x" * 20_000), source=IMPORTED, now=NOW)
    assert count(store) == 0


def test_many_offers_are_all_stored_or_none(store):
    good, bad = payload(), payload(category=None, language="??")
    with pytest.raises(ValidationError) as caught:
        inbox.receive_many(store, [good, bad, good], source=IMPORTED, now=NOW)
    assert [(p.field, p.reason) for p in caught.value.problems] == [
        ("offers[1].category", "is required"),
        ("offers[1].language", "must be a language code such as fr or en-GB")]
    assert count(store) == 0
    assert len(inbox.receive_many(store, [good, good], source=IMPORTED, now=NOW)) == 2


def test_an_unknown_category_is_kept_as_given_and_matched_as_the_same_word(store):
    likes(store, blocked_categories=frozenset({"Vélos d'occasion"}))
    assert receive(store, category="vélos D'OCCASION").outcome.verdict == "decline"
    kept = receive(store, category="Vélos de course")
    assert kept.category == "other:Vélos de course"
    assert kept.outcome.verdict == "hold"  # not blocked, but nothing says the consumer likes it


def test_the_weekly_cap_counts_deliveries_across_calls(store):
    likes(store, per_brand_weekly=2)
    verdicts = [receive(store, now=NOW + timedelta(hours=n)).outcome.verdict for n in range(3)]
    assert verdicts == ["deliver", "deliver", "decline"]
    assert receive(store, now=NOW + timedelta(days=7, hours=1)).outcome.verdict == "deliver"


@pytest.fixture
def brand(store):
    key = SigningKey(b"b" * 32)
    x = base64.urlsafe_b64encode(key.verify_key.encode()).decode().rstrip("=")
    found, _ = brands.add(store, {
        "client_name": "Maison Dupont", "redirect_uris": ["https://dupont.example/cb"],
        "scope": "offers:write", "jwks": {"keys": [{"kty": "OKP", "crv": "Ed25519", "x": x}]},
    }, source="manual", now=NOW)
    grant = grants.create(store, found.id, frozenset({"offers:write"}), purpose=None,
                          expires_at=None, now=NOW)
    source = OfferSource(found.name, found.id, grant.id, brands.public_key(store, found.id))
    return key, source


def sign(data, key):
    raw = key.sign(signature.canonical(data)).signature
    return {**data, "signature": base64.b64encode(raw).decode()}


def test_a_brand_offer_takes_its_brand_from_the_source_and_its_signature_is_checked(store,
                                                                                    brand):
    key, source = brand
    likes(store)
    good = inbox.receive(store, sign(payload(brand=None), key), source=source, now=NOW)
    forged = inbox.receive(store, {**sign(payload(brand=None), key), "price": "1.00"},
                           source=source, now=NOW)
    offer, bad = stored.get(store, good), stored.get(store, forged)
    assert (offer.brand_name, offer.signature, offer.outcome.verdict) == (
        "Maison Dupont", "valid", "deliver")
    assert (bad.signature, bad.outcome.verdict) == ("invalid", "decline")
    assert bad.outcome.reasons[0]["code"] == "signature_invalid"


def test_an_offer_under_a_revoked_grant_is_declined(store, brand):
    _, source = brand
    likes(store)
    grants.revoke(store, source.grant_id, now=NOW)
    offer = receive(store, source=source, brand=None, now=NOW + timedelta(minutes=1))
    assert offer.outcome.reasons[0]["code"] == "grant_not_live"


def test_a_brand_sees_only_the_status_of_its_own_offers(store, brand):
    _, source = brand
    likes(store, blocked_categories=frozenset({"books"}))
    offer = receive(store, source=source, brand=None)
    status = inbox.brand_status(store, offer.id, source.brand_id)
    assert status == {"id": offer.id, "status": "declined", "received_at": "2026-03-02T10:00:00Z"}
    with pytest.raises(NotFound):
        inbox.brand_status(store, offer.id, source.brand_id + 1)
    with pytest.raises(NotFound):
        inbox.brand_status(store, offer.id + 1, source.brand_id)


def test_held_offers_are_decided_again_when_preferences_change(store):
    likes(store)
    held = receive(store, category="garden")
    shown = receive(store)
    assert (held.outcome.verdict, shown.outcome.verdict) == ("hold", "deliver")
    prefs = preferences.get(store)
    preferences.save(store, replace(prefs, interests={**prefs.interests, "garden": 50}))
    later = NOW + timedelta(hours=2)
    assert inbox.reevaluate(store, now=later) == {"deliver": 1}
    again = stored.get(store, held.id)
    assert again.outcome.verdict == "deliver" and again.delivered_at == later
    assert again.received_at == NOW


def test_reevaluation_respects_caps_and_leaves_other_verdicts_alone(store):
    likes(store, overall_weekly=1)
    first, second = receive(store), receive(store, title="Encore")
    assert second.outcome.reasons[0]["code"] == "overall_cap"
    assert inbox.reevaluate(store, now=NOW + timedelta(days=3)) == {"hold": 1}
    assert inbox.reevaluate(store, now=NOW + timedelta(days=8)) == {"deliver": 1}
    assert stored.get(store, first.id).decided_at == NOW


def test_never_from_this_brand_blocks_dismisses_and_declines_its_held_offers(store):
    likes(store, quiet_hours=(time(9), time(11)))
    shown = receive(store, now=NOW - timedelta(hours=2))
    waiting = receive(store)
    assert waiting.outcome.reasons[0]["code"] == "quiet_hours"
    inbox.never_from_brand(store, shown.id, now=NOW)
    assert preferences.get(store).blocked_brands == {"Fnac"}
    assert stored.get(store, shown.id).action == "dismissed"
    assert stored.get(store, waiting.id).outcome.reasons[-1]["code"] == "brand_blocked"


def test_never_from_this_brand_can_be_undone_with_what_it_turned_away(store):
    likes(store, quiet_hours=(time(9), time(11)))
    shown = receive(store, now=NOW - timedelta(hours=2))
    waiting = receive(store)
    other = receive(store, brand="Cultura", title="Ailleurs")
    inbox.never_from_brand(store, shown.id, now=NOW)
    later = receive(store, now=NOW + timedelta(minutes=30), title="Arrived while blocked")

    inbox.hear_again(store, shown.id, now=NOW + timedelta(hours=2))

    assert preferences.get(store).blocked_brands == frozenset()
    assert stored.state(stored.get(store, shown.id)) == "delivered"
    assert stored.get(store, waiting.id).outcome.verdict == "deliver"  # quiet hours are over
    assert stored.get(store, later.id).outcome.verdict == "decline"  # it came while blocked
    assert stored.get(store, other.id).action is None


def test_a_dismissed_or_accepted_offer_can_be_put_back(store):
    likes(store)
    offer = receive(store)
    inbox.dismiss(store, offer.id, now=NOW)
    inbox.put_back(store, offer.id, now=NOW)
    assert stored.state(stored.get(store, offer.id)) == "delivered"
    inbox.accept(store, offer.id, now=NOW)
    inbox.put_back(store, offer.id, now=NOW)
    assert stored.state(stored.get(store, offer.id)) == "delivered"
    with pytest.raises(NotFound):
        inbox.put_back(store, offer.id + 1, now=NOW)


def test_less_of_this_category_lowers_its_weight_and_dismisses(store):
    likes(store)
    offer = receive(store, category="BOOKS")
    assert inbox.less_of_category(store, offer.id, now=NOW) == 55
    assert preferences.get(store).interests == {"09.7.1": 55}
    assert stored.get(store, offer.id).action == "dismissed"
    fresh = receive(store, category="tea")
    assert inbox.less_of_category(store, fresh.id, now=NOW) == 0
    assert preferences.get(store).interests == {"09.7.1": 55, "01.2": 0}


def test_less_of_a_narrow_category_starts_from_its_group_and_leaves_the_group(store):
    likes(store, interests={"voyage": 60})
    offer = receive(store, category="avion")
    assert inbox.less_of_category(store, offer.id, now=NOW) == 35
    assert preferences.get(store).interests == {"07.3": 60, "07.3.3": 35}


def test_accept_and_open_are_recorded(store):
    offer = receive(store)
    inbox.open_offer(store, offer.id, now=NOW + timedelta(minutes=5))
    inbox.accept(store, offer.id, now=NOW + timedelta(minutes=9))
    again = stored.get(store, offer.id)
    assert (again.opened_at, again.action) == (NOW + timedelta(minutes=5), "accepted")
    with pytest.raises(NotFound):
        inbox.accept(store, offer.id + 1, now=NOW)


def paris_order(day: int, category: str = "books") -> Order:
    return Order(merchant="Fnac", ordered_at=datetime(2026, 2, day, 12, tzinfo=ZoneInfo(
        "Europe/Paris")), channel="web", currency="EUR",
        items=(Item("Roman", category, 1, 2000),))


def test_the_consumer_context_comes_from_the_whole_vault(store):
    likes(store, quiet_hours=(time(21), time(8)))
    purchases.add(store, paris_order(20))
    profile.set_identity(store, {"language": "fr"}, now=NOW)
    profile.add_address(store, {"line1": "1 rue", "postcode": "69003", "city": "Lyon",
                                "country": "FR"})
    who = inbox.load_consumer(store, now=NOW)
    assert who.zone == settings.server_zone()  # not the purchase's zone (Europe/Paris)
    assert who.languages == {"fr", "en"} and who.places == {"lyon", "#69"}
    assert who.affinity["09.7.1"] > 0
    settings.set_time_zone(store, "America/New_York")
    settings.put(store, settings.LANGUAGE_KEY, "de")
    who = inbox.load_consumer(store, now=NOW)
    assert str(who.zone) == "America/New_York" and who.languages == {"fr", "de"}


def test_purchase_figures_are_recomputed_only_when_the_history_changes(store):
    purchases.add(store, paris_order(20))
    assert stored.category_history(store, today=NOW.date())[0][2] == 1
    store.execute("update category_history set orders = 99")  # a stale cache shows...
    assert stored.category_history(store, today=NOW.date())[0][2] == 99  # ...as long as valid
    order_id = purchases.add(store, paris_order(21))
    assert stored.category_history(store, today=NOW.date())[0][2] == 2
    purchases.delete(store, order_id)
    assert stored.category_history(store, today=NOW.date())[0][1:3] == (
        paris_order(20).ordered_at.date(), 1)


@pytest.mark.parametrize("hour", [0, 9, 10, 11, 23])
def test_demo_offers_arrive_on_a_morning_before_now(hour):
    from agent import demo

    now = datetime(2026, 11, 23, hour, 30, tzinfo=UTC)
    moment = demo.arrival(now)
    assert moment <= now < moment + timedelta(days=1)
    assert moment.astimezone(demo.PARIS).hour == 10
