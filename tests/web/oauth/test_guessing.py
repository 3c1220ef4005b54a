"""Wrong client secrets and invitations slow down the address guessing them, and only it."""

from __future__ import annotations

import base64

from tests.web.oauth.helpers import add_brand
from vault import invitations

ATTACKER = {"REMOTE_ADDR": "192.0.2.66"}
BRAND_HOST = {"REMOTE_ADDR": "198.51.100.7"}


def _basic(client_id: str, secret: str) -> dict:
    raw = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    return {"Authorization": f"Basic {raw}"}


def _refresh(client, headers: dict, address: dict):
    return client.post("/oauth/token", headers=headers, environ_base=address,
                       data={"grant_type": "refresh_token", "refresh_token": "unknown"})


def test_wrong_client_secrets_make_that_address_wait_and_no_other(client, store_of, clock):
    brand = add_brand(store_of)
    wrong = _basic(brand.client_id, "not the secret")
    assert [_refresh(client, wrong, ATTACKER).status_code for _ in range(4)] == [401] * 4
    refused = _refresh(client, wrong, ATTACKER)
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) >= 1
    assert refused.get_json()["error"] == "temporarily_unavailable"
    # Even the right secret waits from that address, while the brand's own host goes on.
    right = _basic(brand.client_id, brand.secret)
    assert _refresh(client, right, ATTACKER).status_code == 429
    assert _refresh(client, right, BRAND_HOST).status_code == 400  # invalid_grant: past auth
    clock.advance(seconds=2)
    assert _refresh(client, right, ATTACKER).status_code == 400


def test_guessed_invitations_make_that_address_wait(client, store_of, clock):
    def register(value: str, address: dict):
        return client.post("/oauth/register", environ_base=address,
                           headers={"Authorization": f"Bearer {value}"},
                           json={"client_name": "Intrus", "scope": "profile:read",
                                 "redirect_uris": ["https://intrus.example/cb"]})

    assert [register(f"guess-{n}", ATTACKER).status_code for n in range(4)] == [401] * 4
    assert register("guess-5", ATTACKER).status_code == 429
    real = invitations.create(store_of, now=clock.now())
    assert register(real, BRAND_HOST).status_code == 201
