"""Orders and their items: add, change, delete, find and page through them."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from vault import money, validate
from vault.errors import NotFound, ValidationError
from vault.provenance import MANUAL, Provenance, iso_utc, parse_utc
from vault.store import Store

CHANNELS = ("store", "web", "app", "phone", "mail")
MAX_ITEMS = 500


@dataclass(frozen=True)
class Item:
    """One line of an order."""

    name: str
    category: str
    quantity: int
    unit_price_minor: int
    brand: str | None = None

    @property
    def total_minor(self) -> int:
        """Quantity times unit price."""
        return self.quantity * self.unit_price_minor


@dataclass(frozen=True)
class Order:
    """An order at a merchant, with its items; `id` is None until stored."""

    merchant: str
    ordered_at: datetime  # aware, in the zone the order was placed in
    channel: str
    currency: str
    items: tuple[Item, ...]
    merchant_order_id: str | None = None
    id: int | None = None
    provenance: Provenance = field(default=MANUAL)

    @property
    def total_minor(self) -> int:
        """The sum of the items."""
        return sum(item.total_minor for item in self.items)


def check(values: dict[str, Any], *, now: datetime, prefix: str = "") -> Order:
    """Validate an order given as plain values (as from a form, an API or a file).

    `ordered_at` is an aware datetime or ISO 8601 text with an offset, not
    after `now` (give or take time zones); an optional `tz` names the IANA
    zone. Item prices are minor units (`unit_price_minor`) or a decimal amount
    (`unit_price`). Raises one ValidationError listing every bad field, each
    prefixed with `prefix`.
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
            lambda: _moment(v("ordered_at"), v("tz"), now),
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


def _moment(value: Any, tz_name: Any, now: datetime) -> datetime:
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
    if not (datetime(1970, 1, 1, tzinfo=UTC) <= moment <= now + timedelta(days=2)):
        raise ValidationError("ordered_at", "must be between 1970 and today")
    return moment


def _tz_label(moment: datetime) -> str:
    if isinstance(moment.tzinfo, ZoneInfo):
        return moment.tzinfo.key
    offset = moment.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _zone(label: str) -> Any:
    if label[0] in "+-":
        sign = 1 if label[0] == "+" else -1
        return timezone(sign * timedelta(hours=int(label[1:3]), minutes=int(label[4:6])))
    return ZoneInfo(label)


# Interpolated into SQL as they are (noqa: S608 below): fixed column names, never input.
_ORDER_COLUMNS = ("merchant, merchant_order_id, ordered_at, tz, local_day, channel, currency,"
                  " total_minor, source, source_ref, added_at")
_ITEM_COLUMNS = "order_id, name, brand, category, quantity, unit_price_minor"


def _order_row(order: Order, provenance: Provenance, now: datetime | None) -> tuple:
    return (order.merchant, order.merchant_order_id, iso_utc(order.ordered_at),
            _tz_label(order.ordered_at), order.ordered_at.date().isoformat(), order.channel,
            order.currency, order.total_minor, *provenance.columns(now))


def _item_rows(order_id: int, items: Iterable[Item]) -> list[tuple]:
    return [(order_id, i.name, i.brand, i.category, i.quantity, i.unit_price_minor)
            for i in items]


def add(store: Store, order: Order, *, provenance: Provenance = MANUAL,
        now: datetime | None = None) -> int:
    """Store one order (validated by `check`) with its items; return its id.

    Raises Conflict if the merchant's order id is already in the vault.
    """
    with store.atomic():
        order_id = store.execute(
            f"insert into orders ({_ORDER_COLUMNS}) values ({', '.join('?' * 11)})",  # noqa: S608
            _order_row(order, provenance, now),
        ).lastrowid
        store.executemany(f"insert into order_items ({_ITEM_COLUMNS}) values (?, ?, ?, ?, ?, ?)",  # noqa: S608
                          _item_rows(order_id, order.items))
    return order_id


def add_many(store: Store, orders: Iterable[Order], *, provenance: Provenance = MANUAL,
             now: datetime | None = None, progress: Callable[[int], None] | None = None,
             batch: int = 1000) -> int:
    """Store many validated orders in one transaction; return how many.

    All of them are stored or none: a failure leaves the vault as it was.
    `progress` is called with the running count after every batch.
    """
    count = 0
    with store.atomic():
        for order in orders:
            add(store, order, provenance=provenance, now=now)
            count += 1
            if progress and count % batch == 0:
                progress(count)
    if progress:
        progress(count)
    return count


def update(store: Store, order_id: int, order: Order) -> None:
    """Replace an order and all its items (validated by `check`), keeping its provenance.

    Raises NotFound if there is no such order, Conflict if the merchant's
    order id belongs to another order.
    """
    with store.atomic():
        get(store, order_id)
        store.execute(
            "update orders set merchant = ?, merchant_order_id = ?, ordered_at = ?, tz = ?,"
            " local_day = ?, channel = ?, currency = ?, total_minor = ? where id = ?",
            (*_order_row(order, MANUAL, None)[:8], order_id),
        )
        store.execute("delete from order_items where order_id = ?", (order_id,))
        store.executemany(f"insert into order_items ({_ITEM_COLUMNS}) values (?, ?, ?, ?, ?, ?)",  # noqa: S608
                          _item_rows(order_id, order.items))


