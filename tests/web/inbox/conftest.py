"""Fixtures of the Offers page tests: signed in with CSRF on, and an inbox with offers."""

from __future__ import annotations

import pytest

from tests.web.inbox.helpers import receive
from vault import preferences
from vault.preferences import Preferences


@pytest.fixture
def signed_in(csrf_owner):
    """A client signed in with CSRF on, and the store."""
    app, client = csrf_owner
    return client, app.extensions["coffre"].require()


@pytest.fixture
def filled(signed_in):
    """One offer delivered, one held, one declined."""
    client, store = signed_in
    preferences.save(store, Preferences(interests={"books": 80}, channels=("email", "app")))
    offers = (receive(store, title="Romans à -5 %"),
              receive(store, title="Tondeuse électrique", category="garden", brand="Truffaut"),
              receive(store, title="SMS promo", channel="sms", brand="Darty"))
    return client, store, offers
