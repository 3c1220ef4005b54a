"""Intents: "I am looking for…", with a budget, a place and an expiry."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from vault import money, validate
from vault.errors import NotFound, ValidationError
from vault.money import Money
from vault.provenance import MANUAL, Provenance, iso_utc, parse_utc
from vault.store import Store


@dataclass(frozen=True)
class Intent:
    """Something the consumer is looking for."""

    id: int
    category: str
    description: str
    budget: Money | None
    place: str | None
    expires_on: date | None
    status: str  # open | closed
    opened_at: datetime
    closed_at: datetime | None
    provenance: Provenance

    def is_open(self, today: date) -> bool:
        """Open and not past its expiry."""
        return self.status == "open" and (self.expires_on is None or self.expires_on >= today)


def check(values: dict[str, Any], *, today: date) -> dict[str, Any]:
    """Validate an intent's fields (an expiry is today or later); raise one ValidationError."""
    v = values.get
    category, description, place, expires_on, currency = validate.collect(
        lambda: validate.category("category", v("category")),
        lambda: validate.text("description", v("description"), max_len=500),
        lambda: validate.text("place", v("place"), required=False, max_len=100),
        lambda: _expiry(v("expires_on"), today),
        lambda: validate.currency("currency", v("currency") or "EUR"),
    )
    budget = None
    if v("budget_minor") is not None:
        budget = validate.integer("budget_minor", v("budget_minor"), low=0, high=10**12)
    elif v("budget") not in (None, ""):
        budget = money.parse("budget", v("budget"), currency)
    return {"category": category, "description": description, "place": place,
            "expires_on": expires_on.isoformat() if expires_on else None,
            "budget_minor": budget, "currency": currency if budget is not None else None}


def _expiry(value: Any, today: date) -> date | None:
    expires = validate.day("expires_on", value, required=False)
    if expires is not None and expires < today:
        raise ValidationError("expires_on", "past_date")
    return expires


def add(store: Store, values: dict[str, Any], *, now: datetime,
        provenance: Provenance = MANUAL) -> int:
    """Open a new intent at `now`; return its id. Raises ValidationError."""
    fields = check(values, today=now.date())
    with store.atomic():
        return store.execute(
            "insert into intents (category, description, budget_minor, currency, place,"
            " expires_on, status, opened_at, source, source_ref, added_at)"
            " values (?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?)",
            (fields["category"], fields["description"], fields["budget_minor"],
             fields["currency"], fields["place"], fields["expires_on"], iso_utc(now),
             *provenance.columns(now)),
        ).lastrowid


def update(store: Store, intent_id: int, values: dict[str, Any], *, today: date) -> None:
    """Change an intent's fields. Raises NotFound if there is no such intent, ValidationError."""
    fields = check(values, today=today)
    with store.atomic():
        get(store, intent_id)
        # Column names are check()'s own keys; the values are bound parameters.
        sets = ", ".join(f"{k} = ?" for k in fields)
        store.execute(f"update intents set {sets} where id = ?",  # noqa: S608
                      (*fields.values(), intent_id))


def set_status(store: Store, intent_id: int, status: str, *, now: datetime) -> None:
    """Close or reopen an intent. Raises NotFound if there is no such intent."""
    if status not in ("open", "closed"):
        raise ValidationError("status", "one_of", values="open, closed")
    with store.atomic():
        get(store, intent_id)
        closed_at = iso_utc(now) if status == "closed" else None
        store.execute("update intents set status = ?, closed_at = ? where id = ?",
                      (status, closed_at, intent_id))


def delete(store: Store, intent_id: int) -> None:
    """Forget an intent. Raises NotFound if there is no such intent."""
    with store.atomic():
        if store.execute("delete from intents where id = ?", (intent_id,)).rowcount == 0:
            raise NotFound(f"There is no intent {intent_id}.")


def get(store: Store, intent_id: int) -> Intent:
    """One intent. Raises NotFound if there is no such intent."""
    row = store.one("select * from intents where id = ?", (intent_id,))
    if row is None:
        raise NotFound(f"There is no intent {intent_id}.")
    return _intent(row)


def all_intents(store: Store) -> list[Intent]:
    """Every intent, open ones first, newest first."""
    return [_intent(r) for r in store.all(
        "select * from intents order by status = 'closed', opened_at desc, id desc")]


def open_intents(store: Store, *, today: date) -> list[Intent]:
    """Intents that are open and not expired on `today`."""
    return [i for i in all_intents(store) if i.is_open(today)]


def _intent(row: Any) -> Intent:
    budget = (Money(row["budget_minor"], row["currency"])
              if row["budget_minor"] is not None else None)
    return Intent(
        id=row["id"], category=row["category"], description=row["description"], budget=budget,
        place=row["place"],
        expires_on=date.fromisoformat(row["expires_on"]) if row["expires_on"] else None,
        status=row["status"], opened_at=parse_utc(row["opened_at"]),
        closed_at=parse_utc(row["closed_at"]) if row["closed_at"] else None,
        provenance=Provenance.from_row(row),
    )