def delete(store: Store, order_id: int) -> None:
    """Delete an order and its items. Raises NotFound if there is no such order."""
    with store.atomic():
        if store.execute("delete from orders where id = ?", (order_id,)).rowcount == 0:
            raise NotFound(f"There is no order {order_id}.")


def get(store: Store, order_id: int) -> Order:
    """One order with its items. Raises NotFound if there is no such order."""
    row = store.one("select * from orders where id = ?", (order_id,))
    if row is None:
        raise NotFound(f"There is no order {order_id}.")
    return _with_items(store, [row])[0]


def _with_items(store: Store, rows: list) -> list[Order]:
    if not rows:
        return []
    ids = [r["id"] for r in rows]
    items: dict[int, list[Item]] = {i: [] for i in ids}
    for r in store.all(  # one ? per id: the ids themselves are bound
        f"select * from order_items where order_id in ({', '.join('?' * len(ids))}) order by id",  # noqa: S608
        ids,
    ):
        items[r["order_id"]].append(Item(r["name"], r["category"], r["quantity"],
                                         r["unit_price_minor"], r["brand"]))
    return [_order(r, tuple(items[r["id"]])) for r in rows]


def _order(row: Any, items: tuple[Item, ...]) -> Order:
    moment = parse_utc(row["ordered_at"]).astimezone(_zone(row["tz"]))
    return Order(merchant=row["merchant"], ordered_at=moment, channel=row["channel"],
                 currency=row["currency"], items=items, merchant_order_id=row["merchant_order_id"],
                 id=row["id"], provenance=Provenance.from_row(row))


@dataclass(frozen=True)
class Filters:
    """What to look for; every field optional."""

    text: str | None = None
    merchant: str | None = None
    category: str | None = None
    since: date | None = None
    until: date | None = None

    def where(self) -> tuple[str, list[Any]]:
        """A SQL condition on `orders o` and its parameters.

        The condition joins only the fixed clauses below, so callers interpolate
        it into their SQL (noqa: S608 there); every value is a parameter.
        """
        clauses, params = ["1"], []
        if self.merchant:
            clauses.append("o.merchant = ?")
            params.append(self.merchant)
        # "o.id in (one pass over the items)" beats a subquery per order at 100k orders.
        if self.category:
            clauses.append("o.id in (select order_id from order_items where category = ?)")
            params.append(self.category)
        if self.since:
            clauses.append("o.local_day >= ?")
            params.append(self.since.isoformat())
        if self.until:
            clauses.append("o.local_day <= ?")
            params.append(self.until.isoformat())
        if self.text:
            like = f"%{self.text.replace('%', '').replace('_', '')}%"
            clauses.append("(o.merchant like ? or o.id in (select order_id from order_items"
                           " where name like ? or brand like ?))")
            params.extend([like, like, like])
        return " and ".join(clauses), params


def search(store: Store, filters: Filters = Filters(), *, limit: int = 50,
           offset: int = 0) -> tuple[list[Order], int]:
    """One page of orders, newest first, and the number of orders that match."""
    where, params = filters.where()
    total = store.value(f"select count(*) from orders o where {where}", params)  # noqa: S608
    rows = store.all(
        f"select * from orders o where {where} order by o.ordered_at desc, o.id desc"  # noqa: S608
        " limit ? offset ?", [*params, limit, offset],
    )
    return _with_items(store, rows), total


def after(store: Store, filters: Filters, *, cursor: tuple[str, int] | None,
          limit: int) -> list[Order]:
    """Up to `limit` orders, newest first, strictly older than `cursor` (ordered_at, id)."""
    where, params = filters.where()
    if cursor is not None:
        where += " and (o.ordered_at, o.id) < (?, ?)"
        params = [*params, *cursor]
    rows = store.all(
        f"select * from orders o where {where} order by o.ordered_at desc, o.id desc limit ?",  # noqa: S608
        [*params, limit],
    )
    return _with_items(store, rows)


def before(store: Store, filters: Filters, *, cursor: tuple[str, int],
           limit: int) -> list[Order]:
    """Up to `limit` orders strictly newer than `cursor` (ordered_at, id), nearest first."""
    where, params = filters.where()
    rows = store.all(
        f"select * from orders o where {where} and (o.ordered_at, o.id) > (?, ?)"  # noqa: S608
        " order by o.ordered_at, o.id limit ?",
        [*params, *cursor, limit],
    )
    return _with_items(store, rows)


def count(store: Store, filters: Filters = Filters()) -> int:
    """How many orders match `filters`."""
    where, params = filters.where()
    return store.value(f"select count(*) from orders o where {where}", params)  # noqa: S608


def merchants(store: Store) -> list[str]:
    """Every merchant in the vault, alphabetically."""
    return [r[0] for r in store.all("select distinct merchant from orders order by merchant")]


def categories(store: Store) -> list[str]:
    """Every item category in the vault, alphabetically."""
    return [r[0] for r in store.all("select distinct category from order_items order by 1")]
