"""With CSRF on (as in production), a post without a valid token gets 400 and changes nothing."""

from __future__ import annotations

import pytest

from tests.web.helpers import csrf_token
from vault import intents, settings


@pytest.mark.parametrize("token", [None, "forged-token"])
def test_post_without_a_valid_token_is_refused_and_changes_nothing(csrf_owner, token):
    app, client = csrf_owner
    data = {"description": "Un vélo", "category": "sport", "currency": "EUR"}
    if token:
        data["csrf_token"] = token

    response = client.post("/intents", data=data)

    assert response.status_code == 400
    assert "This form could not be used" in response.get_data(as_text=True)
    assert intents.all_intents(app.extensions["coffre"].require()) == []


def test_lock_without_a_token_leaves_the_vault_open(csrf_owner):
    app, client = csrf_owner
    assert client.post("/lock").status_code == 400
    assert app.extensions["coffre"].unlocked


def test_settings_without_a_token_change_nothing(csrf_owner):
    app, client = csrf_owner
    assert client.post("/settings", data={"idle_minutes": "99", "language": "fr"}
                       ).status_code == 400
    assert settings.find(app.extensions["coffre"].require(), "idle_minutes") is None


def test_with_the_token_the_same_post_works(csrf_owner):
    app, client = csrf_owner
    token = csrf_token(client, "/intents")
    response = client.post("/intents", data={"description": "Un vélo", "category": "sport",
                                             "currency": "EUR", "csrf_token": token})
    assert response.status_code == 302
    assert len(intents.all_intents(app.extensions["coffre"].require())) == 1
