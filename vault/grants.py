"""Grants: what a brand may read, for how long, and every change ever made to that.

A grant is never edited in place. Each change (narrowing or giving back, a new expiry, a
pause, a resumption, a revocation) appends a version, with its consent receipt
(vault.receipts) signed by the vault's key; the latest version is the grant's
state and the others are its history. An expired grant behaves exactly like a revoked one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from vault import audit, receipts, tokens
from vault import scopes as scope_names
from vault.errors import Conflict, NotFound, ValidationError
from vault.provenance import iso_utc, parse_utc
from vault.store import Store

_LATEST = ("select v.*, g.brand_id, g.created_at, b.blocked_at from grant_versions v"
           " join grants g on g.id = v.grant_id join brands b on b.id = g.brand_id"
           " where v.grant_id = ? order by v.version desc limit 1")


@dataclass(frozen=True)
class Grant:
    """One version of a grant (the latest one is the grant as it stands)."""

    id: int
    brand_id: int
    version: int
    status: str  # active | paused | revoked, as the consumer set it
    scopes: frozenset[str]
    purpose: str | None
    expires_at: datetime | None  # None: until the consumer revokes it
    change: str  # created | reauthorized | narrowed | widened | expiry | paused | resumed | revoked
    reason: str | None
    changed_at: datetime
    created_at: datetime
    receipt: bytes
    brand_blocked: bool = False

    def state(self, now: datetime) -> str:
        """'active', 'paused', 'revoked' or 'expired' at `now` (a blocked brand: 'revoked')."""
        if self.status == "revoked" or self.brand_blocked:
            return "revoked"
        if self.expires_at is not None and self.expires_at <= now:
            return "expired"
        return self.status

    def is_live(self, now: datetime) -> bool:
        """True if the brand may use this grant at `now`."""
        return self.state(now) == "active"


def find(store: Store, grant_id: int) -> Grant | None:
    """The grant as it stands (its latest version), or None."""
    row = store.one(_LATEST, (grant_id,))
    return None if row is None else _grant(row)


def get(store: Store, grant_id: int) -> Grant:
    """The grant as it stands. Raises NotFound if there is no such grant."""
    grant = find(store, grant_id)
    if grant is None:
        raise NotFound(f"There is no grant {grant_id}.")
    return grant


def is_live(store: Store, grant_id: int, *, now: datetime) -> bool:
    """False when the grant is revoked, paused, expired, its brand blocked, or unknown."""
    grant = find(store, grant_id)
    return grant is not None and grant.is_live(now)


def history(store: Store, grant_id: int) -> list[Grant]:
    """Every version of a grant, oldest first. Raises NotFound if there is no such grant."""
    rows = store.all(
        "select v.*, g.brand_id, g.created_at, b.blocked_at from grant_versions v"
        " join grants g on g.id = v.grant_id join brands b on b.id = g.brand_id"
        " where v.grant_id = ? order by v.version", (grant_id,))
    if not rows:
        raise NotFound(f"There is no grant {grant_id}.")
    return [_grant(r) for r in rows]


def for_brand(store: Store, brand_id: int) -> list[Grant]:
    """Every grant of a brand as it stands, newest first."""
    ids = [r[0] for r in store.all(
        "select id from grants where brand_id = ? order by id desc", (brand_id,))]
    return [get(store, i) for i in ids]


def current_for_brand(store: Store, brand_id: int, *, now: datetime) -> Grant | None:
    """The brand's newest grant that is active or paused (not revoked or expired), or None."""
    for grant in for_brand(store, brand_id):
        if grant.state(now) in ("active", "paused"):
            return grant
    return None


def create(store: Store, brand_id: int, scopes: frozenset[str], *, purpose: str | None,
           expires_at: datetime | None, now: datetime) -> Grant:
    """A new grant to a brand, or a new version of its current one if it has one.

    Raises ValidationError for no scope or an unknown one, or an expiry in the past.
    """
    scopes = _check_scopes(scopes)
    _check_expiry(expires_at, now)
    with store.atomic():
        current = current_for_brand(store, brand_id, now=now)
        if current is not None:
            return _append(store, current, now=now, change="reauthorized", status="active",
                           scopes=scopes, purpose=purpose, expires_at=expires_at)
        grant_id = store.execute("insert into grants (brand_id, created_at) values (?, ?)",
                                 (brand_id, iso_utc(now))).lastrowid
        return _write(store, grant_id, brand_id, 1, now=now, change="created", reason=None,
                      status="active", scopes=scopes, purpose=purpose, expires_at=expires_at)


def consented(store: Store, grant_id: int) -> frozenset[str]:
    """What the consumer allowed when the brand last asked: narrowing may give any of it back.

    Raises NotFound if there is no such grant.
    """
    asked = [g for g in history(store, grant_id) if g.change in ("created", "reauthorized")]
    return asked[-1].scopes


def rescope(store: Store, grant_id: int, scopes: frozenset[str], *, now: datetime) -> Grant:
    """Let a grant cover `scopes`: fewer (narrowed), or some given back (widened).

    The grant's own scopes change nothing: no version, no receipt. Raises
    ValidationError when `scopes` is empty or holds anything the consumer did not
    allow when the brand asked (it must ask again for more), Conflict when the
    grant has ended.
    """
    scopes = _check_scopes(scopes)
    with store.atomic():
        grant = _changeable(store, grant_id, now)
        if not scopes <= consented(store, grant_id):
            raise ValidationError("scopes", "widened")
        if scopes == grant.scopes:
            return grant
        change = "widened" if scopes - grant.scopes else "narrowed"
        return _append(store, grant, now=now, change=change, scopes=scopes)


