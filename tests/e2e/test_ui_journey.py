"""The consumer's journey in real Chromium against the app served by waitress on 127.0.0.1.

first run -> recovery code -> profile -> add an order -> upload a file -> insights shows
the charts -> preferences -> intents -> lock -> wrong passphrase -> right passphrase -> French.
A screenshot of each page is saved under the test's tmp folder.
"""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.web.cli import import_files
from vault import settings

PASSPHRASE = "velvet kettle orbit harbour"
CSV = ("merchant,merchant_order_id,ordered_at,tz,channel,currency,"
       "item_name,item_brand,item_category,quantity,unit_price\n"
       "Decathlon,D-1,{day}T18:00:00,Europe/Paris,store,EUR,Gourde,Quechua,sport,2,9.90\n"
       "Fnac,F-7,{day}T11:00:00,Europe/Paris,web,EUR,Roman,Gallimard,books,1,21.50\n")


def fill(page: Page, values: dict[str, str]) -> None:
    """Type each value into the field its CSS selector names."""
    for selector, value in values.items():
        page.fill(selector, value)


class Journey:
    """The browser page, the server's address and where screenshots go."""

    def __init__(self, page: Page, base: str, shots: Path):
        self.page, self.base, self.shots, self.n = page, base, shots, 0

    def shot(self, name: str) -> None:
        """Save a full-page screenshot, numbered in journey order."""
        self.n += 1
        self.page.screenshot(path=str(self.shots / f"{self.n:02d}-{name}.png"), full_page=True)

    def nav(self, label: str) -> None:
        """Follow a link of the main navigation."""
        self.page.locator("nav.nav").get_by_role("link", name=label, exact=True).click()


def first_run(j: Journey, *, javascript: bool = True) -> None:
    page = j.page
    page.goto(j.base + "/")
    expect(page).to_have_url(re.compile(r"/setup$"))
    page.fill("#new_passphrase", PASSPHRASE)
    if javascript:
        expect(page.locator("#strength")).to_be_visible()  # the live meter (JS + CSRF header)
    page.fill("#confirm", PASSPHRASE)
    j.shot("first-run")
    page.get_by_role("button", name="Create my vault").click()
    expect(page).to_have_url(re.compile(r"/recovery-code$"))
    groups = page.locator("#recovery-code .group").all_inner_texts()
    assert len(groups) >= 4
    j.shot("recovery-code")
    page.get_by_role("link", name="I have written it down").click()
    n = int(re.search(r"type group (\d+) of", page.inner_text("main"))[1])
    page.fill("#group", groups[n - 1].lower())
    j.shot("recovery-check")
    page.get_by_role("button", name="Check and continue").click()
    expect(page.locator(".flash")).to_contain_text("recovery code is confirmed")
    j.shot("home")


def profile(j: Journey) -> None:
    page = j.page
    page.get_by_role("link", name=re.compile("^Your profile")).click()
    page.fill("#identity-given_name", "Camille")
    page.fill("#identity-family_name", "Martin")
    page.get_by_role("button", name="Save").first.click()
    expect(page.locator(".flash")).to_contain_text("identity is saved")
    page.get_by_text("Add an e-mail address").click()
    page.fill("#emails-address", "camille@example.org")
    page.locator("#emails form button[type=submit]").click()
    expect(page.locator("#emails")).to_contain_text("camille@example.org")
    j.shot("profile")


