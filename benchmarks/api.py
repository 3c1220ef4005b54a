"""The brand API against a bare Flask endpoint: same server, same body, one run.

An authorized GET /api/v1/purchases?limit=100 on a vault of 100k orders
(token lookup, grant check, query, JSON, access-log write), side by side with
a bare Flask view on the same waitress server returning the same bytes from
memory, and the same API call made conditional (If-None-Match with the ETag
of the answer: token and grant checked, access logged, 304 without a body).
The server is set up as `coffre serve` sets it up (public URL and trusted
host, waitress options). Concurrent clients (separate processes) on loopback,
rounds alternating between the three. Prints req/s (median of rounds), p50
and p99 latency of each, and the ratio of each API path to bare (target:
>= 0.5), once with 4 waitress threads (one SQLCipher connection each) and
once with 1.

    .venv/bin/python benchmarks/api.py [--orders 100000] [--clients 4] [--threads 4,1]
"""

from __future__ import annotations

import argparse
import http.client
import logging
import multiprocessing
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

PATH = "/api/v1/purchases?limit=100"
BARE = "/bench/bare"


def client(port: int, path: str, headers: dict, count: int) -> list[float]:
    """One client process: `count` keep-alive GETs; return each latency in seconds."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    expected = 304 if "If-None-Match" in headers else 200
    latencies = []
    for _ in range(count):
        started = time.perf_counter()
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        response.read()
        latencies.append(time.perf_counter() - started)
        if response.status != expected:
            raise RuntimeError(f"{path} answered {response.status}")
    conn.close()
    return latencies


def round_trip(pool, port: int, path: str, headers: dict, clients: int, count: int,
               finish=None):
    """One round: every client at once; return (requests per second, latencies, server CPU
    seconds per request).

    The clients are other processes, so this process's CPU time is the server's (its
    waitress threads): a figure other work on a shared machine disturbs far less than
    requests per second. `finish`, if given, runs once the clients are done, counted in the
    round (work the server left for later, such as folding its journal).
    """
    started, cpu = time.perf_counter(), time.process_time()
    results = pool.starmap(client, [(port, path, headers, count)] * clients)
    if finish is not None:
        finish()
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    return clients * count / elapsed, [x for r in results for x in r], cpu / (clients * count)


def build(folder: Path, orders: int):
    """The app over a vault of `orders` demo orders, a brand's token, and the bare view."""
    from flask import Response

    from vault import brands, codes, demo, grants, purchases, tokens
    from web import create_app

    app = create_app({"COFFRE_HOME": folder, "SECRET_KEY": "benchmark", "KDF_OPSLIMIT": 1,
                      "KDF_MEMLIMIT": 8192})
    kept: dict[str, bytes] = {}  # the API's own answer, served from memory by the bare view
    app.add_url_rule(BARE, "bare", lambda: Response(kept["body"], mimetype="application/json"))
    runtime = app.extensions["coffre"]
    runtime.create("benchmark passphrase, long enough")
    store = runtime.require()
    purchases.add_many(store, demo.orders(count=orders, today=date(2026, 11, 1)))
    now = datetime.now(UTC)
    brand, _ = brands.add(store, {"client_name": "Bench", "scope": "purchases:read",
                                  "redirect_uris": ["https://bench.example/cb"]},
                          source="manual", now=now)
    grant = grants.create(store, brand.id, frozenset({"purchases:read"}), purpose=None,
                          expires_at=None, now=now)
    family = codes.issue(store, tokens.new_value(), brand_id=brand.id, grant_id=grant.id,
                         redirect_uri="https://bench.example/cb", scopes=grant.scopes,
                         challenge="c" * 43, challenge_method="S256", now=now)
    token = tokens.new_value()
    tokens.issue(store, token, kind="access", brand_id=brand.id, grant_id=grant.id,
                 family=family, scopes=grant.scopes, now=now,
                 expires_at=datetime(2100, 1, 1, tzinfo=UTC))
    answer = app.test_client().get(PATH, headers={"Authorization": f"Bearer {token}"})
    kept["body"] = answer.data
    return app, token, answer.headers.get("ETag"), len(kept["body"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--requests", type=int, default=150, help="per client per round")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--threads", default="4,1", help="waitress threads, one run each")
    args = parser.parse_args()
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # "task queue depth" chatter
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        app, token, etag, size = build(Path(tmp) / "vault", args.orders)
        print(f"vault of {args.orders} orders built in {time.perf_counter() - started:.0f} s;"
              f" response body {size / 1024:.0f} KiB; {args.clients} concurrent clients,"
              f" {args.rounds} rounds of {args.requests} requests each, loopback")
        with multiprocessing.get_context("spawn").Pool(args.clients) as pool:
            for threads in (int(t) for t in args.threads.split(",")):
                report(serve(app, token, etag, pool, threads, args), threads)
        app.extensions["coffre"].lock()


@contextmanager
def served(app, threads: int) -> Iterator[int]:
    """The app served as `coffre serve` serves it, with `threads` waitress threads; its port."""
    from web import serving

    server = serving.make_server(app, host="127.0.0.1", port=0, threads=threads)
    port = server.effective_port
    serving.prepare(app, serving.Listening.tcp("127.0.0.1", port))
    worker = threading.Thread(target=server.run, daemon=True)
    worker.start()
    try:
        yield port
    finally:
        server.task_dispatcher.shutdown()  # its threads end before the sockets they write to
        server.close()
        worker.join(timeout=5)


def alternate(pool, port: int, cases: list[tuple], args: argparse.Namespace,
              finish=None) -> dict:
    """Rounds of every case (name, path, headers, a context it runs in) one after the other;
    each name's rates, latencies and CPU per request (`finish`: see round_trip)."""
    results = {name: ([], [], []) for name, *_ in cases}
    for _, path, headers, _switch in cases:  # warm up every path
        round_trip(pool, port, path, headers, args.clients, 10)
    for n in range(args.rounds):
        # Every other round the other way round: no case always runs just after another
        # (after its fold, say), nor always first.
        for name, path, headers, switch in cases[::-1] if n % 2 else cases:
            with switch():
                rate, latencies, cpu = round_trip(pool, port, path, headers, args.clients,
                                                  args.requests, finish)
            results[name][0].append(rate)
            results[name][1].extend(latencies)
            results[name][2].append(cpu)
    return results


def serve(app, token: str, etag: str | None, pool, threads: int,
          args: argparse.Namespace) -> dict:
    """Alternate rounds of the three paths on one server with `threads` waitress threads."""
    bearer = {"Authorization": f"Bearer {token}"}
    cases = [("bare", BARE, bearer, nullcontext), ("api", PATH, bearer, nullcontext)]
    if etag:
        cases.append(("304", PATH, {**bearer, "If-None-Match": etag}, nullcontext))
    with served(app, threads) as port:
        return alternate(pool, port, cases, args)


def report(results: dict, threads: int) -> None:
    """Print the figures and the ratio of one server configuration.

    Besides the ratio of the medians: the ratio in each round (a round runs the paths
    one after the other, so they share the machine's load of the moment), lowest to
    highest, and the ratio of server CPU time per request, which a busy machine moves less.
    """
    rates, cpus = {}, {}
    print(f"waitress with {threads} thread(s):")
    labels = {"api": f"API  GET {PATH}", "304": "API  the same, If-None-Match: 304",
              "bare": "bare Flask, same body"}
    short = {"api": "API 200", "304": "API 304"}
    for name in results:
        per_round, latencies, cpu = results[name]
        cuts = statistics.quantiles(latencies, n=100)
        rates[name], cpus[name] = statistics.median(per_round), statistics.median(cpu)
        print(f"  {labels[name]:<40} {rates[name]:8.1f} req/s   p50 {cuts[49] * 1000:6.1f} ms"
              f"   p99 {cuts[98] * 1000:6.1f} ms   server CPU {cpus[name] * 1000:5.2f} ms/req")
    for name in (n for n in results if n != "bare"):
        ratio = rates[name] / rates["bare"]
        rounds = sorted(a / b for a, b in zip(results[name][0], results["bare"][0], strict=True))
        verdict = "met" if ratio >= 0.5 else "missed"
        print(f"  ratio {short[name]} / bare: {ratio:.2f} (target >= 0.5: {verdict});"
              f" per round {rounds[0]:.2f}-{rounds[-1]:.2f};"
              f" of CPU per request {cpus['bare'] / cpus[name]:.2f}")


if __name__ == "__main__":
    main()
