"""Offers meet the consumer's categories through the vocabulary: a word or a code, any language."""

from datetime import date

import pytest

from agent import answers, scoring
from agent.decision import decide
from agent.reasons import DECLINE, DELIVER
from tests.agent.builders import consumer, ctx, intent, offer
from vault.money import Money


def codes(the_offer, who):
    decision = decide(the_offer, ctx(who))
    return decision.verdict, [r.code for r in decision.reasons]


def test_an_offer_keeps_its_category_as_a_code():
    assert offer(category="Livres").category == "09.7.1"
    assert offer(category="09.7.1").category == "09.7.1"
    assert offer(category="vélo cargo").category == "other:vélo cargo"


@pytest.mark.parametrize(("sent", "liked"), [
    ("livres", "books"), ("Books", "Livres"), ("09.7.1", "romans"), ("BD", "09.7.1"),
])
def test_a_word_in_one_language_meets_an_interest_in_the_other(sent, liked):
    who = consumer(interests={liked: 80})
    assert scoring.score(offer(category=sent, price=None, discount_percent=10), who) == 81


def test_an_interest_in_a_broad_category_covers_a_narrower_offer():
    who = consumer(interests={"voyage": 60, "avion": 90})
    assert scoring.score(offer(category="train", price=None, discount_percent=10), who) == 61
    assert scoring.score(offer(category="flights", price=None, discount_percent=10), who) == 91


@pytest.mark.parametrize("sent", ["avion", "07.3.3", "Flights", "TGV"])
def test_blocking_a_broad_category_declines_the_narrower_ones(sent):
    who = consumer(interests={"books": 80}, blocked_categories=frozenset({"Voyages"}))
    assert codes(offer(category=sent), who) == (DECLINE, ["category_blocked"])


def test_blocking_a_narrow_category_leaves_its_group_alone():
    who = consumer(interests={"voyage": 80}, blocked_categories=frozenset({"avion"}))
    assert codes(offer(category="train"), who)[0] == DELIVER


def test_the_nearest_price_ceiling_applies():
    who = consumer(interests={"travel": 80}, price_ceilings={
        "voyage": Money(5000, "EUR"), "trains": Money(2000, "EUR")})
    assert codes(offer(category="flights", price="49.00"), who)[0] == DELIVER
    assert codes(offer(category="flights", price="51.00"), who) == (DECLINE, ["over_ceiling"])
    assert codes(offer(category="TGV", price="21.00"), who) == (DECLINE, ["over_ceiling"])


def test_an_other_word_meets_only_the_same_word():
    who = consumer(interests={"vélo cargo": 70}, blocked_categories=frozenset({"Kites"}))
    assert scoring.score(offer(category="Vélos Cargo", price=None, discount_percent=10),
                         who) == 71
    assert scoring.score(offer(category="vélo", price=None, discount_percent=10), who) == 1
    assert codes(offer(category="kite"), who) == (DECLINE, ["category_blocked"])


def test_purchase_history_filed_in_french_raises_an_offer_sent_in_english():
    history = [("09.7.1", date(2026, 3, 1), 30, 2_000_000)]
    who = consumer(affinity=scoring.affinity(history, today=date(2026, 3, 2)))
    notes = [r.code for r in scoring.explain(offer(category="books"), who)]
    assert scoring.score(offer(category="Livres", price=None, discount_percent=10), who) == 31
    assert notes == ["affinity"]


def test_an_intent_for_travel_is_answered_by_a_train_offer_naming_it():
    who = consumer(intents=(intent(3, "voyage", 20000, "Lisbonne"),))
    answered = answers.answered(offer(category="train", price="120.00", in_reply_to_intent=3),
                                who)
    assert answered is not None and answered.id == 3
    assert answers.match(offer(category="train", price="120.00"), who).kind == answers.RELEVANT


def test_an_answer_within_budget_passes_the_nearest_ceiling_of_its_category():
    who = consumer(intents=(intent(3, "voyage", 20000, "Lisbonne"),), price_ceilings={
        "voyage": Money(5000, "EUR"), "trains": Money(2000, "EUR")})
    named = offer(category="TGV", price="120.00", in_reply_to_intent=3)
    assert codes(named, who) == (DELIVER, [])
    assert codes(offer(category="TGV", price="120.00"), who) == (DECLINE, ["over_ceiling"])


def test_a_reason_names_the_category_by_its_label_not_its_code():
    who = consumer(interests={"books": 80}, blocked_categories=frozenset({"voyage"}))
    decision = decide(offer(category="avion"), ctx(who))
    assert decision.reasons[0].params == (("category", "07.3.3"),)
    assert decision.reasons[0].text() == "You asked never to get offers about Flights."
