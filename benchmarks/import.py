"""Importing a large file: rows per second and peak memory, beside the floor of storing the
same rows already parsed, in one run.

Two files of `--rows` lines: a generic CSV (date, shop, item, amount; `--format auto`) and a
French card statement (Latin-1, ";", debit and credit columns). Each import runs in a
fresh vault in its own process, so its peak RSS is its own: the peak is shown when a tenth
of the file is read (100k of 1M rows) and at the end. The floor is a bare `executemany` of
the same orders, parsed beforehand, into the same vault schema. Targets: >= 100k rows/s,
peak RSS <= 150 MB whatever the file's size.

    .venv/bin/python benchmarks/import.py [--rows 1000000]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.vault.importers.test_bank_memory import statement  # noqa: E402
from vault import imports, lifecycle  # noqa: E402
from vault.importers import merchants, sniff  # noqa: E402
from vault.importers.rows import Purchase  # noqa: E402
from vault.imports import build  # noqa: E402
from vault.keys import KdfCost  # noqa: E402
from vault.provenance import Provenance  # noqa: E402
from vault.purchases import writes  # noqa: E402

NOW = datetime(2026, 12, 1, tzinfo=UTC)
COST = KdfCost(1, 8192)  # the unlock is not what is measured
SHOPS = ["Boulangerie Paul", "Fnac", "Decathlon", "Carrefour Market", "Librairie Mollat"]


def generic_csv(path: Path, rows: int) -> Path:
    """A generic CSV of `rows` purchases, written line by line."""
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("Date,Marchand,Article,Montant\r\n")
        for n in range(rows):
            out.write(f"2025-{n % 12 + 1:02d}-{n % 28 + 1:02d},{SHOPS[n % 5]},Article {n % 97},"
                      f"{n % 300 + 1}.{n % 100:02d}\r\n")
    return path


def peak_rss_kib() -> int:
    """The process's peak resident memory so far (VmHWM), in KiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def child_import(path: Path, folder: Path) -> dict:
    store, _ = lifecycle.create(folder, "benchmark passphrase, long enough", cost=COST)
    at_tenth = []

    def progress(read: int, total: int) -> None:
        if not at_tenth and read * 10 >= total:
            at_tenth.append(peak_rss_kib())

    start, cpu = time.perf_counter(), time.process_time()
    with path.open("rb") as file:
        report = imports.run(store, file, path.name, now=NOW,
                             options=imports.Options(progress=progress))
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    store.close()
    return {"seconds": seconds, "cpu": cpu, "added": report.counts.added,
            "format": report.format,
            "rss_tenth": at_tenth[0] if at_tenth else None, "rss_peak": peak_rss_kib()}


def child_floor(path: Path, folder: Path) -> dict:
    """The same orders parsed first (not timed), then stored with a bare executemany."""
    store, _ = lifecycle.create(folder, "benchmark passphrase, long enough", cost=COST)
    with path.open("rb") as file:
        chosen = sniff.choose(sniff.sniff(file))
        given = {"recipe": None, "tz": "Europe/Paris", "recognise": merchants.recognise}
        rows = chosen.read(file, **{k: given[k] for k in chosen.takes})
        parsed = [build.order(r, merchants.recognise, now=NOW) for r in rows
                  if isinstance(r, Purchase)]
    provenance = Provenance("import", path.name)
    orders = [(n, *writes.order_row(o, provenance, NOW)) for n, o in enumerate(parsed, 1)]
    items = [item for n, o in enumerate(parsed, 1) for item in writes.item_rows(n, o.items)]
    start, cpu = time.perf_counter(), time.process_time()
    with store.atomic():
        store.executemany(f"insert into orders (id, {writes.ORDER_COLUMNS})"
                          f" values ({', '.join('?' * 12)})", orders)
        store.executemany(f"insert into order_items ({writes.ITEM_COLUMNS})"
                          " values (?, ?, ?, ?, ?, ?)", items)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    store.close()
    return {"seconds": seconds, "cpu": cpu, "added": len(orders)}


def measure(kind: str, path: Path) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        out = subprocess.run([sys.executable, __file__, "--child", kind, str(path),
                              str(Path(folder) / "vault")], capture_output=True, text=True,
                             check=True, cwd=ROOT)
    return json.loads(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--child", nargs=3, metavar=("KIND", "FILE", "FOLDER"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, path, folder = args.child
        run = child_import if kind == "import" else child_floor
        print(json.dumps(run(Path(path), Path(folder))))
        return
    with tempfile.TemporaryDirectory() as scratch:
        files = {"generic CSV": generic_csv(Path(scratch) / "generic.csv", args.rows),
                 "bank statement": statement(Path(scratch) / "releve.csv", args.rows)}
        print(f"{args.rows} lines per file; rows/s counts the file's lines, per second of "
              "CPU (wall-clock seconds in brackets: they count other processes' load too)")
        for name, path in files.items():
            done, floor = measure("import", path), measure("floor", path)
            print(f"{name:<15} import {args.rows / done['cpu']:>9,.0f} rows/s "
                  f"({args.rows / done['seconds']:,.0f}); {done['added']} orders, format "
                  f"{done['format']}; floor executemany {args.rows / floor['cpu']:>9,.0f} "
                  f"rows/s ({args.rows / floor['seconds']:,.0f}); import / floor "
                  f"{done['cpu'] / floor['cpu']:.1f}x")
            print(f"{'':<15} peak RSS at a tenth {done['rss_tenth'] / 1024:.0f} MB, "
                  f"at the end {done['rss_peak'] / 1024:.0f} MB (target <= 150 MB; "
                  f">= 100k rows/s)")


if __name__ == "__main__":
    main()
