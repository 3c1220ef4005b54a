"""What an outside file is, from a bounded sample of its start: encoding, CSV dialect, format.

Only the first `SAMPLE_BYTES` are read, so sniffing costs the same for any
file size. Encoding: a byte-order mark, else UTF-8 when the sample decodes as
such, else charset-normalizer's choice between Windows-1252 and Latin-1.
Dialect: the standard library's csv.Sniffer over the sample's first lines,
restricted to the delimiters exports use. Formats: `FORMATS` lists the
readers `--format auto` tries, most specific first; each reader module
declares `FORMAT = Format(name, recognise, read)` and is named in
`READER_MODULES` (the bank statement readers in `BANK_MODULES`).
"""

from __future__ import annotations

import codecs
import csv
import importlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any, BinaryIO

import charset_normalizer

from vault.errors import ValidationError
from vault.importers.rows import Row

SAMPLE_BYTES = 64 * 1024
SAMPLE_LINES = 50  # enough rows to see the dialect and the forms of dates and amounts
DELIMITERS = ",;\t|"
# Magic numbers of files people rename to .csv by mistake (or on purpose).
_MAGIC = ((b"PK\x03\x04", "ZIP archive"), (b"PK\x05\x06", "ZIP archive"),
          (b"\x89PNG", "PNG image"), (b"\xff\xd8\xff", "JPEG image"), (b"GIF8", "GIF image"),
          (b"%PDF", "PDF document"), (b"\x1f\x8b", "gzip archive"),
          (b"RIFF", "RIFF file (WebP image…)"), (b"\xd0\xcf\x11\xe0", "Office document"),
          (b"SQLite format 3", "SQLite database"))


@dataclass
class Sample:
    """The start of a file: its bytes, encoding and text, with its CSV reading on demand."""

    head: bytes
    encoding: str  # a Python codec name: utf-8-sig, utf-8, cp1252 or latin-1
    text: str  # the head decoded (undecodable bytes replaced), cut at its last whole line
    whole: bool  # the head is the whole file
    delimiter: str | None = None  # a recipe's, instead of the one detected

    @cached_property
    def dialect(self) -> Any:
        """The CSV dialect of the sample's first lines (with the recipe's delimiter if any)."""
        found = dialect("".join(self.text.splitlines(keepends=True)[:SAMPLE_LINES]))
        if self.delimiter and self.delimiter != found.delimiter:
            return type("Given", (csv.excel,), {"delimiter": self.delimiter})
        return found

    @cached_property
    def table(self) -> list[list[str]]:
        """The sample's first records as CSV cells (the header first); [] if it is no CSV."""
        try:
            lines = self.text.splitlines(keepends=True)[:SAMPLE_LINES + 1]
            return [r for r in csv.reader(lines, self.dialect) if r][:SAMPLE_LINES + 1]
        except csv.Error:
            return []

    @property
    def header(self) -> list[str]:
        """The first record's cells, stripped."""
        return [cell.strip().lstrip("\ufeff") for cell in self.table[0]] if self.table else []

    @property
    def rows(self) -> list[list[str]]:
        """The records after the header, as far as the sample goes."""
        return self.table[1:]


Reader = Callable[..., Iterator[Row]]


@dataclass(frozen=True)
class Format:
    """A format `--format auto` can recognise from a sample, and its reader.

    `read(stream, **options)` streams Rows, given those of the options `recipe` (a
    Recipe), `tz` (a zone name) and `recognise` (a bank label -> Merchant) that it names
    in `takes`; None for our own formats, which vault.importers.read reads whole.
    """

    name: str
    recognise: Callable[[Sample], bool]
    read: Reader | None
    takes: tuple[str, ...] = ("recipe", "tz")


