"""What the pages' JavaScript does, in real Chromium: focus, the idle warning, confirmations.

The browser's clock is Playwright's (installed before the first page), so the
idle warning is reached by moving it forward, not by waiting.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSPHRASE, LiveServer
from tests.e2e.consumer import sign_in
from tests.web.helpers import populate_demo
from web import create_app


@pytest.fixture
def demo(live_config):
    """The real app over the demo vault, served on 127.0.0.1."""
    app = create_app(live_config)
    app.extensions["coffre"].create(PASSPHRASE)
    clock = app.extensions["coffre_clock"]
    populate_demo(app, app.extensions["coffre"].require(), now=clock.now(),
                  today=clock.local_today())
    with LiveServer(app) as server:
        yield server
    app.extensions["coffre"].lock()


def test_the_idle_warning_comes_before_the_time_out_and_keeps_the_form(demo, page):
    page.clock.install()
    sign_in(page, demo.url)
    page.goto(demo.url + "/preferences")
    page.fill("#blocked_brands", "Maison Jardin")
    expect(page.locator("#idle-warning")).to_be_hidden()

    page.clock.fast_forward("14:01")

    warning = page.get_by_role("alertdialog")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("signed out in a minute")
    expect(page.get_by_role("button", name="Stay signed in")).to_be_focused()
    with page.expect_response(re.compile(r"/session/alive$")) as answer:
        page.get_by_role("button", name="Stay signed in").click()
    assert answer.value.status == 204
    expect(warning).to_be_hidden()
    page.clock.fast_forward("15:01")
    expect(warning).to_contain_text("What you typed is still on this page")
    expect(page.locator("#blocked_brands")).to_have_value("Maison Jardin")


def test_signed_out_while_idle_the_consumer_signs_in_back_to_the_same_page(live_config, page,
                                                                          clock):
    app = create_app({**live_config, "CLOCK": clock})
    app.extensions["coffre"].create(PASSPHRASE)
    with LiveServer(app) as server:
        sign_in(page, server.url)
        page.goto(server.url + "/intents")
        clock.advance(minutes=16)
        page.fill("#description", "Un vélo de ville")
        page.get_by_role("button", name="Add").click()
        expect(page).to_have_url(re.compile(r"/sign-in\?next="))
        page.fill("#passphrase", PASSPHRASE)
        page.get_by_role("button", name="Sign in").click()
        expect(page).to_have_url(re.compile(r"/intents$"))
    app.extensions["coffre"].lock()


def test_after_a_failed_submit_the_focus_is_on_the_summary(demo, page):
    sign_in(page, demo.url)
    page.goto(demo.url + "/preferences")
    page.fill("#interests-0-weight", "150")
    page.locator("form button[name=save], form input[name=save]").last.click()

    expect(page.locator(".error-summary")).to_be_visible()
    # The page's script moves the focus once it has loaded: a check that waits for it.
    expect(page.locator(".error-summary")).to_be_focused()


def test_after_acting_on_an_offer_the_focus_is_on_the_next_one(demo, page):
    sign_in(page, demo.url)
    page.goto(demo.url + "/offers/")
    cards = page.locator("#delivered article.offer")
    assert cards.count() >= 2
    following = cards.nth(1).get_attribute("id")

    cards.first.get_by_role("button", name="Dismiss").click()

    expect(page.locator(".flash")).to_contain_text("is put away")
    expect(page.locator(f"#{following}")).to_be_focused()


def test_with_javascript_never_is_asked_by_the_browser_and_done_at_once(demo, page):
    sign_in(page, demo.url)
    page.goto(demo.url + "/offers/")
    card = page.locator("#delivered article.offer").first
    title = card.locator(".offer-title").inner_text()
    page.once("dialog", lambda dialog: dialog.accept())

    card.get_by_role("button", name=re.compile("^Never from")).click()

    expect(page.locator(".flash")).to_contain_text("You will get no more offers from")
    expect(page.locator("#dismissed")).to_contain_text(title)
