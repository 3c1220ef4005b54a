"""Initial access tokens (RFC 7591): one-time invitations for a brand to register itself."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from vault.provenance import iso_utc, parse_utc
from vault.store import Store
from vault.tokens import digest, new_value

LIFETIME = timedelta(days=7)


@dataclass(frozen=True)
class Invitation:
    """An invitation (its value is never stored)."""

    id: int
    note: str | None
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None
    brand_id: int | None


def create(store: Store, *, now: datetime, note: str | None = None,
           lifetime: timedelta = LIFETIME) -> str:
    """A new one-time invitation; return its value (shown once, stored only as a digest)."""
    value = new_value()
    with store.atomic():
        store.execute("insert into invitations (token_hash, note, created_at, expires_at)"
                      " values (?, ?, ?, ?)",
                      (digest(value), note, iso_utc(now), iso_utc(now + lifetime)))
    return value


def find_usable(store: Store, value: str, *, now: datetime) -> Invitation | None:
    """The invitation with this value if it is unused and unexpired, else None."""
    row = store.one("select * from invitations where token_hash = ? and used_at is null"
                    " and expires_at > ?", (digest(value), iso_utc(now)))
    return None if row is None else _invitation(row)


def use(store: Store, invitation_id: int, brand_id: int, *, now: datetime) -> bool:
    """Spend an invitation on a brand; False if it was spent already (one statement decides)."""
    with store.atomic():
        cursor = store.execute(
            "update invitations set used_at = ?, brand_id = ? where id = ? and used_at is null",
            (iso_utc(now), brand_id, invitation_id))
    return cursor.rowcount == 1


def pending(store: Store, *, now: datetime) -> list[Invitation]:
    """Invitations not used yet and not expired, newest first."""
    return [_invitation(r) for r in store.all(
        "select * from invitations where used_at is null and expires_at > ?"
        " order by id desc", (iso_utc(now),))]


def _invitation(row) -> Invitation:
    return Invitation(row["id"], row["note"], parse_utc(row["created_at"]),
                      parse_utc(row["expires_at"]),
                      parse_utc(row["used_at"]) if row["used_at"] else None, row["brand_id"])