def sniff(stream: BinaryIO, *, encoding: str | None = None,
          delimiter: str | None = None) -> Sample:
    """The sample of a seekable binary stream, left at its start again.

    `encoding` and `delimiter` (a recipe's) override detection. Raises ValidationError for an
    empty file or one whose first bytes say it is an archive, image or other
    binary file.
    """
    head = stream.read(SAMPLE_BYTES)
    stream.seek(0)
    if not head.removeprefix(codecs.BOM_UTF8).strip():
        raise ValidationError("file", "empty_file")
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            raise ValidationError("file", "binary_file", kind=kind)
    if b"\x00" in head:
        raise ValidationError("file", "binary_file", kind="binary file")
    whole = len(head) < SAMPLE_BYTES
    chosen = codecs.lookup(encoding).name if encoding else detect_encoding(head, whole=whole)
    text = codecs.getincrementaldecoder(chosen)(errors="replace").decode(head, final=whole)
    if not whole and "\n" in text:
        text = text[:text.rfind("\n") + 1]
    return Sample(head, chosen, text, whole, delimiter)


def detect_encoding(head: bytes, *, whole: bool) -> str:
    """utf-8-sig, utf-8, cp1252 or latin-1: the encoding of a file starting with `head`."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=whole)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(head, cp_isolation=["cp1252", "latin_1"]).best()
    if best is not None and best.encoding == "cp1252":
        return "cp1252"
    return "latin-1"  # decodes any byte: the reader's checks catch what is not text


def dialect(text: str) -> Any:
    """The CSV dialect of `text` (a few whole lines), comma-separated when unsure."""
    first = text.split("\n", 1)[0]
    try:
        found = csv.Sniffer().sniff(text, delimiters=DELIMITERS)
        if found.delimiter in first:
            found.strict = False
            return found
    except csv.Error:
        pass
    # The Sniffer found no consistent delimiter (one data line, ragged rows):
    # the one the header uses most.
    best = max(DELIMITERS, key=first.count)

    class Guessed(csv.excel):
        delimiter = best if first.count(best) else ","

    return Guessed


# Reader modules in the order `--format auto` tries them; each declares FORMAT.
# The bank statement readers: the XML and OFX ones say so in their first bytes; a bank
# CSV is recognised by its header's names, before any CSV with a header is taken as generic.
BANK_MODULES: list[str] = ["vault.importers.ofx", "vault.importers.camt",
                           "vault.importers.bank_csv"]
READER_MODULES = ["vault.importers.amazon", *BANK_MODULES, "vault.importers.generic"]


def _is_own_json(sample: Sample) -> bool:
    start = sample.text.lstrip()[:1]
    return start in ("{", "[") and ('"orders"' in sample.text
                                    or '"coffre-purchases"' in sample.text)


def _is_own_csv(sample: Sample) -> bool:
    return {"merchant", "ordered_at", "item_name", "unit_price"} <= set(sample.header)


OWN_FORMATS = [Format("json", _is_own_json, None), Format("coffre-csv", _is_own_csv, None)]


# A whole vault's JSON export (vault/exchange/load.py), tried first: it also holds "orders".
WHOLE_VAULT_MODULE = "vault.exchange.load"


def formats() -> list[Format]:
    """Every format, in the order `--format auto` tries them."""
    return [importlib.import_module(WHOLE_VAULT_MODULE).FORMAT, *OWN_FORMATS,
            *(importlib.import_module(name).FORMAT for name in READER_MODULES)]


def choose(sample: Sample, name: str = "auto") -> Format:
    """The format named, or for "auto" the first that recognises the sample.

    Raises ValidationError when no format recognises it, when `name` is no
    format, or when the file is not of the format named.
    """
    known = formats()
    if name == "auto":
        for candidate in known:
            if candidate.recognise(sample):
                return candidate
        raise ValidationError("file", "unknown_format", values=", ".join(f.name for f in known))
    for candidate in known:
        if candidate.name == name:
            if not candidate.recognise(sample):
                raise ValidationError("file", "not_that_format", name=name)
            return candidate
    raise ValidationError("format", "one_of", values=", ".join(f.name for f in known))
