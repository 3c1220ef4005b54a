"""Validating an order given as plain values (from a form, the API or a file)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from vault import money, validate
from vault.errors import ValidationError
from vault.purchases.records import CHANNELS, MAX_ITEMS, Item, Order


def check(values: dict[str, Any], *, prefix: str = "") -> Order:
    """Validate an order given as plain values (as from a form, an API or a file).

    `ordered_at` is an aware datetime or ISO 8601 text with an offset; an
    optional `tz` names the IANA zone. Item prices are minor units
    (`unit_price_minor`) or a decimal amount (`unit_price`). Raises one
    ValidationError listing every bad field, each prefixed with `prefix`.
    """
    v = values.get
    problems: list[tuple[str, str]] = []
    try:
        merchant, order_ref, channel, currency, ordered_at = validate.collect(
            lambda: validate.text("merchant", v("merchant"), max_len=100),
            lambda: validate.text("merchant_order_id", v("merchant_order_id"), required=False,
                                  max_len=100),
            lambda: validate.choice("channel", v("channel"), CHANNELS),
            lambda: validate.currency("currency", v("currency")),
            lambda: _moment(v("ordered_at"), v("tz")),
        )
    except ValidationError as e:
        problems.extend(e.problems)
        currency = None
    items: list[Item] = []
    raw_items = v("items")
    if not isinstance(raw_items, list | tuple) or not raw_items:
        problems.append(("items", "must list at least one item"))
    elif len(raw_items) > MAX_ITEMS:
        problems.append(("items", f"must list at most {MAX_ITEMS} items"))
    else:
        items = _check_items(raw_items, currency or "EUR", problems)
    if problems:
        raise ValidationError.many([(prefix + f, r) for f, r in problems])
    return Order(merchant=merchant, ordered_at=ordered_at, channel=channel, currency=currency,
                 items=tuple(items), merchant_order_id=order_ref)


def _check_items(raw_items: list, currency: str, problems: list) -> list[Item]:
    items = []
    for n, raw in enumerate(raw_items):
        try:
            items.append(check_item(raw, currency))
        except ValidationError as e:
            problems.extend((f"items[{n}].{f}", r) for f, r in e.problems)
    return items


def check_item(values: Any, currency: str) -> Item:
    """Validate one item."""
    if isinstance(values, Item):
        return values
    if not isinstance(values, dict):
        raise ValidationError("item", "must be an object with name, category, quantity, price")
    v = values.get
    name, brand, category, quantity, price = validate.collect(
        lambda: validate.text("name", v("name"), max_len=200),
        lambda: validate.text("brand", v("brand"), required=False, max_len=100),
        lambda: validate.text("category", v("category"), max_len=60),
        lambda: validate.integer("quantity", v("quantity", 1), low=1, high=100_000),
        lambda: _price(values, currency),
    )
    return Item(name=name, brand=brand, category=category, quantity=quantity,
                unit_price_minor=price)


def _price(values: dict, currency: str) -> int:
    if values.get("unit_price_minor") is not None:
        return validate.integer("unit_price_minor", values["unit_price_minor"], low=0,
                                high=10**12)
    return money.parse("unit_price", values.get("unit_price"), currency)


def _moment(value: Any, tz_name: Any) -> datetime:
    if isinstance(value, datetime):
        moment = value
    else:
        text = validate.text("ordered_at", value, max_len=40)
        try:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError as e:
            raise ValidationError(
                "ordered_at", "is not a date and time (expected e.g. 2025-03-14T10:30:00+01:00)"
            ) from e
    if tz_name:
        try:
            zone = ZoneInfo(str(tz_name))
        except (ZoneInfoNotFoundError, ValueError) as e:
            raise ValidationError("tz", "is not a time zone name such as Europe/Paris") from e
        moment = moment.replace(tzinfo=zone) if moment.tzinfo is None else moment.astimezone(zone)
    if moment.tzinfo is None:
        raise ValidationError("ordered_at", "must include a time zone offset such as +01:00")
    if not (datetime(1970, 1, 1, tzinfo=UTC) <= moment <= datetime.now(UTC) + timedelta(days=2)):
        raise ValidationError("ordered_at", "must be between 1970 and today")
    return moment
