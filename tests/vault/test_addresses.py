"""The addresses a brand registers and the scopes it names: what each check lets through.

Written to kill mutants the mutants campaign found alive (tests/proof/mutants.py):
each row is a case no other test told apart.
"""

from __future__ import annotations

import pytest

from vault import redirects, scopes
from vault.errors import ValidationError

LOGO = "data:image/png;base64,iVBORw0KGgo="


def _reason(check, *args) -> tuple[str, str, dict]:
    with pytest.raises(ValidationError) as caught:
        check(*args)
    [problem] = caught.value.problems
    return problem.field, problem.code, dict(problem.params)


def test_an_unknown_scope_is_named_in_the_refusal():
    assert _reason(scopes.parse, "profile:read admin") == ("scope", "unknown_scope",
                                                            {"scope": "admin"})


@pytest.mark.parametrize("field", ["client_uri", "logo_uri", "policy_uri"])
def test_an_empty_optional_address_is_none(field):
    assert redirects.web_address(field, "") is None
    assert redirects.web_address(field, None) is None


def test_a_logo_may_be_a_small_data_image_or_an_https_address():
    assert redirects.web_address("logo_uri", LOGO) == LOGO
    assert redirects.web_address("logo_uri", "https://brand.example/logo.png") == (
        "https://brand.example/logo.png")


@pytest.mark.parametrize("field", ["client_uri", "policy_uri"])
def test_only_the_logo_may_be_a_data_address(field):
    field_seen, code, _ = _reason(redirects.web_address, field, LOGO)
    assert field_seen == field and code != "logo"


def test_a_logo_that_is_not_text_is_refused_as_such():
    assert _reason(redirects.web_address, "logo_uri", 5)[:2] == ("logo_uri", "not_text")


@pytest.mark.parametrize("given", [None, (), ["offers:write", "profile:read"],
                                   ("profile:read",)])
def test_scopes_may_come_as_a_list_or_nothing(given):
    assert scopes.parse(given) == frozenset(given or ())


def test_scopes_are_written_once_each_in_the_canonical_order():
    assert scopes.to_text(["offers:write", "profile:read", "offers:write"]) == (
        "profile:read offers:write")


@pytest.mark.parametrize("uri", ["https://shop.example:99999/cb", "https://[::1/cb"])
def test_a_malformed_address_is_named_as_no_address(uri):
    assert _reason(redirects.check, "redirect_uris", uri) == ("redirect_uris", "not_address", {})


def test_an_address_may_be_as_long_as_the_limit_and_no_longer():
    base = "https://shop.example/"
    longest = base + "a" * (redirects.MAX_LEN - len(base))
    assert redirects.check("redirect_uris", longest) == longest  # beyond text's usual 200
    assert _reason(redirects.check, "redirect_uris", longest + "a") == (
        "redirect_uris", "too_long", {"n": redirects.MAX_LEN})


def test_an_empty_policy_address_is_none():
    assert redirects.https_address("policy_uri", "") is None
    assert redirects.https_address("policy_uri", None) is None


def test_a_data_logo_may_fill_the_limit_exactly():
    head = "data:image/png;base64,"
    largest = head + "A" * (redirects.MAX_LOGO - len(head))
    assert redirects.web_address("logo_uri", largest) == largest
    assert _reason(redirects.web_address, "logo_uri", largest + "A") == ("logo_uri", "logo", {})
