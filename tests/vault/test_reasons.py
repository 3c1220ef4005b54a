"""Reasons are codes with values: every code raised has its English words, and only those."""

from __future__ import annotations

import ast
from datetime import UTC, datetime
from pathlib import Path

import pytest

from vault import purchases
from vault.errors import ValidationError
from vault.reasons import TEMPLATES

ROOT = Path(__file__).resolve().parents[2]
# The calls that name a reason code as their second argument, a literal.
RAISERS = {"ValidationError", "problem", "Problem", "add", "Bad"}


def codes_in_source() -> dict[str, str]:
    """Every reason code written in vault/, agent/ and web/, with one place it appears."""
    found = {}
    for path in sorted(p for package in ("vault", "agent", "web")
                       for p in (ROOT / package).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or len(node.args) < 2:
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            # An importer's Bad(line, column, value, code, params) names it fourth.
            code = node.args[3] if name == "Bad" and len(node.args) > 3 else node.args[1]
            if name in RAISERS and isinstance(code, ast.Constant) and isinstance(code.value, str):
                found.setdefault(code.value, f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_every_code_raised_has_an_english_template():
    unknown = {code: where for code, where in codes_in_source().items() if code not in TEMPLATES}
    assert unknown == {}


def test_every_template_is_raised_somewhere():
    assert set(TEMPLATES) - set(codes_in_source()) == set()


def test_a_problem_with_an_unknown_code_is_refused():
    with pytest.raises(ValueError, match="no_such_reason"):
        ValidationError("name", "no_such_reason")


def test_the_message_is_the_english_sentence_and_the_problem_keeps_code_and_values():
    error = ValidationError("name", "too_long", n=100)

    assert str(error) == "name: must be at most 100 characters"
    assert (error.field, error.reason) == ("name", "must be at most 100 characters")
    assert error.problems[0].to_json() == {"field": "name", "code": "too_long",
                                           "params": {"n": 100},
                                           "reason": "must be at most 100 characters"}


def test_problems_of_nested_records_are_named_by_their_place():
    with pytest.raises(ValidationError) as caught:
        purchases.check({"merchant": "", "ordered_at": "2025-03-14T10:30:00+01:00",
                         "channel": "web", "currency": "EUR",
                         "items": [{"name": "Roman", "category": "books", "unit_price": "1"},
                                   {"name": "BD", "category": "books", "quantity": 0,
                                    "unit_price": "1"}]},
                        now=datetime(2026, 3, 14, 10, 30, tzinfo=UTC))

    assert [(p.field, p.code, dict(p.params)) for p in caught.value.problems] == [
        ("merchant", "required", {}), ("items[1].quantity", "too_small", {"n": 1})]
