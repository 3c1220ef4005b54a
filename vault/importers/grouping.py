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
    key, order = None, None  # the order being built, the only one held
    for found in body:
        if isinstance(found, Bad):
            yield found
            continue
        row = _record(*found, plan)
        if not isinstance(row, Purchase):
            yield from row
            continue
        row_key = (row.merchant_order_id, row.merchant, row.refund)
        if order is not None and row.merchant_order_id and row_key == key:
            order = order._replace(lines=order.lines + row.lines)
        else:
            if order is not None:
                yield order
            key, order = row_key, row
    if order is not None:
        yield order


def _record(line: int, cells: list[str], plan: Plan) -> Purchase | list[Bad] | list[Left]:
    """The record as a one-line Purchase, or its Bads, or its Left."""
    width = len(plan.header)
    if len(cells) != width:
        if len(cells) > width and not any(cell.strip() for cell in cells[width:]):
            cells = cells[:width]  # a delimiter ending each row, not the header
        counts = {"found": len(cells), "expected": width}
        if len(cells) > width:
            return [Bad(line, None, None, "too_many_fields", counts)]
        if len(cells) < width:
            return [Bad(line, None, None, "too_few_fields", counts)]
    if plan.left:
        named = {name: value.strip() for name, value in zip(plan.header, cells, strict=True)}
        why = plan.left(lambda name: _given(named.get(name, ""), plan))
        if why:
            return [Left(line, why)]
    cell = _Cells(line, cells, plan)
    purchase = cell.purchase()
    return cell.bad or purchase


def _given(value: str, plan: Plan) -> str | None:
    """A stripped cell, None when empty or a placeholder."""
    return None if not value or value in plan.placeholders else value


def _text(field: str, max_len: int = 200) -> Callable[[str], str]:
    """A check of a stripped, non-empty cell: at most `max_len` characters, no control ones."""
    def check(value: str) -> str:
        if len(value) > max_len:
            raise ValidationError(field, "too_long", n=max_len)
        if _CONTROL.search(value):
            raise ValidationError(field, "control_characters")
        return value
    return check


_TEXT = {name: _text(name) for name in ("merchant", "item_name", "category", "brand")}
_TEXT["order_id"] = _text("order_id", 100)


class _Cells:
    """One record's cells read field by field, each problem noted as a Bad."""

    def __init__(self, line: int, cells: list[str], plan: Plan):
        self.line, self.plan = line, plan
        self.values = {field: _given(cells[at].strip(), plan) for field, at in plan.index.items()}
        self.bad: list[Bad] = []

    def check(self, field: str, read: Callable[..., object], *args: object,
              default: object = None, required: bool = False):
        """read(cell, *args), or `default` for an empty or unmapped cell, noting a Bad if read
        raises (or if the cell is `required` and there is no default)."""
        value = self.values.get(field)
        if value is None:
            if required and default is None:
                self.bad.append(Bad(self.line, self.plan.recipe.columns.get(field), "",
                                    "required"))
            return default
        try:
            return read(value, *args)
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
        merchant = check("merchant", _TEXT["merchant"], default=recipe.merchant, required=True)
        at = check("date", dates.moment, self.values.get("time"), plan.form, plan.tz,
                   required=True)
        currency = check("currency", _currency, default=recipe.currency, required=True) or "EUR"
        quantity = check("quantity", _quantity, default=1) or 1
        by_unit = "unit_price" in plan.index
        field = "unit_price" if by_unit else "amount"
        price = check(field, _price, field, plan.decimal, currency, required=True) or 0
        if not by_unit and price % quantity:
            self.bad.append(Bad(self.line, recipe.columns["amount"], self.values["amount"],
                                "total_not_divisible", {"n": quantity}))
        item = Line(check("item_name", _TEXT["item_name"], default=merchant) or "", quantity,
                    abs(price) if by_unit else abs(price) // quantity,
                    category=check("category", _TEXT["category"]),
                    brand=check("brand", _TEXT["brand"]))
        return Purchase(self.line, merchant or "", at, currency, (item,),
                        merchant_order_id=check("order_id", _TEXT["order_id"]),
                        refund=price < 0,
                        channel=check("channel", _channel, default=recipe.channel))


def _currency(value: str) -> str:
    return validate.currency("currency", value)


def _quantity(value: str) -> int | None:
    return validate.integer("quantity", value, low=1, high=10_000)


def _price(value: str, field: str, decimal: str, currency: str) -> int:
    return amounts.minor(field, value, decimal, currency)


def _channel(value: str) -> str | None:
    return validate.choice("channel", value, CHANNELS)
