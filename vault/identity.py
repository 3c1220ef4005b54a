"""The vault's own Ed25519 signing key, kept inside the encrypted database."""

from __future__ import annotations

import nacl.signing

from vault.errors import DatabaseDamaged
from vault.provenance import iso_utc, utcnow
from vault.store import Store


def create(store: Store) -> None:
    """Make the vault's signing key (once, at vault creation)."""
    seed = nacl.signing.SigningKey.generate().encode()
    with store.atomic():
        store.execute("insert into vault_identity values (1, ?, ?)", (seed, iso_utc(utcnow())))


def signing_key(store: Store) -> nacl.signing.SigningKey:
    """The key that signs consent receipts and the audit chain."""
    seed = store.value("select signing_seed from vault_identity where id = 1")
    if seed is None:
        raise DatabaseDamaged("The vault has no signing key.")
    return nacl.signing.SigningKey(bytes(seed))
