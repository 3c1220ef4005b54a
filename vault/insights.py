"""Aggregates over the purchase history: what a brand's CRM would compute about you.

Amounts are grouped by currency: a sum never mixes two currencies. A refund (an order
whose total is negative, vault/migrations/v0007_imports.py) nets out of the spending it
is grouped with, and is not counted as an order.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from datetime import date

from vault.store import Store


@dataclass(frozen=True)
class Spend:
    """Money spent and orders placed in one group (a month, a category…)."""

    key: str
    currency: str
    minor: int
    orders: int


@dataclass(frozen=True)
class Rfm:
    """Recency, frequency and amount for one group (a merchant, a category, or all)."""

    key: str
    currency: str
    last_day: date
    days_since: int
    orders: int
    minor: int


def counts(store: Store) -> dict[str, int]:
    """How many records of each kind the vault holds."""
    tables = {"orders": "orders", "items": "order_items", "merchants": None,
              "emails": "profile_emails", "phones": "profile_phones",
              "addresses": "profile_addresses", "merchant_ids": "merchant_ids",
              "interests": "interests", "intents": "intents"}
    result = {}
    for name, table in tables.items():
        # Table names from the fixed mapping above, never from input.
        sql = (f"select count(*) from {table}" if table  # noqa: S608
               else "select count(distinct merchant) from orders")
        result[name] = store.value(sql)
    return result


def main_currency(store: Store) -> str:
    """The currency most orders are in (EUR for an empty vault)."""
    return store.value("select currency from orders group by currency order by count(*) desc"
                       " limit 1") or "EUR"


def _month_start(today: date, months_back: int) -> date:
    index = today.year * 12 + today.month - 1 - months_back
    return date(index // 12, index % 12 + 1, 1)


def spend_by_month(store: Store, *, months: int = 24, today: date) -> list[Spend]:
    """Spend per calendar month over the last `months` months, oldest first, zero-filled."""
    start = _month_start(today, months - 1)
    rows = store.all(
        "select substr(local_day, 1, 7) as month, currency, sum(total_minor),"
        " sum(total_minor >= 0)"
        " from orders where local_day >= ? group by month, currency",
        (start.isoformat(),),
    )
    found = {(r[0], r[1]): Spend(r[0], r[1], r[2], r[3]) for r in rows}
    currencies = sorted({r[1] for r in rows}) or [main_currency(store)]
    result = []
    for n in range(months - 1, -1, -1):
        month = _month_start(today, n).strftime("%Y-%m")
        result.extend(found.get((month, c), Spend(month, c, 0, 0)) for c in currencies)
    return result


def spend_by_category(store: Store, *, since: date | None = None) -> list[Spend]:
    """Spend per item category, largest first; `orders` counts orders touching it."""
    currencies = [r[0] for r in store.all("select distinct currency from orders")]
    if since is None and len(currencies) == 1 and not _has_refunds(store):
        # One currency and no date: the items alone (a covering index) hold the answer.
        rows = store.all(
            "select category, ?, sum(quantity * unit_price_minor), count(distinct order_id)"
            " from order_items group by category order by 3 desc", (currencies[0],))
    else:
        rows = store.all(
            f"select i.category, o.currency, sum({_SIGNED_ITEM}),"  # noqa: S608 (a constant)
            " count(distinct case when o.total_minor >= 0 then o.id end)"
            " from order_items i join orders o on o.id = i.order_id"
            " where o.local_day >= ? group by i.category, o.currency order by 3 desc",
            ((since or date.min).isoformat(),),
        )
    return [Spend(r[0], r[1], r[2], r[3]) for r in rows]


# An item's amount as spending counts it: a refund's items count against their category.
_SIGNED_ITEM = ("i.quantity * i.unit_price_minor"
                " * (case when o.total_minor < 0 then -1 else 1 end)")


def _has_refunds(store: Store) -> bool:
    return store.value("select 1 from orders where total_minor < 0 limit 1") is not None


def rfm(store: Store, *, by: str | None, today: date, since: date | None = None) -> list[Rfm]:
    """Recency / frequency / amount per merchant, per category, or overall (`by=None`)."""
    since_day = (since or date.min).isoformat()
    if by == "merchant":
        sql = ("select merchant, currency, max(local_day), sum(total_minor >= 0), sum(total_minor)"
               " from orders where local_day >= ? group by merchant, currency"
               " order by sum(total_minor) desc")
    elif by == "category":
        sql = ("select i.category, o.currency, max(o.local_day),"  # noqa: S608 (a constant)
               " count(distinct case when o.total_minor >= 0 then o.id end),"
               f" sum({_SIGNED_ITEM}) from order_items i join orders o"
               " on o.id = i.order_id where o.local_day >= ? group by i.category, o.currency"
               " order by 5 desc")
    elif by is None:
        sql = ("select 'all', currency, max(local_day), sum(total_minor >= 0), sum(total_minor)"
               " from orders"
               " where local_day >= ? group by currency order by 5 desc")
    else:
        raise ValueError(by)
    result = []
    for r in store.all(sql, (since_day,)):
        last = date.fromisoformat(r[2])
        result.append(Rfm(r[0], r[1], last, (today - last).days, r[3], r[4]))
    return result


@dataclass(frozen=True)
class Scores:
    """A CRM's 1-to-5 grades of one group: 5 is the most recent, frequent or spending."""

    recency: int
    frequency: int
    amount: int

    @property
    def segment(self) -> str:
        """The label a CRM would give: champion, loyal, new, at_risk, lost or occasional."""
        r, f = self.recency, self.frequency
        if r >= 4 and f >= 4:
            return "champion"
        if f >= 4:
            return "at_risk" if r <= 2 else "loyal"
        if r >= 4 and f <= 2:
            return "new"
        if r == 1:
            return "lost"
        return "occasional"


def scores(rows: list[Rfm]) -> list[Scores]:
    """Quintile grades of each row against the others, as a brand's CRM ranks its customers."""
    grades = [_grades([key(r) for r in rows]) for key in
              (lambda r: -r.days_since, lambda r: r.orders, lambda r: r.minor)]
    return [Scores(*g) for g in zip(*grades, strict=True)]


def _grades(values: list[int]) -> list[int]:
    """1 to 5 for each value: the fifth it falls into, counting the values below it."""
    if len(values) < 2:
        return [3] * len(values)
    ranked = sorted(values)
    return [1 + min(4, bisect_left(ranked, v) * 5 // len(values)) for v in values]
