"""The two grants as a brand and the consumer meet them: what each refusal says, records and ends.

Beside tests/web/oauth/test_rules.py (one test per RFC 9700 rule), these pin
what those rules leave open: the error descriptions a brand reads (RFC 6749
§5.2, §4.1.2.1), the reasons the consumer reads in the access log and the
grant's history when a code or refresh token is replayed, the race between
two redemptions of one code or one refresh token, the exact moment a code
dies, and how long tokens live (never past their grant, no family past 90
days after its code).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta

import pytest

from tests.web.oauth.helpers import (
    add_brand,
    allow,
    authorize_path,
    bearer,
    exchange,
    query,
    refresh,
    tokens_for,
)
from vault import audit, codes, grants, tokens

PROFILE = "/api/v1/profile"
PURCHASES = "/api/v1/purchases"


@pytest.mark.parametrize("challenge, method, description", [
    (None, None, "PKCE is required: send a code_challenge (S256)."),
    (None, "S256", "PKCE is required: send a code_challenge (S256)."),
    ("x" * 43, "plain", "Only code_challenge_method=S256 is accepted."),
    ("x" * 43, None, "Only code_challenge_method=S256 is accepted."),  # no method means plain
])
def test_a_pkce_refusal_tells_the_brand_what_to_send(owner, store_of, challenge, method,
                                                     description):
    brand = add_brand(store_of)
    response = owner.get(authorize_path(brand, scope="profile:read", challenge=challenge,
                                        method=method, state="s1"))

    sent = query(response.headers["Location"])
    assert response.headers["Location"].startswith(brand.redirect_uri + "?")
    assert sent["error"] == "invalid_request" and sent["error_description"] == description
    assert sent["state"] == "s1" and sent["iss"] == "http://localhost"


def _grant_of(store, code: str) -> int:
    return codes.find(store, code).grant_id


def test_a_code_dies_at_the_second_it_expires(owner, store_of, clock):
    brand = add_brand(store_of)
    early, early_verifier = allow(owner, brand, scope="profile:read")
    late, late_verifier = allow(owner, brand, scope="profile:read")
    expires_at = codes.find(store_of, late).expires_at
    assert expires_at - clock.now() <= codes.LIFETIME

    clock.advance(microseconds=(expires_at - clock.now()) // timedelta(microseconds=1) - 10**6)
    assert exchange(owner, brand, early, early_verifier).status_code == 200  # a second before
    clock.advance(seconds=1)
    assert clock.now() == expires_at
    refused = exchange(owner, brand, late, late_verifier)
    assert refused.status_code == 400 and refused.get_json()["error"] == "invalid_grant"


@pytest.mark.parametrize("withdraw", [grants.pause, grants.revoke])
def test_a_code_is_refused_once_the_consumer_withdrew_its_access(owner, store_of, clock,
                                                                   withdraw):
    brand = add_brand(store_of)
    code, verifier = allow(owner, brand, scope="profile:read")
    withdraw(store_of, _grant_of(store_of, code), now=clock.now())

    response = exchange(owner, brand, code, verifier)

    assert response.status_code == 400
    assert response.get_json() == {"error": "invalid_grant",
                                   "error_description": "The consumer has withdrawn this access."}
    assert store_of.value("select count(*) from tokens") == 0


def _refusals(store, brand_id: int) -> list[audit.Event]:
    return audit.search(store, brand_id=brand_id, outcome="refused")


def test_a_replayed_code_is_logged_for_the_consumer_and_its_tokens_revoked(owner, store_of):
    brand = add_brand(store_of)
    add_brand(store_of, name="Other brand")
    code, verifier = allow(owner, brand, scope="profile:read")
    first = exchange(owner, brand, code, verifier).get_json()
    grant_id = owner.get("/api/v1/grant", headers=bearer(first)).get_json()["grant_id"]

    assert exchange(owner, brand, code, verifier).get_json()["error"] == "invalid_grant"

    [event] = _refusals(store_of, brand.brand_id)
    assert (event.reason, event.brand_name, event.grant_id) == ("code_reused", "Maison Dupont",
                                                                grant_id)
    assert (event.method, event.endpoint) == ("POST", "/oauth/token")
    for value in (first["access_token"], first["refresh_token"]):
        assert tokens.find(store_of, value).revoked_reason == "code_reused"
    page = owner.get(f"/access/activity?brand={brand.brand_id}").get_data(as_text=True)
    assert "a one-time code was replayed" in page and "Maison Dupont" in page


def test_a_replayed_refresh_token_ends_the_grant_for_that_reason(owner, store_of):
    brand = add_brand(store_of)
    first = tokens_for(owner, brand, scope="profile:read")
    grant_id = owner.get("/api/v1/grant", headers=bearer(first)).get_json()["grant_id"]
    second = refresh(owner, brand, first["refresh_token"]).get_json()

    assert refresh(owner, brand, first["refresh_token"]).get_json()["error"] == "invalid_grant"

    ended = grants.history(store_of, grant_id)[-1]
    assert (ended.change, ended.status, ended.reason) == ("revoked", "revoked", "refresh_reused")
    for value in (second["access_token"], second["refresh_token"]):
        assert tokens.find(store_of, value).revoked_reason == "refresh_reused"
    [event] = _refusals(store_of, brand.brand_id)
    assert (event.reason, event.brand_name, event.grant_id) == ("refresh_reused",
                                                                "Maison Dupont", grant_id)
    page = owner.get("/access/").get_data(as_text=True)
    assert "Revoked (an old key was replayed, so access was revoked)" in page


def test_an_access_token_is_no_refresh_token(owner, store_of):
    brand = add_brand(store_of)
    issued = tokens_for(owner, brand, scope="profile:read")

    response = refresh(owner, brand, issued["access_token"])

    assert response.status_code == 400 and response.get_json()["error"] == "invalid_grant"
    assert owner.get(PROFILE, headers=bearer(issued)).status_code == 200  # nothing spent
    assert refresh(owner, brand, issued["refresh_token"]).status_code == 200


def _meanwhile(app, monkeypatch, competitor: Callable[[], None]) -> None:
    """Run `competitor` on another thread, to its end, inside the next token request: after
    Authlib has checked that request, before our grant spends its code or refresh token.

    That is the worst moment a second request using the same code or token can arrive;
    Authlib's own hook (`before_create_token_response`) marks it.
    """
    server = app.extensions["coffre_oauth"]
    find_grant = server.get_token_grant

    def other_request(_grant) -> None:
        thread = threading.Thread(target=competitor)
        thread.start()
        thread.join()

    def get_token_grant(request):
        monkeypatch.setattr(server, "get_token_grant", find_grant)  # the next request only
        grant = find_grant(request)
        grant.register_hook("before_create_token_response", other_request)
        return grant

    monkeypatch.setattr(server, "get_token_grant", get_token_grant)


def test_of_two_redemptions_of_one_code_at_once_one_wins_and_then_loses_its_tokens(
        app, owner, store_of, monkeypatch):
    brand = add_brand(store_of)
    code, verifier = allow(owner, brand, scope="profile:read")
    won = []
    _meanwhile(app, monkeypatch, lambda: won.append(exchange(app.test_client(), brand, code,
                                                             verifier)))

    lost = exchange(owner, brand, code, verifier)

    assert won[0].status_code == 200
    assert lost.status_code == 400
    assert lost.get_json() == {"error": "invalid_grant",
                               "error_description": "This code was used already."}
    assert [e.reason for e in _refusals(store_of, brand.brand_id)] == ["code_reused"]
    assert owner.get(PROFILE, headers=bearer(won[0].get_json())).status_code == 401
    assert refresh(owner, brand, won[0].get_json()["refresh_token"]).status_code == 400


def test_of_two_refreshes_with_one_token_at_once_one_wins_and_the_grant_ends(
        app, owner, store_of, monkeypatch):
    brand = add_brand(store_of)
    issued = tokens_for(owner, brand, scope="profile:read")
    grant_id = owner.get("/api/v1/grant", headers=bearer(issued)).get_json()["grant_id"]
    won = []
    _meanwhile(app, monkeypatch, lambda: won.append(refresh(app.test_client(), brand,
                                                            issued["refresh_token"])))

    lost = refresh(owner, brand, issued["refresh_token"])

    assert won[0].status_code == 200
    assert lost.status_code == 400
    assert lost.get_json() == {"error": "invalid_grant",
                               "error_description": "This refresh token was used already."}
    assert [e.reason for e in _refusals(store_of, brand.brand_id)] == ["refresh_reused"]
    assert owner.get(PROFILE, headers=bearer(won[0].get_json())).status_code == 401
    assert grants.get(store_of, grant_id).reason == "refresh_reused"


def _expiry(client, brand, value: str) -> int:
    """When a token dies, as RFC 7662 introspection tells its brand (seconds since 1970)."""
    answer = client.post("/oauth/introspect", data=brand.form(token=value), **brand.auth())
    assert answer.get_json()["active"] is True
    return answer.get_json()["exp"]


def _at(moment) -> int:
    return int(moment.replace(microsecond=0).timestamp())


def test_tokens_never_outlive_their_grant(owner, store_of, clock):
    brand = add_brand(store_of)
    issued = tokens_for(owner, brand, scope="profile:read", duration="1d")
    grant_id = owner.get("/api/v1/grant", headers=bearer(issued)).get_json()["grant_id"]
    ends = grants.get(store_of, grant_id).expires_at
    clock.advance(days=1, minutes=-5)

    renewed = refresh(owner, brand, issued["refresh_token"]).get_json()

    assert _expiry(owner, brand, renewed["access_token"]) == _at(ends)  # not in 15 minutes
    assert _expiry(owner, brand, renewed["refresh_token"]) == _at(ends)  # not in 14 days


def test_without_an_end_date_tokens_live_their_full_lifetimes(owner, store_of, clock):
    brand = add_brand(store_of)
    issued = tokens_for(owner, brand, scope="profile:read", duration="forever")

    assert _expiry(owner, brand, issued["access_token"]) == _at(
        clock.now() + tokens.ACCESS_LIFETIME)
    assert _expiry(owner, brand, issued["refresh_token"]) == _at(
        clock.now() + tokens.REFRESH_IDLE)


def test_no_refresh_family_outlives_its_code_by_90_days(owner, store_of, clock):
    brand = add_brand(store_of)
    code, verifier = allow(owner, brand, scope="profile:read", duration="forever")
    started = codes.find(store_of, code).created_at
    current = exchange(owner, brand, code, verifier).get_json()
    for _ in range(6):  # refreshed on time, every 13 days, up to day 78
        clock.advance(days=13)
        current = refresh(owner, brand, current["refresh_token"]).get_json()
    assert _expiry(owner, brand, current["refresh_token"]) == _at(
        started + tokens.REFRESH_ABSOLUTE)  # day 90, not day 92

    clock.advance(days=13)
    late = refresh(owner, brand, current["refresh_token"])
    assert late.status_code == 400 and late.get_json()["error"] == "invalid_grant"


def test_a_refresh_token_whose_every_scope_was_taken_back_is_refused_unspent(
        owner, store_of, clock):
    brand = add_brand(store_of)
    issued = tokens_for(owner, brand, scope="profile:read contact:read")
    grant_id = owner.get("/api/v1/grant", headers=bearer(issued)).get_json()["grant_id"]
    narrowed = refresh(owner, brand, issued["refresh_token"], scope="profile:read").get_json()
    assert narrowed["scope"] == "profile:read"  # the brand's own choice (RFC 6749 section 6)
    grants.rescope(store_of, grant_id, frozenset({"contact:read"}), now=clock.now())

    for _attempt in range(2):  # a retry is no replay: the grant lives on
        response = refresh(owner, brand, narrowed["refresh_token"])
        assert response.status_code == 400
        assert response.get_json() == {"error": "invalid_grant", "error_description": (
            "Nothing this refresh token allowed is allowed any more: ask the consumer again.")}

    assert tokens.find(store_of, narrowed["refresh_token"]).used_at is None
    assert grants.get(store_of, grant_id).status == "active"
    assert _refusals(store_of, brand.brand_id) == []


def test_a_scope_given_back_reaches_tokens_refreshed_while_it_was_taken(owner, store_of, clock):
    brand = add_brand(store_of)
    issued = tokens_for(owner, brand, scope="profile:read purchases:read")
    grant_id = owner.get("/api/v1/grant", headers=bearer(issued)).get_json()["grant_id"]
    grants.rescope(store_of, grant_id, frozenset({"profile:read"}), now=clock.now())
    meanwhile = refresh(owner, brand, issued["refresh_token"]).get_json()
    assert meanwhile["scope"] == "profile:read"  # what the token allows now
    assert owner.get(PURCHASES, headers=bearer(meanwhile)).status_code == 403

    grants.rescope(store_of, grant_id, frozenset({"profile:read", "purchases:read"}),
                   now=clock.now())  # the page said: "the brand will see again"

    assert owner.get(PURCHASES, headers=bearer(meanwhile)).status_code == 200
    later = refresh(owner, brand, meanwhile["refresh_token"]).get_json()
    assert set(later["scope"].split()) == {"profile:read", "purchases:read"}


def test_a_token_response_says_when_the_grant_cuts_the_token_short(owner, store_of, clock):
    brand = add_brand(store_of)
    issued = tokens_for(owner, brand, scope="profile:read", duration="1d")
    clock.advance(days=1, minutes=-5)

    renewed = refresh(owner, brand, issued["refresh_token"]).get_json()

    # The grant ends in 5 minutes (to the second it was given), not in 15.
    assert 5 * 60 - 1 <= renewed["expires_in"] <= 5 * 60
    assert _expiry(owner, brand, renewed["access_token"]) == _at(clock.now()) + 5 * 60
