"""Consent receipts, the consumer's pairwise ids, and brands' encryption keys.

A receipt is kept exactly as it was signed (a compact JWS) and never edited:
each names the one it replaces, so a grant's receipts form a chain. The
pairwise secret keys the HMAC that gives each brand its own id for the consumer;
a vault made before this step gets a fresh one here. A brand's X25519 public
key (from its registered JWKS, or set by the consumer) is what sealed shares
are encrypted to.
"""

from __future__ import annotations

import secrets
from typing import Any


def _pairwise_secret(conn: Any) -> None:
    conn.execute("update vault_identity set pairwise_secret = ? where pairwise_secret is null",
                 (secrets.token_bytes(32),))


STEPS = [
    "alter table vault_identity add column pairwise_secret blob"
    " check (pairwise_secret is null or length(pairwise_secret) = 32)",
    _pairwise_secret,
    "alter table brands add column encryption_key blob"
    " check (encryption_key is null or length(encryption_key) = 32)",
    """create table receipts (
        id integer primary key,
        receipt_id text not null unique,
        grant_id integer not null references grants (id),
        version integer not null,
        change text not null,
        issued_at text not null,
        previous_id text references receipts (receipt_id),
        jws text not null,
        unique (grant_id, version, change))""",
    """create trigger receipts_append_only before update on receipts
        begin select raise(abort, 'receipts are never edited'); end""",
    """create trigger receipts_never_deleted before delete on receipts
        begin select raise(abort, 'receipts are never deleted'); end""",
]
