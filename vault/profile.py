"""The consumer's profile: identity, contacts, addresses and merchant identifiers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from vault import validate
from vault.errors import NotFound, ValidationError
from vault.provenance import MANUAL, Provenance
from vault.store import Store

GENDERS = ("female", "male", "non_binary", "prefer_not_to_say")
INCOME_BANDS = ("under_20k", "20k_40k", "40k_60k", "60k_100k", "over_100k")
MERCHANT_ID_KINDS = ("loyalty_card", "customer_number", "account", "other")
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Z]{2})?$")
IDENTITY_FIELDS = ("given_name", "family_name", "birth_date", "gender", "profession",
                   "income_band", "language")


@dataclass(frozen=True)
class Identity:
    """Who the consumer is; every field optional."""

    given_name: str | None = None
    family_name: str | None = None
    birth_date: date | None = None
    gender: str | None = None
    profession: str | None = None
    income_band: str | None = None
    language: str | None = None


@dataclass(frozen=True)
class Email:
    """An e-mail address of the consumer's."""

    id: int
    address: str
    label: str | None
    is_primary: bool
    provenance: Provenance


@dataclass(frozen=True)
class Phone:
    """A phone number of the consumer's."""

    id: int
    number: str
    label: str | None
    provenance: Provenance


@dataclass(frozen=True)
class Address:
    """A postal address of the consumer's."""

    id: int
    label: str | None
    line1: str
    line2: str | None
    postcode: str | None
    city: str
    region: str | None
    country: str
    provenance: Provenance


@dataclass(frozen=True)
class MerchantId:
    """How a merchant knows the consumer: a loyalty card, a customer number…"""

    id: int
    merchant: str
    kind: str
    value: str
    provenance: Provenance


@dataclass(frozen=True)
class Profile:
    """Everything in the profile."""

    identity: Identity
    emails: list[Email] = field(default_factory=list)
    phones: list[Phone] = field(default_factory=list)
    addresses: list[Address] = field(default_factory=list)
    merchant_ids: list[MerchantId] = field(default_factory=list)


def get(store: Store) -> Profile:
    """The whole profile (empty fields when nothing was entered yet)."""
    return Profile(
        identity=get_identity(store),
        emails=[Email(r["id"], r["address"], r["label"], bool(r["is_primary"]),
                      Provenance.from_row(r))
                for r in store.all("select * from profile_emails order by is_primary desc, id")],
        phones=[Phone(r["id"], r["number"], r["label"], Provenance.from_row(r))
                for r in store.all("select * from profile_phones order by id")],
        addresses=[Address(r["id"], r["label"], r["line1"], r["line2"], r["postcode"], r["city"],
                           r["region"], r["country"], Provenance.from_row(r))
                   for r in store.all("select * from profile_addresses order by id")],
        merchant_ids=[MerchantId(r["id"], r["merchant"], r["kind"], r["value"],
                                 Provenance.from_row(r))
                      for r in store.all("select * from merchant_ids order by merchant, id")],
    )


def get_identity(store: Store) -> Identity:
    """The identity part of the profile."""
    row = store.one("select * from profile where id = 1")
    if row is None:
        return Identity()
    values = {name: row[name] for name in IDENTITY_FIELDS}
    if values["birth_date"]:
        values["birth_date"] = date.fromisoformat(values["birth_date"])
    return Identity(**values)


def check_identity(values: dict[str, Any], *, today: date) -> Identity:
    """Validate identity fields; raise one ValidationError listing every bad field."""
    unknown = set(values) - set(IDENTITY_FIELDS)
    if unknown:
        raise ValidationError(sorted(unknown)[0], "not_profile_field")
    v = values.get
    cleaned = validate.collect(
        lambda: validate.text("given_name", v("given_name"), required=False, max_len=100),
        lambda: validate.text("family_name", v("family_name"), required=False, max_len=100),
        lambda: _birth_date(v("birth_date"), today),
        lambda: validate.choice("gender", v("gender"), GENDERS, required=False),
        lambda: validate.text("profession", v("profession"), required=False, max_len=100),
        lambda: validate.choice("income_band", v("income_band"), INCOME_BANDS, required=False),
        lambda: _language(v("language")),
    )
    return Identity(*cleaned)


