"""The consent page and what the consumer's answer does.

The page shows one card per requested scope with the actual values the brand
would receive, and every box left unticked, even for a scope the brand says it
requires; the durations to choose from; Allow and Deny of equal weight.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from tests.web.helpers import csrf_token
from tests.web.oauth.helpers import add_brand, authorize_path, pkce, query
from vault import demo, grants

ASKED = "profile:read purchases:summary offers:write"


def _page(owner, brand, **extra):
    path = authorize_path(brand, scope=ASKED, challenge=pkce()[1], **extra)
    return path, owner.get(path).get_data(as_text=True)


def _checkbox(html: str, scope: str) -> str:
    return re.search(rf'<input type="checkbox" name="allow_scope" value="{scope}"[^>]*>', html)[0]


def test_one_card_per_scope_with_the_actual_values(owner, store_of):
    demo.populate(store_of, today=date.today(), orders_count=80)
    brand = add_brand(store_of, purpose="Vous proposer des livres.")
    _, html = _page(owner, brand)

    assert html.count('class="scope-card"') == 3
    assert "Who you are, roughly" in html and "Camille Martin" in html and "35-44" in html
    assert "1988" not in html  # the preview shows what the brand gets: a band, not a date
    assert "Your purchase totals by category" in html and "Food and drink" in html
    assert "Nothing of yours is read." in html  # offers:write reads nothing
    assert "Vous proposer des livres." in html and "its claim" in html


def test_nothing_is_ever_ticked_not_even_what_the_brand_requires(owner, store_of):
    brand = add_brand(store_of)
    _, plain = _page(owner, brand)
    path, required = _page(owner, brand, required_scope="offers:write")

    for html in (plain, required):
        assert all("checked" not in _checkbox(html, s) for s in ASKED.split())
    assert required.count("the brand says it needs this") == 1
    untouched = owner.post(path, data={"duration": "30d", "allow": "1"})
    assert untouched.status_code == 422 and "Tick at least one thing" in untouched.text
    assert grants.for_brand(store_of, brand.brand_id) == []


def test_a_required_scope_is_labelled_in_french(owner, store_of):
    owner.post("/language", data={"language": "fr", "next": "/"})
    _, html = _page(owner, add_brand(store_of), required_scope="offers:write")
    assert "la marque dit en avoir besoin" in html
    assert "checked" not in _checkbox(html, "offers:write")


def test_allow_and_deny_are_equal_and_the_durations_are_offered(owner, store_of):
    _, html = _page(owner, add_brand(store_of))
    actions = re.search(r'<div class="consent-actions">(.*?)</div>', html, re.S)[1]
    buttons = re.findall(r'<button class="([^"]+)" type="submit" name="(allow|deny)"', actions)
    assert [name for _, name in buttons] == ["allow", "deny"]
    assert {cls.replace(" primary", "") for cls, _ in buttons} == {"button"}
    for label in ("1 day", "30 days", "1 year", "Until I revoke it"):
        assert label in html
    assert "withdraw at any time, from Brands &" in html


def test_allowing_a_subset_grants_only_that_for_the_chosen_time(owner, store_of, clock):
    brand = add_brand(store_of, purpose="Offers.")
    path, _ = _page(owner, brand)
    response = owner.post(path, data={"allow_scope": ["offers:write"], "duration": "1d",
                                         "allow": "1"})

    assert response.status_code == 302 and "code" in query(response.headers["Location"])
    grant = grants.for_brand(store_of, brand.brand_id)[0]
    assert grant.scopes == {"offers:write"} and grant.purpose == "Offers."
    assert timedelta(days=1, seconds=-1) < grant.expires_at - clock.now() <= timedelta(days=1)


def test_until_revoked_has_no_end(owner, store_of):
    brand = add_brand(store_of)
    path, _ = _page(owner, brand)
    owner.post(path, data={"allow_scope": ["profile:read"], "duration": "forever",
                              "allow": "1"})
    assert grants.for_brand(store_of, brand.brand_id)[0].expires_at is None


def test_allow_with_nothing_ticked_asks_again(owner, store_of):
    brand = add_brand(store_of)
    path, _ = _page(owner, brand)
    response = owner.post(path, data={"duration": "30d", "allow": "1"})
    assert response.status_code == 422 and "Tick at least one" in response.get_data(as_text=True)
    assert grants.for_brand(store_of, brand.brand_id) == []


def test_ticking_a_scope_the_brand_did_not_ask_for_is_refused(owner, store_of):
    brand = add_brand(store_of)
    path, _ = _page(owner, brand)
    response = owner.post(path, data={"allow_scope": ["contact:read"], "duration": "30d",
                                         "allow": "1"})
    assert response.status_code == 422 and 'class="error"' in response.get_data(as_text=True)
    assert grants.for_brand(store_of, brand.brand_id) == []


def test_an_unknown_duration_is_refused_and_said(owner, store_of):
    brand = add_brand(store_of)
    path, _ = _page(owner, brand)
    response = owner.post(path, data={"allow_scope": ["profile:read"], "duration": "9999d",
                                         "allow": "1"})
    assert response.status_code == 422 and 'id="duration-error"' in response.get_data(
        as_text=True)
    assert grants.for_brand(store_of, brand.brand_id) == []


def test_deny_sends_access_denied_and_grants_nothing(owner, store_of):
    brand = add_brand(store_of)
    path, _ = _page(owner, brand)
    response = owner.post(path, data={"allow_scope": ["profile:read"], "duration": "30d",
                                         "deny": "1"})
    assert query(response.headers["Location"])["error"] == "access_denied"
    assert grants.for_brand(store_of, brand.brand_id) == []


def test_the_page_speaks_french(owner, store_of):
    brand = add_brand(store_of)
    path = authorize_path(brand, scope=ASKED, challenge=pkce()[1])
    html = owner.get(path, headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert 'lang="fr"' in html


def test_the_consent_post_needs_its_csrf_token(csrf_owner):
    app, client = csrf_owner
    store = app.extensions["coffre"].require()
    brand = add_brand(store)
    path = authorize_path(brand, scope="profile:read", challenge=pkce()[1])
    token = csrf_token(client, path)
    form = {"allow_scope": ["profile:read"], "duration": "30d", "allow": "1"}

    assert client.post(path, data=form).status_code == 400
    assert grants.for_brand(store, brand.brand_id) == []
    assert client.post(path, data={**form, "csrf_token": token}).status_code == 302


def test_the_brands_privacy_policy_is_linked(owner, store_of):
    brand = add_brand(store_of, policy_uri="https://brand.example/privacy",
                      tos_uri="https://brand.example/terms")
    _, html = _page(owner, brand)
    assert re.search(r'<a href="https://brand.example/privacy"[^>]*>Privacy policy of Maison'
                     r' Dupont</a>', html)
    assert re.search(r'<a href="https://brand.example/terms"[^>]*>Terms of service</a>', html)

    owner.post("/language", data={"language": "fr", "next": "/"})
    _, french = _page(owner, brand)
    assert "Politique de confidentialité de Maison Dupont" in french
    assert "Conditions d’utilisation" in french


def test_a_brand_without_a_policy_shows_no_link(owner, store_of):
    _, html = _page(owner, add_brand(store_of))
    assert "Privacy policy" not in html
