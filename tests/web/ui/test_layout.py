"""The frame of every page: navigation, Lock, language, headers, no inline script or style."""

from __future__ import annotations

import re

import pytest
from flask import Blueprint

from tests.conftest import PASSPHRASE, app_config
from tests.web.helpers import sign_in, text
from tests.web.ui.helpers import order
from vault import purchases
from web import create_app
from web.layout import NAV

PAGES = ["/", "/profile", "/purchases", "/purchases/new", "/purchases/imports/new", "/insights",
         "/preferences", "/intents", "/settings", "/settings/passphrase", "/settings/recovery",
         "/settings/keyfile"]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_has_the_nav_lock_and_safe_markup(owner, store_of, path):
    purchases.add(store_of, order())
    response = owner.get(path)
    page = text(response)

    assert response.status_code == 200
    assert '<form class="lock-form" method="post" action="/lock">' in page
    assert 'aria-current="page"' in page
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)  # CSP: no inline script
    assert not re.search(r"\sstyle=|\son[a-z]+=", page)  # nor inline style or handlers
    assert response.headers["Cache-Control"] == "no-store"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


def test_profile_is_in_the_navigation_and_its_page_under_it(owner):
    page = text(owner.get("/profile"))

    assert re.search(r'<a href="/profile" aria-current="page">\s*Profile', page), page


def test_nav_shows_other_packages_only_once_registered(folder):
    app = create_app(app_config(folder))
    app.extensions["coffre"].create(PASSPHRASE)
    client = app.test_client()
    sign_in(client)
    page = text(client.get("/"))
    for endpoint, label in NAV:
        shown = f">{label}</a>" in page
        assert shown == (endpoint in app.view_functions), endpoint
    app.extensions["coffre"].lock()


def test_a_registered_offers_page_appears_in_the_nav(folder):
    app = create_app(app_config(folder))
    if "inbox.index" not in app.view_functions:
        extra = Blueprint("inbox_test", __name__)
        extra.add_url_rule("/offers-test", endpoint="index", view_func=lambda: "offers")
        app.register_blueprint(extra, name="inbox")
    app.extensions["coffre"].create(PASSPHRASE)
    client = app.test_client()
    sign_in(client)
    assert ">Offers</a>" in text(client.get("/"))
    app.extensions["coffre"].lock()


def test_static_files_are_served_by_the_app(client):
    for name in ("coffre.css", "coffre.js", "icons/coffre.svg"):
        assert client.get(f"/static/{name}").status_code == 200


def test_pages_in_french_with_french_dates_and_amounts(owner, store_of):
    purchases.add(store_of, order(price=123450))
    owner.post("/language", data={"language": "fr", "next": "/purchases"})

    page = text(owner.get("/purchases"))

    assert '<html lang="fr">' in page
    assert "Vos achats" in page and "Verrouiller" in page
    assert "14 mars 2025" in page
    assert "1\u202f234,50\xa0€" in page


def test_language_switch_refuses_other_sites_and_languages(owner):
    response = owner.post("/language", data={"language": "xx", "next": "https://evil.example/"})
    assert response.location == "/"
    assert '<html lang="en">' in text(owner.get("/"))


def test_unknown_page_gets_a_page_not_a_trace(owner):
    response = owner.get("/no-such-page")
    assert response.status_code == 404
    assert "Go back to your vault" in text(response)