def add_order(j: Journey) -> None:
    page = j.page
    j.nav("Purchases")
    page.get_by_role("link", name="Add a purchase").first.click()
    fill(page, {
        "#merchant": "Boulangerie Dupont",
        "#day": "2025-03-14",
        "#items-0-name": "Baguette",
        "#items-0-quantity": "2",
        "#items-0-unit_price": "1,20",
    })
    # The category pick-list's filter box (JS): a word, in either language, picks its category.
    page.get_by_role("searchbox", name="Find a category").first.fill("groceries")
    expect(page.locator("#items-0-category")).to_have_value("01")
    expect(page.locator("#items-0-category option[value='09.7.1']")).to_be_hidden()
    page.get_by_role("button", name="Add another row").click()  # JS adds a row in place
    expect(page.locator("#items-3-name")).to_be_visible()
    expect(page.get_by_role("searchbox", name="Find a category")).to_have_count(4)
    j.shot("add-order")
    page.locator("form button[name=save], form input[name=save]").last.click()
    expect(page.locator("h1")).to_contain_text("Purchase at Boulangerie Dupont")
    expect(page.locator("main")).to_contain_text("€2.40")
    j.shot("order")


def upload(j: Journey, tmp: Path) -> None:
    page = j.page
    j.nav("Purchases")
    page.get_by_role("link", name="Import from your bank or a shop").click()
    path = tmp / "my-orders.csv"
    path.write_text(CSV.format(day="2025-06-02"))
    page.set_input_files("#file", str(path))
    page.get_by_role("button", name="See what it holds").click()
    expect(page.locator("main")).to_contain_text("Coffre's CSV — recognised from its content")
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.locator("h1")).to_have_text("my-orders.csv is imported")
    j.nav("Purchases")
    expect(page.locator("table.data tbody tr")).to_have_count(3)
    j.shot("purchases")


def insights(j: Journey) -> None:
    page = j.page
    j.nav("Insights")
    expect(page.locator("#chart-months rect.bar")).to_have_count(24)
    expect(page.locator("#chart-categories rect.bar")).to_have_count(3)
    expect(page.locator("#rfm")).to_contain_text("Decathlon")
    page.get_by_text("Show the figures as a table").first.click()
    j.shot("insights")


def preferences(j: Journey) -> None:
    page = j.page
    j.nav("Preferences")
    page.select_option("#interests-0-category", "09.7.1")
    page.fill("#interests-0-weight", "80")
    page.select_option("#channel_1", "email")
    page.fill("#quiet_start", "21:00")
    page.fill("#quiet_end", "08:00")
    page.locator("form button[name=save], form input[name=save]").last.click()
    expect(page.locator(".flash")).to_contain_text("preferences are saved")
    j.shot("preferences")


def intents(j: Journey) -> None:
    page = j.page
    page.locator("nav.tabs").get_by_role("link", name="What you are looking for").click()
    fill(page, {
        "#description": "Un vélo de ville d'occasion",
        "#budget": "400",
    })
    page.select_option("#category", "07.1.3")
    page.get_by_role("button", name="Add").click()
    expect(page.locator("ul.records")).to_contain_text("Un vélo de ville")
    expect(page.locator("ul.records")).to_contain_text("Bikes")
    page.get_by_role("button", name="Close").click()
    expect(page.locator("ul.records .badge")).to_have_text("closed")
    page.get_by_role("button", name="Reopen").click()
    expect(page.locator("ul.records .badge")).to_have_text("open")
    j.shot("intents")


def lock_and_back(j: Journey) -> None:
    page = j.page
    page.get_by_role("button", name="Lock").click()
    expect(page).to_have_url(re.compile(r"/unlock$"))
    j.shot("locked")
    page.fill("#passphrase", "not my passphrase at all")
    page.get_by_role("button", name="Unlock").click()
    expect(page.locator("#passphrase-error")).to_contain_text("does not open your vault")
    j.shot("wrong-passphrase")
    page.fill("#passphrase", PASSPHRASE)
    page.get_by_role("button", name="Unlock").click()
    expect(page.locator("h1")).to_have_text("Hello, Camille")


def french(j: Journey) -> None:
    page = j.page
    page.get_by_role("button", name="Français").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("button", name="Verrouiller")).to_be_visible()
    expect(page.locator("h1")).to_have_text("Bonjour, Camille")
    j.shot("accueil")
    page.locator("nav.nav").get_by_role("link", name="Achats", exact=True).click()
    expect(page.locator("main")).to_contain_text("14 mars 2025")
    expect(page.locator("main")).to_contain_text("2,40\xa0€")
    j.shot("achats")


