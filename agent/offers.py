"""An offer as a brand sends it: the JSON format, parsed and validated into an `Offer`.

The format is described in docs/offer-format.md. Validation names every bad
field at once; unknown fields are refused so a brand's typo cannot pass unseen.
Categories are kept exactly as given (no mapping to a list of known ones).
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from vault import money, validate
from vault.errors import ValidationError
from vault.money import Money

MAX_BYTES = 16 * 1024  # one offer, as JSON; larger ones are refused (HTTP 413)
CHANNELS = ("email", "sms", "post", "app")
FIELDS = frozenset({"brand", "title", "description", "category", "channel", "language",
                    "price", "discount_percent", "currency", "reward", "valid_from",
                    "valid_until", "place", "in_reply_to_intent", "signature"})
PLACE_FIELDS = frozenset({"postcode", "city", "lat", "lon", "radius_km"})
SIGNATURE_BYTES = 64
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})?$")


@dataclass(frozen=True, slots=True)
class Place:
    """Where an offer applies: a postcode or city, or a point and a radius."""

    postcode: str | None = None
    city: str | None = None
    lat: float | None = None
    lon: float | None = None
    radius_km: float | None = None


@dataclass(frozen=True, slots=True)
class Offer:
    """A well-formed offer. `brand_key` and `category_key` are the case-folded names."""

    brand: str
    title: str
    category: str
    channel: str
    language: str
    valid_until: datetime
    description: str | None = None
    price: Money | None = None  # what the consumer pays, discount included
    discount_percent: int | None = None
    reward: Money | None = None  # what the brand gives the consumer in return
    valid_from: datetime | None = None
    place: Place | None = None
    in_reply_to_intent: int | None = None
    signature: str | None = None
    brand_key: str = ""
    category_key: str = ""


def parse(payload: Any, *, brand: str | None = None) -> Offer:
    """Validate a decoded JSON offer; raise one ValidationError naming every bad field.

    `brand` is the sender known from its access token (None for an offer the
    consumer imports, which must then name its brand itself).
    """
    if not isinstance(payload, dict):
        raise ValidationError("offer", "must be a JSON object")
    v = payload.get
    problems = [(name, "is not part of the offer format") for name in sorted(set(payload) - FIELDS)]
    try:
        values = validate.collect(
            lambda: _brand(v("brand"), brand),
            lambda: validate.text("title", v("title"), max_len=120),
            lambda: validate.text("description", v("description"), required=False,
                                  max_len=2000),
            lambda: validate.text("category", v("category"), max_len=60),
            lambda: validate.choice("channel", v("channel"), CHANNELS),
            lambda: _language(v("language")),
            lambda: moment("valid_until", v("valid_until")),
            lambda: moment("valid_from", v("valid_from"), required=False),
            lambda: _place(v("place")),
            lambda: validate.integer("in_reply_to_intent", v("in_reply_to_intent"), low=1,
                                     high=2**62, required=False),
            lambda: _signature(v("signature")),
            lambda: _money_fields(payload),
        )
    except ValidationError as e:
        problems.extend(e.problems)
        values = None
    if values and values[7] is not None and values[7] >= values[6]:
        problems.append(("valid_until", "must be later than valid_from"))
    if problems:
        raise ValidationError.many(problems)
    return _offer(*values)


def _offer(brand, title, description, category, channel, language, valid_until, valid_from,
           place, reply, signature, amounts) -> Offer:
    price, discount, reward = amounts
    return Offer(brand=brand, title=title, category=category, channel=channel,
                 language=language, valid_until=valid_until, description=description,
                 price=price, discount_percent=discount, reward=reward, valid_from=valid_from,
                 place=place, in_reply_to_intent=reply, signature=signature,
                 brand_key=brand.casefold(), category_key=category.casefold())


def _brand(value: Any, sender: str | None) -> str:
    if sender is None:
        return validate.text("brand", value, max_len=100)
    given = validate.text("brand", value, required=False, max_len=100)
    if given is not None and given.casefold() != sender.casefold():
        raise ValidationError("brand", f"must be the name of the brand sending it ({sender})")
    return sender


def _language(value: Any) -> str:
    text = validate.text("language", value, max_len=20)
    if not _LANGUAGE.match(text):
        raise ValidationError("language", "must be a language code such as fr or en-GB")
    return text


def moment(field: str, value: Any, *, required: bool = True) -> datetime | None:
    """An aware date and time from ISO 8601 text with an offset (or Z)."""
    text = validate.text(field, value, required=required, max_len=40)
    if text is None:
        return None
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError as e:
        raise ValidationError(
            field, "is not a date and time (expected e.g. 2025-03-14T10:30:00+01:00)") from e
    if parsed.tzinfo is None:
        raise ValidationError(field, "must include a time zone offset such as +01:00")
    return parsed


def _money_fields(payload: dict) -> tuple[Money | None, int | None, Money | None]:
    v = payload.get
    priced = v("price") is not None or v("reward") is not None
    # Amounts are read with the currency as written, so a bad currency and a
    # bad amount are both reported at once.
    written = str(v("currency") or "EUR").upper()
    currency, discount, price, reward = validate.collect(
        lambda: validate.currency("currency", v("currency"))
        if priced or v("currency") is not None else None,
        lambda: validate.integer("discount_percent", v("discount_percent"), low=1, high=100,
                                 required=False),
        lambda: _amount("price", v("price"), written),
        lambda: _amount("reward", v("reward"), written),
    )
    if price is None and discount is None:
        raise ValidationError("price", "give a price, a discount_percent, or both")
    return (None if price is None else Money(price, currency), discount,
            None if reward is None else Money(reward, currency))


def _amount(field: str, value: Any, currency: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValidationError(field, "is not an amount (expected e.g. 12.50)")
    return money.parse(field, value, currency)


def _place(value: Any) -> Place | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ValidationError("place", "must be an object with a postcode, a city, or lat and lon")
    problems = [(f"place.{k}", "is not part of the offer format")
                for k in sorted(set(value) - PLACE_FIELDS)]
    try:
        place = Place(*validate.collect(
            lambda: validate.text("place.postcode", value.get("postcode"), required=False,
                                  max_len=12),
            lambda: validate.text("place.city", value.get("city"), required=False, max_len=100),
            lambda: _number("place.lat", value.get("lat"), -90, 90),
            lambda: _number("place.lon", value.get("lon"), -180, 180),
            lambda: _number("place.radius_km", value.get("radius_km"), 0.1, 20000),
        ))
    except ValidationError as e:
        raise ValidationError.many(problems + e.problems) from None
    problems += _place_shape(place)
    if problems:
        raise ValidationError.many(problems)
    return place


def _place_shape(place: Place) -> list[tuple[str, str]]:
    if (place.lat is None) != (place.lon is None):
        return [("place", "give lat and lon together")]
    if place.radius_km is not None and place.lat is None:
        return [("place.radius_km", "needs lat and lon")]
    if place.postcode is None and place.city is None and place.lat is None:
        return [("place", "must give a postcode, a city, or lat and lon")]
    return []


def _number(field: str, value: Any, low: float, high: float) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValidationError(field, "must be a number")
    if not low <= value <= high:
        raise ValidationError(field, f"must be between {low:g} and {high:g}")
    return float(value)


def _signature(value: Any) -> str | None:
    signature_bytes(value)
    return value


def signature_bytes(value: Any) -> bytes | None:
    """The raw signature from its base64 text (RFC 4648 section 4, padded), or None."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValidationError("signature", "must be base64 text")
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError) as e:
        raise ValidationError("signature", "must be base64 text") from e
    if len(raw) != SIGNATURE_BYTES:
        raise ValidationError("signature", f"must be an Ed25519 signature ({SIGNATURE_BYTES}"
                                           " bytes)")
    return raw
