"""Relevance: how well an offer fits the consumer, as a whole number.

The score adds the declared interest in the offer's category (0 to 100), the
purchase-history affinity (0 to 30), a bonus for an offer answering an open
intent (agent.answers: such an answer outranks everything else), a smaller one
for an offer merely relevant to one, and small bonuses for the channel by the
consumer's order of preference, a discount and a reward at least the
consumer's minimum. Every part is non-negative and grows with the interest
weight, so raising a weight never lowers a score.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from datetime import date

from agent import answers
from agent.context import Consumer, nearest
from agent.offers import Offer
from agent.reasons import NOTE, Reason, reason
from vault import categories

THRESHOLD = 20  # below this, an offer waits in the digest instead of reaching the consumer
WITHIN_BUDGET = 1000  # an answer to an open intent (named, fitting, within budget) ranks first
RELEVANT = 30  # an offer naming no intent, under an open intent's category and budget
_INTENT_BONUS = {answers.ANSWERS: WITHIN_BUDGET, answers.RELEVANT: RELEVANT}
_INTENT_NOTE = {answers.ANSWERS: "answers_intent", answers.RELEVANT: "relevant_intent"}
CHANNEL_BONUS = (6, 4, 2, 0)
REWARD_BONUS = 10
AFFINITY_MAX = 30
_AMOUNT_STEPS = (10_000, 50_000, 100_000, 500_000, 1_000_000)  # minor units spent


def score(offer: Offer, consumer: Consumer) -> int:
    """The offer's relevance to the consumer (0 or more)."""
    total = _interest(offer, consumer) + _affinity(offer, consumer)
    if consumer.intents or offer.in_reply_to_intent is not None:
        total += _INTENT_BONUS.get(answers.match(offer, consumer).kind, 0)
    if consumer.channels and offer.channel in consumer.channels:
        total += CHANNEL_BONUS[min(consumer.channels.index(offer.channel), 3)]
    if offer.discount_percent:
        total += offer.discount_percent // 10
    wanted = consumer.min_reward
    if (offer.reward is not None and wanted is not None
            and offer.reward.currency == wanted.currency and offer.reward.minor >= wanted.minor):
        total += REWARD_BONUS
    return total


def explain(offer: Offer, consumer: Consumer) -> list[Reason]:
    """Notes saying what raised the score, or why naming an intent did not."""
    notes = _intent_notes(answers.match(offer, consumer))
    weight = _interest(offer, consumer)
    if weight:
        notes.append(reason("interest", NOTE, category=offer.category, weight=weight))
    if _affinity(offer, consumer) >= AFFINITY_MAX // 2:
        notes.append(reason("affinity", NOTE, category=offer.category))
    return notes


def _intent_notes(match: answers.Match) -> list[Reason]:
    intent = match.intent
    if match.why == answers.NOT_OPEN:
        return [reason("intent_not_open", NOTE)]
    if intent is None:
        return []
    if match.kind in _INTENT_NOTE:
        return [reason(_INTENT_NOTE[match.kind], NOTE, intent=intent.description)]
    if match.why == answers.OVER_BUDGET:
        return [reason("over_budget", NOTE, intent=intent.description, budget=str(intent.budget))]
    if match.why == answers.PRICE_UNKNOWN:
        return [reason("intent_price_unknown", NOTE, intent=intent.description,
                       budget=str(intent.budget))]
    return [reason("intent_other_category", NOTE, intent=intent.description)]


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
