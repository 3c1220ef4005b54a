"""Stored XSS: script stored through every text a brand or the consumer can fill stays text.

Payloads go in through the brand API (offer title and description, pushed
receipts), registration (a brand's name and purpose), and the consumer's
forms (profile, addresses, merchant ids, purchases, intents). Then every page
is opened in Chromium: no dialog may open, `window.__xss` must stay unset, no
element may carry an event handler or inline script from a payload, no CSP
violation may be reported (CSP is the second wall: the first, escaping, must
hold alone), and each payload must read on its page as the text it was.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.conftest import PASSPHRASE
from tests.proof import harness
from tests.proof.result import Result
from tests.web.helpers import DOWNLOADS
from vault import invitations, lifecycle

CHROMIUM = {"executable_path": "/usr/bin/chromium",
            "args": ["--headless", "--no-sandbox", "--disable-gpu",
                     "--disable-background-networking"]}
# Each sets window.__xss or opens a dialog if it ever runs; each fits a 60-character name.
PAYLOADS = ("<script>window.__xss=1</script>", "\"><img src=x onerror=window.__xss=2>",
            "'><svg onload=alert(3)>", "</textarea><script>alert(4)</script>",
            "<a href=javascript:alert(5)>x</a>", "'); DROP TABLE orders; --")
WATCH = """
window.__csp = [];
document.addEventListener('securitypolicyviolation',
    e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
"""
INJECTED = ("[onerror],[onload],[onclick],a[href^='javascript:'],"
            "script:not([src]),iframe,object,embed")


def store_through_brands(served: harness.Served, token: str, brand_name: str,
                         payloads: tuple[str, ...], invites: list[str]) -> list[str]:
    """Offers, a receipt and registrations carrying payloads; the pages that show them."""
    conn = served.connection()
    pages = []
    for n, payload in enumerate(payloads):
        status, body = harness.call(conn, "POST", "/api/v1/offers", token=token, body={
            "brand": brand_name, "title": f"Offre {payload}", "description": payload,
            "category": "books", "channel": "email", "language": "fr", "price": "9.90",
            "currency": "EUR", "valid_until": "2099-01-01T00:00:00Z"})
        if status != 201:
            raise RuntimeError(f"offer with payload {n} refused: {body[:200]!r}")
        pages.append(f"/offers/{json.loads(body)['id']}")
        status, body = harness.call(conn, "POST", "/api/v1/purchases", token=token, body={
            "merchant_order_id": f"xss-{n}-{payload}"[:100], "ordered_at": "2025-03-01T10:00:00Z",
            "currency": "EUR", "channel": "web",
            "items": [{"name": payload, "brand": payload, "quantity": 1, "unit_price": "1.00",
                       "category": payload}]})
        if status != 201:
            raise RuntimeError(f"receipt with payload {n} refused: {body[:200]!r}")
        status, body = harness.call(conn, "POST", "/oauth/register", headers={
            "Authorization": f"Bearer {invites[n]}"}, body={
            "client_name": f"M{n} {payload}"[:60], "purpose": payload,
            "redirect_uris": ["https://brand.example/cb"], "scope": "profile:read"})
        if status != 201:
            raise RuntimeError(f"registration with payload {n} refused: {body[:200]!r}")
        client_id = json.loads(body)["client_id"]
        pages.append(f"/oauth/authorize?response_type=code&client_id={client_id}"
                     "&redirect_uri=https%3A%2F%2Fbrand.example%2Fcb&scope=profile%3Aread"
                     f"&state=s&code_challenge={'c' * 43}&code_challenge_method=S256")
    conn.close()
    return pages


def store_through_forms(served: harness.Served, payloads: tuple[str, ...]) -> None:
    """The consumer fills every text field of its forms with payloads."""
    browser = harness.Browser(served.port, "127.0.0.4")
    if browser.passphrase("/sign-in", PASSPHRASE) != 302:
        raise RuntimeError("the consumer could not sign in")
    for n, payload in enumerate(payloads):
        forms = [
            ("/profile", "/profile/identity", {
                "identity-given_name": payload[:100], "identity-family_name": payload[:100],
                "identity-profession": payload[:100], "identity-gender": "",
                "identity-income_band": "", "identity-language": ""}),
            ("/profile", "/profile/emails", {"emails-address": f"x{n}@example.org",
                                             "emails-label": payload}),
            ("/profile", "/profile/addresses", {
                "addresses-label": payload, "addresses-line1": payload,
                "addresses-line2": payload, "addresses-postcode": "75001",
                "addresses-city": payload, "addresses-region": payload,
                "addresses-country": "FR"}),
            ("/profile", "/profile/merchant-ids", {
                "merchant_ids-merchant": payload, "merchant_ids-kind": "loyalty_card",
                "merchant_ids-value": payload}),
            ("/purchases/new", None, {
                "merchant": payload, "merchant_order_id": f"form-{n}", "day": "2025-03-01",
                "tz": "Europe/Paris", "channel": "store", "currency": "EUR",
                "items-0-name": payload, "items-0-brand": payload, "items-0-category": payload,
                "items-0-quantity": "1", "items-0-unit_price": "2.00", "save": "1"}),
            ("/intents", None, {"description": payload, "category": "books",
                                "currency": "EUR"}),
        ]
        for page, action, form in forms:
            status = browser.submit(page, form, action)
            if status != 302:
                raise RuntimeError(f"{action or page} refused payload {n}: {status}")


def page_list(consumer: harness.Browser, extra: list[str], orders: int | None) -> list[str]:
    """Every page a consumer reaches from the navigation, `extra`, and the newest `orders` orders.

    (None: every order listed.)
    """
    pages = ["/", "/profile", "/purchases", "/purchases?q=script", "/insights", "/intents",
             "/preferences", "/offers/", "/offers/pressure", "/access/", "/access/activity",
             "/settings", "/settings/backups", "/settings/retention", *extra]
    _, listing = consumer.request("GET", "/purchases")
    listed = sorted(set(re.findall(r'href="/purchases/(\d+)"', listing)), key=int, reverse=True)
    pages += [f"/purchases/{n}" for n in listed[:orders]]
    _, access = consumer.request("GET", "/access/")
    linked = set(re.findall(r'href="(/access/[^"?#]+)"', access)) - set(pages)
    # Receipts and received answers are files to download, not pages to render.
    pages += sorted(p for p in linked if not p.startswith(DOWNLOADS) and not p.endswith(".json"))
    return pages


def visit(result: Result, served: harness.Served, pages: list[str],
          payloads: tuple[str, ...]) -> int:
    """Open every page in Chromium, signed in; note anything that ran. The pages opened."""
    with sync_playwright() as p:
        browser = p.chromium.launch(**CHROMIUM)
        context = browser.new_context()
        context.add_init_script(WATCH)
        page = context.new_page()
        dialogs: list[str] = []
        texts: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(served.url + "/sign-in")
        page.fill("#passphrase", PASSPHRASE)
        page.locator("form button[type=submit]").first.click()
        page.wait_for_url(re.compile(r"^(?!.*sign-in)"))
        for path in pages:
            page.goto(served.url + path)
            found = page.evaluate(f"""() => ({{
                xss: window.__xss || null, csp: window.__csp,
                injected: [...document.querySelectorAll("{INJECTED}")].map(e => e.outerHTML
                    .slice(0, 80)), text: document.body.innerText}})""")
            if dialogs or found["xss"] or found["csp"] or found["injected"]:
                result.fail(f"XSS on {path}: dialogs {dialogs}, __xss {found['xss']},"
                            f" CSP {found['csp']}, injected {found['injected'][:3]}")
                dialogs.clear()
            texts.append(found["text"])
        browser.close()
    shown = "\n".join(texts)
    for payload in payloads:
        if payload not in shown:
            result.fail(f"the payload {payload!r} is not shown as text on any page")
    return len(pages)


def in_own_thread(work: Callable[[], int]) -> int:
    """`work`'s value, run in a fresh thread; its exception is raised here.

    Playwright's sync API refuses a thread running an asyncio loop, which other
    tests of the same pytest run may leave behind in the main one.
    """
    done: list = []
    worker = threading.Thread(target=lambda: done.append(_outcome(work)))
    worker.start()
    worker.join()
    [(value, error)] = done
    if error is not None:
        raise error
    return value


def _outcome(work: Callable[[], int]) -> tuple[int | None, BaseException | None]:
    try:
        return work(), None
    except Exception as error:  # handed back to the calling thread, raised there
        return None, error


def invite(folder: Path, count: int) -> list[str]:
    """`count` invitations to register, made while the vault is not served."""
    store = lifecycle.unlock(folder, "passphrase", PASSPHRASE)
    try:
        return [invitations.create(store, now=datetime.now(UTC)) for _ in range(count)]
    finally:
        store.close()


def run(result: Result, served: harness.Served, brand: harness.Brand, invites: list[str], *,
        long: bool) -> None:
    """Store every payload, then open every page in Chromium (the short form: two payloads)."""
    payloads = PAYLOADS if long else PAYLOADS[:2]
    extra = store_through_brands(served, brand.token, brand.name, payloads, invites)
    store_through_forms(served, payloads)
    consumer = harness.Browser(served.port, "127.0.0.5")
    consumer.passphrase("/sign-in", PASSPHRASE)
    pages = page_list(consumer, extra, None if long else 2 * len(payloads))
    opened = in_own_thread(lambda: visit(result, served, pages, payloads))
    result.cases += opened
    result.details.append(f"stored XSS: {len(payloads)} payloads in every text field,"
                          f" {opened} pages opened in Chromium, nothing ran")
