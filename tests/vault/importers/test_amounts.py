"""Amounts as exports write them, and the decimal mark decided from a column's values."""

from __future__ import annotations

import pytest

from vault.errors import ValidationError
from vault.importers import amounts


@pytest.mark.parametrize(("values", "mark"), [
    (["12,50", "1 234,00", "-8,00"], ","), (["12.50", "1,234.00"], "."),
    (["1.234,56", "3,2"], ","), (["12", "7"], "."), ([], ".")])
def test_the_decimal_mark_comes_from_the_values(values, mark):
    assert amounts.decimal_mark(values) == mark


@pytest.mark.parametrize(("value", "decimal", "currency", "minor"), [
    ("12.50", ".", "EUR", 1250), ("12,5", ",", "EUR", 1250), ("1 234,56", ",", "EUR", 123456),
    ("1\u202f234,56 €", ",", "EUR", 123456), ("1.234,56", ",", "EUR", 123456),
    ("1,234.56", ".", "USD", 123456), ("-8,00", ",", "EUR", -800), ("8,00-", ",", "EUR", -800),
    ("(3.20)", ".", "EUR", -320), ("EUR 3.20", ".", "EUR", 320), ("1500", ".", "JPY", 1500),
    ("+0.99", ".", "EUR", 99)])
def test_an_amount_reads_in_minor_units_with_its_sign(value, decimal, currency, minor):
    assert amounts.minor("Montant", value, decimal, currency) == minor


@pytest.mark.parametrize(("value", "decimal", "code"), [
    ("douze", ",", "not_amount"), ("12,50", ".", "not_amount"), ("1.2.3", ".", "not_amount"),
    ("", ".", "not_amount"), ("1,234", ",", "too_many_decimals")])
def test_what_is_no_amount_is_refused(value, decimal, code):
    with pytest.raises(ValidationError) as caught:
        amounts.minor("Montant", value, decimal, "EUR")
    assert (caught.value.field, caught.value.problems[0].code) == ("Montant", code)
