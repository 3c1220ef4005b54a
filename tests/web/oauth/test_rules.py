"""One test per OAuth 2.0 Security BCP (RFC 9700) rule the server keeps.

Exact redirect URIs, and an error page (never a redirect) for an unknown
client or any other URI; sign-in before any redirect, and no open redirect;
PKCE S256 for every client; codes short-lived, single-use and bound to their
client; no implicit or password grant; refresh tokens that rotate and die when
replayed or idle; short-lived access tokens, in the header only; uncached
token responses, an unframeable consent page, 302/303 after consent; each
parameter at most once; metadata, and `iss` in every authorization response.
"""

from __future__ import annotations

import threading
from urllib.parse import parse_qsl, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.web.oauth.helpers import (
    ALL,
    REDIRECT,
    add_brand,
    allow,
    authorize_path,
    bearer,
    exchange,
    pkce,
    query,
    refresh,
    tokens_for,
)
from vault import audit, brands

NEAR_MISSES = [
    REDIRECT + "/",                                   # trailing slash
    "https://Brand.example/callback",                 # case of the host
    "https://brand.example/Callback",                 # case of the path
    REDIRECT + "?extra=1",                            # extra query
    REDIRECT + "#fragment",                           # fragment
    "https://user@brand.example/callback",            # userinfo
    "https://brand.example@evil.example/callback",    # userinfo pointing elsewhere
    "http://brand.example/callback",                  # http instead of https
    "https://brand.example/%63allback",               # percent-encoding of the same path
    "https://brand.example:443/callback",             # explicit default port
    "https://evil.example/callback",                  # another host
]


def _refused_without_redirect(response):
    assert response.status_code == 400
    assert "Location" not in response.headers
    assert b"cannot be used" in response.data


@pytest.mark.parametrize("uri", NEAR_MISSES)
def test_redirect_uri_must_match_exactly(owner, store_of, uri):
    brand = add_brand(store_of)
    brand.redirect_uri = uri
    _refused_without_redirect(owner.get(authorize_path(brand, scope="profile:read",
                                                          challenge=pkce()[1])))


@pytest.mark.parametrize("problem", ["unknown_client", "missing_redirect", "bad_redirect",
                                     "blocked"])
def test_no_redirect_for_an_unknown_client_or_unregistered_uri(owner, store_of, problem, clock):
    brand = add_brand(store_of)
    if problem == "unknown_client":
        brand.client_id = "cof_unknown"
    elif problem == "bad_redirect":
        brand.redirect_uri = "https://evil.example/steal"
    elif problem == "blocked":
        brands.block(store_of, brand.brand_id, now=clock.now())
    path = authorize_path(brand, scope="profile:read", challenge=pkce()[1])
    if problem == "missing_redirect":
        path = _with(path, "redirect_uri", None)
    # on top, errors that would otherwise be sent back to the brand
    for name, value in (("state", "s"), ("scope", "nonsense"), ("response_type", "token"),
                        ("code_challenge", None)):
        _refused_without_redirect(owner.get(_with(path, name, value)))


def _with(path: str, name: str, value: str | None) -> str:
    base, _, qs = path.partition("?")
    params = [(k, v) for k, v in parse_qsl(qs) if k != name]
    if value is not None:
        params.append((name, value))
    return base + "?" + urlencode(params)


def test_the_consumer_signs_in_before_any_redirect(client, store_of):
    brand = add_brand(store_of)
    for path in (authorize_path(brand, scope="profile:read", challenge=pkce()[1]),
                 authorize_path(brand, scope="nonsense", challenge=None)):
        response = client.get(path)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/sign-in?next=")


@pytest.mark.parametrize("challenge, method", [
    (None, None),          # no PKCE at all
    ("x" * 43, "plain"),   # plain is refused
    ("x" * 43, None),      # a challenge without method means plain
    (None, "S256"),        # a method without challenge
    ("short", "S256"),     # malformed challenge
])
def test_pkce_with_s256_is_required_for_every_client(owner, store_of, challenge, method):
    brand = add_brand(store_of)  # confidential: PKCE is required all the same
    response = owner.get(authorize_path(brand, scope="profile:read", challenge=challenge,
                                           method=method))
    assert response.status_code == 302
    assert query(response.headers["Location"])["error"] == "invalid_request"
    assert store_of.value("select count(*) from auth_codes") == 0  # nothing a verifier redeems


@pytest.mark.parametrize("verifier", ["wrong" * 10, None, "x"])
def test_a_wrong_or_missing_verifier_is_refused(owner, store_of, verifier):
    brand = add_brand(store_of)
    code, _right = allow(owner, brand, scope="profile:read")
    response = exchange(owner, brand, code, verifier)
    assert response.status_code == 400
    assert response.get_json()["error"] in ("invalid_grant", "invalid_request")


