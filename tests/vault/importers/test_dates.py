"""Dates in ISO, French and US forms, the form decided from all of a file's dates."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from vault.errors import ValidationError
from vault.importers import dates

PARIS = ZoneInfo("Europe/Paris")


def form_of(values: list[str]) -> str:
    evidence = dates.Evidence("Date")
    for line, value in enumerate(values, 2):
        evidence.add(line, value)
    return evidence.decide()


@pytest.mark.parametrize(("values", "form"), [
    (["2024-11-24", "2024-01-02"], "iso"),
    (["02/01/2024", "24/11/2024"], "dmy"),  # the 24 proves the day comes first
    (["02/01/2024", "11/24/2024"], "mdy"),
    (["02.01.2024", "24.11.2024 10:30"], "dmy"),
    ([], "iso"),
])
def test_the_form_comes_from_the_dates_that_prove_it(values, form):
    assert form_of(values) == form


def test_a_file_whose_every_day_is_12_or_less_is_ambiguous_and_names_a_row():
    with pytest.raises(ValidationError) as caught:
        form_of(["03/04/2024", "05/06/2024", "12/12/2024"])

    assert caught.value.field == "line 2: Date"
    assert caught.value.reason == ("could be day first or month first, like every date of the "
                                   "file (03/04/2024): the recipe must say which")


def test_a_file_mixing_both_forms_names_both_lines():
    with pytest.raises(ValidationError) as caught:
        form_of(["24/11/2024", "03/04/2024", "11/25/2024"])

    assert caught.value.field == "line 4: Date"
    assert caught.value.problems[0].code == "mixed_date_forms"
    assert dict(caught.value.problems[0].params) == {"value": "11/25/2024", "other": 2}


@pytest.mark.parametrize(("value", "form", "expected"), [
    ("2024-11-24", "dmy", date(2024, 11, 24)),
    ("24/11/2024", "dmy", date(2024, 11, 24)),
    ("11/24/2024", "mdy", date(2024, 11, 24)),
    ("3/4/2024", "mdy", date(2024, 3, 4)),
    ("24/11/24", "dmy", date(2024, 11, 24)),
])
def test_a_date_reads_in_its_form(value, form, expected):
    assert dates.day(value, form) == expected


@pytest.mark.parametrize(("value", "form"), [("31/02/2024", "dmy"), ("24/11/2024", "mdy"),
                                             ("hier", "dmy"), ("24/11/2024", "iso")])
def test_a_date_that_is_none_in_its_form_is_refused(value, form):
    with pytest.raises(ValueError):
        dates.day(value, form)


def test_a_moment_is_local_to_the_zone_unless_it_says_its_own():
    assert dates.moment("24/11/2024", "18:05", "dmy", PARIS) == datetime(2024, 11, 24, 18, 5,
                                                                      tzinfo=PARIS)
    assert dates.moment("24/11/2024 18:05:09", None, "dmy", PARIS).second == 9
    assert dates.moment("2023-05-14T09:12:33.123Z", None, "iso", PARIS) == datetime(
        2023, 5, 14, 9, 12, 33, 123000, tzinfo=UTC)
