"""Identifiers found in imports are offered for the profile, never added by themselves."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from vault import identifiers, profile
from vault.errors import NotFound

NOW = datetime(2026, 11, 30, 12, tzinfo=UTC)
FOUND = [("loyalty_card", "2090 1234 5678"), ("account", "moi@example.org")]


def test_found_identifiers_wait_as_suggestions_outside_the_profile(store):
    added = identifiers.offer(store, "CB DECATHLON 24/11", FOUND, source_ref="releve.csv",
                              now=NOW)

    assert added == 2 and profile.get(store).merchant_ids == []
    assert [(s.merchant, s.kind, s.value) for s in identifiers.pending(store)] == [
        ("Decathlon", "account", "moi@example.org"),
        ("Decathlon", "loyalty_card", "2090 1234 5678")]


def test_adding_one_puts_it_in_the_profile_with_the_import_as_provenance(store):
    identifiers.offer(store, "Decathlon", FOUND, source_ref="releve.csv", now=NOW)
    card = next(s for s in identifiers.pending(store) if s.kind == "loyalty_card")

    identifiers.accept(store, card.id)

    [kept] = profile.get(store).merchant_ids
    assert (kept.merchant, kept.kind, kept.value) == ("Decathlon", "loyalty_card",
                                                      "2090 1234 5678")
    assert kept.provenance.source == "import" and kept.provenance.ref == "releve.csv"
    assert [s.kind for s in identifiers.pending(store)] == ["account"]


def test_a_dismissed_or_known_identifier_is_not_offered_again(store):
    identifiers.offer(store, "Decathlon", FOUND, source_ref="a.csv", now=NOW)
    for suggestion in identifiers.pending(store):
        identifiers.dismiss(store, suggestion.id, now=NOW)
    profile.add_merchant_id(store, "Fnac", "loyalty_card", "FNAC-1")

    again = identifiers.offer(store, "Decathlon", FOUND, source_ref="b.csv", now=NOW)
    known = identifiers.offer(store, "Fnac", [("loyalty_card", "FNAC-1")], source_ref="b.csv",
                              now=NOW)

    assert again == known == 0 and identifiers.pending(store) == []


def test_unfit_findings_are_left_out_and_unknown_kinds_become_other(store):
    added = identifiers.offer(store, "Fnac", [("loyalty_card", ""), ("member", "M-42"),
                                              ("account", "x" * 500)], source_ref=None, now=NOW)
    assert added == 1
    assert [(s.kind, s.value) for s in identifiers.pending(store)] == [("other", "M-42")]


def test_a_suggestion_no_longer_pending_is_not_found(store):
    identifiers.offer(store, "Fnac", FOUND[:1], source_ref=None, now=NOW)
    [suggestion] = identifiers.pending(store)
    identifiers.dismiss(store, suggestion.id, now=NOW)
    with pytest.raises(NotFound):
        identifiers.accept(store, suggestion.id)
    assert profile.get(store).merchant_ids == []
