"""What the consumer wants: interests, blocks, channels, caps, quiet hours, ceilings."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import time

from vault import validate
from vault.errors import ValidationError
from vault.money import Money
from vault.provenance import MANUAL, Provenance
from vault.store import Store

CHANNELS = ("email", "sms", "post", "app")
MAX_WEIGHT = 100
_HHMM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


@dataclass(frozen=True)
class Preferences:
    """Everything the agent needs to know about what the consumer wants."""

    interests: dict[str, int] = field(default_factory=dict)  # category -> weight 0..100
    blocked_brands: frozenset[str] = frozenset()
    blocked_categories: frozenset[str] = frozenset()
    channels: tuple[str, ...] = ()  # most preferred first
    per_brand_weekly: int | None = None  # offers per brand per rolling week
    overall_weekly: int | None = None  # offers per rolling week, all brands
    quiet_hours: tuple[time, time] | None = None  # start, end (may span midnight)
    price_ceilings: dict[str, Money] = field(default_factory=dict)  # category -> ceiling
    min_reward: Money | None = None  # the least a brand must offer in return for data


def get(store: Store) -> Preferences:
    """The consumer's preferences (defaults when nothing was set)."""
    pressure = store.one("select * from pressure where id = 1")
    blocked = store.all("select kind, value from blocked")
    quiet = None
    if pressure and pressure["quiet_start"] and pressure["quiet_end"]:
        quiet = (time.fromisoformat(pressure["quiet_start"]),
                 time.fromisoformat(pressure["quiet_end"]))
    min_reward = None
    if pressure and pressure["min_reward_minor"] is not None:
        min_reward = Money(pressure["min_reward_minor"], pressure["min_reward_currency"])
    return Preferences(
        interests={r["category"]: r["weight"]
                   for r in store.all("select category, weight from interests order by category")},
        blocked_brands=frozenset(r["value"] for r in blocked if r["kind"] == "brand"),
        blocked_categories=frozenset(r["value"] for r in blocked if r["kind"] == "category"),
        channels=tuple(r[0] for r in store.all("select channel from channels order by rank")),
        per_brand_weekly=pressure["per_brand_weekly"] if pressure else None,
        overall_weekly=pressure["overall_weekly"] if pressure else None,
        quiet_hours=quiet,
        price_ceilings={r["category"]: Money(r["amount_minor"], r["currency"])
                        for r in store.all("select * from price_ceilings order by category")},
        min_reward=min_reward,
    )


def check(prefs: Preferences) -> Preferences:
    """Validate preferences; raise one ValidationError listing every bad field.

    Returns them with every category as stored (its code, or "other:<word>"); two rows
    naming one category become one: the higher interest, the lower ceiling.
    """
    problems = validate.Problems()
    interests: dict[str, int] = {}
    for category, weight in prefs.interests.items():
        code = problems.attempt(lambda c=category: validate.category("interests", c))
        if not isinstance(weight, int) or not 0 <= weight <= MAX_WEIGHT:
            problems.add(f"interests[{category}]", "weight_range", n=MAX_WEIGHT)
        elif code is not None:
            interests[code] = max(weight, interests.get(code, 0))
    blocked_brands = {problems.attempt(lambda v=value: validate.text(
        "blocked_brands", v, max_len=100)) for value in prefs.blocked_brands}
    blocked_categories = {problems.attempt(lambda v=value: validate.category(
        "blocked_categories", v)) for value in prefs.blocked_categories}
    if len(set(prefs.channels)) != len(prefs.channels) or not set(prefs.channels) <= set(CHANNELS):
        problems.add("channels", "channels_once", values=", ".join(CHANNELS))
    for name in ("per_brand_weekly", "overall_weekly"):
        problems.attempt(lambda n=name: validate.integer(n, getattr(prefs, n), low=0, high=1000,
                                                         required=False))
    ceilings: dict[str, Money] = {}
    for category, ceiling in prefs.price_ceilings.items():
        code = problems.attempt(lambda c=category: validate.category("price_ceilings", c))
        if ceiling.minor < 0:
            problems.add(f"price_ceilings[{category}]", "negative")
        problems.attempt(lambda c=ceiling: validate.currency("price_ceilings", c.currency))
        if code is not None:
            ceilings[code] = _lower(ceilings.get(code), ceiling)
    if prefs.min_reward is not None and prefs.min_reward.minor < 0:
        problems.add("min_reward", "negative")
    problems.raise_any()
    return replace(prefs, interests=interests, blocked_brands=frozenset(blocked_brands),
                   blocked_categories=frozenset(blocked_categories), price_ceilings=ceilings)


def _lower(kept: Money | None, other: Money) -> Money:
    if kept is None or (kept.currency == other.currency and other.minor < kept.minor):
        return other
    return kept


def parse_quiet_hours(start: str | None, end: str | None) -> tuple[time, time] | None:
    """Quiet hours from two HH:MM texts; both empty means none."""
    if not start and not end:
        return None
    problems = validate.Problems()
    for name, value in (("quiet_start", start), ("quiet_end", end)):
        if not value or not _HHMM.match(value):
            problems.add(name, "not_hhmm")
    problems.raise_any()
    if start == end:
        raise ValidationError("quiet_end", "same_as_start")
    return time.fromisoformat(start), time.fromisoformat(end)


def save(store: Store, prefs: Preferences, *, provenance: Provenance = MANUAL) -> Preferences:
    """Replace every preference with `prefs`, all at once."""
    prefs = check(prefs)
    cols = provenance.columns()
    quiet = prefs.quiet_hours
    with store.atomic():
        for table in ("interests", "blocked", "channels", "price_ceilings", "pressure"):
            store.execute(f"delete from {table}")  # noqa: S608 (our table names, listed here)
        store.executemany("insert into interests values (?, ?, ?, ?, ?)",
                          [(c, w, *cols) for c, w in prefs.interests.items()])
        store.executemany("insert or ignore into blocked values (?, ?, ?, ?, ?)",
                          [("brand", b, *cols) for b in prefs.blocked_brands]
                          + [("category", c, *cols) for c in prefs.blocked_categories])
        store.executemany("insert into channels values (?, ?)",
                          [(c, n) for n, c in enumerate(prefs.channels)])
        store.executemany("insert into price_ceilings values (?, ?, ?, ?, ?, ?)",
                          [(c, m.minor, m.currency, *cols)
                           for c, m in prefs.price_ceilings.items()])
        store.execute(
            "insert into pressure values (1, ?, ?, ?, ?, ?, ?)",
            (prefs.per_brand_weekly, prefs.overall_weekly,
             quiet[0].strftime("%H:%M") if quiet else None,
             quiet[1].strftime("%H:%M") if quiet else None,
             prefs.min_reward.minor if prefs.min_reward else None,
             prefs.min_reward.currency if prefs.min_reward else None),
        )
    return get(store)
