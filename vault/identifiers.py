"""Identifiers found in imports, offered for the profile: never added without the consumer.

A loyalty card number, a customer number, the e-mail or account used at a shop: an
import finds them (`vault.importers.rows.Purchase.identifiers`), and `offer` keeps them
as suggestions, leaving out those the profile holds already and those the consumer
dismissed. The Profile page lists the pending ones ("found in your imports"), nothing
ticked; `accept` adds one to the profile's merchant identifiers, `dismiss` sets it
aside for good.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from vault import merchants, profile
from vault.errors import Conflict, NotFound, ValidationError
from vault.provenance import Provenance, iso_utc
from vault.store import Store


@dataclass(frozen=True)
class Suggestion:
    """An identifier found at a merchant, waiting for the consumer to add or dismiss it."""

    id: int
    merchant: str
    kind: str  # one of profile.MERCHANT_ID_KINDS
    value: str
    source_ref: str | None  # the import file it was found in


def _checked(merchant: str, kind: str, value: str) -> tuple[str, str, str] | None:
    """The pair as the profile would store it (an unknown kind as "other"), or None if unfit."""
    kind = kind if kind in profile.MERCHANT_ID_KINDS else "other"
    try:
        values = profile.check_merchant_id(merchant, kind, value)
    except ValidationError:  # a finding, not the consumer's input: one unfit value is left out
        return None
    return values["merchant"], values["kind"], values["value"]


def offer(store: Store, merchant: str, found: Iterable[tuple[str, str]], *,
          source_ref: str | None, now: datetime) -> int:
    """Offer each (kind, value) found at `merchant` (written as the source wrote it).

    Returns how many new suggestions there are. Pairs the profile holds, pairs
    suggested or dismissed before, and values the profile could not hold are left out.
    """
    name = merchants.name_for(store, merchant.strip()) if merchant.strip() else merchant
    added = 0
    with store.atomic():
        for kind, value in found:
            pair = _checked(name, kind, value)
            if pair is None or store.value("select 1 from merchant_ids where merchant = ?"
                                           " and kind = ? and value = ?", pair):
                continue
            added += store.execute(
                "insert or ignore into identifier_suggestions (merchant, kind, value,"
                " source_ref, found_at) values (?, ?, ?, ?, ?)",
                (*pair, source_ref, iso_utc(now))).rowcount
    return added


def pending(store: Store) -> list[Suggestion]:
    """The suggestions the consumer has neither added nor dismissed, by merchant."""
    return [Suggestion(r["id"], r["merchant"], r["kind"], r["value"], r["source_ref"])
            for r in store.all("select * from identifier_suggestions where dismissed_at is null"
                               " order by merchant, kind, id")]


def _pending(store: Store, suggestion_id: int) -> Suggestion:
    found = next((s for s in pending(store) if s.id == suggestion_id), None)
    if found is None:
        raise NotFound(f"There is no suggestion {suggestion_id}.")
    return found


def accept(store: Store, suggestion_id: int) -> None:
    """Add the suggestion to the profile's merchant identifiers (provenance: the import).

    Raises NotFound if it is not pending. One the profile gained meanwhile is only
    taken off the list.
    """
    with store.atomic():
        found = _pending(store, suggestion_id)
        try:
            with store.atomic():
                profile.add_merchant_id(store, found.merchant, found.kind, found.value,
                                        provenance=Provenance("import", found.source_ref))
        except Conflict:
            pass  # already in the profile: what the consumer asked for holds
        store.execute("delete from identifier_suggestions where id = ?", (suggestion_id,))


def dismiss(store: Store, suggestion_id: int, *, now: datetime) -> None:
    """Set the suggestion aside; it is never offered again. Raises NotFound if not pending."""
    with store.atomic():
        _pending(store, suggestion_id)
        store.execute("update identifier_suggestions set dismissed_at = ? where id = ?",
                      (iso_utc(now), suggestion_id))
