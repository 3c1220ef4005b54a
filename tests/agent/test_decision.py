"""The pipeline, step by step: each check's verdict and reason, in their fixed order."""

from dataclasses import replace
from datetime import time, timedelta
from zoneinfo import ZoneInfo

import pytest

from agent import scoring
from agent.context import city_key, postcode_area
from agent.decision import decide, decide_next
from agent.pressure import Tally, is_quiet
from agent.reasons import DECLINE, DELIVER, HOLD
from tests.agent.builders import T0, consumer, ctx, intent, offer
from vault.money import Money

LIKES_BOOKS = {"books": 80}


def verdict(the_offer, who, **kwargs):
    decision = decide(the_offer, ctx(who, **kwargs))
    return decision.verdict, [r.code for r in decision.reasons if r.stops != "note"]


def test_a_fitting_offer_is_delivered_with_no_reason():
    assert verdict(offer(), consumer(interests=LIKES_BOOKS)) == (DELIVER, [])


@pytest.mark.parametrize(("changes", "prefs", "facts", "expected"), [
    ({}, {}, {"signature": "invalid"}, (DECLINE, ["signature_invalid"])),
    ({"valid_until": T0.isoformat()}, {}, {}, (DECLINE, ["expired"])),
    ({"valid_from": (T0 + timedelta(days=1)).isoformat()}, {}, {}, (HOLD, ["not_yet_valid"])),
    ({"brand": "FNAC"}, {"blocked_brands": frozenset({"fnac"})}, {},
     (DECLINE, ["brand_blocked"])),
    ({}, {}, {"grant_live": False}, (DECLINE, ["grant_not_live"])),
    ({"category": "Books"}, {"blocked_categories": frozenset({"books"})}, {},
     (DECLINE, ["category_blocked"])),
    ({"price": "30.01"}, {"price_ceilings": {"books": Money(3000, "EUR")}}, {},
     (DECLINE, ["over_ceiling"])),
    ({"price": "30.00"}, {"price_ceilings": {"books": Money(3000, "EUR")}}, {},
     (DELIVER, [])),
    ({"currency": "CHF"}, {"price_ceilings": {"books": Money(3000, "EUR")}}, {},
     (HOLD, ["ceiling_currency"])),
    ({"channel": "sms"}, {"channels": ("email", "app")}, {}, (DECLINE, ["channel"])),
    ({"category": "gardening"}, {}, {}, (HOLD, ["low_score"])),
])
def test_each_step_gives_its_verdict_and_reason(changes, prefs, facts, expected):
    who = consumer(**{"interests": LIKES_BOOKS, **prefs})
    assert verdict(offer(**changes), who, **facts) == expected


def test_a_hold_goes_on_and_a_later_decline_stops_with_both_reasons():
    who = consumer(interests=LIKES_BOOKS, channels=("email",))
    late = offer(valid_from=(T0 + timedelta(hours=2)).isoformat(), channel="post")
    assert verdict(late, who) == (DECLINE, ["not_yet_valid", "channel"])


def test_a_decline_stops_the_pipeline_at_the_first_failing_step():
    who = consumer(blocked_brands=frozenset({"fnac"}), blocked_categories=frozenset({"books"}))
    assert verdict(offer(), who) == (DECLINE, ["brand_blocked"])


def test_languages_compare_their_primary_subtag():
    who = consumer(interests=LIKES_BOOKS, languages=("fr-FR", "en"))
    assert verdict(offer(language="fr-CA"), who)[0] == DELIVER
    assert verdict(offer(language="en-GB"), who)[0] == DELIVER
    assert verdict(offer(language="de"), who) == (DECLINE, ["language"])
    assert verdict(offer(language="de"), consumer(interests=LIKES_BOOKS))[0] == DELIVER


def test_a_place_must_be_near_one_of_the_consumers_places():
    who = consumer(interests=LIKES_BOOKS, places=(city_key("Lyon"), postcode_area("69003")))
    assert verdict(offer(place={"postcode": "69007"}), who)[0] == DELIVER
    assert verdict(offer(place={"city": "LYON"}), who)[0] == DELIVER
    assert verdict(offer(place={"postcode": "75011", "city": "Paris"}), who) == (
        DECLINE, ["place"])
    assert verdict(offer(place={"lat": 48.8, "lon": 2.3, "radius_km": 3}), who)[0] == DELIVER


def test_the_per_brand_cap_declines_and_counts_only_that_brand():
    who = consumer(interests=LIKES_BOOKS, per_brand_weekly=2)
    tally = Tally([("fnac", T0 - timedelta(days=6)), ("fnac", T0 - timedelta(days=1)),
                   ("darty", T0)])
    decision = decide(offer(), ctx(who, tally=tally))
    assert decision.verdict == DECLINE
    assert decision.reasons[0].text() == (
        "2 offers from Fnac already reached you in the last 7 days; your limit is 2.")
    assert verdict(offer(brand="Cultura"), who, tally=tally)[0] == DELIVER


