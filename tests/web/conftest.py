"""Fixtures of the web tests: the store behind the app, a signed-in owner, CSRF on, a demo."""

from __future__ import annotations

from datetime import timedelta

import pytest

from agent import demo as agent_demo
from agent import inbox
from tests.conftest import PASSPHRASE
from tests.web.helpers import DemoVault, csrf_token, sign_in
from tests.web.oauth.helpers import add_brand, bearer, direct_token, offer
from vault import demo, demo_brands, purchases
from vault.purchases import Item, Order
from vault.scopes import SCOPES
from web import create_app


@pytest.fixture
def store_of(app):
    """The open store behind `app`."""
    return app.extensions["coffre"].require()


@pytest.fixture
def owner(client):
    """A test client signed in to the unlocked vault of `app`."""
    response = sign_in(client)
    assert response.status_code == 302, response.data
    return client


@pytest.fixture
def csrf_owner(live_config, clock):
    """An app with CSRF on (as in production) on `clock`, an unlocked vault, a client signed in."""
    app = create_app({**live_config, "CLOCK": clock})
    app.extensions["coffre"].create(PASSPHRASE)
    client = app.test_client()
    token = csrf_token(client, "/sign-in")
    assert client.post("/sign-in", data={"passphrase": PASSPHRASE,
                                         "csrf_token": token}).status_code == 302
    yield app, client
    app.extensions["coffre"].lock()


@pytest.fixture
def demo_vault(app, store_of, clock) -> DemoVault:
    """The vault `coffre demo` makes (with fewer orders) a day ago, then a brand and a purchase.

    Held offers are then due to be decided again, and the agent's purchase
    figures are behind the history: what a GET could be tempted to write.
    """
    store = store_of
    demo.populate(store, today=clock.local_today(), orders_count=30)
    now = agent_demo.arrival(clock.now()) - timedelta(days=1)
    demo_brands.populate(store, now=now)
    inbox.receive_many(store, agent_demo.offers(now), now=now,
                       source=inbox.OfferSource.imported("demo"))
    brand = add_brand(store)
    token = direct_token(store, brand, SCOPES)
    sent = app.test_client().post("/api/v1/offers", json=offer(), headers=bearer(token))
    assert sent.status_code == 201
    purchases.add(store, Order("Fnac", clock.now(), "web", "EUR",
                               (Item("Roman", "books", 1, 1990),)))
    return DemoVault(store, brand, token, sent.get_json()["id"])
