"""The pipeline: an offer's checks in their fixed order, then its score, then the verdict.

Each step passes, holds (its reason is kept and the next step runs) or
declines (the pipeline stops there). An offer with no reason and a score at
or above the threshold is delivered; the same inputs always give the same
decision.
"""

from __future__ import annotations

from dataclasses import dataclass

from agent import pressure, rules, scoring
from agent.context import Context
from agent.offers import Offer
from agent.reasons import DECLINE, DELIVER, HOLD, Reason, reason

STEPS = (
    rules.signature, rules.validity,  # well-formed (parsed already) and in its window
    rules.brand, rules.grant,  # brand not blocked, its permission live
    rules.category, rules.price, rules.language, rules.place,  # within preferences
    pressure.brand_cap, pressure.overall_cap, pressure.quiet_hours, pressure.channel,
)


@dataclass(frozen=True, slots=True)
class Decision:
    """A verdict (deliver, hold or decline), the score and every reason."""

    verdict: str
    score: int
    reasons: tuple[Reason, ...] = ()


def decide(offer: Offer, ctx: Context) -> Decision:
    """The verdict on one offer; pure (the tally is read, never changed)."""
    score = scoring.score(offer, ctx.consumer)
    found: list[Reason] = []
    for step in STEPS:
        why = step(offer, ctx)
        if why is not None:
            found.append(why)
            if why.stops == DECLINE:
                return Decision(DECLINE, score, tuple(found))
    if score < scoring.THRESHOLD:
        found.append(reason("low_score", HOLD, score=score, needed=scoring.THRESHOLD))
    if found:
        return Decision(HOLD, score, tuple(found))
    return Decision(DELIVER, score)


def decide_next(offer: Offer, ctx: Context) -> Decision:
    """Decide one offer of a sequence, counting a delivery in the context's tally."""
    decision = decide(offer, ctx)
    if decision.verdict == DELIVER:
        ctx.tally.add(offer.brand_key, ctx.now)
    return decision
