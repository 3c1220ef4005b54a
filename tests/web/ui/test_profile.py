"""Profile page: identity, e-mails, phones, addresses, merchant identifiers."""

from __future__ import annotations

import pytest

from tests.web.helpers import text
from tests.web.ui.helpers import error_beside
from vault import profile


def test_empty_profile_page_offers_every_form(owner):
    page = text(owner.get("/profile"))
    for form in ("/profile/identity", "/profile/emails", "/profile/phones",
                 "/profile/addresses", "/profile/merchant-ids"):
        assert f'action="{form}"' in page


def test_identity_is_saved_and_shown(owner, store_of):
    response = owner.post("/profile/identity", data={
        "identity-given_name": "Camille", "identity-family_name": "Martin",
        "identity-birth_date": "1988-05-17", "identity-gender": "female",
        "identity-income_band": "", "identity-language": "fr"})

    assert response.status_code == 302
    assert profile.get_identity(store_of).given_name == "Camille"
    assert 'value="Camille"' in text(owner.get("/profile"))


def test_bad_identity_comes_back_filled_with_the_error_beside_it(owner, store_of):
    response = owner.post("/profile/identity", data={
        "identity-given_name": "Camille", "identity-birth_date": "2999-01-01",
        "identity-gender": "", "identity-income_band": "", "identity-language": ""})

    assert response.status_code == 422
    assert "between 1900 and today" in error_beside(response, "identity-birth_date")
    assert 'value="Camille"' in text(response)
    assert profile.get_identity(store_of).given_name is None


@pytest.mark.parametrize(("kind", "data", "field"), [
    ("emails", {"emails-address": "not-an-address"}, "emails-address"),
    ("phones", {"phones-number": "call me"}, "phones-number"),
    ("addresses", {"addresses-line1": "1 rue X", "addresses-city": "",
                   "addresses-country": "FR"}, "addresses-city"),
    ("merchant-ids", {"merchant_ids-merchant": "Fnac", "merchant_ids-kind": "loyalty_card",
                      "merchant_ids-value": ""}, "merchant_ids-value"),
])
def test_bad_contact_is_refused_beside_its_field(owner, store_of, kind, data, field):
    response = owner.post(f"/profile/{kind}", data=data)

    assert response.status_code == 422
    assert error_beside(response, field)
    got = profile.get(store_of)
    assert not (got.emails or got.phones or got.addresses or got.merchant_ids)


def test_add_and_remove_an_email(owner, store_of):
    response = owner.post("/profile/emails", data={"emails-address": "c@example.org",
                                                   "emails-label": "perso"})
    assert response.status_code == 302
    email = profile.get(store_of).emails[0]
    assert (email.address, email.is_primary) == ("c@example.org", True)

    owner.post(f"/profile/emails/{email.id}/remove", data={"confirmed": "yes"})

    assert profile.get(store_of).emails == []


def test_without_javascript_removing_asks_on_a_page_first(owner, store_of):
    owner.post("/profile/emails", data={"emails-address": "c@example.org"})
    email = profile.get(store_of).emails[0]

    response = owner.post(f"/profile/emails/{email.id}/remove")

    html = text(response)
    assert response.status_code == 200 and "Are you sure?" in html
    assert "Remove c@example.org from your profile?" in html
    assert 'name="confirmed" value="yes"' in html
    assert profile.get(store_of).emails == [email]
    assert owner.post("/profile/emails/999/remove").status_code == 404


def test_the_same_loyalty_card_twice_is_refused(owner, store_of):
    data = {"merchant_ids-merchant": "Fnac", "merchant_ids-kind": "loyalty_card",
            "merchant_ids-value": "123"}
    owner.post("/profile/merchant-ids", data=data)

    response = owner.post("/profile/merchant-ids", data=data)

    assert response.status_code == 422
    assert "already" in text(response)
    assert len(profile.get(store_of).merchant_ids) == 1


