"""Exporting the vault: each format against a bare `select *` of every exported table, one run.

Two vaults: the demo vault (`coffre demo`: 1,400 orders, its brands and offers)
and one of 100,000 orders. For each, the median time to export it as JSON, CSV
(zip) and JSON-LD into memory, beside the floor measured in the same run:
reading every row of every exported table with `select *` and nothing else.
Also the time to load the JSON export into a new vault.

    .venv/bin/python benchmarks/export.py [--orders 100000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from agent import demo as agent_demo
from agent import inbox
from vault import demo, demo_brands, exchange, lifecycle
from vault.exchange import load, tables
from vault.keys import KdfCost

NOW = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)
CHEAP = KdfCost(opslimit=1, memlimit=8192)  # unlocking is not what is measured
PASSPHRASE = "benchmark passphrase, long enough"


def vault(folder: Path, orders: int):
    """A vault holding the demo consumer with `orders` orders, its brands and offers."""
    store, _ = lifecycle.create(folder, PASSPHRASE, cost=CHEAP)
    demo.populate(store, today=NOW.date(), orders_count=orders)
    demo_brands.populate(store, now=NOW)
    inbox.receive_many(store, agent_demo.offers(NOW), now=NOW,
                       source=inbox.OfferSource.imported("demo"))
    return store


def bare_select(store) -> None:
    """The floor: every row of every exported table, read and dropped."""
    with store.snapshot():
        for table in tables.exported(store):
            for _ in store.execute(f'select * from "{table.name}"'):
                pass


def medians(works: dict[str, Callable[[], object]], repeat: int) -> dict[str, float]:
    """The median wall time of each work, in seconds, the works taking turns in each round
    so that a machine busy with something else slows them alike."""
    times: dict[str, list[float]] = {name: [] for name in works}
    for _ in range(repeat):
        for name, work in works.items():
            start = time.perf_counter()
            work()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(found) for name, found in times.items()}


def exported(store, name: str) -> bytes:
    out = io.BytesIO()
    exchange.export(store, name, out, now=NOW)
    return out.getvalue()


def measure(folder: Path, label: str, orders: int, repeat: int) -> None:
    """Print the figures of one vault."""
    store = vault(folder / label, orders)
    rows = sum(store.value(f'select count(*) from "{t.name}"')
               for t in tables.exported(store))
    works = {"floor": lambda: bare_select(store)}
    works.update({name: (lambda name=name: exported(store, name)) for name in exchange.FORMATS})
    found = medians(works, repeat)
    floor = found["floor"]
    print(f"\n{label}: {orders:,} orders, {rows:,} rows exported")
    print(f"  {'bare select *':<22}{floor * 1000:9.1f} ms   (floor)")
    for name in exchange.FORMATS:
        seconds, size = found[name], len(exported(store, name))
        print(f"  {'export ' + name:<22}{seconds * 1000:9.1f} ms   {seconds / floor:5.1f}x floor"
              f"   {size / 1e6:7.1f} MB   {rows / seconds:10,.0f} rows/s")
    data = exported(store, "json")
    store.close()
    loads = []
    for n in range(max(1, repeat // 2)):
        fresh, _ = lifecycle.create(folder / f"{label}-load-{n}", PASSPHRASE, cost=CHEAP)
        start = time.perf_counter()
        load.load(fresh, data)
        loads.append(time.perf_counter() - start)
        fresh.close()
    seconds = statistics.median(loads)
    print(f"  {'load json (new vault)':<22}{seconds * 1000:9.1f} ms   {seconds / floor:5.1f}x floor"
          f"   {'':>10}   {rows / seconds:10,.0f} rows/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        measure(Path(tmp), "demo vault", 1400, args.repeat)
        measure(Path(tmp), "large vault", args.orders, args.repeat)


if __name__ == "__main__":
    main()
