"""Which offers answer what the consumer is looking for, and what that earns them."""

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from agent import answers, scoring
from agent.context import covers
from agent.decision import decide
from tests.agent.builders import consumer, ctx, intent, offer
from tests.agent.test_properties import consumers, offers
from vault.money import Money

LAPTOP = intent(1, "computers", budget_minor=120_000, description="a light laptop")
SOFA = intent(2, "furniture", budget_minor=90_000, description="a sofa")


def notes(the_offer, who) -> list[str]:
    return [r.code for r in scoring.explain(the_offer, who)]


def ranked(who, *candidates) -> list[str]:
    return [o.title for o in sorted(candidates, key=lambda o: -scoring.score(o, who))]


def test_a_sofa_naming_the_laptop_intent_answers_nothing_and_is_told_so():
    who = consumer(interests={"books": 50}, intents=(LAPTOP,))
    sofa = offer(title="Sofa", category="furniture", price="800.00", in_reply_to_intent=1)
    laptop = offer(title="Laptop", category="laptop", price="999.00", in_reply_to_intent=1)
    book = offer(title="Book", category="books")
    assert ranked(who, sofa, laptop, book) == ["Laptop", "Book", "Sofa"]
    assert "answers_intent" not in notes(sofa, who)
    assert notes(sofa, who) == ["intent_other_category"]
    said = scoring.explain(sofa, who)[0].text()
    assert "a light laptop" in said and "not counted" in said
    assert notes(laptop, who) == ["answers_intent"]


def test_an_offer_answers_only_when_it_names_a_fitting_open_intent():
    who = consumer(intents=(LAPTOP, SOFA))
    cases = {
        "names it, fits": (offer(category="08.1", price="999.00", in_reply_to_intent=1),
                           answers.ANSWERS),
        "names no intent": (offer(category="laptop", price="999.00"), answers.RELEVANT),
        "names the other one": (offer(category="laptop", price="999.00",
                                      in_reply_to_intent=2), answers.MISFIT),
        "names a closed one": (offer(category="laptop", price="999.00",
                                     in_reply_to_intent=9), answers.MISFIT),
        "over budget": (offer(category="laptop", price="1200.01", in_reply_to_intent=1),
                        answers.MISFIT),
        "no price to compare": (offer(category="laptop", price=None, currency=None,
                                      discount_percent=10, in_reply_to_intent=1),
                                answers.MISFIT),
        "another currency": (offer(category="laptop", currency="CHF", price="10.00",
                                   in_reply_to_intent=1), answers.MISFIT),
    }
    assert {name: answers.match(o, who).kind for name, (o, _) in cases.items()} == {
        name: kind for name, (_, kind) in cases.items()}


def test_a_same_category_offer_naming_no_intent_gets_a_smaller_weight_and_no_label():
    who = consumer(intents=(LAPTOP,))
    unnamed = offer(category="laptop", price="999.00")
    named = replace(unnamed, in_reply_to_intent=1)
    assert scoring.score(unnamed, who) == scoring.RELEVANT < scoring.WITHIN_BUDGET
    assert scoring.score(named, who) == scoring.WITHIN_BUDGET
    assert notes(unnamed, who) == ["relevant_intent"]
    assert scoring.explain(unnamed, who)[0].text() == (
        "It is relevant to what you are looking for: a light laptop.")


def test_a_narrower_category_answers_a_broader_intent_but_not_the_reverse():
    travel = intent(3, "travel", budget_minor=60_000, description="Lisbon")
    who = consumer(intents=(travel,))
    assert answers.match(offer(category="train", price="90.00", in_reply_to_intent=3),
                         who).kind == answers.ANSWERS
    rail = consumer(intents=(intent(4, "rail", description="a train"),))
    assert answers.match(offer(category="travel", price="90.00", in_reply_to_intent=4),
                         rail).kind == answers.MISFIT


def test_an_answer_within_budget_is_not_declined_by_the_category_ceiling():
    ceiling = {"price_ceilings": {"electronics": Money(30_000, "EUR")}}
    who = consumer(intents=(LAPTOP,), **ceiling)
    answer = offer(category="electronics", price="999.00", in_reply_to_intent=1)
    assert decide(answer, ctx(who)).verdict == "deliver"
    unnamed = replace(answer, in_reply_to_intent=None)
    assert [r.code for r in decide(unnamed, ctx(who)).reasons] == ["over_ceiling"]
    misfit = offer(category="electronics", price="1300.00", in_reply_to_intent=1)
    assert [r.code for r in decide(misfit, ctx(who)).reasons] == ["over_ceiling"]


@given(consumers(), offers(), st.integers(1, 6))
def test_naming_an_arbitrary_intent_never_pushes_an_offer_up(who, the_offer, intent_id):
    plain = replace(the_offer, in_reply_to_intent=None)
    named = replace(the_offer, in_reply_to_intent=intent_id)
    match = answers.match(named, who)
    if match.kind != answers.ANSWERS:
        assert scoring.score(named, who) <= scoring.score(plain, who)
        assert scoring.score(named, who) < scoring.WITHIN_BUDGET
        assert "answers_intent" not in notes(named, who)
    else:
        assert covers(match.intent.category, named.category)
        assert match.intent.id == intent_id
