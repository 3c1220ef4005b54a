"""The JSON-LD export: what maps onto schema.org, as one `@graph` for linked-data tools.

Person (the profile, its e-mails, phones and PostalAddresses), Organization (each
merchant as an order's seller; each brand), Order with OrderItems of Products
(each with its Brand and the Offer it was bought at: unit price and currency),
Demand (each intent: what is sought, within what budget, until when) and Offer
(each offer a brand sent). Grants, the access log, preferences and the agent's
verdicts have no schema.org type: they are in the JSON export only. Nodes are
written one per line as they are read; docs/formats.md lists the mapping.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from datetime import datetime
from typing import Any, BinaryIO
from urllib.parse import quote

from vault import categories, money
from vault.exchange import document
from vault.exchange.document import Progress, Ticker
from vault.store import Store

CONTEXT = "https://schema.org/"
ME = {"@id": "#me"}
_ENCODE = json.JSONEncoder(ensure_ascii=False).encode


def write(store: Store, out: BinaryIO, *, now: datetime, progress: Progress | None = None) -> None:
    """Write what maps onto schema.org to `out` as one JSON-LD document, from one snapshot."""
    text = io.TextIOWrapper(out, encoding="utf-8", newline="\n")
    ticker = Ticker(progress)
    with store.snapshot():
        about = document.about(store, now=now)
        text.write(json.dumps({"@context": CONTEXT, "@type": "Dataset",
                               "name": "Coffre export", "dateCreated": about["exported_at"],
                               "version": about["version"]})[:-1] + ', "@graph": [')
        for n, batch in enumerate(document.batched(nodes(store), document.BATCH)):
            text.write(("," if n else "") + "\n " + ",\n ".join(map(_ENCODE, batch)))
            ticker.add(len(batch))
        text.write("\n]}\n")
    text.flush()
    text.detach()
    ticker.end()


def nodes(store: Store) -> Iterator[dict[str, Any]]:
    """Every node of the graph: the person, organizations, orders, demands, offers."""
    yield person(store)
    for (name,) in store.execute("select distinct merchant from orders order by merchant"):
        yield {"@type": "Organization", "@id": _merchant(name), "name": name}
    for row in store.execute("select id, name, website from brands order by id"):
        yield _drop_none({"@type": "Organization", "@id": f"#brand/{row['id']}",
                          "name": row["name"], "url": row["website"]})
    yield from orders(store)
    for row in store.execute("select * from intents order by id"):
        yield _demand(row)
    for row in store.execute("select * from offers order by id"):
        yield _offer(row)


def person(store: Store) -> dict[str, Any]:
    """The consumer as a schema.org Person."""
    row = store.one("select * from profile where id = 1")
    node: dict[str, Any] = {"@type": "Person", **ME}
    if row:
        node.update(_drop_none({"givenName": row["given_name"], "familyName": row["family_name"],
                                "birthDate": row["birth_date"], "gender": row["gender"],
                                "jobTitle": row["profession"], "knowsLanguage": row["language"]}))
    node["email"] = [r[0] for r in store.execute("select address from profile_emails order by id")]
    node["telephone"] = [r[0] for r in store.execute(
        "select number from profile_phones order by id")]
    node["address"] = [_drop_none({
        "@type": "PostalAddress", "name": r["label"],
        "streetAddress": ", ".join(x for x in (r["line1"], r["line2"]) if x),
        "postalCode": r["postcode"], "addressLocality": r["city"],
        "addressRegion": r["region"], "addressCountry": r["country"]})
        for r in store.execute("select * from profile_addresses order by id")]
    return node


def orders(store: Store) -> Iterator[dict[str, Any]]:
    """Each order with its items, read in one pass over both tables."""
    items = store.execute("select * from order_items order by order_id, id")
    pending = items.fetchone()
    for order in store.execute("select * from orders order by id"):
        lines = []
        while pending is not None and pending["order_id"] == order["id"]:
            lines.append(_item(pending, order["currency"]))
            pending = items.fetchone()
        yield _drop_none({
            "@type": "Order", "@id": f"#order/{order['id']}",
            "orderNumber": order["merchant_order_id"], "orderDate": order["ordered_at"],
            "seller": {"@id": _merchant(order["merchant"])}, "customer": ME,
            "totalPaymentDue": _price(order["total_minor"], order["currency"]),
            "orderedItem": lines})


def _item(row: Any, currency: str) -> dict[str, Any]:
    product = _drop_none({"@type": "Product", "name": row["name"],
                          "brand": {"@type": "Brand", "name": row["brand"]} if row["brand"]
                          else None, "category": categories.label(row["category"]),
                          "offers": {"@type": "Offer", **_price(row["unit_price_minor"],
                                                               currency, kind=None)}})
    return {"@type": "OrderItem", "orderQuantity": row["quantity"], "orderedItem": product}


def _demand(row: Any) -> dict[str, Any]:
    price = (_price(row["budget_minor"], row["currency"], key="maxPrice")
             if row["budget_minor"] is not None else None)
    return _drop_none({"@type": "Demand", "@id": f"#intent/{row['id']}",
                       "description": row["description"],
                       "category": categories.label(row["category"]),
                       "priceSpecification": price, "areaServed": row["place"],
                       "validThrough": row["expires_on"]})


def _offer(row: Any) -> dict[str, Any]:
    payload = json.loads(row["payload"])
    by = {"@id": f"#brand/{row['brand_id']}"} if row["brand_id"] else {
        "@type": "Organization", "name": row["brand_name"]}
    return _drop_none({"@type": "Offer", "@id": f"#offer/{row['id']}", "name": row["title"],
                       "description": payload.get("description"),
                       "category": categories.label(row["category"]), "offeredBy": by,
                       "validThrough": payload.get("valid_until")})


def _price(minor: int, currency: str, *, key: str = "price",
           kind: str | None = "PriceSpecification") -> dict[str, Any]:
    amount = str(money.Money(minor, currency)).rsplit(" ", 1)[0]  # "12.50", exact
    return _drop_none({"@type": kind, key: amount, "priceCurrency": currency})


def _merchant(name: str) -> str:
    return "#merchant/" + quote(name, safe="")


def _drop_none(node: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in node.items() if v is not None}