def test_a_delivery_more_than_a_week_ago_no_longer_counts():
    who = consumer(interests=LIKES_BOOKS, per_brand_weekly=1)
    tally = Tally([("fnac", T0 - timedelta(days=7))])
    assert verdict(offer(), who, tally=tally)[0] == DELIVER


def test_the_overall_cap_holds_for_the_digest():
    who = consumer(interests=LIKES_BOOKS, overall_weekly=1)
    tally = Tally([("darty", T0 - timedelta(hours=1))])
    assert verdict(offer(), who, tally=tally) == (HOLD, ["overall_cap"])


def test_decide_next_counts_deliveries_and_decide_does_not():
    who = consumer(interests=LIKES_BOOKS, per_brand_weekly=1)
    context = ctx(who)
    assert decide(offer(), context).verdict == DELIVER
    assert decide_next(offer(), context).verdict == DELIVER
    assert decide_next(offer(), context).verdict == DECLINE


def test_quiet_hours_are_read_in_the_consumers_time_zone():
    who = consumer(interests=LIKES_BOOKS, quiet_hours=(time(21), time(8)))
    who_in_paris = consumer(interests=LIKES_BOOKS, quiet_hours=(time(21), time(8)),
                            zone=ZoneInfo("Europe/Paris"))
    late = T0.replace(hour=20, minute=30)  # 21:30 in Paris, 20:30 UTC
    assert verdict(offer(), who, now=late)[0] == DELIVER
    assert verdict(offer(), who_in_paris, now=late) == (HOLD, ["quiet_hours"])


@pytest.mark.parametrize(("moment", "quiet", "expected"), [
    (time(22), (time(21), time(8)), True), (time(7, 59), (time(21), time(8)), True),
    (time(8), (time(21), time(8)), False), (time(12), (time(21), time(8)), False),
    (time(13), (time(12), time(14)), True), (time(14), (time(12), time(14)), False),
])
def test_quiet_hours_may_span_midnight(moment, quiet, expected):
    assert is_quiet(moment, quiet) is expected


def test_an_answer_to_an_open_intent_within_budget_ranks_first():
    who = consumer(interests={"books": 100, "sport": 10},
                   intents=(intent(7, "sport", budget_minor=40000),))
    bike = offer(category="sport", price="350.00", channel="app", in_reply_to_intent=7)
    pricey = offer(category="sport", price="450.00", in_reply_to_intent=7)
    unnamed = offer(category="sport", price="350.00")
    elsewhere = offer(category="cycling", price="300.00", in_reply_to_intent=7)  # not sports gear
    assert scoring.score(bike, who) > scoring.score(offer(), who) + 500
    assert scoring.score(unnamed, who) == 10 + scoring.RELEVANT
    assert scoring.score(elsewhere, who) == 0
    assert scoring.score(pricey, who) < scoring.WITHIN_BUDGET
    notes = [r.code for r in scoring.explain(pricey, who)]
    assert notes == ["over_budget", "interest"]


def test_a_relevant_offer_with_no_comparable_price_still_counts():
    who = consumer(intents=(intent(7, "sport", budget_minor=40000),))
    unpriced = offer(category="sport", price=None, currency=None, discount_percent=10)
    assert scoring.score(unpriced, who) == scoring.RELEVANT + 1
    assert scoring.score(replace(unpriced, in_reply_to_intent=7), who) == 1


def test_channel_discount_and_reward_add_small_bonuses():
    who = consumer(interests=LIKES_BOOKS, channels=("app", "email"),
                   min_reward=Money(500, "EUR"))
    base = scoring.score(offer(), consumer(interests=LIKES_BOOKS))
    assert scoring.score(offer(), who) == base + scoring.CHANNEL_BONUS[1]
    assert scoring.score(offer(reward="5.00", discount_percent=30), who) == (
        base + scoring.CHANNEL_BONUS[1] + scoring.REWARD_BONUS + 3)
    assert scoring.score(offer(reward="4.99"), who) == base + scoring.CHANNEL_BONUS[1]


def test_affinity_weighs_recency_frequency_and_amount():
    today = T0.date()
    found = scoring.affinity([
        ("Books", today - timedelta(days=3), 40, 2_000_000),
        ("garden", today - timedelta(days=400), 1, 900),
    ], today=today)
    assert found == {"09.7.1": scoring.AFFINITY_MAX, "09.3.1": 0}


def test_every_reason_reads_as_a_sentence():
    who = consumer(interests=LIKES_BOOKS, quiet_hours=(time(0), time(23, 59)))
    decision = decide(offer(valid_from=(T0 + timedelta(days=1)).isoformat()), ctx(who))
    texts = [r.text() for r in decision.reasons]
    assert texts == ["This offer starts on 2026-03-03 10:00; it waits until then.",
                     "It arrived during your quiet hours (00:00 to 23:59); it waits for your "
                     "morning digest."]


def test_reasons_round_trip_through_json():
    decision = decide(offer(channel="sms"), ctx(consumer(channels=("email",))))
    again = [type(r).from_json(r.to_json()) for r in decision.reasons]
    assert tuple(again) == decision.reasons
