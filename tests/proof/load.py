"""Load: many concurrent brands for a while, mixing reads, summaries, offers and pushed receipts.

Clients run in separate processes (threads within each), each with its own
brand and keep-alive connection, against `coffre serve`. Every answer must be
a success or a deliberate 429; afterwards every acknowledged offer and receipt
must be in the vault exactly once.
"""

from __future__ import annotations

import multiprocessing
import random
import threading
import time
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.conftest import PASSPHRASE
from tests.proof import harness
from tests.proof.result import Result
from vault import lifecycle

SCOPES = frozenset({"purchases:read", "purchases:summary", "purchases:write", "offers:write"})
MIX = (("purchases", 4), ("summary", 3), ("offer", 2), ("receipt", 2))
PER_PROCESS = 10  # client threads in each worker process


def offer(brand: str, mark: str, now: datetime) -> dict:
    """An offer that fits the demo consumer's books interest, titled with a unique mark."""
    return {"brand": brand, "title": f"Offre {mark}", "category": "books", "channel": "email",
            "language": "fr", "price": "19.90", "currency": "EUR",
            "valid_until": (now + timedelta(days=20)).isoformat()}


def receipt(mark: str, now: datetime) -> dict:
    """A pushed receipt carrying a unique order id."""
    return {"merchant_order_id": mark, "ordered_at": (now - timedelta(hours=1)).isoformat(),
            "currency": "EUR", "channel": "web",
            "items": [{"name": "Carnet", "quantity": 1, "unit_price": "4.50",
                       "category": "books"}]}


def one_client(port: int, brand: harness.Brand, seconds: float, seed: int, out: list) -> None:
    """Requests until time is up; append (endpoint, status, latency, mark) for each."""
    rng = random.Random(seed)  # a reproducible mix, not a secret
    kinds = [kind for kind, weight in MIX for _ in range(weight)]
    conn = harness.connect(port)
    stop_at = time.monotonic() + seconds
    n = 0
    while time.monotonic() < stop_at:
        kind, n = rng.choice(kinds), n + 1
        mark = f"{brand.id}-{seed}-{n}"
        now = datetime.now(UTC)
        method, path, body = {
            "purchases": ("GET", "/api/v1/purchases?limit=20", None),
            "summary": ("GET", "/api/v1/purchases/summary", None),
            "offer": ("POST", "/api/v1/offers", offer(brand.name, mark, now)),
            "receipt": ("POST", "/api/v1/purchases", receipt(mark, now)),
        }[kind]
        started = time.perf_counter()
        try:
            status, _ = harness.call(conn, method, path, token=brand.token, body=body)
        except OSError as e:  # a dropped connection is an error, counted like a 5xx
            status, conn = f"{type(e).__name__}", harness.connect(port)
        out.append((kind, status, time.perf_counter() - started, mark))
    conn.close()


def worker(port: int, brands: list[harness.Brand], seconds: float, seed: int) -> list:
    """One process: a thread per brand; every request's outcome."""
    out: list = []
    threads = [threading.Thread(target=one_client, args=(port, b, seconds, seed * 100 + i, out))
               for i, b in enumerate(brands)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return out


def stored_marks(folder: Path) -> tuple[Counter, Counter]:
    """How many times each offer title mark and each receipt order id is in the vault."""
    store = lifecycle.unlock(folder, "passphrase", PASSPHRASE)
    try:
        offers = Counter(row[0].removeprefix("Offre ") for row in store.execute(
            "select title from offers where title like 'Offre %'"))
        receipts = Counter(row[0] for row in store.execute(
            "select merchant_order_id from orders where merchant_order_id is not null"))
    finally:
        store.close()
    return offers, receipts


def run(work: Path, *, long: bool) -> Result:
    """The campaign: 50 clients for 60 s (long) or 10 clients for 10 s (short)."""
    clients, seconds = (50, 60.0) if long else (10, 10.0)
    result = Result("load", cases=clients)
    folder = work / "load-vault"
    brands = harness.build(folder, brand_count=clients, scopes=SCOPES)
    groups = [brands[i:i + PER_PROCESS] for i in range(0, clients, PER_PROCESS)]
    with harness.serve(folder, work) as served, \
            multiprocessing.get_context("spawn").Pool(len(groups)) as pool:
        outcomes = [o for part in pool.starmap(worker, [
            (served.port, group, seconds, n) for n, group in enumerate(groups)]) for o in part]
    judge(result, outcomes, folder)
    return result


def judge(result: Result, outcomes: list, folder: Path) -> None:
    """Fill in the figures and failures from every request's outcome and the stored vault."""
    result.requests = len(outcomes)
    bad = Counter((kind, status) for kind, status, _, _ in outcomes
                  if status not in (200, 201, 429))
    result.errors = sum(bad.values())
    for (kind, status), count in sorted(bad.items(), key=str):
        result.fail(f"{count} × {kind} answered {status}")
    result.latencies = [latency for _, _, latency, _ in outcomes]
    per_kind = defaultdict(list)
    for kind, _, latency, _ in outcomes:
        per_kind[kind].append(latency)
    for kind, latencies in sorted(per_kind.items()):
        latencies.sort()
        result.details.append(f"{kind}: {len(latencies)} requests, p50 "
                              f"{latencies[len(latencies) // 2] * 1000:.1f} ms, p99 "
                              f"{latencies[int(len(latencies) * 0.99)] * 1000:.1f} ms")
    acked = {(kind, mark) for kind, status, _, mark in outcomes
             if status == 201 and kind in ("offer", "receipt")}
    offers, receipts = stored_marks(folder)
    stored = {"offer": offers, "receipt": receipts}
    result.acknowledged = len(acked)
    result.found = sum(1 for kind, mark in acked if stored[kind][mark] == 1)
    for kind, mark in sorted(acked):
        if stored[kind][mark] != 1:
            result.fail(f"acknowledged {kind} {mark} is stored {stored[kind][mark]} times")
    throttled = sum(1 for _, status, _, _ in outcomes if status == 429)
    result.details.append(f"{throttled} deliberate 429s")
