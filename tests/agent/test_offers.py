"""The offer format: what parses, and every way an offer can be malformed."""

import base64
import json

import pytest
import rfc8785
from nacl.signing import SigningKey

from agent import offers, signature
from tests.agent.builders import payload
from vault.errors import TooLarge, ValidationError
from vault.money import Money


def problems(data, **kwargs) -> list[tuple[str, str]]:
    with pytest.raises(ValidationError) as caught:
        offers.parse(data, **kwargs)
    return [(p.field, p.reason) for p in caught.value.problems]


def test_a_full_offer_parses_into_its_fields():
    offer = offers.parse(payload(
        description="Jusqu'au 30 septembre.", discount_percent=20, reward="5", price="49,90",
        valid_from="2026-03-01T09:00:00+01:00", in_reply_to_intent=3,
        place={"postcode": "69003", "city": "Lyon"}))
    assert offer.price == Money(4990, "EUR")
    assert offer.reward == Money(500, "EUR")
    assert offer.discount_percent == 20
    assert offer.place.postcode == "69003"
    assert offer.in_reply_to_intent == 3
    assert offer.valid_from.utcoffset().total_seconds() == 3600
    assert (offer.brand_key, offer.category, offer.category_key) == ("fnac", "09.7.1", "09.7.1")


def test_a_discount_alone_needs_no_currency():
    offer = offers.parse(payload(price=None, currency=None, discount_percent=15))
    assert offer.price is None and offer.discount_percent == 15


def test_an_unknown_category_is_kept_exactly_as_given():
    offer = offers.parse(payload(category="Vélos d'occasion & pièces"))
    assert offer.category == "other:Vélos d'occasion & pièces"
    assert offer.category_key == "other:velo d occasion piece"


def test_every_bad_field_is_named_at_once():
    bad = {"brand": "", "title": 3, "category": "x" * 61, "channel": "fax", "language": "fr_FR",
           "valid_until": "tomorrow", "price": "-2", "currency": "EURO", "colour": "red",
           "place": {"lat": 100, "lon": 2}, "signature": "not base64!",
           "in_reply_to_intent": "three", "discount_percent": 0}
    named = {field for field, _ in problems(bad)}
    assert named == {"brand", "title", "category", "channel", "language", "valid_until",
                     "price", "currency", "colour", "place.lat", "signature",
                     "in_reply_to_intent", "discount_percent"}


@pytest.mark.parametrize(("changes", "field", "reason"), [
    ({"title": None}, "title", "is required"),
    ({"channel": "fax"}, "channel", "must be one of: email, sms, post, app"),
    ({"valid_until": "2026-03-01T10:00:00"}, "valid_until", "must include a time zone offset"),
    ({"valid_from": "2026-05-01T00:00:00Z", "valid_until": "2026-04-01T00:00:00Z"},
     "valid_until", "must be later than valid_from"),
    ({"price": None, "currency": None}, "price", "give a price, a discount_percent, or both"),
    ({"price": "12.505"}, "price", "has more decimals than EUR allows"),
    ({"price": True}, "price", "is not an amount"),
    ({"currency": None}, "currency", "is required"),
    ({"reward": [5]}, "reward", "is not an amount"),
    ({"discount_percent": 101}, "discount_percent", "must be at most 100"),
    ({"place": "Lyon"}, "place", "must be an object"),
    ({"place": {}}, "place", "must give a postcode, a city, or lat and lon"),
    ({"place": {"lat": 45.7}}, "place", "give lat and lon together"),
    ({"place": {"city": "Lyon", "radius_km": 5}}, "place.radius_km", "needs lat and lon"),
    ({"place": {"city": "Lyon", "street": "x"}}, "place.street", "is not part of the offer"),
    ({"place": {"lat": "45", "lon": 4}}, "place.lat", "must be a number"),
    ({"signature": base64.b64encode(b"short").decode()}, "signature", "must be an Ed25519"),
    ({"signature": 12}, "signature", "must be base64 text"),
    ({"in_reply_to_intent": 0}, "in_reply_to_intent", "must be at least 1"),
    ({"language": "français"}, "language", "must be a language code"),
])
def test_a_malformed_field_is_named_with_its_reason(changes, field, reason):
    found = problems(payload(**changes))
    assert [f for f, _ in found] == [field]
    assert found[0][1].startswith(reason)


