"""From a CSV file's records to Rows: cells read through a plan, items grouped into orders.

Consecutive rows with the same order id (and merchant, and direction of
money) make one Purchase with one Line each; only the order being built is
held, so memory stays flat. Each unreadable cell is one Bad naming its line,
column and value.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from vault import validate
from vault.errors import ValidationError
from vault.importers import amounts, dates
from vault.importers.recipes import Recipe
from vault.importers.rows import Bad, Left, Line, Purchase, Row

CHANNELS = ("store", "web", "app", "phone", "mail")
_CONTROL = re.compile(r"[\x00-\x1f]")
MAX_VALUE = 200  # characters of a bad value repeated in a report


@dataclass(frozen=True)
class Plan:
    """How to read each record of one file."""

    recipe: Recipe
    header: list[str]
    index: dict[str, int]  # our field -> cell position
    form: str  # a key of dates.FORMS
    decimal: str
    tz: ZoneInfo
    placeholders: frozenset[str] = frozenset()
    left: Callable[[Callable[[str], str | None]], str | None] | None = None


def purchases(body: Iterator[tuple[int, list[str]] | Bad], plan: Plan) -> Iterator[Row]:
    """The Rows of the records after the header, orders grouped."""
    pending: list[tuple[tuple, Purchase]] = []  # the order being built: at most one
    for found in body:
        if isinstance(found, Bad):  # the file cannot be read past it
            yield from (purchase for _, purchase in pending)
            yield found
            return
        for row in _record(*found, plan):
            if not isinstance(row, tuple):
                yield row
            elif pending and row[0] is not None and pending[0][0] == row[0]:
                head = pending[0][1]
                pending[0] = (row[0], _with_lines(head, head.lines + row[1].lines))
            else:
                if pending:
                    yield pending.pop()[1]
                pending.append(row)
    if pending:
        yield pending.pop()[1]


def _with_lines(purchase: Purchase, lines: tuple[Line, ...]) -> Purchase:
    return Purchase(purchase.line, purchase.merchant, purchase.at, purchase.currency, lines,
                    purchase.merchant_order_id, purchase.refund, purchase.channel)


def _record(line: int, cells: list[str], plan: Plan) -> Iterator[Row | tuple]:
    """The record's Bads, or its Left, or (order key, one-line Purchase)."""
    counts = {"found": len(cells), "expected": len(plan.header)}
    if len(cells) > len(plan.header):
        yield Bad(line, None, None, "too_many_fields", counts)
        return
    if len(cells) < len(plan.header):
        yield Bad(line, None, None, "too_few_fields", counts)
        return

    def get(name: str) -> str | None:
        value = cells[plan.header.index(name)].strip() if name in plan.header else ""
        return None if not value or value in plan.placeholders else value

    why = plan.left(get) if plan.left else None
    if why:
        yield Left(line, why)
        return
    cell = _Cells(line, cells, plan)
    purchase = cell.purchase()
    yield from cell.bad
    if not cell.bad:
        key = (purchase.merchant_order_id, purchase.merchant, purchase.refund)
        yield (key if purchase.merchant_order_id else None), purchase


def _text(field: str, max_len: int = 200) -> Callable[[str], str]:
    """A check of a stripped, non-empty cell: at most `max_len` characters, no control ones."""
    def check(value: str) -> str:
        if len(value) > max_len:
            raise ValidationError(field, "too_long", n=max_len)
        if _CONTROL.search(value):
            raise ValidationError(field, "control_characters")
        return value
    return check


class _Cells:
    """One record's cells read field by field, each problem noted as a Bad."""

    def __init__(self, line: int, cells: list[str], plan: Plan):
        self.line, self.cells, self.plan = line, cells, plan
        self.bad: list[Bad] = []

    def text(self, field: str) -> str | None:
        """The cell of `field`, stripped; None when empty, a placeholder or unmapped."""
        position = self.plan.index.get(field)
        if position is None:
            return None
        value = self.cells[position].strip()
        return None if not value or value in self.plan.placeholders else value

    def check(self, field: str, read: Callable[[str], object], default: object = None, *,
              required: bool = False):
        """read(cell), or `default` for an empty or unmapped cell, noting a Bad if read raises
        (or if the cell is `required` and there is no default)."""
        value = self.text(field)
        if value is None:
            if required and default is None:
                self.bad.append(Bad(self.line, self.plan.recipe.columns.get(field), "",
                                    "required"))
            return default
        try:
            return read(value)
        except ValidationError as e:
            found = e.problems[0]
            self.bad.append(Bad(self.line, self.plan.recipe.columns[field],
                                value[:MAX_VALUE], found.code, dict(found.params)))
        except ValueError:
            self.bad.append(Bad(self.line, self.plan.recipe.columns[field], value[:MAX_VALUE],
                                "date_not_in_form", {"form": dates.FORMS[self.plan.form]}))
        return default

    def purchase(self) -> Purchase:
        """The record as a one-line purchase (meaningful only if no Bad was noted)."""
        plan, recipe, check = self.plan, self.plan.recipe, self.check
        merchant = check("merchant", _text("merchant"), recipe.merchant, required=True)
        at = check("date", lambda v: dates.moment(v, self.text("time"), plan.form, plan.tz),
                   required=True)
        currency = check("currency", lambda v: validate.currency("currency", v),
                         recipe.currency, required=True) or "EUR"
        quantity = check("quantity", lambda v: validate.integer("quantity", v, low=1,
                                                                high=10_000), 1) or 1
        by_unit = "unit_price" in plan.index
        price_field = "unit_price" if by_unit else "amount"
        price = check(price_field, lambda v: amounts.minor(price_field, v, plan.decimal,
                                                           currency), required=True) or 0
        if not by_unit and price % quantity:
            self.bad.append(Bad(self.line, recipe.columns["amount"], self.text("amount"),
                                "total_not_divisible", {"n": quantity}))
        item = Line(check("item_name", _text("item_name"), merchant) or "", quantity,
                    abs(price) if by_unit else abs(price) // quantity,
                    category=check("category", _text("category")),
                    brand=check("brand", _text("brand")))
        return Purchase(self.line, merchant or "", at, currency, (item,),
                        merchant_order_id=check("order_id", _text("order_id", 100)),
                        refund=price < 0,
                        channel=check("channel", lambda v: validate.choice("channel", v, CHANNELS),
                                      recipe.channel))
