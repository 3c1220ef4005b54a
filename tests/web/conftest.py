"""Fixtures of the web tests: the store behind the app, a signed-in owner, CSRF on, a demo."""

from __future__ import annotations

import pytest

from tests.conftest import PASSPHRASE
from tests.web.helpers import DemoVault, csrf_token, populate_demo, sign_in
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
    return populate_demo(app, store_of, now=clock.now(), today=clock.local_today())
