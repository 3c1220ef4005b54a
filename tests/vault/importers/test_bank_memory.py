"""Reading a bank statement keeps memory flat whatever its length."""

from __future__ import annotations

import tracemalloc

from vault.importers import bank_csv
from vault.importers.rows import Purchase

LABELS = ["CB DÉCATHLON VÉNISSIEUX {d:02d}/11", "CB CARREFOUR MARKET {d:02d}/11",
          "PRLV SEPA FREE MOBILE", "CB LIBRAIRIE DU PARC LYON {d:02d}/11",
          "PAIEMENT PAR CARTE X1234 FNAC BELLECOUR {d:02d}/11", "RETRAIT DAB {d:02d}/11 LYON"]


def statement(path, lines: int):
    """A card statement of `lines` lines, Latin-1 and ";" as French banks write them."""
    with path.open("wb") as out:
        out.write("Date;Libellé;Débit euros;Crédit euros;\n".encode("latin-1"))
        for n in range(lines):
            day = n % 28 + 1
            label = LABELS[n % len(LABELS)].format(d=day)
            out.write(f'{day:02d}/11/2026;"{label}";{n % 500 + 1},{n % 100:02d};;\n'
                      .encode("latin-1"))
    return path


def peak(path) -> tuple[int, int]:
    """The peak of memory allocated while reading the file, and how many purchases it held."""
    with path.open("rb") as stream:
        tracemalloc.start()
        try:
            found = sum(isinstance(row, Purchase) for row in bank_csv.read(stream))
            return tracemalloc.get_traced_memory()[1], found
        finally:
            tracemalloc.stop()


def test_memory_stays_flat_from_20k_to_200k_lines(tmp_path):
    peak(statement(tmp_path / "warm.csv", 1_000))  # what is allocated once (caches) aside
    small, small_count = peak(statement(tmp_path / "small.csv", 20_000))
    large, large_count = peak(statement(tmp_path / "large.csv", 200_000))

    assert (small_count, large_count) == (16_667, 166_667)  # all but the cash withdrawals
    assert large < small * 1.2 + 64 * 1024, (small, large)
