"""Invariants of the agent over any consumer, offers, arrival order and clock (Hypothesis)."""

from dataclasses import replace
from datetime import time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from agent import context, scoring
from agent.decision import decide, decide_next
from agent.pressure import WEEK, Tally
from agent.reasons import DECLINE, DELIVER, HOLD
from tests.agent.builders import T0, intent, offer
from vault.money import Money
from vault.preferences import CHANNELS, Preferences

BRANDS = ("Fnac", "FNAC", "Darty", "Sézane", "IKEA", "ikea")
CATEGORIES = ("books", "Books", "sport", "travel", "Électronique", "garden")
SIGNATURES = ("none", "none", "valid", "unchecked", "invalid")

hours = st.integers(min_value=-24 * 30, max_value=24 * 30)
caps = st.none() | st.integers(min_value=0, max_value=4)
quiet = st.none() | st.tuples(st.builds(time, st.integers(0, 23)),
                              st.builds(time, st.integers(0, 23))).filter(lambda q: q[0] != q[1])


@st.composite
def preferences(draw, *, capped: bool = False) -> Preferences:
    cap = st.integers(min_value=0, max_value=4) if capped else caps
    return Preferences(
        interests=draw(st.dictionaries(st.sampled_from(CATEGORIES), st.integers(0, 100))),
        blocked_brands=draw(st.frozensets(st.sampled_from(BRANDS), max_size=2)),
        blocked_categories=draw(st.frozensets(st.sampled_from(CATEGORIES), max_size=1)),
        channels=draw(st.just(()) | st.permutations(CHANNELS).map(tuple)
                      | st.just(("email", "app"))),
        per_brand_weekly=draw(cap), overall_weekly=draw(cap), quiet_hours=draw(quiet),
        price_ceilings=draw(st.dictionaries(st.sampled_from(CATEGORIES), st.builds(
            Money, st.integers(0, 50_000), st.sampled_from(("EUR", "CHF"))), max_size=2)),
        min_reward=draw(st.none() | st.builds(Money, st.integers(0, 2000), st.just("EUR"))),
    )


@st.composite
def situations(draw) -> dict:
    """Everything about the consumer besides preferences: intents, history, languages, places."""
    wanted = draw(st.lists(st.tuples(st.sampled_from(CATEGORIES),
                                     st.none() | st.integers(0, 100_000)), max_size=3))
    return {"intents": [intent(n + 1, c, b) for n, (c, b) in enumerate(wanted)],
            "affinity": draw(st.dictionaries(st.sampled_from(CATEGORIES), st.integers(0, 30))),
            "languages": draw(st.sampled_from(((), ("fr",), ("fr", "en")))),
            "places": draw(st.sampled_from(((), ("lyon", "#69"))))}


def build(prefs: Preferences, situation: dict):
    """The consumer the agent sees."""
    situation = dict(situation)
    return context.build(prefs, situation.pop("intents"), **situation)


def consumers(*, capped: bool = False):
    return st.builds(build, preferences(capped=capped), situations())


@st.composite
def offers(draw):
    starts = draw(st.none() | hours)
    ends = draw(st.integers(-24 * 7, 24 * 90).filter(lambda h: starts is None or h > starts))
    price = draw(st.none() | st.integers(0, 60_000).map(lambda c: f"{c / 100:.2f}"))
    return offer(
        brand=draw(st.sampled_from(BRANDS)), category=draw(st.sampled_from(CATEGORIES)),
        channel=draw(st.sampled_from(CHANNELS)), language=draw(st.sampled_from(("fr", "en"))),
        price=price, currency=draw(st.sampled_from(("EUR", "CHF"))),
        discount_percent=draw((st.none() if price else st.nothing()) | st.integers(1, 100)),
        reward=draw(st.none() | st.sampled_from(("2.00", "10.00"))),
        valid_from=None if starts is None else (T0 + timedelta(hours=starts)).isoformat(),
        valid_until=(T0 + timedelta(hours=ends)).isoformat(),
        in_reply_to_intent=draw(st.none() | st.integers(1, 4)),
        place=draw(st.sampled_from((None, {"city": "Lyon"}, {"postcode": "75011"}))),
    )


