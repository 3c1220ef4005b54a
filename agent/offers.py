"""An offer as a brand sends it: the JSON format, parsed and validated into an `Offer`.

The format is described in docs/offer-format.md. Validation names every bad
field at once; unknown fields are refused so a brand's typo cannot pass unseen.
A category is resolved through the vocabulary (vault.categories) on receipt: a code or
a word in either language becomes its code; a word it lacks is kept as "other:<word>".
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from vault import categories, money, validate
from vault.errors import ValidationError
from vault.money import Money

MAX_BYTES = 16 * 1024  # one offer, as JSON; larger ones are refused (HTTP 413)
CHANNELS = ("email", "sms", "post", "app")
# The limits below are the format: `parse` checks them and `json_schema` publishes them.
TEXTS = {"brand": 100, "title": 120, "description": 2000,  # longest allowed
         "category": validate.MAX_CATEGORY}
CATEGORY_DESCRIPTION = (  # docs/categories.md
    "A code of Coffre's category vocabulary (COICOP 2018, e.g. 09.7.1) or a word in English "
    "or French (\"books\", \"livres\"), matched without regard to case and accents. A word "
    "matching no category is kept as \"other:<word>\".")
REQUIRED = ("title", "category", "channel", "language", "valid_until")
DISCOUNT = (1, 100)
INTENT_IDS = (1, 2**62)
MOMENT_LENGTH = 40
LANGUAGE_LENGTH = 20
PLACE_TEXTS = {"postcode": 12, "city": 100}
PLACE_NUMBERS = {"lat": (-90, 90), "lon": (-180, 180), "radius_km": (0.1, 20000)}
FIELDS = frozenset({*TEXTS, "channel", "language", "price", "discount_percent", "currency",
                    "reward", "valid_from", "valid_until", "place", "in_reply_to_intent",
                    "signature"})
PLACE_FIELDS = frozenset({*PLACE_TEXTS, *PLACE_NUMBERS})
SIGNATURE_BYTES = 64
# Moments outside these years are refused: near year 1 or 9999 a time zone
# conversion would leave the calendar (and nobody means them).
FIRST_YEAR, LAST_YEAR = 1970, 9000
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
    """A well-formed offer. `brand_key` is the case-folded brand; `category` its stored form.

    `category_lineage` holds the category's key and those of every category above it,
    narrowest first (vault.categories.lineage): what the agent's rules look up.
    """

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
    category_lineage: tuple[str, ...] = ()

    @property
    def category_key(self) -> str:
        """The category as compared: its code, or its other word in a normal form."""
        return self.category_lineage[0]


def parse(payload: Any, *, brand: str | None = None) -> Offer:
    """Validate a decoded JSON offer; raise one ValidationError naming every bad field.

    `brand` is the sender known from its access token (None for an offer the
    consumer imports, which must then name its brand itself).
    """
    if not isinstance(payload, dict):
        raise ValidationError("offer", "not_object")
    v = payload.get
    problems = validate.Problems()
    for name in sorted(set(payload) - FIELDS):
        problems.add(name, "unknown_field")
    values = problems.attempt(lambda: validate.collect(
        lambda: _brand(v("brand"), brand),
        lambda: validate.visible_text("title", v("title"), max_len=TEXTS["title"]),
        lambda: validate.visible_text("description", v("description"), required=False,
                                      max_len=TEXTS["description"]),
        lambda: validate.category("category", v("category")),
        lambda: validate.choice("channel", v("channel"), CHANNELS),
        lambda: _language(v("language")),
        lambda: moment("valid_until", v("valid_until")),
        lambda: moment("valid_from", v("valid_from"), required=False),
        lambda: _place(v("place")),
        lambda: validate.integer("in_reply_to_intent", v("in_reply_to_intent"),
                                 low=INTENT_IDS[0], high=INTENT_IDS[1], required=False),
        lambda: _signature(v("signature")),
        lambda: _money_fields(payload),
    ))
    if values and values[7] is not None and values[7] >= values[6]:
        problems.add("valid_until", "ends_before_start")
    problems.raise_any()
    return _offer(*values)


def _offer(brand, title, description, category, channel, language, valid_until, valid_from,
           place, reply, signature, amounts) -> Offer:
    price, discount, reward = amounts
    return Offer(brand=brand, title=title, category=category, channel=channel,
                 language=language, valid_until=valid_until, description=description,
                 price=price, discount_percent=discount, reward=reward, valid_from=valid_from,
                 place=place, in_reply_to_intent=reply, signature=signature,
                 brand_key=brand.casefold(), category_lineage=categories.lineage(category))


def _brand(value: Any, sender: str | None) -> str:
    if sender is None:
        return validate.visible_text("brand", value, max_len=TEXTS["brand"])
    given = validate.visible_text("brand", value, required=False, max_len=TEXTS["brand"])
    if given is not None and given.casefold() != sender.casefold():
        raise ValidationError("brand", "not_sender", brand=sender)
    return sender


def _language(value: Any) -> str:
    text = validate.text("language", value, max_len=LANGUAGE_LENGTH)
    if not _LANGUAGE.match(text):
        raise ValidationError("language", "language_code")
    return text


def moment(field: str, value: Any, *, required: bool = True) -> datetime | None:
    """An aware date and time from ISO 8601 text with an offset (or Z)."""
    text = validate.text(field, value, required=required, max_len=MOMENT_LENGTH)
    if text is None:
        return None
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError as e:
        raise ValidationError(field, "not_datetime") from e
    if parsed.tzinfo is None:
        raise ValidationError(field, "no_offset")
    try:
        year = parsed.astimezone(UTC).year
    except OverflowError:
        year = None
    if year is None or not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError(field, "moment_range", low=FIRST_YEAR, high=LAST_YEAR)
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
        lambda: validate.integer("discount_percent", v("discount_percent"), low=DISCOUNT[0],
                                 high=DISCOUNT[1], required=False),
        lambda: _amount("price", v("price"), written),
        lambda: _amount("reward", v("reward"), written),
    )
    if price is None and discount is None:
        raise ValidationError("price", "price_or_discount")
    return (None if price is None else Money(price, currency), discount,
            None if reward is None else Money(reward, currency))


def _amount(field: str, value: Any, currency: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValidationError(field, "not_amount")
    return money.parse(field, value, currency)


def _place(value: Any) -> Place | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ValidationError("place", "place_object")
    problems = validate.Problems()
    for name in sorted(set(value) - PLACE_FIELDS):
        problems.add(f"place.{name}", "unknown_field")
    fields = problems.attempt(lambda: validate.collect(
        *(lambda n=name, most=most: validate.text(f"place.{n}", value.get(n), required=False,
                                                  max_len=most)
          for name, most in PLACE_TEXTS.items()),
        *(lambda n=name, low=low, high=high: _number(f"place.{n}", value.get(n), low, high)
          for name, (low, high) in PLACE_NUMBERS.items()),
    ))
    if fields is not None:
        problems.attempt(lambda: _place_shape(Place(*fields)))
    problems.raise_any()
    return Place(*fields)


def _place_shape(place: Place) -> None:
    if (place.lat is None) != (place.lon is None):
        raise ValidationError("place", "lat_lon_together")
    if place.radius_km is not None and place.lat is None:
        raise ValidationError("place.radius_km", "radius_needs_point")
    if place.postcode is None and place.city is None and place.lat is None:
        raise ValidationError("place", "place_empty")


def _number(field: str, value: Any, low: float, high: float) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValidationError(field, "not_number")
    if not low <= value <= high:
        raise ValidationError(field, "between", low=f"{low:g}", high=f"{high:g}")
    return float(value)


def _signature(value: Any) -> str | None:
    signature_bytes(value)
    return value


def signature_bytes(value: Any) -> bytes | None:
    """The raw signature from its base64 text (RFC 4648 section 4, padded), or None."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValidationError("signature", "not_base64")
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError) as e:
        raise ValidationError("signature", "not_base64") from e
    if len(raw) != SIGNATURE_BYTES:
        raise ValidationError("signature", "signature_length", n=SIGNATURE_BYTES)
    return raw


