"""Why a value is refused: a reason code and its values, in plain English here.

A problem names the field, a code from `TEMPLATES` and the values its
template needs, so the interface can say it in the reader's language (the web
layer keeps its own sentence for every code); `reason` is the English
fragment ("is required") that follows the field's name in messages and in
the API. The agent's offer verdicts work the same way (agent/reasons.py).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

TEMPLATES: dict[str, str] = {
    # Any field
    "required": "is required",
    "not_text": "must be text",
    "too_long": "must be at most %(n)s characters",
    "control_characters": "must not contain control characters",
    "invisible_characters": "must not contain invisible or text-direction characters (%(char)s)",
    "one_of": "must be one of: %(values)s",
    "not_email": "is not an e-mail address (expected name@example.org)",
    "not_phone": "is not a phone number (expected e.g. +33 6 12 34 56 78)",
    "phone_country": "needs its country code (e.g. +33), or a postal address in the profile",
    "not_whole_number": "must be a whole number",
    "too_small": "must be at least %(n)s",
    "too_large": "must be at most %(n)s",
    "not_number": "must be a number",
    "between": "must be between %(low)s and %(high)s",
    "not_currency": "must be a three-letter currency code such as EUR",
    "not_amount": "is not an amount (expected e.g. 12.50)",
    "negative": "must not be negative",
    "too_many_decimals": "has more decimals than %(currency)s allows",
    # Dates and times
    "not_date": "is not a date (expected YYYY-MM-DD)",
    "not_datetime": "is not a date and time (expected e.g. 2025-03-14T10:30:00+01:00)",
    "no_offset": "must include a time zone offset such as +01:00",
    "naive_time": "must carry a time zone",
    "not_time_zone": "is not a time zone name such as Europe/Paris",
    "date_range": "must be between %(year)s and today",
    "past_date": "must be today or later",
    "not_future": "must be in the future",
    "not_hhmm": "must be a time such as 21:30",
    "same_as_start": "must differ from the start",
    "ends_before_start": "must be later than valid_from",
    # Profile and preferences
    "not_profile_field": "is not a profile field",
    "language_code": "must be a language code such as fr or en-GB",
    "time_zone": "must be a time zone such as Europe/Paris",
    "country_code": "must be a two-letter country code such as FR",
    "weight_range": "weight must be 0 to %(n)s",
    "channels_once": "must list each of %(values)s at most once",
    "duplicate_row": "already has a row (row %(n)s)",
    "passphrase_short": "is too short: use at least %(n)s characters",
    "passphrase_guessable": "is too easy to guess (%(warning)s): add a few uncommon words",
    # Backups, retention, destroying the vault
    "absolute_path": "must be a full folder path such as /media/backup/coffre",
    "vault_name": "must be the vault's name, %(name)s",
    # Orders and import files
    "no_items": "must list at least one item",
    "too_many_items": "must list at most %(n)s items",
    "not_item": "must be an object with name, category, quantity, price",
    "not_order": "must be an object with merchant, items…",
    "no_orders_list": 'must be an object with an "orders" list',
    "not_import_file": "must be a .json or .csv file in Coffre's format",
    "not_utf8": "is not UTF-8 text",
    "no_order": "holds no order",
    "bad_syntax": "is not valid %(kind)s (%(detail)s)",
    "no_header": "must be the header naming the columns",
    "missing_column": "lacks the column %(name)s",
    "unknown_column": "has an unknown column %(name)s",
    "extra_cells": "has more cells than the header",
    "repeats": "repeats %(where)s",
    "must_be": "must be %(value)s",
    "same_merchant": "must be another shop than the one kept",
    # Bank statements (CSV, OFX, CAMT.053)
    "no_bank_header": ("has no header naming a date, a label and an amount column"
                       " in its first %(n)s lines"),
    "no_date_column": "has no date column (such as Date or Date opération)",
    "no_label_column": "has no label column (such as Libellé or Description)",
    "no_amount_column": "has no amount column (Montant, or Débit and Crédit)",
    "not_bank_date": "is not a date (expected e.g. 24/11/2026 or 2026-11-24)",
    "not_bank_amount": "is not an amount (expected e.g. -12,50 or 1 234,56)",
    "no_amount": "gives no amount (debit and credit are both empty)",
    "debit_and_credit": "gives both a debit and a credit",
    "bad_encoding": "cannot be read as %(encoding)s text",
    "xml_forbidden": "declares a DTD or entities, which Coffre refuses for safety",
    "not_camt053": "is not a CAMT.053 bank statement (its root is %(root)s)",
    "not_ofx": "is not an OFX or QFX statement (it has no OFX header)",
    # Outside files (bank statements, shops' exports, generic CSV)
    "empty_file": "is empty",
    "binary_file": "is a %(kind)s, not a text export",
    "unknown_format": "is in no format Coffre reads (%(values)s)",
    "not_that_format": "is not in the %(name)s format",
    "not_encoding": "is not valid %(encoding)s text",
    "too_large_field": "holds a line or field longer than %(n)s characters; "
                       "the rest of the file was not read",
    "too_many_fields": "has %(found)s fields, more than the %(expected)s of the header",
    "too_few_fields": "has %(found)s fields, fewer than the %(expected)s of the header",
    "ambiguous_dates": "could be day first or month first, like every date of the file "
                       "(%(value)s): the recipe must say which",
    "mixed_date_forms": "is month first (%(value)s) but line %(other)s is day first",
    "date_not_in_form": "is not a date in the form %(form)s",
    "unmapped_field": "no column gives the %(name)s",
    "total_not_divisible": "cannot be split evenly between %(n)s items",
    "repeated_order": "repeats the order number of an earlier line of the file",
    # Brands, addresses, scopes and grants
    "no_redirect": "must list at least one address",
    "too_many_redirects": "must list at most %(n)s addresses",
    "scope_text": "must be space-separated text",
    "no_scope": "must name at least one scope the brand may ask for",
    "unknown_scope": "%(scope)s is not a scope of Coffre",
    "grant_types": "may only be %(values)s",
    "needs_authorization_code": "must include authorization_code",
    "too_many_contacts": "must be a list of at most %(n)s e-mail addresses",
    "not_jwks": "must be a JWK set: an object with a list of keys",
    "key_not_base64url": "holds a public key that is not base64url",
    "key_length": "holds a public key that is not %(n)s bytes long",
    "fragment": "must not contain a fragment (#)",
    "logo": "must be a PNG, JPEG, WebP or GIF image under 64 KiB",
    "address_characters": "must be an address without spaces or special characters",
    "not_address": "is not a valid address",
    "address_host": "must name a host, without user name or password",
    "https": "must start with https:// (http only for 127.0.0.1)",
    "https_only": "must start with https://",
    "widened": "can only hold what the consumer allowed when the brand asked",
    "no_scope_left": "must keep at least one scope (or revoke the grant)",
    # Sealed shares
    "share_nothing_to_read": "%(scope)s lets the brand read nothing, so a share cannot hold it",
    "share_not_granted": "%(scopes)s is outside what the brand may see now",
    "no_encryption_key": "has registered no encryption key (X25519), so nothing can be sealed "
                         "for it",
    "no_live_grant": "has no access now: a share needs an active grant covering its scopes",
    # Offers and API bodies
    "not_object": "must be a JSON object",
    "unknown_field": "is not part of the offer format",
    "not_json": "is not JSON",
    "not_plain_json": "must be plain JSON (no NaN or infinity)",
    "too_deep": "must not nest objects and lists more than %(n)s deep",
    "duplicate_key": "must name %(key)s only once in an object",
    "moment_range": "must be a date between the years %(low)s and %(high)s",
    "not_cursor": "is not a cursor this API gave out",
    "not_sender": "must be the name of the brand sending it (%(brand)s)",
    "price_or_discount": "give a price, a discount_percent, or both",
    "place_object": "must be an object with a postcode, a city, or lat and lon",
    "lat_lon_together": "give lat and lon together",
    "radius_needs_point": "needs lat and lon",
    "place_empty": "must give a postcode, a city, or lat and lon",
    "not_base64": "must be base64 text",
    "signature_length": "must be an Ed25519 signature (%(n)s bytes)",
    # Exports and the consumer's own SQL
    "not_export": "is not a Coffre export (%(detail)s)",
    "export_too_new": "was written by a newer Coffre (%(what)s): upgrade Coffre to load it",
    "export_unknown_column": "holds %(table)s.%(column)s, which this Coffre's schema lacks",
    "sql_refused": "would change the vault or reach outside it (%(what)s): coffre sql only reads",
    "sql_invalid": "is not a statement SQLite can run (%(detail)s)",
}


@dataclass(frozen=True, slots=True)
class Problem:
    """What is wrong with one field: a code from TEMPLATES and its values."""

    field: str
    code: str
    params: tuple[tuple[str, Any], ...] = ()

    def __post_init__(self) -> None:
        # A code without a template could never be shown in any language.
        if self.code not in TEMPLATES:
            raise ValueError(f"unknown reason code {self.code!r}")

    @property
    def reason(self) -> str:
        """The reason in plain English ("must be at most 100 characters")."""
        return TEMPLATES[self.code] % dict(self.params)

    def at(self, field: str) -> Problem:
        """The same problem about another field (a prefixed or relocated name)."""
        return replace(self, field=field)

    def to_json(self) -> dict[str, Any]:
        """A plain dict for the API: field, English reason, code and values."""
        return {"field": self.field, "reason": self.reason, "code": self.code,
                "params": dict(self.params)}


def problem(field: str, code: str, /, **params: Any) -> Problem:
    """A problem with its values given by name."""
    return Problem(field, code, tuple(sorted(params.items())))