arrivals = st.lists(st.tuples(offers(), hours, st.sampled_from(SIGNATURES),
                              st.sampled_from((True, True, True, False))),
                    max_size=20)
# A consumer who would take almost anything, so that only the caps hold offers back.
keen = st.builds(lambda per_brand, overall: build(Preferences(
    interests=dict.fromkeys(CATEGORIES, 100), per_brand_weekly=per_brand,
    overall_weekly=overall), {"intents": [], "affinity": {}}),
    st.integers(0, 4), st.integers(0, 6))
open_arrivals = st.lists(st.tuples(offers(), hours, st.just("none"), st.just(True)),
                         min_size=1, max_size=25)


def run(who, sequence):
    """Decide a sequence of arrivals in order with one shared tally."""
    tally = Tally()
    results = []
    for the_offer, at, sig, live in sequence:
        now = T0 + timedelta(hours=at)
        ctx = context.Context(who, now, tally, grant_live=live, signature=sig)
        results.append((the_offer, now, decide_next(the_offer, ctx)))
    return results


@given(consumers(), arrivals)
def test_a_blocked_brand_or_category_is_never_delivered(who, sequence):
    for the_offer, _, decision in run(who, sequence):
        if (the_offer.brand_key in who.blocked_brands
                or the_offer.category_key in who.blocked_categories):
            assert decision.verdict != DELIVER


@settings(max_examples=150)
@given(keen | consumers(capped=True), open_arrivals)
def test_caps_are_never_exceeded_over_any_arrival_order_and_clock(who, sequence):
    delivered = [(o.brand_key, now) for o, now, d in run(who, sequence) if d.verdict == DELIVER]
    for _, start in delivered:  # the fullest window starts at some delivery
        window = [b for b, t in delivered if start <= t < start + WEEK]
        assert len(window) <= who.overall_weekly
        for brand in set(window):
            assert window.count(brand) <= who.per_brand_weekly


@given(consumers(), arrivals)
def test_every_hold_and_decline_carries_a_reason_of_its_kind(who, sequence):
    for _, _, decision in run(who, sequence):
        kinds = {r.stops for r in decision.reasons}
        if decision.verdict == HOLD:
            assert kinds == {HOLD} or kinds == {HOLD, "note"}
        elif decision.verdict == DECLINE:
            assert DECLINE in kinds
        else:
            assert not decision.reasons


@given(preferences(), situations(), offers(), st.sampled_from(CATEGORIES), st.integers(1, 100))
def test_raising_an_interest_weight_never_lowers_a_score(prefs, situation, the_offer, category,
                                                        more):
    raised = dict(prefs.interests)
    raised[category] = min(100, raised.get(category, 0) + more)
    who = build(prefs, situation)
    keen = build(replace(prefs, interests=raised), situation)
    assert scoring.score(the_offer, keen) >= scoring.score(the_offer, who)
    if decide(the_offer, context.Context(who, T0, Tally())).verdict == DELIVER:
        assert decide(the_offer, context.Context(keen, T0, Tally())).verdict == DELIVER


@given(consumers(), offers(), st.integers(0, 24 * 400), st.sampled_from(SIGNATURES))
def test_an_expired_offer_is_never_delivered(who, the_offer, late_by, sig):
    now = the_offer.valid_until + timedelta(hours=late_by)
    decision = decide(the_offer, context.Context(who, now, Tally(), signature=sig))
    assert decision.verdict != DELIVER


@given(preferences(), situations(), arrivals)
def test_verdicts_are_deterministic(prefs, situation, sequence):
    first = [d for _, _, d in run(build(prefs, situation), sequence)]
    again = [d for _, _, d in run(build(prefs, situation), list(sequence))]
    assert first == again
