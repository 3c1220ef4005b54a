"""The encrypted vault against plain SQLite: same schema, same pragmas, same workload, one run.

Workload: insert ~200k order items in batches, then per-category spend,
per-month spend and the latest 100 orders, repeated. Prints medians and the
ratio vault / plain (target: within 1.15x). Also unlock time (Argon2id at the
production cost) and a cold open + first query.

    .venv/bin/python benchmarks/store.py [--items 200000] [--repeat 7]
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from vault import demo, insights, keys, lifecycle, migrations
from vault.provenance import MANUAL
from vault.purchases import writes
from vault.store import CACHE_KIB, open_store

TODAY = date(2026, 11, 1)
PASSPHRASE = "benchmark passphrase, long enough"


class PlainStore:
    """The few Store methods the workload needs, over the standard library's sqlite3."""

    def __init__(self, path: Path):
        self.conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        for pragma in ("journal_mode = wal", "synchronous = normal", "foreign_keys = on",
                       "temp_store = memory", f"cache_size = -{CACHE_KIB}",
                       "trusted_schema = off"):
            self.conn.execute(f"pragma {pragma}")
        migrations.apply(self.conn)

    def all(self, sql, params=()):
        return self.conn.execute(sql, params).fetchall()

    def one(self, sql, params=()):
        return self.conn.execute(sql, params).fetchone()

    def value(self, sql, params=()):
        row = self.one(sql, params)
        return None if row is None else row[0]

    def close(self):
        self.conn.close()


def order_rows(count: int):
    """Rows for the orders and items tables, from the demo generator."""
    orders, items = [], []
    for n, order in enumerate(demo.orders(count=count, today=TODAY, years=5), start=1):
        orders.append((n, *writes.order_row(order, MANUAL, None)))
        items.extend(writes.item_rows(n, order.items))
    return orders, items


def insert(execute_many, begin, commit, orders, items, batch=2000):
    """Insert in batches of `batch` orders, one transaction each."""
    by_order: dict[int, list] = {}
    for row in items:
        by_order.setdefault(row[0], []).append(row)
    start = time.perf_counter()
    for i in range(0, len(orders), batch):
        chunk = orders[i : i + batch]
        begin()
        execute_many(f"insert into orders (id, {writes.ORDER_COLUMNS}) values"
                     f" ({', '.join('?' * 12)})", chunk)
        execute_many(f"insert into order_items ({writes.ITEM_COLUMNS}) values"
                     " (?, ?, ?, ?, ?, ?)",
                     [r for o in chunk for r in by_order.get(o[0], [])])
        commit()
    return time.perf_counter() - start


QUERIES = {
    "spend per category": lambda s: insights.spend_by_category(s),
    "spend per month": lambda s: insights.spend_by_month(s, months=24, today=TODAY),
    "latest 100 orders": lambda s: s.all(
        "select * from orders order by ordered_at desc, id desc limit 100"),
}


def time_queries(stores, repeat):
    """Median seconds of each query on each store, runs interleaved so load hits both alike."""
    result = [{} for _ in stores]
    for name, query in QUERIES.items():
        runs = [[] for _ in stores]
        for n in range(repeat + 1):
            order = list(enumerate(stores))
            for i, store in order if n % 2 else reversed(order):
                start = time.perf_counter()
                query(store)
                if n:  # the first pass warms the cache
                    runs[i].append(time.perf_counter() - start)
        for i, times in enumerate(runs):
            result[i][name] = statistics.median(times)
    return result


def line(name, vault_s, plain_s, unit="ms"):
    scale = 1000 if unit == "ms" else 1
    print(f"  {name:<22} vault {vault_s * scale:9.2f} {unit}   plain {plain_s * scale:9.2f} {unit}"
          f"   ratio {vault_s / plain_s:5.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="coffre-bench-"))
    try:
        run(work, args.items, args.repeat)
    finally:
        shutil.rmtree(work)


def run(work: Path, item_count: int, repeat: int) -> None:
    orders, items = order_rows(int(item_count / 2.2))
    print(f"Workload: {len(orders):,} orders, {len(items):,} items; medians of {repeat}\n")

    folder = work / "vault"
    t0 = time.perf_counter()
    store, _ = lifecycle.create(folder, PASSPHRASE)
    created = time.perf_counter() - t0
    plain = PlainStore(work / "plain.db")

    conn = store._conn()
    vault_insert = insert(conn.executemany, lambda: conn.execute("begin"),
                          lambda: conn.execute("commit"), orders, items)
    plain_insert = insert(plain.conn.executemany, lambda: plain.conn.execute("begin"),
                          lambda: plain.conn.execute("commit"), orders, items)
    print("Inserts (batches of 2,000 orders):")
    line("insert all", vault_insert, plain_insert, unit="s")

    print("\nQueries (warm cache):")
    vault_q, plain_q = time_queries([store, plain], repeat)
    for name in QUERIES:
        line(name, vault_q[name], plain_q[name])
    line("all three", sum(vault_q.values()), sum(plain_q.values()))

    key = lifecycle.unsafe_data_key(folder, "passphrase", PASSPHRASE)
    store.close()
    plain.close()
    cold_vault = statistics.median(_cold(lambda: open_store(folder, key)) for _ in range(repeat))
    cold_plain = statistics.median(_cold(lambda: PlainStore(work / "plain.db"))
                                   for _ in range(repeat))
    print("\nCold open + latest-100 query:")
    line("open + first query", cold_vault, cold_plain)

    unlock = statistics.median(_timed(lambda: lifecycle.unsafe_data_key(folder, "passphrase",
                                                                 PASSPHRASE))
                               for _ in range(3))
    cost = keys.DEFAULT_COST
    print(f"\nUnlock (Argon2id, {cost.memlimit // 2**20} MiB, {cost.opslimit} passes):"
          f" {unlock * 1000:.0f} ms median; vault creation {created * 1000:.0f} ms")


def _timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def _cold(open_it) -> float:
    start = time.perf_counter()
    store = open_it()
    QUERIES["latest 100 orders"](store)
    elapsed = time.perf_counter() - start
    store.close()
    return elapsed


if __name__ == "__main__":
    main()