def test_a_code_works_once_and_its_reuse_revokes_what_it_gave(owner, store_of):
    brand = add_brand(store_of)
    code, verifier = allow(owner, brand, scope="profile:read")
    first = exchange(owner, brand, code, verifier).get_json()
    assert owner.get("/api/v1/profile", headers=bearer(first)).status_code == 200

    second = exchange(owner, brand, code, verifier)

    assert second.status_code == 400 and second.get_json()["error"] == "invalid_grant"
    assert owner.get("/api/v1/profile", headers=bearer(first)).status_code == 401
    assert refresh(owner, brand, first["refresh_token"]).status_code == 400


def test_a_code_is_short_lived(owner, store_of, clock):
    brand = add_brand(store_of)
    code, verifier = allow(owner, brand, scope="profile:read")
    clock.advance(minutes=2)
    assert exchange(owner, brand, code, verifier).get_json()["error"] == "invalid_grant"


def test_a_code_is_bound_to_its_client_and_redirect_uri(owner, store_of):
    brand = add_brand(store_of)
    other = add_brand(store_of, name="Other", redirect="https://other.example/cb")
    code, verifier = allow(owner, brand, scope="profile:read")

    other.redirect_uri = brand.redirect_uri
    assert exchange(owner, other, code, verifier).get_json()["error"] == "invalid_grant"
    brand.redirect_uri = REDIRECT + "/"
    assert exchange(owner, brand, code, verifier).get_json()["error"] == "invalid_grant"


def test_refresh_tokens_rotate_and_a_replay_revokes_the_grant(owner, store_of):
    brand = add_brand(store_of)
    first = tokens_for(owner, brand, scope="profile:read")
    second = refresh(owner, brand, first["refresh_token"]).get_json()
    assert second["refresh_token"] != first["refresh_token"]
    assert owner.get("/api/v1/profile", headers=bearer(second)).status_code == 200

    replay = refresh(owner, brand, first["refresh_token"])

    assert replay.get_json()["error"] == "invalid_grant"
    assert owner.get("/api/v1/profile", headers=bearer(second)).status_code == 401
    assert refresh(owner, brand, second["refresh_token"]).status_code == 400
    audit.settle(store_of)  # the journal's events into the log
    reasons = [r[0] for r in store_of.all("select reason from access_log")]
    assert "refresh_reused" in reasons


def test_concurrent_refreshes_with_one_token_yield_at_most_one_success(app, owner, store_of):
    brand = add_brand(store_of)
    token = tokens_for(owner, brand, scope="profile:read")["refresh_token"]
    barrier, statuses = threading.Barrier(6), []

    def attempt():
        own = app.test_client()
        barrier.wait()
        statuses.append(refresh(own, brand, token).status_code)

    threads = [threading.Thread(target=attempt) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert statuses.count(200) <= 1 and len(statuses) == 6


def test_access_tokens_are_short_lived(owner, store_of, clock):
    brand = add_brand(store_of)
    token = tokens_for(owner, brand, scope="profile:read")
    assert token["expires_in"] <= 15 * 60
    clock.advance(minutes=15, seconds=1)
    assert owner.get("/api/v1/profile", headers=bearer(token)).status_code == 401


def test_no_token_in_the_url(owner, store_of):
    brand = add_brand(store_of)
    token = tokens_for(owner, brand, scope="profile:read")["access_token"]

    response = owner.get(f"/api/v1/profile?access_token={token}")
    assert response.status_code == 401 and "Bearer" in response.headers["WWW-Authenticate"]
    with_header = owner.get(f"/api/v1/profile?access_token={token}", headers=bearer(token))
    assert with_header.status_code == 401


def test_no_implicit_grant(owner, store_of):
    brand = add_brand(store_of)
    response = owner.get(authorize_path(brand, scope="profile:read", challenge=pkce()[1],
                                           response_type="token"))
    assert "access_token" not in response.headers.get("Location", "")
    assert query(response.headers["Location"])["error"] == "unsupported_response_type"


@pytest.mark.parametrize("grant_type", ["password", "client_credentials", "implicit"])
def test_no_password_or_other_grant(owner, store_of, grant_type):
    brand = add_brand(store_of)
    response = owner.post("/oauth/token", data={"grant_type": grant_type, "username": "a",
                                                   "password": "b"}, **brand.auth())
    assert response.status_code == 400
    assert response.get_json()["error"] == "unsupported_grant_type"


def test_a_brand_gets_only_the_grant_types_and_scopes_it_registered(owner, store_of):
    brand = add_brand(store_of, scopes="profile:read", grant_types=["authorization_code"])
    token = tokens_for(owner, brand, scope="profile:read")
    assert "refresh_token" not in token
    wider = owner.get(authorize_path(brand, scope="profile:read contact:read",
                                        challenge=pkce()[1]))
    assert query(wider.headers["Location"])["error"] == "invalid_scope"


def test_the_consent_page_cannot_be_framed(owner, store_of):
    brand = add_brand(store_of)
    response = owner.get(authorize_path(brand, scope="profile:read", challenge=pkce()[1]),
                            headers={"Origin": "https://evil.example"})
    assert response.status_code == 200
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert not any(h.startswith("Access-Control-") for h, _ in response.headers)
    assert b"https://" not in response.data.split(b"<main")[0]  # no third-party resource


@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/",
                                    "/\\evil.example", "javascript:alert(1)"])
