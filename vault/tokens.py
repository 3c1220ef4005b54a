"""Access and refresh tokens: random values the vault keeps only as SHA-256 digests.

A token belongs to a grant and to a family: every token descending from one
authorization code. A refresh token is used once (rotation); presenting it a
second time is the sign of a leak, and the caller revokes what it leads to.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from vault import scopes as scope_names
from vault.errors import NotFound
from vault.provenance import iso_utc, parse_utc
from vault.store import Store

KINDS = ("access", "refresh")
ACCESS_LIFETIME = timedelta(minutes=15)
REFRESH_IDLE = timedelta(days=14)  # a refresh token unused this long dies
REFRESH_ABSOLUTE = timedelta(days=90)  # no family outlives its code by more than this


@dataclass(frozen=True)
class Token:
    """One access or refresh token (its value is never stored)."""

    id: int
    kind: str
    brand_id: int
    grant_id: int
    family: int
    scopes: frozenset[str]
    issued_at: datetime
    expires_at: datetime
    used_at: datetime | None
    revoked_at: datetime | None
    revoked_reason: str | None

    def problem(self, now: datetime) -> str | None:
        """Why the token cannot be used now ('revoked', 'used', 'expired'), or None."""
        if self.revoked_at is not None:
            return "revoked"
        if self.used_at is not None:
            return "used"
        if self.expires_at <= now:
            return "expired"
        return None


def new_value() -> str:
    """A fresh secret value: 256 bits from the system's CSPRNG, URL-safe."""
    return secrets.token_urlsafe(32)


def digest(value: str) -> bytes:
    """The SHA-256 digest under which a secret value is stored and looked up."""
    return hashlib.sha256(value.encode("utf-8", "surrogatepass")).digest()


def issue(store: Store, value: str, *, kind: str, brand_id: int, grant_id: int, family: int,
          scopes: frozenset[str], now: datetime, expires_at: datetime) -> Token:
    """Store the digest of a new token `value`; return the token."""
    if kind not in KINDS:
        raise ValueError(kind)
    with store.atomic():
        token_id = store.execute(
            "insert into tokens (token_hash, kind, brand_id, grant_id, family, scopes,"
            " issued_at, expires_at) values (?, ?, ?, ?, ?, ?, ?, ?)",
            (digest(value), kind, brand_id, grant_id, family, scope_names.to_text(scopes),
             iso_utc(now), iso_utc(expires_at)),
        ).lastrowid
    return Token(token_id, kind, brand_id, grant_id, family, frozenset(scopes),
                 parse_utc(iso_utc(now)), parse_utc(iso_utc(expires_at)), None, None, None)


def refresh_expiry(store: Store, family: int, *, now: datetime) -> datetime:
    """When a refresh token issued now in `family` dies: idle limit, capped by the absolute one.

    `family` is the id of the authorization code the tokens descend from (a foreign key).
    """
    started = store.value("select created_at from auth_codes where id = ?", (family,))
    return min(now + REFRESH_IDLE, parse_utc(started) + REFRESH_ABSOLUTE)


def find(store: Store, value: str, *, kind: str | None = None) -> Token | None:
    """The token with this value (of `kind` if given), whatever its state, or None."""
    row = store.one("select * from tokens where token_hash = ?", (digest(value),))
    if row is None or (kind is not None and row["kind"] != kind):
        return None
    return _token(row)


def get(store: Store, token_id: int) -> Token:
    """The token with this id. Raises NotFound if there is no such token."""
    row = store.one("select * from tokens where id = ?", (token_id,))
    if row is None:
        raise NotFound(f"There is no token {token_id}.")
    return _token(row)


def claim(store: Store, token_id: int, *, now: datetime) -> bool:
    """Mark a refresh token used; False if it was used or revoked already.

    One statement decides, so of two concurrent refreshes only one wins.
    """
    with store.atomic():
        cursor = store.execute(
            "update tokens set used_at = ? where id = ? and used_at is null"
            " and revoked_at is null", (iso_utc(now), token_id))
    return cursor.rowcount == 1


def revoke(store: Store, token_id: int, *, now: datetime, reason: str) -> None:
    """Revoke one token (harmless if it is revoked already)."""
    _revoke_where(store, "id", token_id, now=now, reason=reason)


def revoke_family(store: Store, family: int, *, now: datetime, reason: str) -> int:
    """Revoke every token descending from one authorization code; return how many."""
    return _revoke_where(store, "family", family, now=now, reason=reason)


def revoke_for_grant(store: Store, grant_id: int, *, now: datetime, reason: str) -> int:
    """Revoke every token of a grant; return how many."""
    return _revoke_where(store, "grant_id", grant_id, now=now, reason=reason)


def _revoke_where(store: Store, column: str, key: int, *, now: datetime, reason: str) -> int:
    # `column` is one of the three names written above, never input; the values are bound.
    with store.atomic():
        return store.execute(
            f"update tokens set revoked_at = ?, revoked_reason = ? where {column} = ?"  # noqa: S608
            " and revoked_at is null", (iso_utc(now), reason, key)).rowcount


def _token(row: Any) -> Token:
    return Token(
        id=row["id"], kind=row["kind"], brand_id=row["brand_id"], grant_id=row["grant_id"],
        family=row["family"], scopes=frozenset(row["scopes"].split()),
        issued_at=parse_utc(row["issued_at"]), expires_at=parse_utc(row["expires_at"]),
        used_at=parse_utc(row["used_at"]) if row["used_at"] else None,
        revoked_at=parse_utc(row["revoked_at"]) if row["revoked_at"] else None,
        revoked_reason=row["revoked_reason"],
    )
