"""From a CSV file's records to Rows: cells read through a plan, items grouped into orders.

Consecutive rows with the same order id (and merchant, and direction of
money) make one Purchase with one Line each; only the order being built is
held, so memory stays flat. Each unreadable cell is one Bad naming its line,
column and value.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from vault import validate
from vault.errors import ValidationError
from vault.importers import amounts, dates
from vault.importers.recipes import Recipe
from vault.importers.rows import Bad, Left, Line, Purchase, Row

CHANNELS = ("store", "web", "app", "phone", "mail")
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
        if isinstance(found, Bad):
            yield found
            continue
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


class _Cells:
    """One record's cells read field by field, each problem noted as a Bad."""

    def __init__(self, line: int, cells: list[str], plan: Plan):
        self.line, self.cells, self.plan = line, cells, plan
        self.bad: list[Bad] = []

    def text(self, field: str) -> str | None:
        """The cell of `field`, stripped; None when empty, a placeholder or unmapped."""
        position = self.plan.index.get(field)
        value = self.cells[position].strip() if position is not None else ""
        return None if not value or value in self.plan.placeholders else value

    def check(self, field: str, read: Callable[[str], object], default: object = None):
        """read(cell), or `default` for an empty cell, noting a Bad if read raises."""
        value = self.text(field)
        if value is None:
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

    def required(self, field: str, value: object) -> object:
        if value is None:
            column = self.plan.recipe.columns.get(field)
            self.bad.append(Bad(self.line, column, "", "required"))
        return value

    def purchase(self) -> Purchase:
        """The record as a one-line purchase (meaningful only if no Bad was noted)."""
        plan, recipe = self.plan, self.plan.recipe
        merchant = self.required("merchant", self.check(
            "merchant", lambda v: validate.text("merchant", v), recipe.merchant))
        at = self.required("date", self.check(
            "date", lambda v: dates.moment(v, self.text("time"), plan.form, plan.tz)))
        currency = self.required("currency", self.check(
            "currency", lambda v: validate.currency("currency", v), recipe.currency)) or "EUR"
        quantity = self.check("quantity", lambda v: validate.integer(
            "quantity", v, low=1, high=10_000), 1)
        price_field = "unit_price" if "unit_price" in plan.index else "amount"
        price = self.required(price_field, self.check(price_field, lambda v: amounts.minor(
            price_field, v, plan.decimal, currency)))
        price = price or 0
        if price_field == "amount" and price % (quantity or 1):
            self.bad.append(Bad(self.line, recipe.columns["amount"], self.text("amount"),
                                "total_not_divisible", {"n": quantity}))
        unit = abs(price) if price_field == "unit_price" else abs(price) // (quantity or 1)
        name = self.check("item_name", lambda v: validate.text("item_name", v), merchant)
        item = Line(name or "", quantity or 1, unit,
                    category=self.check("category", lambda v: validate.text("category", v)),
                    brand=self.check("brand", lambda v: validate.text("brand", v)))
        return Purchase(self.line, merchant or "", at, currency, (item,),
                        merchant_order_id=self.check(
                            "order_id", lambda v: validate.text("order_id", v, max_len=100)),
                        refund=price < 0,
                        channel=self.check("channel", lambda v: validate.choice(
                            "channel", v, CHANNELS), recipe.channel))