def _birth_date(value: Any, today: date) -> date | None:
    born = validate.day("birth_date", value, required=False)
    if born is not None and not (date(1900, 1, 1) <= born <= today):
        raise ValidationError("birth_date", "date_range", year=1900)
    return born


def _language(value: Any) -> str | None:
    value = validate.text("language", value, required=False, max_len=10)
    if value is not None and not _LANGUAGE.match(value):
        raise ValidationError("language", "language_code")
    return value


def set_identity(store: Store, values: dict[str, Any], *, now: datetime,
                 provenance: Provenance = MANUAL) -> Identity:
    """Replace the identity with `values` (absent fields become empty). Raises ValidationError."""
    identity = check_identity(values, today=now.date())
    row = [getattr(identity, f) for f in IDENTITY_FIELDS]
    row[2] = identity.birth_date.isoformat() if identity.birth_date else None
    with store.atomic():
        store.execute("delete from profile")
        # Our column names and one ? per column; the values are bound parameters.
        columns, marks = ", ".join(IDENTITY_FIELDS), ", ".join("?" * len(IDENTITY_FIELDS))
        store.execute(
            f"insert into profile (id, {columns}, source, source_ref, added_at)"  # noqa: S608
            f" values (1, {marks}, ?, ?, ?)",
            (*row, *provenance.columns(now)),
        )
    return identity


def _email_values(address: Any, label: Any) -> dict[str, Any]:
    address, label = validate.collect(lambda: validate.email("address", address),
                                      lambda: _label(label))
    return {"address": address, "label": label}


def add_email(store: Store, address: str, *, label: str | None = None, primary: bool = False,
              provenance: Provenance = MANUAL) -> int:
    """Add an e-mail address; the first one, or one marked `primary`, becomes primary."""
    values = _email_values(address, label)
    with store.atomic():
        if primary:
            store.execute("update profile_emails set is_primary = 0")
        primary = primary or not store.value("select count(*) from profile_emails")
        return _insert(store, "profile_emails", {**values, "is_primary": int(primary)},
                       provenance)


def update_email(store: Store, email_id: int, address: str, *, label: str | None = None,
                 primary: bool = False) -> None:
    """Change an e-mail address; `primary` makes it the one used first.

    Raises NotFound if there is no such address, Conflict if it is in the profile already.
    """
    values = _email_values(address, label)
    with store.atomic():
        _update(store, "profile_emails", email_id, values)
        if primary:
            store.execute("update profile_emails set is_primary = (id = ?)", (email_id,))


def home_country(store: Store) -> str | None:
    """The country of the profile: that of its first postal address, if any."""
    return store.value("select country from profile_addresses order by id limit 1")


def _phone_values(store: Store, number: Any, label: Any) -> dict[str, Any]:
    number, label = validate.collect(
        lambda: validate.phone("number", number, region=home_country(store)),
        lambda: _label(label))
    return {"number": number, "label": label}


def add_phone(store: Store, number: str, *, label: str | None = None,
              provenance: Provenance = MANUAL) -> int:
    """Add a phone number, kept in E.164 so that one number typed two ways is one.

    Raises Conflict if the number is in the profile already.
    """
    return _insert(store, "profile_phones", _phone_values(store, number, label), provenance)


def update_phone(store: Store, phone_id: int, number: str, *, label: str | None = None) -> None:
    """Change a phone number. Raises NotFound if there is none, Conflict for a duplicate."""
    _update(store, "profile_phones", phone_id, _phone_values(store, number, label))


def check_address(values: dict[str, Any]) -> dict[str, Any]:
    """Validate a postal address; raise one ValidationError listing every bad field."""
    v = values.get
    names = ("label", "line1", "line2", "postcode", "city", "region", "country")
    cleaned = validate.collect(
        lambda: _label(v("label")),
        lambda: validate.text("line1", v("line1"), max_len=200),
        lambda: validate.text("line2", v("line2"), required=False, max_len=200),
        lambda: validate.text("postcode", v("postcode"), required=False, max_len=12),
        lambda: validate.text("city", v("city"), max_len=100),
        lambda: validate.text("region", v("region"), required=False, max_len=100),
        lambda: _country(v("country")),
    )
    return dict(zip(names, cleaned, strict=True))


