"""The transparency log: every audit event a leaf of a Merkle tree, each head signed.

`log_nodes` holds every complete subtree's hash (under a row id naming it), `tree_heads`
every signed head (vault.transparency). An access event gains its leaf's index (`seq`),
what its answer held (which records and fields: `held`) and the SHA-256 of the body
sent. Events of the vault itself (sign-in, lock, grant changes, backups…) go to
`vault_events`. Existing access events become the first leaves, oldest first.
"""

from __future__ import annotations

from typing import Any

import nacl.signing

from vault import leaves, transparency
from vault.provenance import parse_utc


def _log_existing(conn: Any) -> None:
    seed = conn.execute("select signing_seed from vault_identity where id = 1").fetchone()
    rows = conn.execute("select * from access_log order by id").fetchall()
    if seed is None or not rows:
        return
    key = nacl.signing.SigningKey(bytes(seed[0]))
    for row in rows:
        seq = transparency.append(conn, [leaves.of_access(row)], at=parse_utc(row["at"]),
                                  key=key)
        conn.execute("update access_log set seq = ? where id = ?", (seq, row["id"]))


STEPS = [
    "alter table access_log add column seq integer",
    "alter table access_log add column held text",
    "alter table access_log add column body_sha256 text",
    """create table vault_events (
        id integer primary key,
        seq integer,
        at text not null,
        kind text not null,
        brand_id integer,
        details text not null default '{}')""",
    "create table log_nodes (id integer primary key, hash blob not null)",
    """create table tree_heads (
        size integer primary key,
        root blob not null,
        at text not null,
        signature blob not null)""",
    _log_existing,
]
