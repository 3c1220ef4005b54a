"""Validating an order given as plain values (from a form, the API or a file)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo
from functools import lru_cache, partial
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from vault import money, validate
from vault.errors import ValidationError
from vault.purchases.records import CHANNELS, MAX_ITEMS, MAX_TOTAL_MINOR, Item, Order


def check(values: dict[str, Any], *, now: datetime, written: str | None = None) -> Order:
    """Validate an order given as plain values (as from a form, an API or a file).

    `ordered_at` is an aware datetime or ISO 8601 text with an offset, not
    after `now` (give or take time zones); an optional `tz` names the IANA
    zone; `time_given` false says the time of day is not known. Item prices are
    minor units (`unit_price_minor`) or a decimal amount (`unit_price`); `refund` true says
    the merchant paid that money back. `written` is the merchant as its source wrote it
    (Order.merchant_written), already checked by the reader of that source.
    Raises one ValidationError listing every bad field.
    """
    v = values.get
    problems = validate.Problems()
    run = problems.run  # each check in turn, every problem noted: no lambda per field (imports)
    # Checked apart so that a bad zone is reported with a bad date, not after it.
    tz = run(_zone, v("tz"))
    if problems.found:
        tz = UTC  # a bad zone: the date is still checked, as UTC
    before = len(problems.found)
    fields = (*_shop(problems, (v("merchant"), v("merchant_order_id"), v("channel"),
                                v("currency"))),
              run(_moment, v("ordered_at"), tz, now))
    # One bad field leaves all five unknown (the items are then checked as in euros).
    merchant, order_ref, channel, currency, ordered_at = (
        fields if len(problems.found) == before else (None,) * 5)
    items: list[Item] = []
    raw_items = v("items")
    if not isinstance(raw_items, list | tuple) or not raw_items:
        problems.add("items", "no_items")
    elif len(raw_items) > MAX_ITEMS:
        problems.add("items", "too_many_items", n=MAX_ITEMS)
    else:
        items = [run(check_item, raw, currency or "EUR", prefix=f"items[{n}].")
                 for n, raw in enumerate(raw_items)]
        if all(items) and sum(i.total_minor for i in items) > MAX_TOTAL_MINOR:
            problems.add("total", "too_large", n=MAX_TOTAL_MINOR)
    problems.raise_any()
    return Order(merchant=merchant, ordered_at=ordered_at, channel=channel, currency=currency,
                 items=tuple(items), merchant_order_id=order_ref,
                 time_given=bool(v("time_given", True)), refund=bool(v("refund", False)),
                 merchant_written=written)


# The merchant, its order number, the channel and the currency, checked in this order.
_SHOP_CHECKS = (partial(validate.text, "merchant", max_len=100),
                partial(validate.text, "merchant_order_id", required=False, max_len=100),
                partial(validate.choice, "channel", allowed=CHANNELS),
                partial(validate.currency, "currency"))


def _shop(problems: validate.Problems, values: tuple) -> tuple:
    """The values of _SHOP_CHECKS checked, each problem noted in `problems`.

    Remembered only for plain text (not a subclass of str, which an equal text found in
    the memo would stand for), so each distinct shop is checked once in an import.
    """
    if all(type(value) is str or value is None for value in values):
        try:
            return _shop_valid(values)
        except ValidationError:
            pass  # checked again below, every problem noted
    return tuple(problems.run(check, value) for check, value in zip(_SHOP_CHECKS, values,
                                                                  strict=True))


@lru_cache(maxsize=4096)  # an import's orders repeat a few shops, channels and currencies
def _shop_valid(values: tuple) -> tuple:
    """The values of _SHOP_CHECKS checked; raises ValidationError at the first problem."""
    return tuple(check(value) for check, value in zip(_SHOP_CHECKS, values, strict=True))


def check_item(values: Any, currency: str) -> Item:
    """Validate one item."""
    if isinstance(values, Item):
        return values
    if not isinstance(values, dict):
        raise ValidationError("item", "not_item")
    v = values.get
    problems = validate.Problems()
    run = problems.run
    item = Item(name=run(validate.text, "name", v("name"), max_len=200),
                brand=run(validate.text, "brand", v("brand"), required=False, max_len=100),
                category=run(_category, v("category")),
                quantity=run(validate.integer, "quantity", v("quantity", 1), low=1,
                             high=100_000),
                unit_price_minor=run(_price, values, currency))
    problems.raise_any()
    return item


def _category(value: Any) -> str | None:
    """An item's category as stored (validate.category), remembered for plain text (as
    `_shop`)."""
    return _category_text(value) if type(value) is str else validate.category(
        "category", value)


@lru_cache(maxsize=1024)  # an import repeats a few categories over a million items
def _category_text(value: str) -> str | None:
    return validate.category("category", value)


def _price(values: dict, currency: str) -> int:
    if values.get("unit_price_minor") is not None:
        return validate.integer("unit_price_minor", values["unit_price_minor"], low=0,
                                high=10**12)
    return money.parse("unit_price", values.get("unit_price"), currency)


def _zone(name: Any) -> tzinfo | None:
    if not name:
        return None
    try:
        return ZoneInfo(str(name))
    except (ZoneInfoNotFoundError, ValueError) as e:
        raise ValidationError("tz", "not_time_zone") from e


_EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
_AHEAD = timedelta(days=2)  # `now` in the furthest zone ahead, and a little more


def _moment(value: Any, zone: tzinfo | None, now: datetime) -> datetime:
    if isinstance(value, datetime):
        moment = value
    else:
        text = validate.text("ordered_at", value, max_len=40)
        try:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError as e:
            raise ValidationError("ordered_at", "not_datetime") from e
    if zone is not None:
        moment = moment.replace(tzinfo=zone) if moment.tzinfo is None else moment.astimezone(zone)
    if moment.tzinfo is None:
        raise ValidationError("ordered_at", "no_offset")
    if not (_EARLIEST <= moment <= now + _AHEAD):
        raise ValidationError("ordered_at", "date_range", year=1970)
    return moment
