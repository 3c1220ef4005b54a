"""What the agent knows when it decides: the consumer (built once) and one arrival.

Everything the pipeline reads is precomputed here, indexed by category key
(vault.categories.key: the code, or an other word in a normal form) and
case-folded, so that deciding an offer does no I/O and little work.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, tzinfo
from functools import lru_cache
from typing import TypeVar

from agent.pressure import Tally
from vault import categories
from vault.intents import Intent
from vault.money import Money
from vault.preferences import Preferences

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class OpenIntent:
    """An open intent as the agent matches it."""

    id: int
    category: str  # as stored: a code, or a word (see vault.categories)
    description: str
    budget: Money | None


@dataclass(frozen=True)
class Consumer:
    """The consumer's wishes, ready for fast matching (categories by key, names case-folded)."""

    interests: Mapping[str, int] = field(default_factory=dict)
    blocked_brands: frozenset[str] = frozenset()
    blocked_categories: frozenset[str] = frozenset()
    channels: tuple[str, ...] = ()  # allowed, most preferred first; empty: any
    per_brand_weekly: int | None = None
    overall_weekly: int | None = None
    quiet_hours: tuple[time, time] | None = None
    zone: tzinfo = UTC
    ceilings: Mapping[str, Money] = field(default_factory=dict)
    min_reward: Money | None = None
    intents: tuple[OpenIntent, ...] = ()  # oldest first
    intents_by_id: Mapping[int, OpenIntent] = field(default_factory=dict)
    affinity: Mapping[str, int] = field(default_factory=dict)
    languages: frozenset[str] = frozenset()  # primary language subtags; empty: any
    places: frozenset[str] = frozenset()  # case-folded cities and postcode areas; empty: any


@dataclass(slots=True)
class Context:
    """One decision's inputs besides the offer: who decides, when, and the arrival's facts."""

    consumer: Consumer
    now: datetime
    tally: Tally
    grant_live: bool = True
    grant_paused: bool = False  # the consumer paused the brand's access: its offers wait
    signature: str = "none"  # none, valid, invalid or unchecked (see agent.signature)


def build(prefs: Preferences, intents: Iterable[Intent], *, affinity: Mapping[str, int],
          languages: Iterable[str] = (), places: Iterable[str] = (),
          zone: tzinfo = UTC) -> Consumer:
    """The consumer as the agent sees them, from the vault's records.

    `places` are keys made by `city_key` and `postcode_area`.
    """
    open_intents = tuple(OpenIntent(i.id, i.category, i.description, i.budget)
                         for i in intents)
    interests: dict[str, int] = {}
    for category, weight in prefs.interests.items():
        key = categories.key(category)
        interests[key] = max(weight, interests.get(key, 0))
    return Consumer(
        interests=interests,
        blocked_brands=frozenset(b.casefold() for b in prefs.blocked_brands),
        blocked_categories=frozenset(categories.key(c) for c in prefs.blocked_categories),
        channels=prefs.channels, per_brand_weekly=prefs.per_brand_weekly,
        overall_weekly=prefs.overall_weekly, quiet_hours=prefs.quiet_hours, zone=zone,
        ceilings={categories.key(c): m for c, m in prefs.price_ceilings.items()},
        min_reward=prefs.min_reward,
        intents=open_intents, intents_by_id={i.id: i for i in open_intents},
        affinity={categories.key(c): a for c, a in affinity.items()},
        languages=frozenset(primary_language(x) for x in languages if x),
        places=frozenset(places),
    )


def nearest(index: Mapping[str, T], lineage: tuple[str, ...]) -> T | None:
    """What `index` holds for the narrowest category of `lineage` it knows, or None."""
    return next((index[key] for key in lineage if key in index), None)


@lru_cache(maxsize=4096)
def covers(general: str, specific: str) -> bool:
    """True when category `specific` is `general` or falls under it (codes or words).

    The agent's one way of comparing an intent's category with an offer's
    (vault.categories.covers, remembered: the same few pairs come up for every offer).
    """
    return categories.covers(general, specific)


def primary_language(code: str) -> str:
    """"fr" for "fr-CA": the part of a language tag the agent compares."""
    return code.split("-", 1)[0].casefold()


def postcode_area(postcode: str) -> str:
    """The first two characters of a postcode (a French département, a UK area…)."""
    return "#" + postcode.replace(" ", "")[:2].casefold()


def city_key(city: str) -> str:
    """A city name as the agent compares it."""
    return city.strip().casefold()


def free_place_keys(text: str) -> tuple[str, ...]:
    """Keys for a place typed freely ("Lyon", "69003"): as a city, and as a postcode."""
    text = text.strip()
    return (city_key(text), postcode_area(text)) if text else ()
