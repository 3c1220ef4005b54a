"""Relevance: how well an offer fits the consumer, as a whole number.

The score adds the declared interest in the offer's category (0 to 100), the
purchase-history affinity (0 to 30), a bonus for an offer answering an open
intent (an answer within budget outranks everything else), and small bonuses
for the preferred channel, a discount and a reward at least the consumer's
minimum. Every part is non-negative and grows with the interest weight, so
raising a weight never lowers a score.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from datetime import date

from agent.context import Consumer, OpenIntent, nearest
from agent.offers import Offer
from agent.reasons import NOTE, Reason, reason
from vault import categories

THRESHOLD = 20  # below this, an offer waits in the digest instead of reaching the consumer
WITHIN_BUDGET = 1000  # an answer to an open intent within its budget ranks first
ANSWERS = 30  # an answer whose price is unknown or in another currency
CHANNEL_BONUS = (6, 4, 2, 0)
REWARD_BONUS = 10
AFFINITY_MAX = 30
_AMOUNT_STEPS = (10_000, 50_000, 100_000, 500_000, 1_000_000)  # minor units spent


def score(offer: Offer, consumer: Consumer) -> int:
    """The offer's relevance to the consumer (0 or more)."""
    total = _interest(offer, consumer) + _affinity(offer, consumer)
    if consumer.intents_by_id or consumer.intents_by_category:
        total += _intent_bonus(offer, consumer)
    if consumer.channels and offer.channel in consumer.channels:
        total += CHANNEL_BONUS[min(consumer.channels.index(offer.channel), 3)]
    if offer.discount_percent:
        total += offer.discount_percent // 10
    wanted = consumer.min_reward
    if (offer.reward is not None and wanted is not None
            and offer.reward.currency == wanted.currency and offer.reward.minor >= wanted.minor):
        total += REWARD_BONUS
    return total


def answered_intent(offer: Offer, consumer: Consumer) -> OpenIntent | None:
    """The open intent the offer answers: the one it names, else one of its category."""
    named = consumer.intents_by_id.get(offer.in_reply_to_intent)
    if named is not None:
        return named
    candidates = nearest(consumer.intents_by_category, offer.category_lineage) or ()
    return next((i for i in candidates if within_budget(offer, i)), None) or next(
        iter(candidates), None)


def within_budget(offer: Offer, intent: OpenIntent) -> bool | None:
    """True or False when the price compares with the budget; None when it cannot."""
    budget, price = intent.budget, offer.price
    if budget is None:
        return True
    if price is None or price.currency != budget.currency:
        return None
    return price.minor <= budget.minor


def _intent_bonus(offer: Offer, consumer: Consumer) -> int:
    intent = answered_intent(offer, consumer)
    if intent is None:
        return 0
    fits = within_budget(offer, intent)
    return WITHIN_BUDGET if fits else ANSWERS if fits is None else 0


def explain(offer: Offer, consumer: Consumer) -> list[Reason]:
    """Notes saying what raised the score (shown beside a delivered offer)."""
    notes = []
    intent = answered_intent(offer, consumer)
    if intent is not None and within_budget(offer, intent) is False:
        notes.append(reason("over_budget", NOTE, intent=intent.description,
                            budget=str(intent.budget)))
    elif intent is not None:
        notes.append(reason("answers_intent", NOTE, intent=intent.description))
    weight = _interest(offer, consumer)
    if weight:
        notes.append(reason("interest", NOTE, category=offer.category, weight=weight))
    if _affinity(offer, consumer) >= AFFINITY_MAX // 2:
        notes.append(reason("affinity", NOTE, category=offer.category))
    return notes


def _interest(offer: Offer, consumer: Consumer) -> int:
    """The weight of the narrowest interest holding the offer's category."""
    return nearest(consumer.interests, offer.category_lineage) or 0


def _affinity(offer: Offer, consumer: Consumer) -> int:
    return nearest(consumer.affinity, offer.category_lineage) or 0


def affinity(history: Iterable[tuple[str, date, int, int]], *, today: date) -> dict[str, int]:
    """Affinity per category (0 to 30) from (category, last day, orders, amount spent).

    Recency, frequency and amount give up to 10 points each; categories are
    keyed as the vocabulary compares them (vault.categories.key).
    """
    result: dict[str, int] = {}
    for category, last_day, orders, minor in history:
        days = (today - last_day).days
        recency = 10 if days <= 30 else 6 if days <= 90 else 3 if days <= 365 else 0
        frequency = min(10, orders // 3)
        amount = 2 * bisect_right(_AMOUNT_STEPS, minor)
        key = categories.key(category)
        result[key] = max(result.get(key, 0), recency + frequency + amount)
    return result
