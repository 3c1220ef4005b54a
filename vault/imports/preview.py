"""What a file would give before it is imported: its format, encoding and dialect, the
mapping of a generic CSV, and its first rows as they would be stored.

Nothing is written: the page shows this, the consumer corrects the format or the recipe,
then imports (vault/imports/run.py) with the same choices.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from itertools import islice
from types import MappingProxyType
from typing import BinaryIO

from vault import importers
from vault.errors import ValidationError
from vault.importers import generic, merchants, sniff
from vault.importers.recipes import Recipe
from vault.importers.rows import Bad, Left, NotPurchase, Purchase
from vault.imports import build
from vault.purchases import Order
from vault.reasons import Problem

SHOWN = 10
_NONE: Mapping[str, str] = MappingProxyType({})


@dataclass(frozen=True)
class Shown:
    """One order as it would be stored."""

    line: int  # the line it starts on (for our own formats, its position)
    merchant: str
    at: datetime
    amount_minor: int  # signed: a refund is negative
    currency: str
    category: str  # its first item's, as stored: a code or "other:<word>"
    items: int


@dataclass(frozen=True)
class Preview:
    """A file seen before import; `problems` says why it cannot be read, if it cannot."""

    format: str
    encoding: str
    delimiter: str | None  # for CSV formats
    recipe: Recipe | None  # for generic CSV: the mapping used (the one given, or guessed)
    rows: list[Shown] = field(default_factory=list)
    left_out: list[Bad | NotPurchase | Left] = field(default_factory=list)  # among those read
    problems: list[Problem] = field(default_factory=list)


def preview(file: BinaryIO, name: str, *, now: datetime, format_name: str = "auto",
            recipe: Recipe | None = None, tz: str = "Europe/Paris",
            aliases: Mapping[str, str] = _NONE, categories: Mapping[str, str] = _NONE,
            shown: int = SHOWN) -> Preview:
    """The first `shown` orders of the seekable `file` (called `name`), and what it is.

    Raises ValidationError when the file is empty, binary, in no known format, or not in
    the format named; other problems (a missing column, ambiguous dates) are in
    `problems`.
    """
    sample = sniff.sniff(file, encoding=recipe.encoding if recipe else None,
                         delimiter=recipe.delimiter if recipe else None)
    chosen = sniff.choose(sample, format_name)
    if chosen.name == "generic" and recipe is None:
        recipe = replace(generic.detect(file), name="guess")
        file.seek(0)
    delimiter = sample.dialect.delimiter if chosen.name in ("generic", "amazon", "bank",
                                                            "coffre-csv") else None
    found = Preview(chosen.name, sample.encoding, delimiter,
                    recipe if chosen.name == "generic" else None)
    recognise = functools.partial(merchants.recognise, aliases=aliases, categories=categories)
    try:
        if chosen.read is None:
            orders = importers.read(name, file.read(), now=now)[:shown]
            found.rows.extend(_shown(n, o) for n, o in enumerate(orders, 1))
        else:
            offered = {"recipe": recipe, "tz": tz, "recognise": recognise}
            rows = chosen.read(file, **{k: offered[k] for k in chosen.takes})
            _fill(found, rows, recognise, now, shown)
    except ValidationError as e:
        found.problems.extend(e.problems)
    return found


def _fill(found: Preview, rows, recognise, now: datetime, shown: int) -> None:
    for row in islice(rows, shown * 10):  # a file of salaries alone still ends the preview
        if isinstance(row, Purchase):
            built = build.order(row, recognise, now=now)
            if isinstance(built, Order):
                found.rows.append(_shown(row.line, built))
            else:
                found.left_out.extend(built)
        else:
            found.left_out.append(row)
        if len(found.rows) >= shown:
            return


def _shown(line: int, order: Order) -> Shown:
    return Shown(line, order.merchant, order.ordered_at, order.signed_minor, order.currency,
                 order.items[0].category, len(order.items))
