"""Intents: add, change, close, reopen, delete."""

from __future__ import annotations

from tests.web.helpers import text
from tests.web.ui.helpers import error_beside
from vault import intents


def add(client, **extra):
    data = {"description": "Un vélo de ville d'occasion", "category": "sport", "budget": "400",
            "currency": "EUR", "place": "Lyon", "expires_on": ""}
    data.update(extra)
    return client.post("/intents", data=data)


def test_empty_intents_teach(owner):
    assert "Looking for a bike" in text(owner.get("/intents"))


def test_add_close_reopen_delete(owner, store_of):
    assert add(owner).status_code == 302
    intent = intents.all_intents(store_of)[0]
    assert intent.budget.minor == 40000 and "vélo" in text(owner.get("/intents"))

    owner.post(f"/intents/{intent.id}/close")
    assert intents.get(store_of, intent.id).status == "closed"
    owner.post(f"/intents/{intent.id}/reopen")
    assert intents.get(store_of, intent.id).status == "open"

    assert "Forget" in text(owner.get(f"/intents/{intent.id}/delete"))
    owner.post(f"/intents/{intent.id}/delete")
    assert intents.all_intents(store_of) == []


def test_bad_intent_is_refused_beside_its_fields(owner, store_of):
    response = add(owner, description="", budget="4OO", expires_on="2001-01-01")

    assert response.status_code == 422
    assert error_beside(response, "description") == "This is required."
    assert "today or a later date" in error_beside(response, "expires_on")
    assert 'value="Lyon"' in text(response)
    assert intents.all_intents(store_of) == []


def test_bad_budget_is_refused(owner, store_of):
    response = add(owner, budget="4OO")
    assert "not an amount" in error_beside(response, "budget")
    assert intents.all_intents(store_of) == []


def test_edit_an_intent(owner, store_of):
    add(owner)
    intent_id = intents.all_intents(store_of)[0].id
    assert 'value="400.00"' in text(owner.get(f"/intents/{intent_id}/edit"))

    bad = owner.post(f"/intents/{intent_id}/edit", data={"description": "x", "category": ""})
    assert bad.status_code == 422
    assert intents.get(store_of, intent_id).category == "09.2.2"

    owner.post(f"/intents/{intent_id}/edit", data={"description": "Un vélo cargo",
                                                   "category": "sport", "currency": "EUR"})
    assert intents.get(store_of, intent_id).description == "Un vélo cargo"


def test_unknown_intent_is_not_found(owner):
    assert owner.get("/intents/99/edit").status_code == 404
    assert owner.post("/intents/99/close").status_code == 404
