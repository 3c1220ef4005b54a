"""The agent's decision core: offers decided per second, and how the time scales.

A consumer with 40 interests, 10 blocked brands, 3 open intents and 5 years of
purchase history (in a real encrypted vault) receives 100,000 offers from 60
brands, arriving over a year. The context is loaded once; each offer is then
decided with no I/O. Prints medians of several runs:

- offers per second at 100k (target: at least 50,000 on one core);
- time at 25k, 50k and 100k offers and the ratios (linear: about 2.0 each);
- time for the same 100k offers with 1 year and with 5 years of history
  (ratio about 1.0: the history is summarised once, never per offer), beside
  the one-off cost of summarising each history.

    .venv/bin/python benchmarks/agent.py [--offers 100000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from agent import inbox, offers
from agent.context import Consumer, Context
from agent.decision import decide_next
from agent.pressure import Tally
from vault import demo, intents, lifecycle, preferences, purchases
from vault.keys import KdfCost
from vault.money import Money
from vault.preferences import Preferences

START = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)
ORDERS_PER_YEAR = 470  # the demo consumer's pace
CATEGORIES = [f"category-{n:02d}" for n in range(34)] + [
    "books", "culture", "sport", "groceries", "travel", "home", "beauty", "gambling"]
BRANDS = [f"Brand {n:02d}" for n in range(60)]
CHANNELS = ("email", "sms", "post", "app")


def consumer_vault(folder: Path, years: int, today: date):
    """A vault holding the benchmark consumer with `years` of purchases."""
    store, _ = lifecycle.create(folder, "benchmark passphrase", cost=KdfCost(1, 8192))
    purchases.add_many(store, demo.orders(count=ORDERS_PER_YEAR * years, today=today,
                                          years=years))
    preferences.save(store, Preferences(
        interests={c: (n * 7) % 101 for n, c in enumerate(CATEGORIES[:40])},
        blocked_brands=frozenset(BRANDS[:10]), blocked_categories=frozenset({"gambling"}),
        channels=("email", "app", "post"), per_brand_weekly=2, overall_weekly=10,
        quiet_hours=(datetime.min.time().replace(hour=21), datetime.min.time().replace(hour=8)),
        price_ceilings={"home": Money(30000, "EUR")}, min_reward=Money(500, "EUR")))
    for category, budget in (("sport", "400"), ("travel", "600"), ("home", "250")):
        intents.add(store, {"category": category, "description": f"Looking for {category}",
                            "budget": budget, "expires_on": "2099-01-01"}, now=START)
    return store


def make_offers(count: int, seed: int = 11) -> list[tuple[offers.Offer, datetime]]:
    """`count` well-formed offers and their arrival times, spread over a year."""
    rng = random.Random(seed)
    step = timedelta(days=365) / count
    made = []
    for n in range(count):
        at = START + step * n
        price = rng.choice((None, f"{rng.randrange(100, 90000) / 100:.2f}"))
        made.append((offers.parse({
            "brand": rng.choice(BRANDS), "title": f"Offer {n}",
            "category": rng.choice(CATEGORIES), "channel": rng.choice(CHANNELS),
            "language": rng.choice(("fr", "en")), "price": price, "currency": "EUR",
            "discount_percent": None if price else rng.randrange(5, 60),
            "valid_until": (at + timedelta(days=rng.randrange(-2, 30))).isoformat(),
        } | ({"in_reply_to_intent": rng.randrange(1, 4)} if n % 50 == 0 else {})), at))
    return made


def decide_all(who: Consumer, arrivals: list[tuple[offers.Offer, datetime]]) -> float:
    """Seconds to decide every arrival in order with a fresh tally (garbage collector off)."""
    tally = Tally()
    gc.disable()
    try:
        began = time.perf_counter()
        for offer, at in arrivals:
            decide_next(offer, Context(who, at, tally))
        return time.perf_counter() - began
    finally:
        gc.enable()


def medians(runs: dict[str, tuple[Consumer, list]], repeat: int) -> dict[str, float]:
    """Median seconds per named run; the runs take turns, so drift in load hits all alike."""
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(repeat):
        for name, (who, arrivals) in runs.items():
            times[name].append(decide_all(who, arrivals))
    return {name: statistics.median(found) for name, found in times.items()}


def load_twice(store, now: datetime) -> tuple[Consumer, float, float]:
    """The consumer; the first load (summarising the history) and a cached one, in seconds."""
    began = time.perf_counter()
    who = inbox.load_consumer(store, now=now)
    first = time.perf_counter() - began
    began = time.perf_counter()
    inbox.load_consumer(store, now=now)
    return who, first, time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--offers", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    n = args.offers
    with tempfile.TemporaryDirectory() as tmp:
        stores = {years: consumer_vault(Path(tmp) / f"y{years}", years, START.date())
                  for years in (1, 5)}
        try:
            loads = {years: load_twice(store, START) for years, store in stores.items()}
        finally:
            for store in stores.values():
                store.close()
    who = loads[5][0]
    print(f"consumer: {len(who.interests)} interests, {len(who.blocked_brands)} blocked brands, "
          f"{len(who.intents_by_id)} open intents, "
          f"{len(who.affinity)} categories in 5 years of history")
    began = time.perf_counter()
    arrivals = make_offers(n)
    print(f"parse+validate {n} offers: {n / (time.perf_counter() - began):,.0f} offers/s "
          "(at arrival, not part of deciding)")

    sizes = [n // 4, n // 2, n]
    runs = {f"{size}": (who, arrivals[:size]) for size in sizes}
    runs["1 year"] = (loads[1][0], arrivals)
    times = medians(runs, args.repeat)
    full = times[str(n)]
    print(f"\ndecide {n} offers (5 years of history): {full:.3f} s, median of {args.repeat} -> "
          f"{n / full:,.0f} offers/s ({full / n * 1e6:.1f} us per offer; target >= 50,000/s)")

    print("\nlinear in the number of offers:")
    for size in sizes:
        print(f"  {size:>7} offers: {times[str(size)]:.3f} s "
              f"({times[str(size)] / size * 1e6:.2f} us/offer)")
    print(f"  ratio {sizes[1]}/{sizes[0]}: {times[str(sizes[1])] / times[str(sizes[0])]:.2f}   "
          f"ratio {sizes[2]}/{sizes[1]}: {times[str(sizes[2])] / times[str(sizes[1])]:.2f}"
          "   (2.00 = linear)")

    print("\nindependent of the history's size (the same offers):")
    by_years = {1: times["1 year"], 5: full}
    for years in (1, 5):
        print(f"  {years} year(s), {ORDERS_PER_YEAR * years:>5} orders: decide "
              f"{by_years[years]:.3f} s; summarising the history once "
              f"{loads[years][1] * 1e3:.1f} ms, cached load {loads[years][2] * 1e3:.1f} ms")
    print(f"  ratio 5 years / 1 year (deciding): {by_years[5] / by_years[1]:.2f}   (1.00 = flat)")


if __name__ == "__main__":
    main()
