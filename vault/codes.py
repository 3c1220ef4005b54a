"""Authorization codes: single-use, short-lived, bound to a brand, a redirect URI and a challenge.

Only the digest of a code is stored. A redeemed code stays (marked used) so a
second redemption is recognised and the tokens of the first can be revoked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from vault import scopes as scope_names
from vault.provenance import iso_utc, parse_utc
from vault.store import Store
from vault.tokens import digest

LIFETIME = timedelta(minutes=1)


@dataclass(frozen=True)
class Code:
    """An authorization code (its value is never stored)."""

    id: int
    brand_id: int
    grant_id: int
    redirect_uri: str
    scopes: frozenset[str]
    challenge: str
    challenge_method: str
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None


def issue(store: Store, value: str, *, brand_id: int, grant_id: int, redirect_uri: str,
          scopes: frozenset[str], challenge: str, challenge_method: str,
          now: datetime) -> int:
    """Store the digest of a new code; return its id (the family of its tokens)."""
    with store.atomic():
        return store.execute(
            "insert into auth_codes (code_hash, brand_id, grant_id, redirect_uri, scopes,"
            " challenge, challenge_method, created_at, expires_at)"
            " values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (digest(value), brand_id, grant_id, redirect_uri, scope_names.to_text(scopes),
             challenge, challenge_method, iso_utc(now), iso_utc(now + LIFETIME)),
        ).lastrowid


def find(store: Store, value: str) -> Code | None:
    """The code with this value, used or not, expired or not; None if unknown."""
    row = store.one("select * from auth_codes where code_hash = ?", (digest(value),))
    return None if row is None else _code(row)


def redeem(store: Store, code_id: int, *, now: datetime) -> bool:
    """Mark a code used; False if it was used already (one statement decides)."""
    with store.atomic():
        cursor = store.execute("update auth_codes set used_at = ? where id = ?"
                               " and used_at is null", (iso_utc(now), code_id))
    return cursor.rowcount == 1


def _code(row: Any) -> Code:
    return Code(
        id=row["id"], brand_id=row["brand_id"], grant_id=row["grant_id"],
        redirect_uri=row["redirect_uri"], scopes=frozenset(row["scopes"].split()),
        challenge=row["challenge"], challenge_method=row["challenge_method"],
        created_at=parse_utc(row["created_at"]), expires_at=parse_utc(row["expires_at"]),
        used_at=parse_utc(row["used_at"]) if row["used_at"] else None,
    )
