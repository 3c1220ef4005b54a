"""With CSRF on (as in production), a post without a valid token gets 400 and changes nothing."""

from __future__ import annotations

import re

import pytest

from tests.conftest import PASSPHRASE
from vault import intents, settings
from web import create_app


@pytest.fixture
def live(live_config):
    """An app with CSRF on, an unlocked vault, and a client signed in with a real token."""
    app = create_app(live_config)
    app.extensions["coffre"].create(PASSPHRASE)
    client = app.test_client()
    token = csrf_token(client, "/sign-in")
    assert client.post("/sign-in", data={"passphrase": PASSPHRASE,
                                         "csrf_token": token}).status_code == 302
    yield app, client
    app.extensions["coffre"].lock()


def csrf_token(client, path: str) -> str:
    return re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"',
                     client.get(path).get_data(as_text=True))[1]


@pytest.mark.parametrize("token", [None, "forged-token"])
def test_post_without_a_valid_token_is_refused_and_changes_nothing(live, token):
    app, client = live
    data = {"description": "Un vélo", "category": "sport", "currency": "EUR"}
    if token:
        data["csrf_token"] = token

    response = client.post("/intents", data=data)

    assert response.status_code == 400
    assert "This form could not be used" in response.get_data(as_text=True)
    assert intents.all_intents(app.extensions["coffre"].require()) == []


def test_lock_without_a_token_leaves_the_vault_open(live):
    app, client = live
    assert client.post("/lock").status_code == 400
    assert app.extensions["coffre"].unlocked


def test_settings_without_a_token_change_nothing(live):
    app, client = live
    assert client.post("/settings", data={"idle_minutes": "99", "language": "fr"}
                       ).status_code == 400
    assert settings.get(app.extensions["coffre"].require(), "idle_minutes") is None


def test_with_the_token_the_same_post_works(live):
    app, client = live
    token = csrf_token(client, "/intents")
    response = client.post("/intents", data={"description": "Un vélo", "category": "sport",
                                             "currency": "EUR", "csrf_token": token})
    assert response.status_code == 302
    assert len(intents.all_intents(app.extensions["coffre"].require())) == 1
