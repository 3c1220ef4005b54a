"""One host, a path per person: https://home.example/alice is the issuer, served under /alice.

RFC 8414 section 3.1: the metadata of an issuer with a path is at
/.well-known/oauth-authorization-server/alice, outside the app's path.
"""

from __future__ import annotations

import pytest

from tests.conftest import PASSPHRASE, app_config
from web import create_app

ISSUER = "https://home.example/alice"


@pytest.fixture
def alice(folder, clock):
    """Alice's vault served as https://home.example/alice (through a proxy that passes paths)."""
    app = create_app(app_config(folder, CLOCK=clock, PUBLIC_URL=ISSUER + "/"))
    app.extensions["coffre"].create(PASSPHRASE)
    yield app.test_client()
    app.extensions["coffre"].lock()


def get(client, path: str):
    return client.get(path, base_url="https://home.example")


def test_the_metadata_is_at_the_well_known_path_with_the_issuers_path(alice):
    response = get(alice, "/.well-known/oauth-authorization-server/alice")

    assert response.status_code == 200
    meta = response.json
    assert meta["issuer"] == ISSUER
    assert meta["authorization_endpoint"] == ISSUER + "/oauth/authorize"
    assert meta["token_endpoint"] == ISSUER + "/oauth/token"
    assert meta["service_documentation"].startswith(ISSUER + "/api/")


def test_the_app_answers_under_its_path_only(alice):
    assert get(alice, "/alice/healthz").json["vault"] == "unlocked"
    assert get(alice, "/healthz").status_code == 404
    assert get(alice, "/alicex/healthz").status_code == 404
    assert get(alice, "/.well-known/oauth-authorization-server/bob").status_code == 404


def test_links_and_the_session_cookie_stay_under_the_path(alice):
    response = get(alice, "/alice/sign-in")

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'href="/alice/static/' in page and 'href="/static/' not in page
    cookie = response.headers.get("Set-Cookie", "")
    assert "Path=/alice" in cookie and "Secure" in cookie


def test_the_openapi_servers_url_is_the_issuers(alice):
    doc = get(alice, "/alice/api/openapi.json").json

    assert doc["servers"] == [{"url": ISSUER}]


@pytest.mark.parametrize("asked, lands", [
    ("/alice/access/", "/alice/access/"),
    ("/bob/access/", "/alice/"),  # a sibling vault on the same host: home instead
    ("/access/", "/alice/"),
])
def test_after_sign_in_the_browser_stays_under_the_path(alice, asked, lands):
    alice.get("/alice/sign-out", base_url="https://home.example")
    response = alice.post(f"/alice/sign-in?next={asked}", base_url="https://home.example",
                          data={"passphrase": PASSPHRASE})

    assert response.status_code == 302 and response.headers["Location"] == lands


def test_a_page_that_needs_sign_in_sends_the_browser_back_under_the_path(folder, clock):
    app = create_app(app_config(folder, CLOCK=clock, PUBLIC_URL=ISSUER))
    app.extensions["coffre"].create(PASSPHRASE)
    response = get(app.test_client(), "/alice/access/")

    assert response.status_code == 302
    assert response.headers["Location"] == "/alice/sign-in?next=/alice/access/"
    app.extensions["coffre"].lock()
