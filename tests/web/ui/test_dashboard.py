"""Home: what the vault holds, and the places where accesses and offers will show."""

from __future__ import annotations

from tests.web.helpers import text
from tests.web.ui.helpers import order
from vault import profile, purchases


def test_empty_home_teaches_each_section(owner):
    page = text(owner.get("/"))
    assert "Latest accesses by brands" in page and "No brand has read your data yet" in page
    assert "Offers waiting" in page and "No offer is waiting for you" in page
    assert "Your purchase history starts here" in page


def test_home_counts_and_latest_purchases(owner, store_of, clock):
    profile.set_identity(store_of, {"given_name": "Camille"}, now=clock.now())
    purchases.add_many(store_of, [order("Fnac", day=d) for d in range(1, 8)])

    page = text(owner.get("/"))

    assert "Hello, Camille" in page
    assert '<span class="n">7</span><span class="label-text">purchases</span>' in page
    assert page.count('<td class="c-date">') == 5


def test_error_pages_say_what_to_do(owner):
    page = text(owner.get("/purchases/12345"))
    assert "This page does not exist" in page and "Go back to your vault" in page
