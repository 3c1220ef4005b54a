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