def test_no_open_redirect_through_next(client, target):
    response = client.post("/sign-in?next=" + target, data={"passphrase":
                                                            "correct horse battery staple"})
    assert response.status_code == 302
    assert response.headers["Location"] in ("/", "http://localhost/")


def test_token_responses_are_never_cached(owner, store_of):
    brand = add_brand(store_of)
    code, verifier = allow(owner, brand, scope="profile:read")
    for response in (exchange(owner, brand, code, verifier),
                     exchange(owner, brand, code, verifier)):
        assert response.headers["Cache-Control"] == "no-store"
        assert response.headers["Pragma"] == "no-cache"


def test_iss_is_in_every_authorization_response(owner, store_of):
    brand = add_brand(store_of)
    path = authorize_path(brand, scope="profile:read", challenge=pkce()[1])
    owner.get(path)
    allowed = owner.post(path, data={"allow_scope": ["profile:read"], "duration": "1d",
                                        "allow": "1"})
    denied = owner.post(path, data={"deny": "1", "duration": "1d"})
    failed = owner.get(authorize_path(brand, scope="profile:read", challenge=None))
    for response in (allowed, denied, failed):
        assert query(response.headers["Location"])["iss"] == "http://localhost"
    assert query(denied.headers["Location"])["error"] == "access_denied"


def test_consent_post_redirects_with_302_or_303(owner, store_of):
    brand = add_brand(store_of)
    path = authorize_path(brand, scope="profile:read", challenge=pkce()[1])
    response = owner.post(path, data={"allow_scope": ["profile:read"], "duration": "1d",
                                         "allow": "1"})
    assert response.status_code in (302, 303)


def test_each_parameter_at_most_once(owner, store_of):
    brand = add_brand(store_of)
    path = authorize_path(brand, scope="profile:read", challenge=pkce()[1])
    _refused_without_redirect(owner.get(path + "&state=again"))
    token = owner.post("/oauth/token", data={"grant_type": ["authorization_code"] * 2},
                          **brand.auth())
    assert token.status_code == 400 and token.get_json()["error"] == "invalid_request"
    in_url = owner.post("/oauth/token?code=abc", data={"grant_type": "authorization_code"},
                           **brand.auth())
    assert in_url.get_json()["error"] == "invalid_request"


def test_metadata_lists_s256_only_and_iss_support(client):
    meta = client.get("/.well-known/oauth-authorization-server").get_json()
    assert meta["code_challenge_methods_supported"] == ["S256"]
    assert meta["authorization_response_iss_parameter_supported"] is True
    assert meta["grant_types_supported"] == ["authorization_code", "refresh_token"]
    assert meta["response_types_supported"] == ["code"]
    assert set(meta["scopes_supported"]) == set(ALL.split())


def test_refresh_tokens_die_when_idle(owner, store_of, clock):
    brand = add_brand(store_of)
    token = tokens_for(owner, brand, scope="profile:read")
    clock.advance(days=15)
    assert refresh(owner, brand, token["refresh_token"]).get_json()["error"] == "invalid_grant"


@given(st.text(alphabet="abcdefhklmnoprstuwxyz/:.@%?#&=-_ABCH0123456789", min_size=1,
               max_size=40))
@settings(max_examples=40, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_other_redirect_uri_gets_an_error_page(owner, store_of, tail):
    brand = add_brand(store_of, name=f"Brand {tail}")
    brand.redirect_uri = REDIRECT + tail if tail[0] != "#" else REDIRECT[:-1] + tail
    response = owner.get(authorize_path(brand, scope="profile:read", challenge=pkce()[1]))
    assert response.status_code == 400 and "Location" not in response.headers
