"""Every page of a demo vault, in English and French, 360 px wide, in real Chromium.

On each page nothing is wider than the screen (`document.documentElement.scrollWidth`)
and axe-core finds no accessibility violation. The first-run pages are walked
through the real setup; then every GET page of the app, signed in; then the
pages a form leads to (its errors, the confirmations); the unlock and recovery
pages once the vault is locked.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.conftest import PASSPHRASE, LiveServer
from tests.e2e.consumer import sign_in
from tests.web.cli import import_files
from tests.web.helpers import DOWNLOADS, get_paths, populate_demo
from tests.web.oauth.helpers import add_brand, bearer, direct_token, offer
from tests.web.ui.test_import_pages import AMBIGUOUS
from vault import brands
from vault.scopes import SCOPES
from web import create_app

WIDTH = 360
NOT_PAGES = ("/api/", "/.well-known/", "/static/", "/healthz", "/purchases/imports/recipes/",
             *DOWNLOADS)  # read by software, or files
AXE = Axe()
# The innermost elements reaching past the right edge: what to fix when a page is too wide.
OVERFLOWING = """(width) => [...document.querySelectorAll("body *")].filter((e) =>
  e.getBoundingClientRect().right > width + 0.5 &&
  ![...e.children].some((c) => c.getBoundingClientRect().right > width + 0.5))
  .slice(0, 3).map((e) => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "")
  + (typeof e.className === "string" && e.className ? "." + e.className.trim() : ""))"""


class Walk:
    """The browser at 360 px and what it found wrong, page by page."""

    def __init__(self, page: Page, base: str):
        self.page, self.base, self.problems, self.seen = page, base, [], []

    def check(self, path: str | None = None) -> None:
        """Open `path` (or stay on the current page), then measure it and run axe on it."""
        if path is not None:
            self.page.goto(self.base + path)
        here = urlsplit(self.page.url)
        self.seen.append(here.path)
        width = self.page.evaluate("document.documentElement.scrollWidth")
        if width > WIDTH:
            culprits = ", ".join(self.page.evaluate(OVERFLOWING, WIDTH))
            self.problems.append(f"{here.path}: {width} px wide ({culprits})")
        for v in AXE.run(self.page).response["violations"]:
            nodes = ", ".join(" ".join(n["target"]) for n in v["nodes"][:3])
            self.problems.append(f"{here.path}: axe {v['id']} ({nodes})")

    def lands_on(self, path: str) -> bool:
        """True if the current page is `path` (not a redirect elsewhere)."""
        return urlsplit(self.page.url).path == urlsplit(path).path


@pytest.fixture
def server(live_config):
    """The real app, no vault yet, served on 127.0.0.1."""
    app = create_app(live_config)
    with LiveServer(app) as server:
        yield server
    app.extensions["coffre"].lock()


@pytest.fixture
def narrow(browser):
    """A browser page 360 px wide (a small phone)."""
    context = browser.new_context(viewport={"width": WIDTH, "height": 780})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def first_run(walk: Walk, language: str) -> None:
    """Create the vault through the pages, checking each step."""
    page = walk.page
    page.goto(walk.base + "/setup")
    if language == "fr":
        page.get_by_role("button", name="Français").click()
    walk.check()
    page.fill("#new_passphrase", PASSPHRASE)
    page.fill("#confirm", PASSPHRASE)
    page.locator("form button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/recovery-code$"))
    walk.check()
    code = "-".join(page.locator("#recovery-code .group").all_inner_texts())
    page.locator("main a.button.primary").click()
    walk.check()
    page.fill("#group", code)
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator(".flash")).to_be_visible()


def long_named_brand(app) -> None:
    """A brand with the longest name allowed, in one word, that reads and sends an offer."""
    store = app.extensions["coffre"].require()
    brand = add_brand(store, name="Maisondupont" * (brands.NAME_MAX // 12))
    token = direct_token(store, brand, SCOPES)
    client, base = app.test_client(), app.config["PUBLIC_URL"]
    sent = client.post("/api/v1/offers", json=offer(), headers=bearer(token), base_url=base)
    assert sent.status_code == 201, sent.get_data(as_text=True)
    assert client.get("/api/v1/profile", headers=bearer(token), base_url=base).status_code == 200


def pages_after_a_post(walk: Walk) -> None:
    """The pages a form leads to: its errors, what a change will do, the confirmations."""
    page = walk.page
    page.goto(walk.base + "/preferences")
    page.fill("#interests-0-weight", "150")
    with page.expect_navigation():  # measured once the answer is there, not the page before
        page.locator("form input[name=save], form button[name=save]").last.click()
    walk.check()
    page.goto(walk.base + "/access/")
    page.locator("form[action$='/narrow'] input[name=scopes]:checked").first.uncheck()
    with page.expect_navigation():
        page.locator("form[action$='/narrow'] button[type=submit]").first.click()
    expect(page.locator("input[name=confirmed]")).to_have_count(1)
    walk.check()
    # A form's own submit() skips the browser's dialog: the page asking instead is shown.
    for path, form in (("/access/", "form[action$='/revoke']"),
                       ("/offers/", "form[action$='/never']"),
                       ("/profile", "form[action$='/remove']")):
        page.goto(walk.base + path)
        with page.expect_navigation():
            page.locator(form).first.evaluate("form => form.submit()")
        expect(page.locator("input[name=confirmed]")).to_have_count(1)
        walk.check()
    # Merging two shops and splitting a spelling off say what moves before doing it.
    page.goto(walk.base + "/purchases/shops")
    page.locator("main table a").first.click()
    page.locator("select[name=other]").select_option(index=1)
    page.locator("form[action$='/merge'] input[type=submit]").click()
    expect(page.locator("input[name=confirmed]")).to_have_count(1)
    walk.check()
    with page.expect_navigation():
        page.locator("main form button.danger").click()
    page.locator("form[action$='/split'] button").first.click()
    expect(page.locator("input[name=confirmed]")).to_have_count(1)
    walk.check()


def import_pages(walk: Walk) -> None:
    """Upload (and its error), the previews of a statement and of a generic CSV, the report."""
    page = walk.page

    def upload(name: str, data: bytes) -> None:
        page.goto(walk.base + "/purchases/imports/new")
        page.set_input_files("#file", files=[{"name": name, "mimeType": "text/csv",
                                              "buffer": data}])
        page.locator("main form button[name=upload]").click()

    upload("vide.csv", b"")
    expect(page.locator("#file-error")).to_be_visible()
    walk.check()
    upload("export.csv", AMBIGUOUS)
    expect(page.locator("#date_form")).to_be_visible()
    walk.check()
    upload("releve.csv", import_files.card_statement())
    expect(page.locator("main table")).to_be_visible()
    walk.check()
    page.locator("button[name=start]").click()
    expect(page.locator("main a[href*='/purchases/imports/']").first).to_be_visible()
    walk.check()


def backup_page(walk: Walk) -> None:
    """Back up now, and the page of the backup made (it refreshes itself until then)."""
    page = walk.page
    page.goto(walk.base + "/settings/backups")
    page.locator("main form[action$='/backups/now'] button").click()
    expect(page.locator("main dl code")).to_be_visible()
    walk.check()


def locked_pages(walk: Walk) -> None:
    """Lock, then the pages a locked vault shows."""
    walk.page.locator("form.lock-form button").click()
    expect(walk.page).to_have_url(re.compile(r"/unlock"))
    walk.check()
    walk.check("/recover")


@pytest.mark.parametrize("language", ["en", "fr"])
def test_no_page_overflows_360_px_nor_fails_axe(server, narrow, language):
    walk = Walk(narrow, server.url)
    first_run(walk, language)
    app = server.app
    clock = app.extensions["coffre_clock"]
    vault = populate_demo(app, app.extensions["coffre"].require(), now=clock.now(),
                          today=clock.local_today())
    long_named_brand(app)
    expect(narrow.locator("html")).to_have_attribute("lang", language)

    for _endpoint, path in get_paths(app, vault):
        if path.startswith(NOT_PAGES) or path.endswith(".json"):  # a file to download
            continue
        narrow.goto(walk.base + path)
        if walk.lands_on(path):
            walk.check()
    pages_after_a_post(walk)
    import_pages(walk)
    backup_page(walk)
    locked_pages(walk)

    assert len(walk.seen) > 25
    assert not walk.problems, "\n".join(walk.problems)


def test_the_outcome_of_each_access_is_in_view_at_360_px(server, narrow):
    app = server.app
    app.extensions["coffre"].create(PASSPHRASE)
    clock = app.extensions["coffre_clock"]
    populate_demo(app, app.extensions["coffre"].require(), now=clock.now(),
                  today=clock.local_today())
    sign_in(narrow, server.url)

    narrow.goto(server.url + "/access/activity")

    outcomes = narrow.locator("table tbody tr .badge")
    assert outcomes.count() > 3
    for n in range(outcomes.count()):
        box = outcomes.nth(n).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTH
