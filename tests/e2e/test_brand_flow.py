"""A brand's whole life against the app served by waitress on 127.0.0.1.

The brand is an unmodified requests-oauthlib OAuth2Session; the consumer is
real Chromium on the real pages: discovery → registration with an invitation
→ consent to a subset of the scopes → token → API calls → refresh → the
consumer revokes → 401.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from playwright.sync_api import expect
from requests_oauthlib import OAuth2Session

from tests.e2e.consumer import ASKED, CALLBACK, call, consent, registered_brand, revoke


def test_a_brand_from_discovery_to_revocation(live_server, page, monkeypatch):
    monkeypatch.setenv("OAUTHLIB_INSECURE_TRANSPORT", "1")  # plain http on 127.0.0.1, tests only
    monkeypatch.setenv("OAUTHLIB_RELAX_TOKEN_SCOPE", "1")  # the consumer grants a subset
    base = live_server.url
    meta, client = registered_brand(live_server, page, orders=60)

    brand = OAuth2Session(client["client_id"], redirect_uri=CALLBACK, scope=ASKED,
                          pkce="S256")
    url, _state = brand.authorization_url(meta["authorization_endpoint"])
    callback = consent(page, url)
    assert dict(p.split("=", 1) for p in urlsplit(callback).query.split("&"))["iss"]
    token = brand.fetch_token(meta["token_endpoint"], authorization_response=callback,
                              client_secret=client["client_secret"])
    assert set(token["scope"]) == {"profile:read", "purchases:summary"}

    status, body, _ = call(brand, base + "/api/v1/profile")
    assert status == 200 and "emails" not in body and body["age_band"]
    assert call(brand, base + "/api/v1/purchases/summary")[0] == 200
    assert call(brand, base + "/api/v1/purchases")[0] == 403

    brand.scope = token["scope"]  # a refresh may ask for what was granted, never more (RFC 6749)
    renewed = brand.refresh_token(meta["token_endpoint"],
                                  auth=(client["client_id"], client["client_secret"]))
    assert renewed["refresh_token"] != token["refresh_token"]
    assert call(brand, base + "/api/v1/profile")[0] == 200

    revoke(page, base)
    status, _, challenge = call(brand, base + "/api/v1/profile")
    assert status == 401 and 'error="invalid_token"' in challenge
    brand.close()  # no keep-alive connection left to hold the server open at teardown
    page.goto(base + "/access/activity")
    expect(page.locator("tbody tr").first).to_contain_text("access revoked")
