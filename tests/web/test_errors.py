"""Errors become HTTP in one place: every error class, its status on each surface, each format."""

from __future__ import annotations

import pytest

from tests.conftest import PASSPHRASE
from tests.web.helpers import text
from tests.web.oauth.helpers import add_brand, authorize_path, bearer, direct_token, pkce
from vault import errors as v
from vault import lifecycle, settings
from vault.store import open_store
from web import errors
from web.errors import (
    ConfigInvalid,
    ServingRefused,
    Surface,
    TooManyAttempts,
    UnusableRequest,
)

# Every error class: its status on a page, on the brand API, on the OAuth endpoints.
EXPECTED = {
    v.ValidationError: (422, 422, 400),
    v.WeakPassphrase: (422, 422, 400),
    v.NotFound: (404, 404, 400),
    v.Conflict: (409, 409, 400),
    v.NoVault: (503, 503, 503),
    v.VaultExists: (409, 409, 400),
    v.NotWritable: (500, 500, 500),
    v.WrongKey: (403, 403, 400),
    v.ReceiptsRefused: (403, 403, 400),
    v.KeyringDamaged: (500, 500, 500),
    v.DatabaseDamaged: (500, 500, 500),
    v.VaultTooNew: (500, 500, 500),
    v.Locked: (302, 423, 423),  # a page redirects to the unlock page
    v.Busy: (503, 503, 503),
    v.TooLarge: (413, 413, 400),
    v.NotGenuine: (422, 422, 400),
    TooManyAttempts: (429, 429, 429),
    UnusableRequest: (400, 400, 400),
    ServingRefused: (500, 500, 500),  # raised at start, before any request
    ConfigInvalid: (500, 500, 500),  # likewise
}


def _subclasses(cls: type) -> set[type]:
    return {cls, *(s for sub in cls.__subclasses__() for s in _subclasses(sub))}


ALL = (_subclasses(v.VaultError) | _subclasses(errors.WebError)) - {v.VaultError, errors.WebError}


@pytest.mark.parametrize("cls", sorted(ALL, key=lambda c: c.__name__), ids=lambda c: c.__name__)
def test_every_error_class_has_its_own_row_and_a_status_on_each_surface(cls):
    assert cls in errors.TABLE, f"{cls.__name__} has no row in web.errors.TABLE"
    assert cls in EXPECTED, f"{cls.__name__}: add its statuses to EXPECTED"
    got = tuple(errors.status_of(cls, s) for s in (Surface.PAGE, Surface.API, Surface.OAUTH))
    assert got == EXPECTED[cls]
    assert cls.__doc__ and "\n" not in cls.__doc__.strip()  # the API's problem title


def test_the_table_lists_no_class_that_is_gone():
    assert set(errors.TABLE) == ALL == set(EXPECTED)


def test_the_surfaces_name_real_blueprints(app):
    assert set(errors.SURFACES) <= set(app.blueprints)


# --- each surface's format, through the real app ------------------------------------------


def test_on_the_api_an_error_is_problem_json(client, store_of):
    token = direct_token(store_of, add_brand(store_of), {"offers:write"})
    response = client.get("/api/v1/offers/999", headers=bearer(token))

    assert response.status_code == 404 and response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["type"] == "urn:coffre:problem:not-found" and body["title"] == "No such record"
    assert body["status"] == 404 and body["detail"]


def test_on_the_api_a_validation_error_names_each_field(client, store_of):
    token = direct_token(store_of, add_brand(store_of), {"purchases:read"})
    response = client.get("/api/v1/purchases?limit=0", headers=bearer(token))

    assert response.status_code == 422 and response.mimetype == "application/problem+json"
    assert response.get_json()["errors"][0]["field"] == "limit"


def test_on_the_oauth_endpoints_an_error_is_rfc6749_json(app, client, store_of):
    brand = add_brand(store_of)
    app.extensions["coffre"].lock()
    response = client.post("/oauth/token", data={"grant_type": "refresh_token",
                                                 "refresh_token": "x"}, **brand.auth())

    assert response.status_code == 423 and response.mimetype == "application/json"
    body = response.get_json()
    assert set(body) == {"error", "error_description"}
    assert body["error"] == "temporarily_unavailable"


