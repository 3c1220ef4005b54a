"""Helpers every web test uses: signing in, reading a page, a form's CSRF token, the vault."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tests.conftest import PASSPHRASE
from tests.web.oauth.helpers import BrandClient
from vault.store import Store


def sign_in(client, passphrase: str = PASSPHRASE):
    """Sign `client` in through the real sign-in page; return the response."""
    return client.post("/sign-in", data={"passphrase": passphrase})


def text(response) -> str:
    """The response body as text, tags kept."""
    return response.get_data(as_text=True)


def outside_folds(html: str) -> str:
    """The page as read before opening any details fold (each fold's summary line stays)."""
    return re.sub(r"<details[^>]*>\s*<summary[^>]*>(.*?)</summary>.*?</details>", r"\1", html,
                  flags=re.S)


def assert_in_a_fold(html: str, term: str) -> None:
    """`term` is in the page's main part, but only inside a details fold."""
    main = html.split("<main", 1)[1]
    assert term in main, term  # still there for the curious…
    assert term not in outside_folds(main), term  # …once a fold is opened


def csrf_token(client, path: str) -> str:
    """The CSRF token of the form on the page at `path`."""
    return re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"',
                     text(client.get(path)))[1]


@dataclass
class DemoVault:
    """The demo vault, with a brand that holds every scope and has sent one offer."""

    store: Store
    brand: BrandClient
    token: str
    offer_id: int
