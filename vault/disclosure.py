"""What a brand receives for each scope: the exact values, shaped and minimised here.

The API sends these and the consent page previews them, so what the consumer
sees before allowing is what the brand gets. Nothing outside a granted scope
is ever built: a field of a scope not granted is absent, not empty.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from vault import categories, identity, insights, intents, preferences, profile, purchases
from vault.money import exponent

AGE_BANDS = ((18, "under 18"), (25, "18-24"), (35, "25-34"), (45, "35-44"), (55, "45-54"),
             (65, "55-64"))
MIN_GROUP = 3  # an aggregate over fewer orders than this could reveal one of them
PROFILE_FIELDS = ("name", "age_band", "city", "country", "language", "profession")
CONTACT_FIELDS = ("emails", "phones", "addresses")
SUMMARY_MONTHS = 12  # the period a summary covers unless the brand asks for another


def age_band(born: date | None, today: date) -> str | None:
    """A ten-year band such as "35-44" (never the birth date itself)."""
    if born is None:
        return None
    age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    return next((band for limit, band in AGE_BANDS if age < limit), "65+")


def profile_for(store: Any, scopes: frozenset[str], *, today: date) -> dict[str, Any]:
    """The profile as a brand with `scopes` sees it (profile:read, contact:read)."""
    whole = profile.get(store)
    result: dict[str, Any] = {}
    if "profile:read" in scopes:
        who, home = whole.identity, (whole.addresses[0] if whole.addresses else None)
        name = " ".join(p for p in (who.given_name, who.family_name) if p) or None
        result.update(name=name, age_band=age_band(who.birth_date, today),
                      city=home.city if home else None, country=home.country if home else None,
                      language=who.language, profession=who.profession)
    if "contact:read" in scopes:
        result["emails"] = [{"address": e.address, "label": e.label, "primary": e.is_primary}
                            for e in whole.emails]
        result["phones"] = [{"number": p.number, "label": p.label} for p in whole.phones]
        result["addresses"] = [{"label": a.label, "line1": a.line1, "line2": a.line2,
                                "postcode": a.postcode, "city": a.city, "region": a.region,
                                "country": a.country} for a in whole.addresses]
    return result


def profile_body(store: Any, scopes: frozenset[str], *, client_id: str,
                 today: date) -> dict[str, Any]:
    """What the API answers for the profile: the brand's own pairwise id, then profile_for."""
    return {"subject": identity.pairwise_id(store, client_id),
            **profile_for(store, scopes, today=today)}


# One order as a JSON object, built by SQLite itself: a page of 100 orders is
# one query and no Python object per row (the brand API's hot path). An item's
# category comes with its labels, joined by key from the vocabulary this connection
# holds in memory (`_label_table`); an other word is not in it, and is labelled as
# vault.categories labels it.
_ORDER_JSON = """json_object(
    'id', o.id, 'merchant', o.merchant, 'merchant_order_id', o.merchant_order_id,
    'ordered_at', o.ordered_at, 'tz', o.tz, 'channel', o.channel, 'currency', o.currency,
    'total_minor', o.total_minor,
    'items', (select json_group_array(json_object(
        'name', i.name, 'brand', i.brand, 'category', json_object('code', i.category,
            'label', json_object('en', coalesce(l.en, 'other: ' || substr(i.category, 7)),
                                 'fr', coalesce(l.fr, 'autre : ' || substr(i.category, 7)))),
        'quantity', i.quantity,
        'unit_price_minor', i.unit_price_minor))
        from order_items i left join temp.category_labels l on l.code = i.category
        where i.order_id = o.id))"""
ORDER_FIELDS = ("id", "merchant", "merchant_order_id", "ordered_at", "tz", "channel",
                "currency", "total_minor", "items[].name", "items[].brand", "items[].category",
                "items[].quantity", "items[].unit_price_minor")


