"""The cost of the transparency log on the brand API: the same server, log on and off, one run.

An authorized GET /api/v1/purchases?limit=100 on a vault of demo orders whose log already
holds --events leaves (a vault with a long history), served by waitress on 127.0.0.1 to
concurrent client processes. Rounds alternate between the API as shipped (each call's
access event appended to the encrypted journal before the answer leaves, then folded by
the journal's writer thread in batches: rows, leaves of the Merkle tree, one signed head a
batch; server CPU counts that thread too) and the same API with audit writes switched off:
a switch of this script only, which replaces the API's log call and body hash in this
process (no setting of Coffre turns the log off). A third line folds the access-log rows
alone, without the tree, to tell the cost of the rows from the cost of the leaves and
their signed heads. Prints req/s (median of rounds), p50 and p99 of each, and the cost of
the log (target: under 10%) from the medians and as the median round's, then the in-process
cost of one event (its journal append, and its share of a fold of 128) at two sizes of log
(O(log n)).

On a shared machine one round's cost ranges from about -30% to +40%: at 4 threads, the
median of 60 paired rounds (about five minutes for both servers) moved by about four
points from one run to the next, where that of 25 moved by six or more.

    .venv/bin/python benchmarks/log.py [--orders 20000] [--events 20000] [--clients 4]
        [--rounds 60] [--requests 100]
"""

from __future__ import annotations

import argparse
import logging
import multiprocessing
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager, nullcontext
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # before benchmarks/agent.py

# benchmarks/api.py: this script's folder is on the path
from api import PATH, alternate, build, served

from vault import audit, received, transparency
from web.api import protect

T0 = datetime(2026, 11, 1, tzinfo=UTC)


@contextmanager
def tree_off():
    """Benchmark only: the access-log rows folded without their leaves and heads."""
    append = transparency.append
    transparency.append = lambda *a, **k: 0
    try:
        yield
    finally:
        transparency.append = append


@contextmanager
def audit_writes_off():
    """Benchmark only: the API's log call and body hash replaced by nothing, then put back."""
    log, digest = protect._log, received.digest
    protect._log, received.digest = (lambda *a, **k: None), (lambda data: "")
    try:
        yield
    finally:
        protect._log, received.digest = log, digest


def fill(store, events: int) -> None:
    """`events` access events, as many brand calls would have left, in batches."""
    for start in range(0, events, 1000):
        with store.atomic():
            for i in range(start, min(events, start + 1000)):
                audit.record(store, at=T0, method="GET", endpoint="/api/v1/preferences",
                             outcome="allowed", brand_id=None, records=1, fields=["interests"],
                             held={"kind": "preferences"}, body_sha256=f"{i:064x}")


def serve(app, token: str, pool, threads: int, args) -> dict:
    """Alternate rounds of the API with the log on and off on one waitress server.

    Each round ends by folding what its calls left in the journal, counted in the round:
    the writer thread folds about once a second, so its folds would otherwise land in
    whichever round comes next (and a round's events could be folded the way of another).
    """
    bearer = {"Authorization": f"Bearer {token}"}
    cases = [("off", PATH, bearer, audit_writes_off), ("row", PATH, bearer, tree_off),
             ("on", PATH, bearer, nullcontext)]
    store = app.extensions["coffre"].require()
    with served(app, threads) as port:
        return alternate(pool, port, cases, args, finish=lambda: audit.settle(store))


def report(results: dict, threads: int) -> None:
    """Print both figures and the cost of the log for one server configuration.

    The cost is given two ways: from the medians of the rounds, and as the median of each
    round's own cost (a round runs the three cases one after the other, under the
    machine's load of the moment: on a shared machine that moves by tens of percent from
    minute to minute, the paired figure is the steadier), with its lowest and highest;
    then the cost in server CPU time per request, which a busy machine moves less.
    """
    rates, cpus = {}, {}
    print(f"waitress with {threads} thread(s):")
    for name, label in (("on", "with the transparency log"),
                        ("row", "access-log row only, no tree"), ("off", "audit writes disabled")):
        per_round, latencies, cpu = results[name]
        cuts = statistics.quantiles(latencies, n=100)
        rates[name], cpus[name] = statistics.median(per_round), statistics.median(cpu)
        print(f"  {label:<28} {rates[name]:8.1f} req/s   p50 {cuts[49] * 1000:6.2f} ms"
              f"   p99 {cuts[98] * 1000:6.2f} ms   server CPU {cpus[name] * 1000:5.2f} ms/req")
    cost = 1 - rates["on"] / rates["off"]
    rounds = _paired(results, "on", "off", 0)
    paired = statistics.median(rounds)
    print(f"  cost of the log: {cost:.1%} of req/s from the medians, {paired:.1%} the median"
          f" round (target under 10%: {'met' if max(cost, paired) < 0.10 else 'missed'});"
          f" rounds {rounds[0]:.1%} to {rounds[-1]:.1%}")
    print(f"  of CPU per request: {cpus['on'] / cpus['off'] - 1:.1%} from the medians,"
          f" {-statistics.median(_paired(results, 'on', 'off', 2)):.1%} the median round;"
          f" of the tree alone, over the row: {1 - rates['on'] / rates['row']:.1%}")


def _paired(results: dict, case: str, base: str, column: int) -> list[float]:
    """Each round's cost of `case` against `base` (1 - case / base), lowest first."""
    return sorted(1 - a / b for a, b in zip(results[case][column], results[base][column],
                                             strict=True))


def append_cost(store, repeat: int = 2048, batch: int = 128) -> tuple[float, float]:
    """Microseconds of one access event in-process: its append to the journal (median), and
    its share of folding a batch (rows, leaves, one signed head; median of batches)."""
    appends, folds = [], []
    for i in range(repeat):
        started = time.perf_counter()
        audit.record(store, at=T0, method="GET", endpoint="/api/v1/preferences",
                     outcome="allowed", records=1, fields=["interests"],
                     held={"kind": "preferences"}, body_sha256=f"{i:064x}")
        appends.append(time.perf_counter() - started)
        if i % batch == batch - 1:
            started = time.perf_counter()
            audit.settle(store)
            folds.append((time.perf_counter() - started) / batch)
    return statistics.median(appends) * 1e6, statistics.median(folds) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=20_000)
    parser.add_argument("--events", type=int, default=20_000, help="leaves already logged")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--requests", type=int, default=100, help="per client per round")
    parser.add_argument("--rounds", type=int, default=60)
    parser.add_argument("--threads", default="4,1", help="waitress threads, one run each")
    args = parser.parse_args()
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        app, token, _etag, size = build(Path(tmp) / "vault", args.orders)
        store = app.extensions["coffre"].require()
        first = transparency.size(store)
        small = append_cost(store)
        fill(store, args.events)
        print(f"vault of {args.orders} orders and {transparency.size(store)} logged events "
              f"built in {time.perf_counter() - started:.0f} s; body {size / 1024:.0f} KiB; "
              f"{args.clients} clients, {args.rounds} rounds of {args.requests} requests each")
        with multiprocessing.get_context("spawn").Pool(args.clients) as pool:
            for threads in (int(t) for t in args.threads.split(",")):
                report(serve(app, token, pool, threads, args), threads)
        large = append_cost(store)
        print(f"one access event in-process, appended to the journal + its share of a fold of "
              f"128: {small[0]:.0f} + {small[1]:.0f} µs in a log of {first}-{first + 2048} "
              f"leaves, {large[0]:.0f} + {large[1]:.0f} µs in one of {transparency.size(store)}")
        app.extensions["coffre"].lock()


if __name__ == "__main__":
    main()
