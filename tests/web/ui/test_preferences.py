"""Preferences: interests, blocks, channels, caps, quiet hours, ceilings, reward."""

from __future__ import annotations

from datetime import time

import pytest

from tests.web.helpers import selected, text
from tests.web.ui.helpers import error_beside
from vault import preferences
from vault.money import Money


def form(**extra) -> dict:
    data = {"interests-0-category": "09.7.1", "interests-0-weight": "80",
            "interests-1-category": "", "interests-1-weight": "",
            "blocked_brands": "Shein\n\nTemu ", "blocked_categories": ["09.4.7", "07.3.3"],
            "channel_1": "email", "channel_2": "app", "channel_3": "", "channel_4": "",
            "per_brand_weekly": "2", "overall_weekly": "10",
            "quiet_start": "21:00", "quiet_end": "08:00",
            "ceilings-0-category": "08.1", "ceilings-0-amount": "300",
            "currency": "EUR", "min_reward": "5", "save": "1"}
    data.update(extra)
    return data


def test_preferences_are_saved_all_at_once(owner, store_of):
    response = owner.post("/preferences", data=form())

    assert response.status_code == 302
    prefs = preferences.get(store_of)
    assert prefs.interests == {"09.7.1": 80}
    assert prefs.blocked_categories == {"09.4.7", "07.3.3"}
    assert prefs.blocked_brands == {"Shein", "Temu"}
    assert prefs.channels == ("email", "app")
    assert (prefs.per_brand_weekly, prefs.overall_weekly) == (2, 10)
    assert prefs.quiet_hours == (time(21), time(8))
    assert prefs.price_ceilings == {"08.1": Money(30000, "EUR")}
    assert prefs.min_reward == Money(500, "EUR")
    page = text(owner.get("/preferences"))
    assert selected(page, "interests-0-category") == ["Books"]
    assert selected(page, "blocked_categories") == ["Flights", "Gambling"]
    assert 'value="300.00"' in page and "Temu" in page


@pytest.mark.parametrize(("extra", "field", "reason"), [
    ({"interests-0-weight": "150"}, "interests-0-weight", "100 or less"),
    ({"interests-0-weight": "lots"}, "interests-0-weight", "whole number"),
    ({"quiet_end": ""}, "quiet_end", "time such as"),
    ({"quiet_end": "21:00"}, "quiet_end", "differ"),
    ({"channel_2": "email"}, "channel_1", "each of"),
    ({"per_brand_weekly": "-1"}, "per_brand_weekly", "0 or more"),
    ({"ceilings-0-amount": "3,999"}, "ceilings-0-amount", "decimals"),
    ({"currency": "E1R"}, "currency", "three-letter"),
    ({"min_reward": "five"}, "min_reward", "not an amount"),
])
def test_bad_preference_is_shown_beside_it_and_nothing_is_saved(owner, store_of, extra,
                                                                field, reason):
    response = owner.post("/preferences", data=form(**extra))

    assert response.status_code == 422
    assert reason in error_beside(response, field)
    assert selected(text(response), "interests-0-category") == ["Books"]
    assert preferences.get(store_of) == preferences.Preferences()


def test_add_rows_without_javascript(owner, store_of):
    response = owner.post("/preferences", data=form(add_interest="1", save=""))
    assert response.status_code == 200
    assert 'name="interests-2-category"' in text(response)
    response = owner.post("/preferences", data=form(add_ceiling="1", save=""))
    assert 'name="ceilings-1-category"' in text(response)
    assert preferences.get(store_of) == preferences.Preferences()


@pytest.mark.parametrize(("rows", "column"), [("interests", "weight"), ("ceilings", "amount")])
def test_a_row_without_a_category_gets_its_error_on_its_own_row(owner, store_of, rows, column):
    response = owner.post("/preferences", data=form(**{
        f"{rows}-1-category": "", f"{rows}-1-{column}": "50"}))

    assert response.status_code == 422
    assert "required" in error_beside(response, f"{rows}-1-category")
    assert error_beside(response, f"{rows}-0-category") == ""
    assert preferences.get(store_of) == preferences.Preferences()


@pytest.mark.parametrize(("rows", "column"), [("interests", "weight"), ("ceilings", "amount")])
def test_a_category_that_already_has_a_row_is_refused_beside_it(owner, store_of, rows, column):
    response = owner.post("/preferences", data=form(**{
        f"{rows}-1-category": form()[f"{rows}-0-category"].upper(), f"{rows}-1-{column}": "20"}))

    assert response.status_code == 422
    assert "already has a row" in error_beside(response, f"{rows}-1-category")
    assert error_beside(response, f"{rows}-0-category") == ""
    assert preferences.get(store_of) == preferences.Preferences()


def test_the_duplicate_is_refused_in_french_too(owner):
    owner.post("/language", data={"language": "fr", "next": "/preferences"})
    response = owner.post("/preferences", data=form(**{
        "interests-1-category": "books", "interests-1-weight": "20"}))

    assert "a déjà une ligne" in error_beside(response, "interests-1-category")