def set_expiry(store: Store, grant_id: int, expires_at: datetime | None, *,
               now: datetime) -> Grant:
    """Give a grant a new expiry (None: until revoked). Raises ValidationError if past."""
    _check_expiry(expires_at, now)
    with store.atomic():
        grant = _changeable(store, grant_id, now)
        return _append(store, grant, now=now, change="expiry", expires_at=expires_at)


def pause(store: Store, grant_id: int, *, now: datetime) -> Grant:
    """Stop a grant's tokens from working until `resume`. Raises Conflict unless active."""
    return _switch(store, grant_id, now=now, expect="active", status="paused", change="paused")


def resume(store: Store, grant_id: int, *, now: datetime) -> Grant:
    """Let a paused grant's tokens work again. Raises Conflict unless paused."""
    return _switch(store, grant_id, now=now, expect="paused", status="active", change="resumed")


def _switch(store: Store, grant_id: int, *, now: datetime, expect: str, status: str,
            change: str) -> Grant:
    with store.atomic():
        grant = _changeable(store, grant_id, now)
        if grant.status != expect:
            raise Conflict(f"This grant is {grant.status}, so it cannot be {change}.")
        return _append(store, grant, now=now, change=change, status=status)


def revoke(store: Store, grant_id: int, *, now: datetime, reason: str = "by_consumer") -> Grant:
    """End a grant for good and revoke its tokens. Raises NotFound; revoking twice is harmless."""
    with store.atomic():
        grant = get(store, grant_id)
        tokens.revoke_for_grant(store, grant_id, now=now, reason=reason)
        if grant.status == "revoked":
            return grant
        return _append(store, grant, now=now, change="revoked", status="revoked", reason=reason)


def revoke_brand(store: Store, brand_id: int, *, now: datetime,
                 reason: str = "by_consumer") -> int:
    """Revoke every grant of a brand and all their tokens; return how many grants changed."""
    with store.atomic():
        changed = [g for g in for_brand(store, brand_id) if g.status != "revoked"]
        for grant in for_brand(store, brand_id):
            revoke(store, grant.id, now=now, reason=reason)
    return len(changed)


def receipts_of(store: Store, grant_id: int, *, now: datetime) -> list[receipts.Receipt]:
    """Every consent receipt of a grant, oldest first, an expiry noticed at `now` included.

    Raises NotFound if there is no such grant. Writes nothing (vault.receipts says why).
    """
    return receipts.chain(store, history(store, grant_id), now=now)


def sweep(store: Store, *, now: datetime) -> None:
    """Keep every receipt due at `now` (expiries), for every grant."""
    with store.atomic():
        for (grant_id,) in store.all("select id from grants order by id"):
            receipts.settle(store, history(store, grant_id), now=now)


def _changeable(store: Store, grant_id: int, now: datetime) -> Grant:
    grant = get(store, grant_id)
    if grant.state(now) in ("revoked", "expired"):
        raise Conflict("This grant has ended; the brand must ask again.")
    return grant


def _check_scopes(scopes: frozenset[str]) -> frozenset[str]:
    scopes = scope_names.parse(scopes, field="scopes")
    if not scopes:
        raise ValidationError("scopes", "no_scope_left")
    return scopes


def _check_expiry(expires_at: datetime | None, now: datetime) -> None:
    if expires_at is not None and expires_at <= now:
        raise ValidationError("expires_at", "not_future")


def _append(store: Store, grant: Grant, *, now: datetime, change: str, reason: str | None = None,
            **fields: Any) -> Grant:
    values = {"status": grant.status, "scopes": grant.scopes, "purpose": grant.purpose,
              "expires_at": grant.expires_at, **fields}
    return _write(store, grant.id, grant.brand_id, grant.version + 1, now=now, change=change,
                  reason=reason, **values)


def _write(store: Store, grant_id: int, brand_id: int, version: int, *, now: datetime,
           change: str, reason: str | None, status: str, scopes: frozenset[str],
           purpose: str | None, expires_at: datetime | None) -> Grant:
    moment = parse_utc(iso_utc(now))
    expires = parse_utc(iso_utc(expires_at)) if expires_at else None
    earlier = history(store, grant_id) if version > 1 else []
    previous = receipts.settle(store, earlier, now=now)
    created = earlier[0].created_at if earlier else moment
    draft = Grant(grant_id, brand_id, version, status, frozenset(scopes), purpose, expires,
                  change, reason, moment, created, b"")
    receipt = receipts.make(store, draft, change=change, at=moment, previous_id=previous)
    store.execute(
        "insert into grant_versions (grant_id, version, status, scopes, purpose, expires_at,"
        " change, reason, changed_at, receipt) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (grant_id, version, status, scope_names.to_text(scopes), purpose,
         iso_utc(expires) if expires else None, change, reason, iso_utc(moment),
         receipt.jws.encode()))
    receipts.keep(store, receipt)
    audit.event(store, f"grant.{change}", at=moment, brand_id=brand_id, grant_id=grant_id,
                version=version, status=status, scopes=scope_names.to_text(scopes),
                reason=reason)
    return get(store, grant_id)


def _grant(row: Any) -> Grant:
    return Grant(
        id=row["grant_id"], brand_id=row["brand_id"], version=row["version"],
        status=row["status"], scopes=frozenset(row["scopes"].split()), purpose=row["purpose"],
        expires_at=parse_utc(row["expires_at"]) if row["expires_at"] else None,
        change=row["change"], reason=row["reason"], changed_at=parse_utc(row["changed_at"]),
        created_at=parse_utc(row["created_at"]), receipt=bytes(row["receipt"]),
        brand_blocked=row["blocked_at"] is not None,
    )
