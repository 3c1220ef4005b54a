"""Reading stays in flat memory: ten times the rows, not more memory."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

from tests.vault.importers.test_amazon import export, item
from vault.importers import amazon, generic
from vault.importers.recipes import Recipe
from vault.importers.rows import Purchase

BOUND = 2 * 1024 * 1024  # bytes traced at the peak, whatever the file's length


SAVED = Recipe(name="relevé", columns={"date": "Date", "merchant": "Libellé", "amount": "Montant"},
               date_form="dmy", currency="EUR")


def statement(path: Path, rows: int) -> Path:
    """A French statement of `rows` lines, written line by line."""
    with path.open("w", encoding="cp1252", newline="") as out:
        out.write("Date;Libellé;Montant\r\n")
        for n in range(rows):
            out.write(f"{n % 28 + 1:02d}/{n % 12 + 1:02d}/2024;CB Épicerie {n % 97};"
                      f"-{n % 300},{n % 100:02d}\r\n")
    return path


def peak(read, path: Path) -> tuple[int, int]:
    """(purchases read, peak of traced memory while reading them)."""
    count = 0
    tracemalloc.start()
    try:
        with path.open("rb") as stream:
            for row in read(stream):
                count += isinstance(row, Purchase)
        return count, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_generic_file_ten_times_longer_needs_no_more_memory(tmp_path: Path):
    # A saved recipe gives the date form, so one pass: tracing every allocation is slow.
    def read(stream):
        return generic.read(stream, recipe=SAVED)

    small = peak(read, statement(tmp_path / "20k.csv", 20_000))
    large = peak(read, statement(tmp_path / "200k.csv", 200_000))

    assert (small[0], large[0]) == (20_000, 200_000)
    assert large[1] < BOUND
    assert large[1] < small[1] * 1.5


def test_the_first_pass_over_dates_keeps_no_rows(tmp_path: Path):
    small = peak(generic.read, statement(tmp_path / "2k.csv", 2_000))
    large = peak(generic.read, statement(tmp_path / "20k.csv", 20_000))

    assert (small[0], large[0]) == (2_000, 20_000)
    assert large[1] < small[1] * 1.5


def test_an_amazon_export_streams_too(tmp_path: Path):
    def orders(n: int) -> list[list[str]]:
        return [item(f"405-{i // 3}", "2023-05-14T09:12:33Z", "1.00", "1", f"Objet {i}")
                for i in range(n)]

    (tmp_path / "small.csv").write_bytes(export(*orders(1_500)))
    (tmp_path / "large.csv").write_bytes(export(*orders(15_000)))

    small = peak(amazon.read, tmp_path / "small.csv")
    large = peak(amazon.read, tmp_path / "large.csv")

    assert (small[0], large[0]) == (500, 5_000)
    assert large[1] < small[1] * 1.5
