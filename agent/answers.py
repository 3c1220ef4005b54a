"""Whether an offer answers what the consumer is looking for (their open intents).

An offer answers an intent only when it names it (`in_reply_to_intent`), the
intent is open, the offer's category falls under the intent's, and its price
is within the intent's budget when there is one. An offer naming an intent it
does not fit answers nothing, and is told why; one that names no intent but
falls under an open intent's category, within its budget, is only relevant to
it. Naming an intent can therefore never lift an offer that does not fit it.
"""

from __future__ import annotations

from dataclasses import dataclass

from agent.context import Consumer, OpenIntent, covers
from agent.offers import Offer

ANSWERS = "answers"  # names an open intent and fits it
RELEVANT = "relevant"  # names none, but falls under an open intent within its budget
MISFIT = "misfit"  # names an intent it does not fit (see `Match.why`)
NONE = "none"  # nothing to do with what the consumer is looking for
# Why a named intent is not answered:
NOT_OPEN, OTHER_CATEGORY, OVER_BUDGET, PRICE_UNKNOWN = (
    "not_open", "other_category", "over_budget", "price_unknown")


@dataclass(frozen=True, slots=True)
class Match:
    """How an offer stands to the consumer's open intents."""

    kind: str  # ANSWERS, RELEVANT, MISFIT or NONE
    intent: OpenIntent | None = None
    why: str | None = None  # for MISFIT: NOT_OPEN, OTHER_CATEGORY, OVER_BUDGET, PRICE_UNKNOWN


def match(offer: Offer, consumer: Consumer) -> Match:
    """How the offer stands to the open intents: answers one, is relevant, misfits, or none."""
    if offer.in_reply_to_intent is not None:
        return _named(offer, consumer)
    over = None
    for intent in consumer.intents:
        if covers(intent.category, offer.category):
            if within_budget(offer, intent) is not False:
                return Match(RELEVANT, intent)
            over = over or intent
    return Match(NONE, over, OVER_BUDGET if over else None)


def answered(offer: Offer, consumer: Consumer) -> OpenIntent | None:
    """The open intent the offer answers, or None."""
    found = match(offer, consumer)
    return found.intent if found.kind == ANSWERS else None


def _named(offer: Offer, consumer: Consumer) -> Match:
    intent = consumer.intents_by_id.get(offer.in_reply_to_intent)
    if intent is None:
        return Match(MISFIT, None, NOT_OPEN)
    if not covers(intent.category, offer.category):
        return Match(MISFIT, intent, OTHER_CATEGORY)
    fits = within_budget(offer, intent)
    if fits is None:
        return Match(MISFIT, intent, PRICE_UNKNOWN)
    return Match(ANSWERS, intent) if fits else Match(MISFIT, intent, OVER_BUDGET)


def within_budget(offer: Offer, intent: OpenIntent) -> bool | None:
    """True or False when the price compares with the budget; None when it cannot."""
    budget, price = intent.budget, offer.price
    if budget is None:
        return True
    if price is None or price.currency != budget.currency:
        return None
    return price.minor <= budget.minor
