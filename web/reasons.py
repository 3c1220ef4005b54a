"""The vault's reasons as sentences in the reader's language, looked up by reason code.

The vault says a field "is required" (code `required`); beside that field the
reader sees "This is required." in their language. Every code of
vault/reasons.py has its sentence here (tests/web/test_reasons.py checks it,
and that French has each one).
"""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l

from vault.reasons import Problem

_JSON_OBJECT = _l("This must be a JSON object in Coffre's format (see the example below).")

SENTENCES = {
    # Any field
    "required": _l("This is required."),
    "not_text": _l("Type some text here."),
    "too_long": _l("Use at most %(n)s characters."),
    "control_characters": _l("Remove the invisible control characters."),
    "invisible_characters": _l("Remove the invisible or text-direction character (%(char)s)."),
    "one_of": _l("Choose one of: %(values)s."),
    "not_email": _l("This is not an e-mail address (expected name@example.org)."),
    "not_phone": _l("This is not a phone number (expected e.g. +33 6 12 34 56 78)."),
    "phone_country": _l("Start with the country code, such as +33, or add a postal address"
                        " to your profile first."),
    "not_whole_number": _l("Type a whole number."),
    "too_small": _l("Use %(n)s or more."),
    "too_large": _l("Use %(n)s or less."),
    "not_number": _l("Type a number."),
    "between": _l("Use a number from %(low)s to %(high)s."),
    "not_currency": _l("Use a three-letter currency code such as EUR."),
    "not_amount": _l("This is not an amount (expected e.g. 12.50)."),
    "negative": _l("An amount cannot be negative."),
    "too_many_decimals": _l("Too many decimals for %(currency)s."),
    # Dates and times
    "not_date": _l("This is not a date (expected YYYY-MM-DD)."),
    "not_datetime": _l("This is not a date and time (expected e.g. 2025-03-14T10:30:00+01:00)."),
    "no_offset": _l("Add a time zone offset such as +01:00."),
    "naive_time": _l("Give the time with its time zone."),
    "not_time_zone": _l("Use a time zone name such as Europe/Paris."),
    "date_range": _l("Use a date between %(year)s and today."),
    "past_date": _l("Use today or a later date."),
    "not_future": _l("Choose a time in the future."),
    "not_hhmm": _l("Use a time such as 21:30."),
    "same_as_start": _l("The end must differ from the start."),
    "ends_before_start": _l("The end must come after the start (valid_from)."),
    # Profile and preferences
    "not_profile_field": _l("This is not a field of the profile."),
    "language_code": _l("Use a language code such as fr or en-GB."),
    "time_zone": _l("Choose a time zone from the list, such as Europe/Paris."),
    "country_code": _l("Use a two-letter country code such as FR."),
    "weight_range": _l("Use a weight from 0 to %(n)s."),
    "channels_once": _l("Name each of %(values)s at most once."),
    "duplicate_row": _l("This category already has a row (row %(n)s): change that one instead."),
    "passphrase_short": _l("Too short: use at least %(n)s characters."),
    "passphrase_guessable": _l("Too easy to guess: add a few uncommon words, or make it longer."),
    # Backups, retention, destroying the vault
    "absolute_path": _l("Type the full path of a folder, such as /media/backup/coffre."),
    "vault_name": _l("Type the vault's name exactly: %(name)s."),
    # Orders and import files
    "no_items": _l("Add at least one item."),
    "too_many_items": _l("An order can list at most %(n)s items."),
    "not_item": _JSON_OBJECT,
    "not_order": _JSON_OBJECT,
    "no_orders_list": _JSON_OBJECT,
    "not_import_file": _l("Choose a .json or .csv file in Coffre's format."),
    "not_utf8": _l("The file is not UTF-8 text: save it as UTF-8, then upload it again."),
    "no_order": _l("The file holds no order."),
    "bad_syntax": _l("This is not valid %(kind)s (%(detail)s)."),
    "no_header": _l("The first line must be the header naming the columns."),
    "missing_column": _l("The column %(name)s is missing."),
    "unknown_column": _l("The column %(name)s is unknown."),
    "extra_cells": _l("This row has more cells than the header."),
    "repeats": _l("The same shop and order number appear at %(where)s too."),
    "must_be": _l("This must be %(value)s."),
    "same_merchant": _l("Choose another shop than the one you keep."),
    # Bank statements (CSV, OFX, CAMT.053)
    "no_bank_header": _l("No header names a date, a label and an amount column in the first "
                         "%(n)s lines: is this a bank statement?"),
    "no_date_column": _l("No column holds the date (such as Date or Date opération)."),
    "no_label_column": _l("No column holds the label (such as Libellé or Description)."),
    "no_amount_column": _l("No column holds the amount (Montant, or Débit and Crédit)."),
    "not_bank_date": _l("This is not a date (expected e.g. 24/11/2026 or 2026-11-24)."),
    "not_bank_amount": _l("This is not an amount (expected e.g. -12,50 or 1 234,56)."),
    "no_amount": _l("This line gives no amount: debit and credit are both empty."),
    "debit_and_credit": _l("This line gives both a debit and a credit."),
    "bad_encoding": _l("This cannot be read as %(encoding)s text."),
    "xml_forbidden": _l("The file declares a DTD or entities, which Coffre refuses for safety."),
    "not_camt053": _l("This is not a CAMT.053 bank statement (its root is %(root)s)."),
    "not_ofx": _l("This is not an OFX or QFX statement: it has no OFX header."),
    # Outside files (bank statements, shops' exports, generic CSV)
    "empty_file": _l("The file is empty."),
    "binary_file": _l("This file is a %(kind)s, not an export: choose the CSV or statement file "
                      "itself."),
    "unknown_format": _l("Coffre does not recognise this file's format (it reads %(values)s)."),
    "not_that_format": _l("This file is not in the %(name)s format: choose another format, "
                           "or automatic."),
    "not_encoding": _l("This line is not valid %(encoding)s text: the file may be damaged or "
                       "in another encoding."),
    "too_large_field": _l("A line or field is longer than %(n)s characters; the rest of the "
                          "file was not read."),
    "too_many_fields": _l("This row has %(found)s fields, more than the %(expected)s of the "
                          "header."),
    "too_few_fields": _l("This row has %(found)s fields, fewer than the %(expected)s of the "
                         "header."),
    "ambiguous_dates": _l("Every date of the file, like %(value)s, could be day first or month "
                          "first: say which in the recipe."),
    "mixed_date_forms": _l("This date is month first (%(value)s) but line %(other)s is day "
                           "first."),
    "date_not_in_form": _l("This is not a date in the form %(form)s."),
    "unmapped_field": _l("Choose the column that gives the %(name)s."),
    "total_not_divisible": _l("This total cannot be split evenly between %(n)s items."),
    "repeated_order": _l("This order number is already on an earlier line of the file."),
    # Brands, addresses, scopes and grants
    "no_redirect": _l("Give at least one address."),
    "too_many_redirects": _l("Give at most %(n)s addresses."),
    "scope_text": _l("Separate the scopes with spaces."),
    "no_scope": _l("Name at least one scope the brand may ask for."),
    "unknown_scope": _l("%(scope)s is not a scope of Coffre."),
    "grant_types": _l("Use only %(values)s."),
    "needs_authorization_code": _l("Include authorization_code."),
    "too_many_contacts": _l("Give a list of at most %(n)s e-mail addresses."),
    "not_jwks": _l("This must be a JWK set: an object with a list of keys."),
    "key_not_base64url": _l("The public key is not base64url."),
    "key_length": _l("The public key is not %(n)s bytes long."),
    "fragment": _l("Remove the fragment (#) from this address."),
    # Sealed shares
    "share_nothing_to_read": _l("%(scope)s lets the brand read nothing: leave it out of the "
                                "copy."),
    "share_not_granted": _l("The brand may not see %(scopes)s now: tick only what it may see, "
                            "or ask it to request more."),
    "no_encryption_key": _l("This brand has registered no encryption key, so nothing can be "
                            "sealed for it. Ask it to register one (see docs/shares.md)."),
    "no_live_grant": _l("This brand has no access now: a sealed copy needs an active access "
                        "covering what it holds."),
    "logo": _l("Use a PNG, JPEG, WebP or GIF image under 64 KiB."),
    "address_characters": _l("Type an address without spaces or special characters."),
    "not_address": _l("This is not a valid address."),
    "address_host": _l("Name a host, without a user name or password."),
    "https": _l("Start the address with https:// (http only for 127.0.0.1)."),
    "https_only": _l("Start the address with https://."),
    "widened": _l("You can give back only what you allowed when the brand asked; for more, "
                  "it must ask you again."),
    "no_scope_left": _l("Keep at least one scope, or revoke the access."),
    # Offers and API bodies
    "not_object": _l("This must be a JSON object."),
    "unknown_field": _l("This is not part of the offer format."),
    "not_json": _l("This is not JSON."),
    "not_plain_json": _l("This must be plain JSON (no NaN or infinity)."),
    "too_deep": _l("This nests objects and lists too deep: at most %(n)s levels."),
    "duplicate_key": _l("This names %(key)s twice in one object: name it once."),
    "moment_range": _l("Use a date between the years %(low)s and %(high)s."),
    "not_cursor": _l("This is not a cursor this API gave out."),
    "not_sender": _l("This must be the name of the brand sending it (%(brand)s)."),
    "price_or_discount": _l("Give a price, a discount_percent, or both."),
    "place_object": _l("This must be an object with a postcode, a city, or lat and lon."),
    "lat_lon_together": _l("Give lat and lon together."),
    "radius_needs_point": _l("A radius needs lat and lon."),
    "place_empty": _l("Give a postcode, a city, or lat and lon."),
    "not_base64": _l("This must be base64 text."),
    "signature_length": _l("This must be an Ed25519 signature (%(n)s bytes)."),
    # Exports and the consumer's own SQL
    "not_export": _l("This is not a Coffre export (%(detail)s)."),
    "export_too_new": _l("A newer Coffre wrote this export (%(what)s): upgrade Coffre to load "
                         "it."),
    "export_unknown_column": _l("This export holds %(table)s.%(column)s, which this Coffre does "
                                "not know: upgrade Coffre to load it."),
    "sql_refused": _l("This would change the vault or reach outside it (%(what)s): coffre sql "
                      "only reads."),
    "sql_invalid": _l("SQLite cannot run this statement (%(detail)s)."),
}

# Where a problem is in an import file ("line 12, order 3: channel"), as the vault
# writes it; the numbers are the only part that is not a fixed word.
_PLACE = re.compile(r"\b(line|column|order) (\d+)")
_PLACES = {"line": _l("line %(n)s"), "column": _l("column %(n)s"), "order": _l("order %(n)s")}


def sentence(problem: Problem) -> str:
    """The problem's reason as a sentence in the reader's language."""
    params = dict(problem.params)
    if "where" in params:
        params["where"] = place(params["where"])
    return str(SENTENCES[problem.code]) % params


def place(where: str) -> str:
    """A location in a file ("line 12, order 3: channel") in the reader's language."""
    return _PLACE.sub(lambda m: str(_PLACES[m[1]]) % {"n": m[2]}, where)
