"""The consumer's part in Chromium while a brand runs its OAuth flow; the brand's own calls.

Shared by the end-to-end brand tests: each brand library drives its own side,
and these functions play the consumer on the real pages.
"""

from __future__ import annotations

import re

import requests
from playwright.sync_api import expect

from tests.conftest import PASSPHRASE
from vault import demo
from vault.provenance import utcnow

CALLBACK = "https://brand.example/callback"
ASKED = ["profile:read", "contact:read", "purchases:summary"]


def sign_in(page, base: str) -> None:
    """The consumer signs in through the sign-in page."""
    page.goto(base + "/sign-in")
    page.fill("#passphrase", PASSPHRASE)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("nav.nav")).to_be_visible()


def invite(page, base: str) -> str:
    """The consumer creates an invitation on Brands & access and reads it off the page."""
    page.goto(base + "/access/")
    page.get_by_role("button", name="Create an invitation").click()
    return page.inner_text("#secret").strip()


def register(endpoint: str, invitation: str, *, verify: bool | str = True) -> dict:
    """The brand registers itself (RFC 7591) with the consumer's invitation.

    `verify` is requests' certificate check: a CA bundle's path for the test's own CA.
    """
    with requests.Session() as http:
        http.verify = verify
        response = http.post(endpoint, timeout=10, headers={
            "Authorization": f"Bearer {invitation}"}, json={
            "client_name": "Maison Dupont", "redirect_uris": [CALLBACK],
            "scope": " ".join(ASKED), "purpose": "Vous envoyer des offres qui vous ressemblent."})
        assert response.status_code == 201
        return response.json()


def consent(page, url: str) -> str:
    """The consumer allows profile and summary but not contact; return the callback URL."""
    page.route("https://brand.example/**",
               lambda route: route.fulfill(body="brand page", content_type="text/plain"))
    page.goto(url)
    expect(page.locator(".scope-card")).to_have_count(3)
    page.get_by_label(re.compile("Who you are")).check()
    page.get_by_label(re.compile("purchase totals")).check()
    page.get_by_label("1 day").check()
    page.get_by_role("button", name="Allow").click()
    page.wait_for_url(re.compile(r"^https://brand\.example/callback"))
    return page.url


def revoke(page, base: str) -> None:
    """The consumer revokes the brand's access, confirming what will happen."""
    page.goto(base + "/access/")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Revoke this access").click()
    expect(page.locator(".flash")).to_contain_text("lost access now")


def call(brand: requests.Session, url: str) -> tuple[int, dict, str]:
    """One API call by the brand: status, JSON body, WWW-Authenticate (connection released)."""
    with brand.get(url) as response:
        return response.status_code, response.json(), response.headers.get(
            "WWW-Authenticate", "")


def registered_brand(live_server, page, *, orders: int) -> tuple[dict, dict]:
    """A new demo vault of `orders` orders, its owner signed in, and a brand registered with
    the owner's invitation: the server's metadata, and the brand's registration."""
    live_server.app.extensions["coffre"].create(PASSPHRASE)
    demo.populate(live_server.app.extensions["coffre"].require(), today=utcnow().date(),
                  orders_count=orders)
    sign_in(page, live_server.url)
    meta = requests.get(live_server.url + "/.well-known/oauth-authorization-server",
                        timeout=10).json()
    return meta, register(meta["registration_endpoint"], invite(page, live_server.url))
