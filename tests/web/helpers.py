"""Helpers every web test uses: signing in, reading a page, a form's CSRF token, the vault."""

from __future__ import annotations

import html
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


def selected(page: str, name: str) -> list[str]:
    """The labels of the options chosen in the <select name=…> of the page, in page order."""
    select = re.search(rf'<select[^>]* name="{re.escape(name)}"[^>]*>(.*?)</select>', page, re.S)
    return [html.unescape(m[1]).strip("\u00a0 ") for m in re.finditer(
        r"<option[^>]*\bselected\b[^>]*>([^<]*)</option>", select[1])] if select else []