def test_an_offer_must_be_an_object():
    assert problems(["not", "an", "offer"]) == [("offer", "must be a JSON object")]


def test_through_the_api_the_brand_comes_from_the_token():
    assert offers.parse(payload(brand=None), brand="Fnac").brand == "Fnac"
    assert offers.parse(payload(brand="FNAC"), brand="Fnac").brand == "Fnac"
    assert problems(payload(brand="Darty"), brand="Fnac") == [
        ("brand", "must be the name of the brand sending it (Fnac)")]


def test_an_imported_offer_must_name_its_brand():
    assert problems(payload(brand=None)) == [("brand", "is required")]


def signed(data: dict, key: SigningKey) -> dict:
    raw = key.sign(signature.canonical(data)).signature
    return {**data, "signature": base64.b64encode(raw).decode()}


def test_canonical_json_sorts_keys_drops_the_signature_and_keeps_utf8():
    data = {"title": "Été", "brand": "B", "place": {"city": "Lyon", "b": 1},
            "signature": "xx"}
    assert signature.canonical(data) == (
        '{"brand":"B","place":{"b":1,"city":"Lyon"},"title":"Été"}'.encode())


def test_a_good_signature_holds_and_any_change_breaks_it():
    key = SigningKey(b"k" * 32)
    data = signed(payload(), key)
    public = key.verify_key.encode()
    assert signature.state(data, public) == signature.VALID
    assert signature.state({**data, "price": "1.00"}, public) == signature.INVALID
    assert signature.state(data, SigningKey(b"o" * 32).verify_key.encode()) == signature.INVALID


@pytest.mark.parametrize("place", [{"lat": 48.0, "lon": 2.5, "radius_km": 1e-7},
                                   {"city": "Lyon"}])
def test_a_signature_over_the_rfc8785_form_holds_too_and_any_change_breaks_it(place):
    key = SigningKey(b"k" * 32)
    data = payload(place=place, reward=5.0, currency="EUR")
    raw = key.sign(rfc8785.dumps(data)).signature
    sent = {**data, "signature": base64.b64encode(raw).decode()}
    public = key.verify_key.encode()

    assert signature.state(sent, public) == signature.VALID
    assert signature.state({**sent, "title": sent["title"] + "!"}, public) == signature.INVALID


def test_the_two_canonical_forms_differ_where_numbers_are_written_differently():
    data = payload(place={"lat": 48.0, "lon": 2.5, "radius_km": 1e-7})
    assert signature.signed_forms(data)[1] == rfc8785.dumps(data) != signature.canonical(data)
    assert signature.signed_forms(payload()) == [signature.canonical(payload())]


def test_a_signature_without_a_known_key_is_unchecked_and_none_is_none():
    data = signed(payload(), SigningKey(b"k" * 32))
    assert signature.state(data, None) == signature.UNCHECKED
    assert signature.state(payload(), b"x" * 32) == signature.NONE


def test_the_size_limit_counts_canonical_json_bytes():
    filler = "é" * ((offers.MAX_BYTES - len(json.dumps(payload()))) // 2)
    assert len(signature.check_size(payload(description=filler[:-20]))) <= offers.MAX_BYTES
    with pytest.raises(TooLarge, match=str(offers.MAX_BYTES)):
        signature.check_size(payload(description=filler + "éééééééééé"))


def test_a_value_json_cannot_carry_is_refused():
    with pytest.raises(ValidationError) as caught:
        signature.check_size(payload(price=float("nan")))
    assert [(p.field, p.reason) for p in caught.value.problems] == [
        ("offer", "must be plain JSON (no NaN or infinity)")]
