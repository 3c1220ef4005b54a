"""Identifiers found in imports, on the Profile page: offered unticked, added or dismissed."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.web.helpers import text
from vault import identifiers, profile

NOW = datetime(2026, 11, 30, 12, tzinfo=UTC)
FR = {"Accept-Language": "fr"}


def offer(store):
    identifiers.offer(store, "CB DECATHLON 24/11", [("loyalty_card", "2090 1234 5678")],
                      source_ref="releve.csv", now=NOW)
    return identifiers.pending(store)[0]


def test_found_identifiers_are_offered_with_nothing_ticked(owner, store_of):
    offer(store_of)
    page = text(owner.get("/profile"))
    assert "Found in your imports" in page and "2090 1234 5678" in page
    assert "from the file releve.csv" in page
    assert "checked" not in page.split("Found in your imports")[1].split("</ul>")[0]
    assert "Trouvé dans vos imports" in text(owner.get("/profile", headers=FR))


def test_adding_one_puts_it_in_the_profile(owner, store_of):
    suggestion = offer(store_of)
    response = owner.post(f"/profile/suggestions/{suggestion.id}/add")
    assert response.status_code == 303
    [card] = profile.get(store_of).merchant_ids
    assert (card.merchant, card.value, card.provenance.source) == ("Decathlon",
                                                                   "2090 1234 5678", "import")
    assert "Found in your imports" not in text(owner.get("/profile"))


def test_dismissing_one_leaves_the_profile_as_it_was(owner, store_of):
    suggestion = offer(store_of)
    assert owner.post(f"/profile/suggestions/{suggestion.id}/dismiss").status_code == 303
    assert profile.get(store_of).merchant_ids == [] and identifiers.pending(store_of) == []
    missing = owner.post(f"/profile/suggestions/{suggestion.id}/add")
    assert missing.status_code == 404 and profile.get(store_of).merchant_ids == []
