"""Importing a large file: rows per second and peak memory, beside the floor of storing the
same rows already parsed, in one run, and what each step of the import costs.

Two files of `--rows` lines: a generic CSV (date, shop, item, amount; `--format auto`) and a
French card statement (Latin-1, ";", debit and credit columns). Each measure runs in a fresh
vault in its own process, so its peak RSS is its own (the import's is shown when a tenth of
the file is read, 100k of 1M rows, and at the end). Each line, in CPU time per file line:

- import: `imports.run` of the whole file, as `coffre import` runs it.
- read: the format's reader alone (the file's rows, dates, amounts; no vault).
- read + build: the reader, each purchase reconciled with its merchant and checked as an
  order (vault/imports/build.py), and given its key (keys.py); no vault.
- floor, the import's insert: the rows the import writes (orders with their keys and filed
  merchants, their items), parsed beforehand, stored through the import's own statements
  (Store.insert, many rows each) into the vault's schema as its migrations leave it.
- floor, bare executemany: the same rows, one statement per row, into the same schema.

The import's cost beyond read + build and the floor is its own work between them: looking
the keys up in the vault, filing merchants, making the rows of each batch.
Targets: >= 100k rows/s, peak RSS <= 150 MB whatever the file's size.

    .venv/bin/python benchmarks/import.py [--rows 1000000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import functools
import json
import statistics
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
from vault.imports import build, keys, records  # noqa: E402
from vault.imports.run import MEMO  # noqa: E402
from vault.keys import KdfCost  # noqa: E402
from vault.merchants import Folder  # noqa: E402
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


def _parsed(path: Path) -> tuple[sniff.Format, list]:
    """The file's purchases as the import builds them (merchant recognised, order checked)."""
    recognise = functools.lru_cache(maxsize=MEMO)(merchants.recognise)  # as the import's
    with path.open("rb") as file:
        chosen = sniff.choose(sniff.sniff(file))
        rows = chosen.read(file, **_given(chosen, recognise))
        return chosen, [build.order(r, recognise, now=NOW) for r in rows
                        if isinstance(r, Purchase)]


def _given(chosen: sniff.Format, recognise) -> dict:
    given = {"recipe": None, "tz": "Europe/Paris", "recognise": recognise}
    return {k: given[k] for k in chosen.takes}


def _keyed(parsed: list, occurrences: keys.Occurrences) -> list:
    """Each order with its key, as the import keys a line without a name of its own."""
    return [(o, occurrences.key(o.ordered_at.date().isoformat(), keys.content(
        o.ordered_at.date(), o.signed_minor, o.currency, o.merchant_written))) for o in parsed]


def child_steps(path: Path, way: str) -> dict:
    """The reader alone (`way` "read"), or with each purchase built and keyed ("build")."""
    start, cpu = time.perf_counter(), time.process_time()
    if way == "read":
        recognise = functools.lru_cache(maxsize=MEMO)(merchants.recognise)
        with path.open("rb") as file:
            chosen = sniff.choose(sniff.sniff(file))
            added = sum(isinstance(r, Purchase) for r in chosen.read(file, **_given(chosen,
                                                                                   recognise)))
    else:
        added = len(_keyed(_parsed(path)[1], keys.Occurrences()))
    return {"seconds": time.perf_counter() - start, "cpu": time.process_time() - cpu,
            "added": added}


def child_floor(path: Path, folder: Path, way: str) -> dict:
    """The same orders parsed, keyed and their merchants filed first (not timed), then the
    rows the import would write stored bare: through the import's own statements (`way`
    "insert", Store.insert) or one statement per row ("executemany")."""
    store, _ = lifecycle.create(folder, "benchmark passphrase, long enough", cost=COST)
    chosen, parsed = _parsed(path)
    with store.atomic():
        import_id = records.start(store, file_name=path.name, format_name=chosen.name,
                                  recipe=None, now=NOW)
        orders, items = writes.imported_rows(
            _keyed(parsed, keys.Occurrences()), first=1, import_id=import_id,
            provenance=Provenance("import", path.name), now=NOW, folder=Folder(store, now=NOW))
    del parsed
    start, cpu = time.perf_counter(), time.process_time()
    with store.atomic():
        if way == "insert":
            store.insert(writes.IMPORTED_ORDERS, orders)
            store.insert(writes.IMPORTED_ITEMS, items)
        else:
            for into, values in ((writes.IMPORTED_ORDERS, orders), (writes.IMPORTED_ITEMS, items)):
                store.executemany(f"insert into {into} values ({', '.join('?' * len(values[0]))})",
                                  values)
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
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--child", nargs=3, metavar=("KIND", "FILE", "FOLDER"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, path, folder = args.child
        if kind == "import":
            print(json.dumps(child_import(Path(path), Path(folder))))
        elif kind in ("read", "build"):
            print(json.dumps(child_steps(Path(path), kind)))
        else:
            print(json.dumps(child_floor(Path(path), Path(folder), kind)))
        return
    with tempfile.TemporaryDirectory() as scratch:
        files = {"generic CSV": generic_csv(Path(scratch) / "generic.csv", args.rows),
                 "bank statement": statement(Path(scratch) / "releve.csv", args.rows)}
        print(f"{args.rows} lines per file, {args.rounds} rounds; rows/s counts the file's "
              "lines per second of CPU, median of the rounds [lowest-highest] (wall-clock in "
              "brackets: it counts other processes' load too)")
        for name, path in files.items():
            runs = {way: [] for way in WAYS}
            for _ in range(args.rounds):  # interleaved, so a busy spell hits every way alike
                for way in WAYS:
                    runs[way].append(measure(way, path))
            report(name, args.rows, runs)


WAYS = ("import", "read", "build", "insert", "executemany")
SHOWN = {"import": "import", "read": "read", "build": "read + build",
         "insert": "floor, the import's insert",
         "executemany": "floor, bare executemany"}


def report(name: str, rows: int, runs: dict[str, list[dict]]) -> None:
    """One file's figures: each way's rows/s and CPU per line, the import's ratio to the
    floor, what its own work between the steps costs, its RSS."""
    cpu = {way: statistics.median(r["cpu"] for r in runs[way]) for way in WAYS}

    def rate(way: str) -> str:
        rates = sorted(rows / r["cpu"] for r in runs[way])
        return (f"{SHOWN[way]:<30}{statistics.median(rates):>9,.0f} rows/s"
                f" [{rates[0]:,.0f}-{rates[-1]:,.0f}]"
                f" ({statistics.median(rows / r['seconds'] for r in runs[way]):,.0f})"
                f" {cpu[way] * 1e6 / rows:6.1f} us/line")

    done = runs["import"]
    print(f"{name}: {done[0]['added']} orders, format {done[0]['format']}")
    for way in WAYS:
        print(f"  {rate(way)}")
    rest = cpu["import"] - cpu["build"] - cpu["insert"]
    print(f"  import / floor {cpu['import'] / cpu['insert']:.1f}x; the import's own work"
          f" between the steps {rest * 1e6 / rows:.1f} us/line")
    print(f"  peak RSS at a tenth {max(r['rss_tenth'] for r in done) / 1024:.0f} MB, at the end "
          f"{max(r['rss_peak'] for r in done) / 1024:.0f} MB (highest of the rounds; target "
          "<= 150 MB, >= 100k rows/s)")


if __name__ == "__main__":
    main()