def test_on_a_page_an_error_is_an_html_page(owner):
    response = owner.get("/purchases/999")

    assert response.status_code == 404 and response.mimetype == "text/html"
    assert "This page does not exist" in text(response)


def test_on_a_page_locked_redirects_to_the_unlock_page(app, owner):
    app.extensions["coffre"].lock()
    response = owner.get("/purchases/1")
    assert response.status_code == 302 and response.location.startswith("/unlock")


def test_a_busy_vault_gets_a_503_page_and_keeps_nothing(owner, folder, store_of):
    other = open_store(folder, lifecycle.unsafe_data_key(folder, "passphrase", PASSPHRASE))
    store_of.execute("pragma busy_timeout = 20")  # the test client runs on this connection
    with other.atomic():
        settings.put(other, "probe", "held")  # the other connection holds the write lock
        response = owner.post("/settings", data={"idle_minutes": "7", "language": "fr"})
    other.close()

    assert response.status_code == 503 and response.mimetype == "text/html"
    assert "try again in a moment" in text(response)
    assert settings.find(store_of, "idle_minutes") is None


# --- the blueprint chooses, not the path --------------------------------------------------


def test_two_blueprints_under_oauth_answer_in_their_own_formats(owner, store_of):
    page = owner.get(authorize_path(add_brand(store_of), scope="profile:read",
                                    challenge=pkce()[1]) + "&scope=offers:write")
    machine = owner.post("/oauth/token?scope=x", data={"grant_type": "refresh_token"})

    assert page.status_code == 400 and page.mimetype == "text/html"
    assert "repeats the parameter scope" in text(page) and "Location" not in page.headers
    assert machine.status_code == 400 and machine.mimetype == "application/json"
    assert machine.get_json()["error"] == "invalid_request"


def test_an_unknown_brand_gets_a_page_never_a_redirect(owner, store_of):
    brand = add_brand(store_of)
    brand.client_id = "unknown"
    response = owner.get(authorize_path(brand, scope="profile:read", challenge=pkce()[1]))

    assert response.status_code == 400 and "Location" not in response.headers
    assert "This request from a brand cannot be used" in text(response)


@pytest.mark.parametrize("method, path, status, mimetype", [
    ("GET", "/no-such-page", 404, "text/html"),
    ("DELETE", "/settings", 405, "text/html"),
    ("PUT", "/oauth/authorize", 405, "text/html"),  # the consent page's blueprint: a page
    ("GET", "/api/v1/nothing-here", 404, "application/problem+json"),
    ("DELETE", "/api/openapi.json", 405, "application/problem+json"),
    ("GET", "/.well-known/nothing-here", 404, "application/problem+json"),
    ("GET", "/oauth/token", 405, "application/problem+json"),
])
def test_http_errors_follow_the_surface(owner, method, path, status, mimetype):
    response = owner.open(path, method=method)

    assert response.status_code == status and response.mimetype == mimetype
    if status == 405:
        assert "Allow" in response.headers
    if path.startswith(("/oauth/token", "/.well-known/")):  # an OAuth client reads `error`
        assert response.get_json()["error"] == "invalid_request"


@pytest.mark.parametrize("method, path, allowed, mimetype", [
    ("DELETE", "/api/v1/profile", {"GET", "HEAD", "OPTIONS"}, "application/problem+json"),
    ("PUT", "/api/v1/offers", {"POST", "OPTIONS"}, "application/problem+json"),
    ("GET", "/oauth/token", {"POST", "OPTIONS"}, "application/problem+json"),
    ("POST", "/.well-known/oauth-authorization-server", {"GET", "HEAD", "OPTIONS"},
     "application/problem+json"),
    ("DELETE", "/sign-in", {"GET", "HEAD", "POST", "OPTIONS"}, "text/html"),
    ("PUT", "/oauth/authorize", {"GET", "HEAD", "POST", "OPTIONS"}, "text/html"),
])
def test_a_wrong_method_answers_405_with_allow_on_every_surface(client, method, path, allowed,
                                                                 mimetype):
    response = client.open(path, method=method)

    assert response.status_code == 405 and response.mimetype == mimetype
    assert {m.strip() for m in response.headers["Allow"].split(",")} == allowed
