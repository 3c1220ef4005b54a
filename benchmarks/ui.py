"""Server time of the consumer's pages with 100k orders in the vault, beside an empty page.

Builds a vault of 100,000 demo orders (vault.demo + purchases.add_many), signs in
through the real app (Flask test client: the whole request, templates included,
without a network), and times each page: median of 5 after one warm-up. The
baseline is the same purchases page rendered over an empty vault in the same run.
Target: every page under 300 ms.

    .venv/bin/python benchmarks/ui.py [--orders 100000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from vault import demo, purchases
from vault.keys import KdfCost
from web import create_app

TODAY = date(2026, 11, 1)
PASSPHRASE = "benchmark passphrase, long enough"
CHEAP = KdfCost(opslimit=1, memlimit=8192)  # unlocking is not what is measured here
TARGET_MS = 300
PAGES = {
    "purchases, first page": "/purchases",
    "purchases, older page": None,  # filled in from the first page's "Older" link
    "purchases, shop + dates": "/purchases?merchant=Fnac&since=2025-01-01&until=2025-12-31",
    "purchases, category": "/purchases?category=books",
    "purchases, search text": "/purchases?q=velo",
    "insights": "/insights",
    "home": "/",
}


def app_over(folder: Path):
    """The real app over a new vault in `folder`, and a client signed in to it."""
    app = create_app({"COFFRE_HOME": folder, "KDF_OPSLIMIT": CHEAP.opslimit,
                      "KDF_MEMLIMIT": CHEAP.memlimit, "WTF_CSRF_ENABLED": False,
                      "SECRET_KEY": "benchmark", "TESTING": True,
                      "PUBLIC_URL": "http://localhost"})
    app.extensions["coffre"].create(PASSPHRASE)
    client = app.test_client()
    assert client.post("/sign-in", data={"passphrase": PASSPHRASE}).status_code == 302
    return app, client


def timed(client, path: str, repeat: int) -> float:
    """Median seconds to serve `path` over `repeat` runs, after one warm-up."""
    assert client.get(path).status_code == 200, path
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(path)
        runs.append(time.perf_counter() - start)
        assert response.status_code == 200, path
    return statistics.median(runs)


def older_link(client) -> str:
    page = client.get("/purchases").get_data(as_text=True)
    start = page.index('href="/purchases?older=') + len('href="')
    return page[start:page.index('"', start)].replace("&amp;", "&")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="coffre-bench-ui-"))
    try:
        run(work, args.orders, args.repeat)
    finally:
        shutil.rmtree(work)


def run(work: Path, count: int, repeat: int) -> None:
    empty_app, empty = app_over(work / "empty")
    baseline = timed(empty, "/purchases", repeat)
    empty_app.extensions["coffre"].lock()

    app, client = app_over(work / "full")
    start = time.perf_counter()
    purchases.add_many(app.extensions["coffre"].require(), demo.orders(count=count, today=TODAY))
    print(f"{count:,} orders stored in {time.perf_counter() - start:.1f} s;"
          f" medians of {repeat} requests\n")
    print(f"  {'empty vault, purchases page (baseline)':<40} {baseline * 1000:8.1f} ms")
    pages = dict(PAGES, **{"purchases, older page": older_link(client)})
    worst = 0.0
    for name, path in pages.items():
        seconds = timed(client, path, repeat)
        worst = max(worst, seconds)
        verdict = "ok" if seconds * 1000 < TARGET_MS else "OVER TARGET"
        print(f"  {name:<40} {seconds * 1000:8.1f} ms   {seconds / baseline:6.1f}x baseline"
              f"   {verdict}")
    print(f"\nSlowest page: {worst * 1000:.1f} ms (target < {TARGET_MS} ms)")
    app.extensions["coffre"].lock()


if __name__ == "__main__":
    main()
