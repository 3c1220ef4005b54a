"""Brands & access, and Activity: what the consumer sees and every change they can make."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from tests.web.oauth.helpers import (
    REDIRECT,
    add_brand,
    authorize_path,
    bearer,
    direct_token,
    pkce,
)
from vault import audit, brands, grants, invitations


def _html(response) -> str:
    return response.get_data(as_text=True)


def _granted(store, scopes=("profile:read", "intents:read")):
    brand = add_brand(store)
    token = direct_token(store, brand, set(scopes))
    return brand, token, store.value("select max(id) from grants")


def test_empty_pages_teach(owner):
    assert "invite a brand below" in _html(owner.get("/access/"))
    assert "each time it reads something appears here" in _html(owner.get("/access/activity"))


def test_the_pages_need_the_consumer_signed_in(client):
    for path in ("/access/", "/access/activity"):
        response = client.get(path)
        assert response.status_code == 302 and "/sign-in" in response.headers["Location"]


def test_a_brand_with_its_access_use_and_history(owner, store_of, clock):
    _brand, token, grant_id = _granted(store_of)
    owner.get("/api/v1/profile", headers=bearer(token))
    owner.get("/api/v1/intents", headers=bearer(token))
    grants.rescope(store_of, grant_id, frozenset({"profile:read"}), now=clock.now())

    html = _html(owner.get("/access/"))

    assert "Maison Dupont" in html and "Who you are, roughly" in html
    assert re.search(r"<dt>Accesses</dt><dd>2</dd>", html)
    assert "History of this brand&#39;s access" in html or "History of this brand's" in html
    assert "Access narrowed" in html and "Access allowed" in html


def test_narrowing_from_the_page(owner, store_of):
    _brand, token, grant_id = _granted(store_of)
    response = owner.post(f"/access/grants/{grant_id}/narrow",
                          data={"scopes": ["profile:read"], "confirmed": "yes"})
    assert response.status_code == 302
    assert grants.get(store_of, grant_id).scopes == {"profile:read"}
    assert owner.get("/api/v1/intents", headers=bearer(token)).status_code == 403


def test_narrowing_first_says_what_changes_and_changes_nothing_yet(owner, store_of):
    _brand, token, grant_id = _granted(store_of)

    response = owner.post(f"/access/grants/{grant_id}/narrow", data={"scopes": ["profile:read"]})

    html = _html(response)
    assert response.status_code == 200
    assert "Maison Dupont will no longer see" in html and "What you are looking for" in html
    assert 'name="confirmed"' in html and 'value="profile:read"' in html
    assert grants.get(store_of, grant_id).version == 1
    assert owner.get("/api/v1/intents", headers=bearer(token)).status_code == 200


def test_a_narrowed_scope_can_be_ticked_back(owner, store_of):
    _brand, token, grant_id = _granted(store_of)
    owner.post(f"/access/grants/{grant_id}/narrow",
               data={"scopes": ["profile:read"], "confirmed": "yes"})

    page = _html(owner.get("/access/"))
    assert re.search(r'<input type="checkbox" name="scopes" value="intents:read">', page)
    asked = owner.post(f"/access/grants/{grant_id}/narrow",
                       data={"scopes": ["profile:read", "intents:read"]})
    assert "Maison Dupont will see again" in _html(asked)
    owner.post(f"/access/grants/{grant_id}/narrow",
               data={"scopes": ["profile:read", "intents:read"], "confirmed": "yes"})

    assert grants.get(store_of, grant_id).scopes == {"profile:read", "intents:read"}
    assert owner.get("/api/v1/intents", headers=bearer(token)).status_code == 200
    assert "Access given back" in _html(owner.get("/access/"))


def test_nothing_beyond_what_was_allowed_can_be_ticked(owner, store_of):
    _brand, _token, grant_id = _granted(store_of)
    response = owner.post(f"/access/grants/{grant_id}/narrow",
                          data={"scopes": ["profile:read", "contact:read"], "confirmed": "yes"})
    assert response.status_code == 302
    assert grants.get(store_of, grant_id).version == 1
    assert 'name="scopes" value="contact:read"' not in _html(owner.get("/access/"))


def test_narrowing_confirms_in_french_too(owner, store_of):
    _brand, _token, grant_id = _granted(store_of)
    owner.post("/language", data={"language": "fr", "next": "/access/"})
    response = owner.post(f"/access/grants/{grant_id}/narrow", data={"scopes": ["profile:read"]})
    assert "Maison Dupont ne verra plus" in _html(response)


def test_narrowing_to_nothing_is_refused(owner, store_of):
    _brand, _token, grant_id = _granted(store_of)
    owner.post(f"/access/grants/{grant_id}/narrow", data={})
    assert grants.get(store_of, grant_id).version == 1


def test_the_end_date_control_starts_on_the_current_end(owner, store_of, clock):
    _brand, _token, grant_id = _granted(store_of)
    end = clock.now() + timedelta(days=200)
    grants.set_expiry(store_of, grant_id, end, now=clock.now())

    page = _html(owner.get("/access/"))
    checked = re.findall(r'<input checked[^>]*name="duration"[^>]*value="([^"]+)"'
                         r'|<input[^>]*name="duration"[^>]*value="([^"]+)"[^>]*checked', page)
    assert [a or b for a, b in checked] == ["keep"]
    owner.post(f"/access/grants/{grant_id}/expiry", data={"duration": "keep"})

    assert grants.get(store_of, grant_id).expires_at == end.replace(microsecond=0)
    assert grants.get(store_of, grant_id).version == 2


def test_changing_the_end_from_the_page(owner, store_of):
    _brand, _token, grant_id = _granted(store_of)
    owner.post(f"/access/grants/{grant_id}/expiry", data={"duration": "1d"})
    grant = grants.get(store_of, grant_id)
    assert grant.change == "expiry" and grant.expires_at is not None


def test_pause_and_resume_from_the_page(owner, store_of):
    _brand, token, grant_id = _granted(store_of)
    owner.post(f"/access/grants/{grant_id}/pause")
    assert owner.get("/api/v1/profile", headers=bearer(token)).status_code == 401
    assert "Resume" in _html(owner.get("/access/"))
    owner.post(f"/access/grants/{grant_id}/resume")
    assert owner.get("/api/v1/profile", headers=bearer(token)).status_code == 200


def test_revoking_from_the_page_is_immediate(owner, store_of):
    _brand, token, grant_id = _granted(store_of)
    owner.post(f"/access/grants/{grant_id}/revoke", data={"confirmed": "yes"})
    response = owner.get("/api/v1/profile", headers=bearer(token))
    assert response.status_code == 401
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]
    assert grants.get(store_of, grant_id).status == "revoked"


def test_revoke_everything_for_a_brand(owner, store_of, clock):
    brand, token, _ = _granted(store_of)
    grants.revoke(store_of, store_of.value("select max(id) from grants"), now=clock.now())
    second = direct_token(store_of, brand, {"profile:read"})
    owner.post(f"/access/brands/{brand.brand_id}/revoke-all", data={"confirmed": "yes"})
    assert all(g.status == "revoked" for g in grants.for_brand(store_of, brand.brand_id))
    for value in (token, second):
        assert owner.get("/api/v1/profile", headers=bearer(value)).status_code == 401


def test_blocking_from_the_page_stops_it_asking_again(owner, store_of):
    brand, token, _ = _granted(store_of)
    owner.post(f"/access/brands/{brand.brand_id}/block", data={"confirmed": "yes"})
    assert brands.get(store_of, brand.brand_id).blocked
    assert owner.get("/api/v1/profile", headers=bearer(token)).status_code == 401
    again = owner.get(authorize_path(brand, scope="profile:read", challenge=pkce()[1]))
    assert again.status_code == 400 and "Location" not in again.headers
    owner.post(f"/access/brands/{brand.brand_id}/unblock")
    assert not brands.get(store_of, brand.brand_id).blocked


@pytest.mark.parametrize(("path", "says"), [
    ("/access/grants/{grant}/revoke", "Maison Dupont will lose access now"),
    ("/access/brands/{brand}/revoke-all", "Every access Maison Dupont holds ends now"),
    ("/access/brands/{brand}/block", "can never ask you again"),
])
def test_without_javascript_a_destructive_action_asks_on_a_page_first(owner, store_of, path,
                                                                      says):
    brand, token, grant_id = _granted(store_of)
    url = path.format(grant=grant_id, brand=brand.brand_id)

    response = owner.post(url)

    html = _html(response)
    assert response.status_code == 200 and "Are you sure?" in html and says in html
    assert f'action="{url}"' in html and 'name="confirmed" value="yes"' in html
    assert owner.get("/api/v1/profile", headers=bearer(token)).status_code == 200
    assert not brands.get(store_of, brand.brand_id).blocked


def test_the_confirmation_page_reads_in_french(owner, store_of):
    _brand, _token, grant_id = _granted(store_of)
    owner.post("/language", data={"language": "fr", "next": "/access/"})
    html = _html(owner.post(f"/access/grants/{grant_id}/revoke"))
    assert "Vous confirmez ?" in html and "Maison Dupont perd l’accès" in html


def test_destructive_actions_are_red_and_say_what_happens(owner, store_of):
    _granted(store_of)
    html = _html(owner.get("/access/"))
    for label in ("Revoke this access", "Revoke everything for this brand", "Block this brand"):
        form = re.search(rf'<form[^>]*data-confirm="([^"]+)"[^>]*>\s*<input[^>]*>\s*'
                         rf'<button class="button danger small" type="submit">{label}</button>',
                         html)
        assert form, label
        assert "Maison Dupont" in form[1]
    assert "It keeps what it already received" in html


def test_an_invitation_is_shown_once_and_lets_a_brand_register(owner, store_of, clock):
    html = _html(owner.post("/access/invite"))
    token = re.search(r'<p class="token-once" id="secret">([^<]+)</p>', html)[1]
    assert invitations.find_usable(store_of, token, now=clock.now()) is not None
    registered = owner.post("/oauth/register", headers=bearer(token), json={
        "client_name": "Invited", "redirect_uris": [REDIRECT], "scope": "profile:read"})
    assert registered.status_code == 201


def test_adding_a_brand_by_hand(owner, store_of):
    response = owner.post("/access/brands/new", data={
        "client_name": "Boulangerie", "redirect_uri": REDIRECT, "scopes": ["offers:write"]})
    html = _html(response)
    brand = brands.all_brands(store_of)[0]
    secret = re.search(r'id="secret">([^<]+)<', html)[1]
    assert brand.name == "Boulangerie" and brand.check_secret(secret)


def test_a_bad_redirect_uri_is_explained_beside_its_field(owner, store_of):
    response = owner.post("/access/brands/new", data={
        "client_name": "Boulangerie", "redirect_uri": "http://evil.example/cb",
        "scopes": ["offers:write"]})
    assert response.status_code == 422
    assert re.search(r'id="redirect_uri-error">[^<]*https', _html(response))
    assert brands.all_brands(store_of) == []


def test_activity_lists_and_filters(owner, store_of):
    first, token, _ = _granted(store_of, ("profile:read",))
    other = add_brand(store_of, name="Other brand")
    owner.get("/api/v1/profile", headers=bearer(token))
    owner.get("/api/v1/intents", headers=bearer(token))
    owner.get("/api/v1/profile", headers=bearer(direct_token(store_of, other,
                                                                 {"profile:read"})))

    everything = _html(owner.get("/access/activity"))
    refused = _html(owner.get("/access/activity?outcome=refused"))
    mine = _html(owner.get(f"/access/activity?brand={first.brand_id}"))
    future = _html(owner.get("/access/activity?since=2999-01-01"))

    assert everything.count("<tr>") == 4  # header + 3 calls
    assert refused.count("<tr>") == 2 and "asked for more than was allowed" in refused
    assert mine.count("<tr>") == 3 and "Other brand" not in mine.split("<tbody>")[1]
    assert "Nothing matches these filters" in future


def test_a_reversed_date_range_is_an_error_as_on_purchases(owner, store_of):
    _brand, token, _ = _granted(store_of)
    owner.get("/api/v1/profile", headers=bearer(token))

    response = owner.get("/access/activity?since=2999-01-01&until=2000-01-01")

    assert response.status_code == 422
    assert re.search(r'id="until-error">[^<]*on or after the start date', _html(response))
    assert "/api/v1/profile" in _html(response)  # the range is ignored, not applied


def test_bad_filters_are_ignored_not_fatal(owner, store_of):
    _brand, token, _ = _granted(store_of)
    owner.get("/api/v1/profile", headers=bearer(token))
    response = owner.get("/access/activity?since=notadate&brand=abc&outcome=maybe")
    assert response.status_code == 422  # as on Purchases: shown beside each filter
    assert "/api/v1/profile" in _html(response)  # the whole log, as if unfiltered


def test_the_dashboard_feed_has_what_it_needs(owner, store_of):
    _brand, token, _ = _granted(store_of)
    owner.get("/api/v1/profile", headers=bearer(token))
    event = audit.recent(store_of, limit=1)[0]
    assert (event.brand_name, event.endpoint, event.outcome) == (
        "Maison Dupont", "/api/v1/profile", "allowed")
    assert event.at and event.reason is None