def _country(value: Any) -> str:
    value = validate.text("country", value, max_len=2).upper()
    if not re.fullmatch(r"[A-Z]{2}", value):
        raise ValidationError("country", "country_code")
    return value


def add_address(store: Store, values: dict[str, Any], *, provenance: Provenance = MANUAL) -> int:
    """Add a postal address."""
    return _insert(store, "profile_addresses", check_address(values), provenance)


def update_address(store: Store, address_id: int, values: dict[str, Any]) -> None:
    """Replace an address's fields. Raises NotFound if there is no such address."""
    _update(store, "profile_addresses", address_id, check_address(values))


def check_merchant_id(merchant: Any, kind: Any, value: Any) -> dict[str, Any]:
    """Validate a merchant identifier; raise one ValidationError listing every bad field."""
    merchant, kind, value = validate.collect(
        lambda: validate.text("merchant", merchant, max_len=100),
        lambda: validate.choice("kind", kind, MERCHANT_ID_KINDS),
        lambda: validate.text("value", value, max_len=100),
    )
    return {"merchant": merchant, "kind": kind, "value": value}


def add_merchant_id(store: Store, merchant: str, kind: str, value: str, *,
                    provenance: Provenance = MANUAL) -> int:
    """Add a merchant identifier such as a loyalty card number."""
    return _insert(store, "merchant_ids", check_merchant_id(merchant, kind, value), provenance)


def update_merchant_id(store: Store, record_id: int, merchant: str, kind: str,
                       value: str) -> None:
    """Change a merchant identifier. Raises NotFound if there is none, Conflict for a duplicate."""
    _update(store, "merchant_ids", record_id, check_merchant_id(merchant, kind, value))


_CHILD_TABLES = ("profile_emails", "profile_phones", "profile_addresses", "merchant_ids")


def remove(store: Store, table: str, record_id: int) -> None:
    """Delete one e-mail, phone, address or merchant identifier.

    Raises NotFound if there is no such record.
    """
    if table not in _CHILD_TABLES:
        raise ValueError(table)
    with store.atomic():
        # `table` is one of _CHILD_TABLES (checked above).
        if store.execute(f"delete from {table} where id = ?",  # noqa: S608
                         (record_id,)).rowcount == 0:
            raise NotFound(f"There is no such record ({record_id}).")
        if table == "profile_emails":
            store.execute("update profile_emails set is_primary = 1 where id = "
                          "(select min(id) from profile_emails) and not exists "
                          "(select 1 from profile_emails where is_primary = 1)")


def _label(value: Any) -> str | None:
    return validate.text("label", value, required=False, max_len=40)


def _insert(store: Store, table: str, values: dict[str, Any], provenance: Provenance) -> int:
    columns = [*values, "source", "source_ref", "added_at"]
    with store.atomic():
        # Our table and column names (callers pass checked fields) and one ? per column.
        cursor = store.execute(
            f"insert into {table} ({', '.join(columns)})"  # noqa: S608
            f" values ({', '.join('?' * len(columns))})",
            (*values.values(), *provenance.columns()),
        )
    return cursor.lastrowid


def _update(store: Store, table: str, record_id: int, values: dict[str, Any]) -> None:
    """Replace checked fields of one record of a child table; NotFound if it is not there."""
    if table not in _CHILD_TABLES:
        raise ValueError(table)
    with store.atomic():
        # `table` is one of _CHILD_TABLES, the column names are our checked fields' own
        # keys, and the values are bound parameters.
        sets = ", ".join(f"{k} = ?" for k in values)
        cursor = store.execute(f"update {table} set {sets} where id = ?",  # noqa: S608
                               (*values.values(), record_id))
        if cursor.rowcount == 0:
            raise NotFound(f"There is no such record ({record_id}).")
