"""A paused brand's offers wait; they are neither lost nor let through (docs/offer-format.md)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from agent import inbox
from tests.web.helpers import sign_in
from tests.web.oauth.helpers import add_brand, bearer, direct_token, offer
from vault import offers as stored
from vault import preferences
from vault.preferences import Preferences


@pytest.fixture
def waiting(owner, store_of, clock):
    """A brand's offer held until it starts in an hour; the brand's token; its grant."""
    preferences.save(store_of, Preferences(interests={"books": 80}))
    token = direct_token(store_of, add_brand(store_of), {"offers:write"})
    grant_id = store_of.value("select max(id) from grants")
    starts = (clock.now() + timedelta(hours=1)).isoformat()
    response = owner.post("/api/v1/offers", json=offer(valid_from=starts), headers=bearer(token))
    assert response.get_json()["status"] == "held"
    return response.get_json()["id"], token, grant_id


def verdict(store, offer_id: int) -> tuple[str, list[str]]:
    outcome = stored.get(store, offer_id).outcome
    return outcome.verdict, [r["code"] for r in outcome.reasons if r["stops"] != "note"]


def test_a_paused_brands_held_offer_waits_then_reaches_the_consumer_on_resume(
        owner, store_of, clock, waiting):
    offer_id, _, grant_id = waiting
    owner.post(f"/access/grants/{grant_id}/pause")
    clock.advance(hours=2)
    inbox.reevaluate(store_of, now=clock.now())  # as any change of preferences does
    assert verdict(store_of, offer_id) == ("hold", ["grant_paused"])
    sign_in(owner)  # after two idle hours
    page = owner.get(f"/offers/{offer_id}").get_data(as_text=True)
    assert "You paused Maison Dupont’s access; its offer waits until you resume it." in page
    owner.post(f"/access/grants/{grant_id}/resume")
    assert verdict(store_of, offer_id) == ("deliver", [])


def test_a_revoked_brands_held_offer_is_turned_away_at_once(owner, store_of, waiting):
    offer_id, _, grant_id = waiting
    owner.post(f"/access/grants/{grant_id}/revoke")
    assert verdict(store_of, offer_id) == ("decline", ["not_yet_valid", "grant_not_live"])


def test_while_paused_a_new_offer_gets_401_and_is_not_kept(owner, store_of, waiting):
    _, token, grant_id = waiting
    owner.post(f"/access/grants/{grant_id}/pause")
    before = store_of.value("select count(*) from offers")
    response = owner.post("/api/v1/offers", json=offer(), headers=bearer(token))
    assert response.status_code == 401
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]
    assert store_of.value("select count(*) from offers") == before
