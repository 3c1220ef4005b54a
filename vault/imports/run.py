"""One import of a file into the vault: all or nothing, streamed, idempotent.

The file is sniffed and its format chosen (vault/importers/sniff.py), its rows streamed
from the reader, each purchase reconciled with its merchant and checked as an order
(build.py), given its key (keys.py) and stored in batches, all inside one transaction
with the import's record: a failure, an invalid row (unless `skip_invalid`) or a dry run
rolls the whole of it back. Only a batch of orders is held at a time, and at most
report.MAX_KEPT problems: memory stays flat whatever the file's length.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import BinaryIO

from vault import audit, importers, purchases
from vault.errors import ValidationError
from vault.exchange import load as whole_vault
from vault.importers import merchants, sniff
from vault.importers.recipes import Recipe
from vault.importers.rows import Bad, Left, NotPurchase, Purchase, Row
from vault.imports import build, keys, records
from vault.imports.report import Report
from vault.imports.tap import tapped
from vault.merchants import Folder, folding
from vault.provenance import Provenance
from vault.purchases import Order
from vault.store import Store

BATCH = 2000  # orders looked up and stored together
MEMO = 16_384  # labels whose merchant one import remembers: memory stays flat


@dataclass(frozen=True)
class Options:
    """How to import: the format ("auto" or a name of sniff.formats()), a recipe for
    generic CSV, the consumer's merchant aliases and category corrections (see
    merchants.recognise), the zone of times the file gives without one."""

    format: str = "auto"
    recipe: Recipe | None = None
    dry_run: bool = False
    skip_invalid: bool = False
    tz: str = "Europe/Paris"
    aliases: Mapping[str, str] = field(default_factory=dict)
    categories: Mapping[str, str] = field(default_factory=dict)
    progress: Callable[[int, int], None] | None = None  # (bytes read, bytes in all)
    on_problem: Callable[[Bad], None] | None = None  # every problem, as it is found
    on_present: Callable[[int], None] | None = None  # every line taken as already there


class _RollBack(Exception):
    """Leave the transaction without keeping anything (a dry run, an invalid row)."""


def run(store: Store, file: BinaryIO, name: str, *, now: datetime,
        options: Options = Options()) -> Report:
    """Import the seekable binary `file` (called `name`); return what it did.

    The vault keeps the import (`report.stored`) unless it is a dry run or a row is
    invalid without `skip_invalid`. Raises ValidationError, keeping nothing, when the file
    cannot be read at all: empty, binary, in no known format or not the one named, a
    recipe naming columns it lacks, ambiguous dates.
    """
    tap, stream = tapped(file)
    sample = sniff.sniff(stream, encoding=options.recipe.encoding if options.recipe else None,
                         delimiter=options.recipe.delimiter if options.recipe else None)
    chosen = sniff.choose(sample, options.format)
    if chosen is whole_vault.FORMAT:
        return _whole_vault(store, stream, name, tap, options, now)
    report = Report(file_name=name, format=chosen.name, encoding=sample.encoding,
                    dry_run=options.dry_run, on_problem=options.on_problem,
                    on_present=options.on_present)
    # Statements repeat their labels; the merchants of MEMO of them remembered, memory flat.
    recognise = functools.lru_cache(maxsize=MEMO)(functools.partial(
        merchants.recognise, aliases=options.aliases, categories=options.categories))
    try:
        with store.atomic():
            import_id = records.start(store, file_name=name, format_name=chosen.name,
                                      recipe=options.recipe.name if options.recipe else None,
                                      now=now)
            batches = _Batches(store, import_id, report, Provenance("import", name[-200:]),
                               now, chosen.name)
            if chosen.read is None:
                batches.own(importers.read(name, stream.read(), now=now))
            else:
                rows = _guarded(chosen.read(stream, **_given(chosen, options, recognise)),
                                report)
                batches.rows(rows, recognise, lambda: _progress(options, tap))
            report.sha256 = tap.digest()
            records.finish(store, import_id, sha256=report.sha256, counts=report.counts)
            audit.event(store, "import", at=now, import_id=import_id, format=chosen.name,
                        added=report.counts.added)  # gone with the import if it is not kept
            if options.dry_run or (report.counts.invalid and not options.skip_invalid):
                raise _RollBack
    except _RollBack:
        if not options.dry_run:
            report.counts.added = 0  # a dry run says what it would add; a refusal, nothing
    else:
        report.stored, report.import_id = True, import_id
    if options.progress:
        options.progress(tap.size, tap.size)
    return report


def _whole_vault(store: Store, stream: BinaryIO, name: str, tap, options: Options,
                 now: datetime) -> Report:
    """A whole vault's JSON export, loaded into this empty vault (ids kept), then recorded.

    Raises Conflict when the vault holds records already, ValidationError for an export
    this vault cannot take; nothing is kept then, nor on a dry run.
    """
    report = Report(file_name=name, format=whole_vault.FORMAT.name, encoding="utf-8",
                    dry_run=options.dry_run)
    try:
        with store.atomic():
            report.counts.added = whole_vault.load(store, stream).get("orders", 0)
            report.sha256 = tap.digest()
            # After the load: the vault must be empty for it, and its ids are the export's.
            import_id = records.start(store, file_name=name, format_name=report.format,
                                      recipe=None, now=now)
            records.finish(store, import_id, sha256=report.sha256, counts=report.counts)
            audit.event(store, "import", at=now, import_id=import_id, format=report.format,
                        added=report.counts.added)
            if options.dry_run:
                raise _RollBack
    except _RollBack:
        return report
    report.stored, report.import_id = True, import_id
    return report


def _given(chosen: sniff.Format, options: Options, recognise) -> dict:
    offered = {"recipe": options.recipe, "tz": options.tz, "recognise": recognise}
    return {name: offered[name] for name in chosen.takes}


def _progress(options: Options, tap) -> None:
    if options.progress:
        options.progress(min(tap.position, tap.size), tap.size)


def _guarded(rows: Iterator[Row], report: Report) -> Iterator[Row]:
    """The reader's rows; a ValidationError after the first is the file's last problem."""
    iterator = iter(rows)
    first = True
    while True:
        try:
            row = next(iterator)
        except StopIteration:
            return
        except ValidationError as e:
            if first:
                raise  # the file cannot be read at all
            report.broken(e)
            return
        first = False
        yield row


class _Batches:
    """Orders gathered, looked up against the vault and stored, a batch at a time."""

    def __init__(self, store: Store, import_id: int, report: Report, provenance: Provenance,
                 now: datetime, format_name: str):
        self.store, self.import_id, self.report = store, import_id, report
        self.provenance, self.now, self.format_name = provenance, now, format_name
        self.occurrences = keys.Occurrences()
        self.folder = Folder(store, now=now)  # the merchants filed, for the whole import
        self.pending: list[tuple[int, Order, bytes, str | None, str]] = []

    def rows(self, rows: Iterator[Row], recognise, progress: Callable[[], None]) -> None:
        """Sort each row into the report or the next batch."""
        report = self.report
        for row in rows:
            if isinstance(row, Purchase):
                built = build.order(row, recognise, now=self.now)
                if isinstance(built, Order):
                    self._add(row.line, built, row.merchant, row)
                else:
                    for bad in built:
                        report.bad(bad)
            elif isinstance(row, NotPurchase):
                report.counts.not_purchase += 1
                report.rules[row.rule] += 1
            elif isinstance(row, Left):
                report.counts.left_out += 1
                report.left[row.why] += 1
            else:  # a Bad: the only other kind of row (vault.importers.rows)
                report.bad(row)
            if len(self.pending) >= BATCH:
                self.flush()
                progress()
        self.flush()

    def own(self, orders: list[Order]) -> None:
        """Our own formats' orders (read whole and checked by vault.importers), each under
        the shop it is filed under, so that a shop's order number written another way
        ("FNAC", "fnac.com") is found as already there."""
        for n, order in enumerate(orders, 1):
            filed = order._replace(merchant=folding.name_for(self.store, order.merchant),
                            merchant_written=order.merchant_written or order.merchant)
            self._add(n, filed, order.merchant, None)
        self.flush()

    def _add(self, line: int, order: Order, label: str, row: Purchase | None) -> None:
        if row is not None and row.source_ref:
            key, content = keys.source(self.format_name, row.source_ref), None
        elif order.merchant_order_id:
            key, content = keys.order(label, order.merchant_order_id), None
        else:
            day = order.ordered_at.date()
            content = keys.content(day, order.signed_minor, order.currency, label)
            key = self.occurrences.key(day.isoformat(), content)
        self.pending.append((line, order, key, content, day_of(order)))

    def flush(self) -> None:
        """Store the pending orders the vault lacks; count the others as present."""
        if not self.pending:
            return
        found = self._found([p[2] for p in self.pending])
        refs = self._refs([p[1] for p in self.pending])
        fresh: list[tuple[Order, bytes]] = []
        for line, order, key, content, day in self.pending:
            while content is not None and found.get(key) == self.import_id:
                # An identical line earlier in this file, whose count was forgotten.
                key = self.occurrences.key(day, content)
                found.update(self._found([key]))
            if key in found or (order.merchant, order.merchant_order_id) in refs:
                if found.get(key) == self.import_id:
                    self.report.bad(Bad(line, "merchant_order_id", order.merchant_order_id,
                                        "repeated_order"))
                else:
                    self.report.already(line)
                continue
            found[key] = self.import_id
            if order.merchant_order_id:
                refs.add((order.merchant, order.merchant_order_id))
            fresh.append((order, key))
        purchases.add_imported(self.store, fresh, import_id=self.import_id,
                               provenance=self.provenance, now=self.now, folder=self.folder)
        self.report.counts.added += len(fresh)
        self.pending.clear()

    def _found(self, wanted: list[bytes]) -> dict[bytes, int | None]:
        """The keys among `wanted` the vault holds, with the import that stored each."""
        marks = ", ".join("?" * len(wanted))
        return {r[0]: r[1] for r in self.store.all(
            f"select import_key, import_id from orders where import_key in ({marks})",  # noqa: S608
            wanted)}

    def _refs(self, orders: list[Order]) -> set[tuple[str, str | None]]:
        """The (merchant, order number) pairs of `orders` the vault holds already."""
        pairs = sorted({(o.merchant, o.merchant_order_id) for o in orders
                        if o.merchant_order_id})
        if not pairs:
            return set()
        # Each pair looked up in the unique index (merchant, order number), which the
        # "is not null" lets the planner use: by the number alone, it read all of it.
        values = ", ".join(["(?, ?)"] * len(pairs))
        return {(r[0], r[1]) for r in self.store.all(
            "select merchant, merchant_order_id from orders where merchant_order_id is not"  # noqa: S608
            f" null and (merchant, merchant_order_id) in (values {values})",
            [value for pair in pairs for value in pair])}


def day_of(order: Order) -> str:
    """The day an order's key counts identical lines on."""
    return order.ordered_at.date().isoformat()
