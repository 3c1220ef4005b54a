"""The French interface names every category in French: no page of the demo vault shows an
English label of the vocabulary (acceptance test of issue 9, finding 1)."""

from __future__ import annotations

import html
import re

from tests.web.helpers import DOWNLOADS, get_paths
from vault import categories, purchases
from vault.purchases import Item, Order

# English labels a French page could show as a French word too: none today (checked below).
ENGLISH = sorted({c.label_en for c in categories.all() if c.label_en != c.label_fr}, key=len,
                 reverse=True)
FRENCH_TOO = {c.label_fr.casefold() for c in categories.all()}


def visible_text(page: str) -> str:
    """What a reader sees or hears: the text between tags (scripts and styles left out) and
    the attributes shown or read aloud (an <optgroup>'s label, aria-label, title, alt…)."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S | re.I)
    shown = re.findall(r'\s(?:label|aria-label|title|alt|placeholder)="([^"]*)"', page)
    return html.unescape(" ".join([re.sub(r"<[^>]+>", " ", page), *shown]))


def english_labels(text: str) -> list[str]:
    """The English labels in `text`, whatever their case ("books" was how pages said it)."""
    return [label for label in ENGLISH if label.casefold() not in FRENCH_TOO
            and re.search(rf"(?<!\w){re.escape(label)}(?!\w)", text, re.I)]


def test_no_english_label_is_also_a_french_one():
    assert [label for label in ENGLISH if label.casefold() in FRENCH_TOO] == []


def pages(app, demo_vault) -> list[str]:
    """Every GET page of the consumer interface (not the API, static files nor /healthz)."""
    return [path for _endpoint, path in get_paths(app, demo_vault)
            if not path.startswith(("/api/", "/static", "/.well-known", "/oauth", "/healthz",
                                     *DOWNLOADS))
            and not path.endswith(".json")]  # a file to download, not a page


def test_every_page_of_the_demo_vault_in_french_names_categories_in_french(
        app, owner, demo_vault, clock):
    store = demo_vault.store
    purchases.add(store, Order("Nature & Découvertes", clock.now(), "store", "EUR",
                               (Item("Cerf-volant", "cerf-volant", 1, 2490),
                                Item("Carte du ciel", "livres", 1, 990))))
    owner.post("/language", data={"language": "fr", "next": "/"})
    seen = {}
    for path in pages(app, demo_vault):
        response = owner.get(path, follow_redirects=True)
        assert response.status_code == 200, path
        if response.mimetype != "text/html":  # a file to download (a recipe), not a page
            assert response.headers["Content-Disposition"].startswith("attachment"), path
            continue
        page = response.get_data(as_text=True)
        assert '<html lang="fr">' in page, path
        seen[path] = english_labels(visible_text(page))
    assert len(seen) > 30 and {path: found for path, found in seen.items() if found} == {}
    home = visible_text(owner.get("/").get_data(as_text=True))
    assert "autre : cerf-volant" in home and "Livres" in visible_text(
        owner.get("/insights").get_data(as_text=True))


def test_the_same_walk_in_english_finds_the_english_labels(app, owner, demo_vault):
    text = visible_text(owner.get("/insights").get_data(as_text=True))
    assert "Books" in english_labels(text)