def orders_json(store: Any, filters: purchases.Filters, *, cursor: tuple[str, int] | None,
                limit: int) -> tuple[list[str], list[int], tuple[str, int] | None]:
    """One page of raw orders, newest first, each as JSON text, their ids, the next cursor.

    Times are UTC (`ordered_at`) beside the zone the order was placed in (`tz`).
    """
    store.prepare("category_labels", _label_table)
    where, params = filters.where()
    if cursor is not None:
        where += " and (o.ordered_at, o.id) < (?, ?)"
        params = [*params, *cursor]
    # Our column expressions and Filters' fixed clauses; every value is a bound parameter.
    sql = f"select {_ORDER_JSON}, o.ordered_at, o.id from orders o where {where}"  # noqa: S608
    rows = store.all(sql + " order by o.ordered_at desc, o.id desc limit ?", [*params, limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return [r[0] for r in rows], [r[2] for r in rows], ((rows[-1][1], rows[-1][2]) if more
                                                          else None)


def orders_by_id(store: Any, ids: list[int]) -> list[str]:
    """The orders of `ids` that still exist, each as JSON text, in the order of `ids`."""
    store.prepare("category_labels", _label_table)
    marks = ",".join("?" * len(ids)) or "null"
    # Our column expression and placeholders; every value is a bound parameter.
    rows = store.all(f"select o.id, {_ORDER_JSON} from orders o"  # noqa: S608
                     f" where o.id in ({marks})", ids)
    found = {r[0]: r[1] for r in rows}
    return [found[i] for i in ids if i in found]


def orders_body(orders: list[str], next_cursor: str | None) -> str:
    """A page of orders as the API sends it: the orders' JSON texts and the next cursor."""
    return f'{{"orders":[{",".join(orders)}],"next_cursor":{json.dumps(next_cursor)}}}'


def _label_table(store: Any) -> None:
    """Every category's labels in a table of this connection's own (in memory, not the file)."""
    store.execute("drop table if exists temp.category_labels")
    store.execute("create temp table category_labels (code text primary key, en text not null,"
                  " fr text not null) without rowid")
    labels = {c.code: categories.described(c.code)["label"] for c in categories.all()}
    store.executemany("insert into temp.category_labels values (?, ?, ?)",
                      [(code, label["en"], label["fr"]) for code, label in labels.items()])


def _rounded(minor: int, currency: str) -> int:
    unit = 10 ** exponent(currency)
    return round(minor / unit) * unit


def summary(store: Any, *, months: int, today: date) -> dict[str, Any]:
    """Aggregates only: groups of fewer than MIN_GROUP orders are left out, amounts rounded
    to whole units, recency in months; no single order can be read back from it."""
    by_month = insights.spend_by_month(store, months=months, today=today)
    start = date.fromisoformat(by_month[0].key + "-01") if by_month else today
    rows = {"by_month": [{"month": s.key, "currency": s.currency, "orders": s.orders,
                          "spend_minor": _rounded(s.minor, s.currency)}
                         for s in by_month if s.orders >= MIN_GROUP],
            "by_category": [{"category": categories.described(s.key), "currency": s.currency,
                             "orders": s.orders,
                             "spend_minor": _rounded(s.minor, s.currency)}
                            for s in insights.spend_by_category(store, since=start)
                            if s.orders >= MIN_GROUP]}
    rfm = {"overall": insights.rfm(store, by=None, today=today, since=start),
           "by_category": insights.rfm(store, by="category", today=today, since=start)}
    rows["rfm"] = {name: [{**_group(name, r.key), "currency": r.currency, "orders": r.orders,
                           "months_since_last": r.days_since // 30,
                           "spend_minor": _rounded(r.minor, r.currency)}
                          for r in found if r.orders >= MIN_GROUP]
                   for name, found in rfm.items()}
    return {"months": months, **rows}


def _group(name: str, key: str) -> dict[str, Any]:
    """How an RFM row names its group: "key" overall, "category" (code and labels) by category."""
    return {"category": categories.described(key)} if name == "by_category" else {"key": key}


def preferences_for(store: Any) -> dict[str, Any]:
    """Interests, channels and pressure caps (never the blocked brands, ceilings or rewards)."""
    prefs = preferences.get(store)
    quiet = prefs.quiet_hours
    return {
        "interests": dict(prefs.interests), "channels": list(prefs.channels),
        "caps": {"per_brand_weekly": prefs.per_brand_weekly,
                 "overall_weekly": prefs.overall_weekly,
                 "quiet_hours": ({"start": quiet[0].strftime("%H:%M"),
                                  "end": quiet[1].strftime("%H:%M")} if quiet else None)},
    }


def intents_for(store: Any, *, today: date) -> list[dict[str, Any]]:
    """The open intents."""
    return [{"id": i.id, "category": categories.described(i.category),
             "description": i.description,
             "budget_minor": i.budget.minor if i.budget else None,
             "currency": i.budget.currency if i.budget else None, "place": i.place,
             "expires_on": i.expires_on.isoformat() if i.expires_on else None}
            for i in intents.open_intents(store, today=today)]


def intents_body(store: Any, *, today: date) -> dict[str, Any]:
    """What the API answers for the intents."""
    return {"intents": intents_for(store, today=today)}
