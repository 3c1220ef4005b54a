"""Template filters: amounts, dates and times in the reader's language."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

import phonenumbers
from babel.dates import format_skeleton
from babel.numbers import format_compact_currency
from babel.units import format_unit
from flask import Flask
from flask_babel import format_currency, format_date, format_decimal, format_time, get_locale

from vault import money
from web.wording import CHANNELS


def amount(minor: int | None, currency: str | None) -> str:
    """Minor units of `currency` as the reader writes money: "1 234,50 €" or "€1,234.50"."""
    if minor is None or not currency:
        return ""
    return format_currency(Decimal(minor).scaleb(-money.exponent(currency)), currency)


def plain_amount(minor: int | None, currency: str | None) -> str:
    """Minor units as a decimal a form field accepts back ("12.50"), without grouping."""
    if minor is None or not currency:
        return ""
    return str(Decimal(minor).scaleb(-money.exponent(currency)))


def day(value: date | datetime | None, style: str = "medium") -> str:
    """A calendar date in the reader's language."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    return format_date(value, style)


def moment(value: datetime | None, style: str = "medium") -> str:
    """A date and its time to the minute, in the zone it carries (where it happened)."""
    if value is None:
        return ""
    return f"{format_date(value.date(), style)}, {format_time(value.time(), 'short')}"


def month(value: date, *, long: bool = False) -> str:
    """A month with its year ("Mar 2025", "mars 2025"; long: "March 2025"), never "Mar 25"."""
    return format_skeleton("yMMMM" if long else "yMMM", value, locale=get_locale())


def whole_amount(units: float, currency: str) -> str:
    """An axis label: whole currency units with the symbol, compact ("€1.5K", "1,5 k €")."""
    return format_compact_currency(units, currency, locale=get_locale(), fraction_digits=1)


def hour(value: time) -> str:
    """A time of day in the reader's language ("10:00 PM", "22:00")."""
    return format_time(value, "short")


def number(value: int | float | None) -> str:
    """A count with the reader's digit grouping."""
    return "" if value is None else format_decimal(value)


def size(count: int) -> str:
    """A size in bytes as the reader writes it, in kB, MB or GB ("1.2 MB", "1,2 Mo")."""
    for unit, scale in (("digital-gigabyte", 1e9), ("digital-megabyte", 1e6)):
        if count >= scale:
            return format_unit(count / scale, unit, length="short", format="#,##0.#",
                               locale=get_locale())
    return format_unit(count / 1e3, "digital-kilobyte", length="short", format="#,##0.#",
                       locale=get_locale())


def phone(number: str) -> str:
    """A phone number as people write it ("+33 6 12 34 56 78"); as stored if unreadable."""
    try:
        parsed = phonenumbers.parse(number, None)
    except phonenumbers.NumberParseException:
        return number  # kept as typed before numbers were normalised
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def _names() -> dict:
    return {"channel_names": dict(CHANNELS)}


def init_app(app: Flask) -> None:
    """Register the filters, and the names of purchase channels for every template."""
    for f in (amount, plain_amount, day, moment, hour, number, size, phone):
        app.add_template_filter(f)
    app.context_processor(_names)