def test_change_an_address(owner, store_of):
    address_id = profile.add_address(store_of, {"line1": "1 rue A", "city": "Lyon",
                                                "country": "FR"})
    bad = owner.post(f"/profile/addresses/{address_id}/edit",
                     data={"line1": "2 rue B", "city": "Lyon", "country": "France"})
    assert bad.status_code == 422
    assert "2 characters" in error_beside(bad, "country")
    assert profile.get(store_of).addresses[0].line1 == "1 rue A"

    good = owner.post(f"/profile/addresses/{address_id}/edit",
                      data={"line1": "2 rue B", "city": "Lyon", "country": "fr"})

    assert good.status_code == 302
    assert profile.get(store_of).addresses[0].line1 == "2 rue B"


def test_unknown_address_and_kind_are_not_found(owner):
    assert owner.get("/profile/addresses/999/edit").status_code == 404
    assert owner.post("/profile/spouses").status_code == 404


def test_the_same_phone_typed_two_ways_is_one_number(owner, store_of):
    profile.add_address(store_of, {"line1": "1 rue A", "city": "Lyon", "country": "FR"})
    first = owner.post("/profile/phones", data={"phones-number": "+33 6 12 34 56 78"})
    assert first.status_code == 302

    again = owner.post("/profile/phones", data={"phones-number": "06.12.34.56.78"})

    assert again.status_code == 422 and "in your profile already" in text(again)
    assert [p.number for p in profile.get(store_of).phones] == ["+33612345678"]
    assert "+33 6 12 34 56 78" in text(owner.get("/profile"))


def test_a_national_number_takes_the_country_of_the_profile(owner, store_of):
    profile.add_address(store_of, {"line1": "Rue Neuve 1", "city": "Bruxelles",
                                   "country": "BE"})

    owner.post("/profile/phones", data={"phones-number": "0470 12 34 56"})

    assert [p.number for p in profile.get(store_of).phones] == ["+32470123456"]


def test_a_national_number_without_a_country_says_what_to_add(owner, store_of):
    response = owner.post("/profile/phones", data={"phones-number": "06 12 34 56 78"})

    assert response.status_code == 422
    assert "country code" in error_beside(response, "phones-number")
    assert profile.get(store_of).phones == []


def _email(store):
    return profile.add_email(store, "c@example.org", label="perso")


def _phone(store):
    return profile.add_phone(store, "+33 6 12 34 56 78", label="mobile")


def _card(store):
    return profile.add_merchant_id(store, "Fnac", "loyalty_card", "123")


@pytest.mark.parametrize(("kind", "add", "bad", "good", "seen"), [
    ("emails", _email, {"address": "nope"}, {"address": "camille@example.org", "label": "perso"},
     lambda p: p.emails[0].address == "camille@example.org"),
    ("phones", _phone, {"number": "call me"}, {"number": "+33 6 98 76 54 32", "label": "pro"},
     lambda p: (p.phones[0].number, p.phones[0].label) == ("+33698765432", "pro")),
    ("merchant-ids", _card, {"merchant": "Fnac", "kind": "loyalty_card", "value": ""},
     {"merchant": "Fnac", "kind": "loyalty_card", "value": "456"},
     lambda p: p.merchant_ids[0].value == "456"),
])
def test_change_an_email_a_phone_or_a_loyalty_card(owner, store_of, kind, add, bad, good, seen):
    record_id = add(store_of)
    assert f'href="/profile/{kind}/{record_id}/edit"' in text(owner.get("/profile"))
    before = profile.get(store_of)

    refused = owner.post(f"/profile/{kind}/{record_id}/edit", data=bad)
    assert refused.status_code == 422 and "error" in text(refused)
    assert profile.get(store_of) == before

    saved = owner.post(f"/profile/{kind}/{record_id}/edit", data=good)

    assert saved.status_code == 302
    assert seen(profile.get(store_of))
    assert len(profile.get(store_of).__dict__[kind.replace("-", "_")]) == 1


def test_changing_a_phone_to_one_already_there_is_refused(owner, store_of):
    _phone(store_of)
    other = profile.add_phone(store_of, "+33 6 98 76 54 32")

    response = owner.post(f"/profile/phones/{other}/edit", data={"number": "+33612345678"})

    assert response.status_code == 422 and "in your profile already" in text(response)
    assert [p.number for p in profile.get(store_of).phones] == ["+33612345678", "+33698765432"]