def test_the_consumers_journey(live_server, page, tmp_path):
    journey = Journey(page, live_server.url, tmp_path)
    first_run(journey)
    profile(journey)
    add_order(journey)
    upload(journey, tmp_path)
    insights(journey)
    preferences(journey)
    intents(journey)
    lock_and_back(journey)
    french(journey)
    assert len(list(tmp_path.glob("*.png"))) == journey.n >= 14


def test_core_flows_work_without_javascript(browser, live_server, tmp_path):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360,
                                                                       "height": 780})
    page = context.new_page()
    page.set_default_timeout(15_000)
    journey = Journey(page, live_server.url, tmp_path)
    first_run(journey, javascript=False)
    add_order_without_js(journey)
    import_without_js(journey)
    backup_without_js(journey)
    context.close()


def add_order_without_js(j: Journey) -> None:
    page = j.page
    page.goto(j.base + "/purchases/new")
    fill(page, {
        "#merchant": "Biocoop",
        "#day": "2025-03-14",
        "#items-0-name": "Pommes",
    })
    page.get_by_role("button", name="Add another row").click()  # a round trip to the server
    expect(page.locator("#items-3-name")).to_be_attached()
    expect(page.locator("#items-0-name")).to_have_value("Pommes")
    fill(page, {
        "#items-0-unit_price": "3.10",
        "#items-3-name": "Comté",
        "#items-3-unit_price": "5",
    })
    page.select_option("#items-0-category", "01")  # a plain <select> without JavaScript
    page.select_option("#items-3-category", "01.1")
    page.locator("form button[name=save], form input[name=save]").last.click()
    expect(page.locator("main")).to_contain_text("€8.10")
    j.shot("narrow-order")


def import_without_js(j: Journey) -> None:
    """A card statement: upload -> preview -> import -> the progress page, then its report."""
    page = j.page
    page.goto(j.base + "/purchases/imports/new")
    page.set_input_files("#file", files=[{"name": "releve.csv", "mimeType": "text/csv",
                                          "buffer": import_files.card_statement()}])
    page.get_by_role("button", name="See what it holds").click()
    expect(page.locator("main table")).to_contain_text("Decathlon")
    expect(page.locator("main")).to_contain_text("recognised from its content")
    j.shot("import-preview")
    page.get_by_role("button", name="Import", exact=True).click()
    # The job page refreshes itself (<meta refresh>, no script) until the report is there.
    expect(page.locator("h1")).to_have_text("releve.csv is imported")
    expect(page.locator("main")).to_contain_text("Not a purchase")
    j.shot("import-report")
    page.get_by_role("link", name="See this import").click()
    expect(page.locator("main")).to_contain_text("added 5 purchases")


def backup_without_js(j: Journey) -> None:
    """Settings -> Back up now -> the progress page, refreshing itself until the backup is made."""
    page = j.page
    j.nav("Settings")
    page.get_by_role("button", name="Back up now").click()
    expect(page).to_have_url(re.compile(r"/settings/backups/job$"))
    # <meta refresh>, no script: the page reloads until the backup is made and verified.
    expect(page.locator("h1")).to_have_text("Backup made and verified")
    expect(page.locator("main")).to_contain_text("passes its integrity checks")
    expect(page.locator("main dl")).to_contain_text("Last good backup")
    j.shot("backup-made")
    page.get_by_role("link", name="Your backups").click()
    expect(page.locator("main .plain-list li")).to_have_count(1)


def test_setup_proposes_the_browsers_time_zone(browser, live_server):
    server = settings.zone_name(settings.server_zone())
    for javascript, expected in ((True, "America/Sao_Paulo"), (False, server)):
        context = browser.new_context(timezone_id="America/Sao_Paulo",
                                      java_script_enabled=javascript)
        page = context.new_page()
        page.goto(live_server.url + "/setup")
        assert page.locator("select#timezone").input_value() == expected
        context.close()
