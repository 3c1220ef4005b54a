"""Plain words first; the technical term, for the curious, in a details fold."""

from __future__ import annotations

from datetime import date

from tests.web.helpers import assert_in_a_fold, text
from vault import demo, purchases


def test_adding_a_brand_speaks_plainly(owner):
    html = text(owner.get("/access/brands/new"))
    assert_in_a_fold(html, "redirect URI")
    assert_in_a_fold(html, "keep a secret")
    assert "Where to send you back after you allow it" in html
    assert "It is an app on a phone or in a browser" in html


def test_the_crm_grades_are_named_in_words(owner, store_of):
    purchases.add_many(store_of, demo.orders(count=60, today=date(2026, 11, 29)))
    html = text(owner.get("/insights"))
    assert "Recency, frequency, amount (1 to 5)" in html
    assert_in_a_fold(html, "R · F · A")
