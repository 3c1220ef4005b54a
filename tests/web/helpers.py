"""Helpers every web test uses: signing in, reading a page, a form's CSRF token, the vault."""

from __future__ import annotations

import html
import io
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import url_for

from agent import demo as agent_demo
from agent import inbox
from tests.conftest import PASSPHRASE
from tests.web.oauth.helpers import (
    ALL,
    BrandClient,
    add_brand,
    authorize_path,
    bearer,
    direct_token,
    offer,
    pkce,
)
from vault import (
    demo,
    demo_brands,
    identifiers,
    imports,
    intents,
    merchants,
    profile,
    purchases,
    recipe_book,
)
from vault.importers import recipes
from vault.purchases import Item, Order
from vault.scopes import SCOPES
from vault.store import Store


def sign_in(client, passphrase: str = PASSPHRASE):
    """Sign `client` in through the real sign-in page; return the response."""
    return client.post("/sign-in", data={"passphrase": passphrase})


def text(response) -> str:
    """The response body as text, tags kept."""
    return response.get_data(as_text=True)


def outside_folds(html: str) -> str:
    """The page as read before opening any details fold (each fold's summary line stays)."""
    return re.sub(r"<details[^>]*>\s*<summary[^>]*>(.*?)</summary>.*?</details>", r"\1", html,
                  flags=re.S)


def assert_in_a_fold(html: str, term: str) -> None:
    """`term` is in the page's main part, but only inside a details fold."""
    main = html.split("<main", 1)[1]
    assert term in main, term  # still there for the curious…
    assert term not in outside_folds(main), term  # …once a fold is opened


def csrf_token(client, path: str) -> str:
    """The CSRF token of the form on the page at `path`."""
    return re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"',
                     text(client.get(path)))[1]


@dataclass
class DemoVault:
    """The demo vault, with a brand that holds every scope and has sent one offer."""

    store: Store
    brand: BrandClient
    token: str
    offer_id: int


def populate_demo(app, store: Store, *, now: datetime, today: date) -> DemoVault:
    """The vault `coffre demo` makes (with fewer orders) a day ago, then a brand and a purchase.

    The brand sends its offer through the real API of `app`.
    """
    demo.populate(store, today=today, orders_count=30)
    then = agent_demo.arrival(now) - timedelta(days=1)
    demo_brands.populate(store, now=then)
    inbox.receive_many(store, agent_demo.offers(then), now=then,
                       source=inbox.OfferSource.imported("demo"))
    brand = add_brand(store)
    token = direct_token(store, brand, SCOPES)
    sent = app.test_client().post("/api/v1/offers", json=offer(), headers=bearer(token),
                                  base_url=app.config["PUBLIC_URL"] or "http://localhost")
    assert sent.status_code == 201, sent.get_data(as_text=True)
    purchases.add(store, Order("Fnac", now, "web", "EUR", (Item("Roman", "books", 1, 1990),)))
    purchases.add(store, Order("CB FNAC BELLECOUR 24/11", now, "store", "EUR",
                               (Item("BD", "books", 1, 1450),)))
    identifiers.offer(store, "Fnac", [("account", "camille@example.org")],
                      source_ref="fnac-commandes.csv", now=now)
    _import_and_recipe(store, now=now)
    return DemoVault(store, brand, token, sent.get_json()["id"])


DOWNLOADS = ("/access/receipts/",)  # GET routes that hand over a file, not a page


DEMO_RECIPE = "Ma banque"


def _import_and_recipe(store: Store, *, now: datetime) -> None:
    """An import of a small CSV file, and a saved recipe: the import pages' ids."""
    recipe = recipes.check({"name": DEMO_RECIPE, "columns": {
        "date": "Date", "merchant": "Boutique", "amount": "Montant"}, "currency": "EUR"})
    recipe_book.save(store, recipe)
    data = f"Date,Boutique,Montant\n{(now - timedelta(days=2)).date()},Boulangerie Paul,1.20\n"
    imports.run(store, io.BytesIO(data.encode()), "export.csv", now=now,
                options=imports.Options(format="generic", recipe=recipe))


def get_paths(app, demo_vault: DemoVault) -> list[tuple[str, str]]:
    """(endpoint, path) of every GET route of the app, over the demo vault, in rule order."""
    store = demo_vault.store
    ids = {"offer_id": demo_vault.offer_id, "intent_id": intents.all_intents(store)[0].id,
           "address_id": profile.get(store).addresses[0].id, "kind": "addresses",
           "record_id": profile.get(store).addresses[0].id,
           "order_id": store.value("select max(id) from orders"), "filename": "coffre.css",
           "word": "cerf-volant", "merchant_id": merchants.find(store, "Fnac").id,
           "receipt_id": store.value("select min(receipt_id) from receipts"),
           "brand_id": demo_vault.brand.brand_id,
           "import_id": store.value("select max(id) from imports"), "name": DEMO_RECIPE}
    paths = []
    for rule in sorted((r for r in app.url_map.iter_rules() if "GET" in r.methods),
                       key=lambda r: r.rule):
        with app.test_request_context(base_url=app.config["PUBLIC_URL"] or "http://localhost"):
            path = url_for(rule.endpoint, **{name: ids[name] for name in rule.arguments})
        if rule.endpoint == "oauth.authorize":
            path = authorize_path(demo_vault.brand, scope=ALL, challenge=pkce()[1])
        paths.append((rule.endpoint, path))
    return paths


def selected(page: str, name: str) -> list[str]:
    """The labels of the options chosen in the <select name=…> of the page, in page order."""
    select = re.search(rf'<select[^>]* name="{re.escape(name)}"[^>]*>(.*?)</select>', page, re.S)
    return [html.unescape(m[1]).strip("\u00a0 ") for m in re.finditer(
        r"<option[^>]*\bselected\b[^>]*>([^<]*)</option>", select[1])] if select else []