_TEXT_PATTERN = r"^[^\x00-\x1f]*\S[^\x00-\x1f]*$"  # not blank, no control character


def json_schema() -> dict[str, Any]:
    """The offer format as JSON Schema (2020-12, as in OpenAPI 3.1), from the limits above.

    What JSON Schema cannot say (an end after the start, a brand that is the
    sender, a point with its radius) is left to `parse`.
    """
    properties: dict[str, Any] = {name: _text(most) for name, most in TEXTS.items()}
    properties["category"]["description"] = CATEGORY_DESCRIPTION
    properties.update(
        channel={"enum": list(CHANNELS)},
        language={"type": "string", "pattern": _LANGUAGE.pattern, "maxLength": LANGUAGE_LENGTH},
        price=_AMOUNT_SCHEMA, reward=_AMOUNT_SCHEMA,
        discount_percent=_whole(*DISCOUNT),
        currency={"type": "string", "pattern": "^[A-Za-z]{3}$"},
        valid_from=_MOMENT, valid_until=_MOMENT,
        place={"type": "object", "additionalProperties": False, "minProperties": 1,
               "properties": {**{n: _text(most) for n, most in PLACE_TEXTS.items()},
                              **{n: {"type": "number", "minimum": low, "maximum": high}
                                 for n, (low, high) in PLACE_NUMBERS.items()}}},
        in_reply_to_intent=_whole(*INTENT_IDS),
        signature={"type": "string", "pattern": f"^[A-Za-z0-9+/]{{{_SIGNATURE_CHARS - 2}}}==$",
                   "description": "Ed25519 signature (base64) with the registered key"},
    )
    return {"type": "object", "description": "An offer in Coffre's offer format "
            "(docs/offer-format.md). Through the API the brand is the sender: `brand` may be "
            "left out. Give a price, a discount_percent, or both; unknown fields are refused.",
            "required": list(REQUIRED), "additionalProperties": False,
            "properties": dict(sorted(properties.items())),
            "anyOf": [{"required": ["price"]}, {"required": ["discount_percent"]}],
            "dependentRequired": {"price": ["currency"], "reward": ["currency"]}}


def _text(most: int) -> dict[str, Any]:
    return {"type": "string", "pattern": _TEXT_PATTERN, "maxLength": most}


def _whole(low: int, high: int) -> dict[str, Any]:
    return {"type": "integer", "minimum": low, "maximum": high}


_SIGNATURE_CHARS = 4 * -(-SIGNATURE_BYTES // 3)  # base64 with padding
_MOMENT = {"type": "string", "format": "date-time", "maxLength": MOMENT_LENGTH}
# Text is read exactly; a JSON number is read through its shortest form (docs/offer-format.md).
_AMOUNT_SCHEMA = {"type": ["string", "number"], "pattern": money.AMOUNT.pattern.replace("-?", ""),
                  "minimum": 0, "maximum": 10**12 - 1}
