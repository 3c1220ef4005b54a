"""Helpers and fixtures for the consumer UI tests (imported by tests/web/test_ui_*.py)."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.conftest import PASSPHRASE
from vault.purchases import Item, Order

PARIS = ZoneInfo("Europe/Paris")


def sign_in(client, passphrase: str = PASSPHRASE):
    """Sign `client` in with the passphrase; return the response."""
    return client.post("/sign-in", data={"passphrase": passphrase})


@pytest.fixture
def owner(client):
    """A test client signed in to the unlocked vault of `app`."""
    response = sign_in(client)
    assert response.status_code == 302, response.data
    return client


@pytest.fixture
def store_of(app):
    """The open store behind `app`."""
    return app.extensions["coffre"].require()


def text(response) -> str:
    """The response body as text, tags kept."""
    return response.get_data(as_text=True)


def error_beside(response, field_id: str) -> str:
    """The error text shown beside the field with `field_id` ("" when none)."""
    match = re.search(rf'<p class="error" id="{re.escape(field_id)}-error">([^<]*)</p>',
                      text(response))
    return match[1] if match else ""


def order(merchant: str = "Fnac", *, day: int = 14, month: int = 3, ref: str | None = None,
          category: str = "books", price: int = 1250, quantity: int = 1) -> Order:
    """A small valid order in March 2025, Paris time."""
    return Order(merchant=merchant, ordered_at=datetime(2025, month, day, 10, 30, tzinfo=PARIS),
                 channel="web", currency="EUR", merchant_order_id=ref,
                 items=(Item("Roman", category, quantity, price, "Gallimard"),))
