"""A verified backup of a 100k-order vault against a plain copy of the same database file, one run.

The backup writes `<time>.partial` with sqlcipher_export, counts every table's
rows, checks the copy's page HMACs, opens it on its own with the key
(integrity_check and cipher_integrity_check), fsyncs and renames it. The
baseline copies the checkpointed vault.db byte for byte (shutil.copyfile +
fsync), which proves nothing about the copy. Prints medians and the ratio.

    .venv/bin/python benchmarks/backup.py [--orders 100000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from vault import backup, demo, lifecycle
from vault.keys import KdfCost
from vault.store import DB_NAME

PASSPHRASE = "benchmark passphrase, long enough"
CHEAP = KdfCost(opslimit=1, memlimit=8192)  # unlocking is not what is measured
START = datetime(2026, 12, 1, tzinfo=UTC)


def plain_copy(source: Path, target: Path) -> None:
    """The baseline: the database file copied and synced, nothing checked."""
    shutil.copyfile(source, target)
    fd = os.open(target, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder, copies = Path(tmp) / "vault", Path(tmp) / "copies"
        copies.mkdir()
        store, _code = lifecycle.create(folder, PASSPHRASE, cost=CHEAP)
        demo.bulk_orders(store, args.orders, until=START)
        store.execute("pragma wal_checkpoint(truncate)")
        size = (folder / DB_NAME).stat().st_size
        verified, plain = [], []
        for n in range(args.repeat):  # interleaved, so the machine's load hits both alike
            start = time.perf_counter()
            backup.create(store, folder, now=START + timedelta(minutes=n))
            verified.append(time.perf_counter() - start)
            start = time.perf_counter()
            plain_copy(folder / DB_NAME, copies / f"{n}.db")
            plain.append(time.perf_counter() - start)
        store.close()
    v, p = statistics.median(verified), statistics.median(plain)
    print(f"vault: {args.orders} orders, {size / 1e6:.1f} MB; medians of {args.repeat} runs")
    print(f"verified backup      {v * 1000:8.0f} ms")
    print(f"plain file copy      {p * 1000:8.0f} ms")
    print(f"ratio backup / copy  {v / p:8.1f}x")


if __name__ == "__main__":
    main()
