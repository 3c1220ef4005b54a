"""A vault folder's life: create, unlock, change the ways in, rotate the data key.

A vault folder holds `vault.db` (SQLCipher 4) and `keyring.json` (the key
slots). Every change to the keyring is atomic; a failed operation leaves the
folder exactly as it was.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import replace
from pathlib import Path

from vault import audit, identity, keys, passphrase
from vault.errors import DatabaseDamaged, NotFound, NotWritable, VaultExists
from vault.keys import DEFAULT_COST, KdfCost, Keyring
from vault.store import DB_NAME, Store, open_store

KEYRING = "keyring.json"


def exists(folder: Path) -> bool:
    """True if `folder` holds a vault (its keyring)."""
    return (folder / KEYRING).exists()


def require(folder: Path) -> None:
    """Raise NoVault unless `folder` holds a vault."""
    if not exists(folder):
        keys.load(folder / KEYRING)  # raises NoVault naming the folder


def create(folder: Path, secret: str, *, cost: KdfCost = DEFAULT_COST) -> tuple[Store, str]:
    """Make a new vault; return it open, and the recovery code to show once.

    Raises VaultExists, WeakPassphrase, NotWritable. On failure nothing is left behind.
    """
    if exists(folder) or (folder / DB_NAME).exists():
        raise VaultExists(f"A vault already exists in {folder}.")
    passphrase.check_new(secret)
    _ensure_writable(folder)
    dek, vault_id, code = keys.new_dek(), str(uuid.uuid4()), keys.new_recovery_code()
    ring = Keyring(vault_id=vault_id, slots={
        "passphrase": keys.wrap("passphrase", secret.encode(), dek, vault_id=vault_id, cost=cost),
        "recovery": keys.wrap("recovery", keys.recovery_secret(code), dek, vault_id=vault_id,
                              cost=cost),
    })
    try:
        store = open_store(folder, dek, create=True)
        identity.create(store)
        keys.save(folder / KEYRING, ring)
    except BaseException:
        for name in (DB_NAME, f"{DB_NAME}-wal", f"{DB_NAME}-shm", KEYRING):
            (folder / name).unlink(missing_ok=True)
        raise
    return store, code


def _ensure_writable(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        probe = folder / f".probe-{uuid.uuid4().hex}"
        probe.touch()
        probe.unlink()
    except OSError as e:
        raise NotWritable(f"Cannot write in the vault folder {folder}: {e.strerror}.") from e


def _secret_for(kind: str, value: str | Path) -> bytes:
    if kind == "passphrase":
        return str(value).encode()
    if kind == "recovery":
        return keys.recovery_secret(str(value))
    return keys.keyfile_secret(Path(value))


def unsafe_data_key(folder: Path, kind: str, value: str | Path) -> bytes:
    """The raw data key, unwrapped from the slot of `kind` with its secret.

    Unsafe: these 32 bytes open the whole database with no passphrase and no
    key derivation, and keep doing so after the passphrase changes (until a
    rekey). Never log, store, send or keep them beyond the operation at hand;
    to read the vault, use `unlock`. Callers take it to prove a secret once and
    reuse the proof (one key derivation per proof).

    Raises NoVault, KeyringDamaged, WrongKey, NotFound (no slot of that kind).
    A data-key rotation interrupted half-way is finished here.
    """
    ring = keys.load(folder / KEYRING)
    slot = ring.slots.get(kind)
    if slot is None:
        raise NotFound(f"This vault has no {kind.replace('keyfile', 'key file')} set up.")
    secret = _secret_for(kind, value)
    dek = keys.unwrap(slot, secret, vault_id=ring.vault_id)
    if ring.pending and kind in ring.pending:
        dek = _settle_rotation(folder, ring, dek, keys.unwrap(ring.pending[kind], secret,
                                                              vault_id=ring.vault_id))
    return dek


def _settle_rotation(folder: Path, ring: Keyring, old: bytes, new: bytes) -> bytes:
    """After an interrupted rotation the database is under the old key or the new one."""
    for dek, slots in ((new, ring.pending), (old, ring.slots)):
        try:
            open_store(folder, dek).close()
        except DatabaseDamaged:
            continue
        keys.save(folder / KEYRING, replace(ring, slots=slots, pending={}))
        return dek
    raise DatabaseDamaged(f"{folder / DB_NAME} opens with neither the old nor the new key.")


def unlock(folder: Path, kind: str, value: str | Path) -> Store:
    """Open the vault with a passphrase, recovery code or key file (`kind`).

    A journal of access events a killed server left is written into the log first
    (vault.audit.settle). Raises NoVault, KeyringDamaged, WrongKey (nothing on disk
    changes), DatabaseDamaged, VaultTooNew, NotWritable.
    """
    require(folder)
    store = open_store(folder, unsafe_data_key(folder, kind, value))
    try:
        audit.settle(store)
    except BaseException:
        store.close()
        raise
    return store


def change_passphrase(folder: Path, kind: str, value: str | Path, new: str, *,
                      cost: KdfCost = DEFAULT_COST) -> None:
    """Set a new passphrase, proving the right to with any way in (`kind`, `value`).

    Raises WrongKey, WeakPassphrase; the keyring is replaced atomically.
    """
    passphrase.check_new(new)  # before paying for the key derivation
    set_passphrase(folder, unsafe_data_key(folder, kind, value), new, cost=cost)


def set_passphrase(folder: Path, dek: bytes, new: str, *, cost: KdfCost = DEFAULT_COST) -> None:
    """Make `new` the passphrase of the vault whose data key (from `unsafe_data_key`) is `dek`.

    Raises WeakPassphrase; the keyring is replaced atomically.
    """
    passphrase.check_new(new)
    _put_slot(folder, "passphrase", new.encode(), dek, cost)


def replace_recovery_code(folder: Path, secret: str, *, cost: KdfCost = DEFAULT_COST) -> str:
    """A new recovery code (the old one stops working); needs the passphrase."""
    return issue_recovery_code(folder, unsafe_data_key(folder, "passphrase", secret), cost=cost)


def issue_recovery_code(folder: Path, dek: bytes, *, cost: KdfCost = DEFAULT_COST) -> str:
    """A new recovery code for the vault whose data key is `dek`; the old one stops working."""
    code = keys.new_recovery_code()
    _put_slot(folder, "recovery", keys.recovery_secret(code), dek, cost)
    return code


def issue_keyfile(folder: Path, secret: str, *, cost: KdfCost = DEFAULT_COST) -> bytes:
    """The content of a new key file, which opens the vault from now on; needs the passphrase.

    Any earlier key file stops working. The caller keeps the content safe (it is
    shown nowhere else). Raises WrongKey.
    """
    return _issue_keyfile(folder, unsafe_data_key(folder, "passphrase", secret), cost)


def _issue_keyfile(folder: Path, dek: bytes, cost: KdfCost) -> bytes:
    content = keys.new_keyfile_content()
    _put_slot(folder, "keyfile", content.strip(), dek, cost)
    return content


def add_keyfile(folder: Path, secret: str, target: Path, *, cost: KdfCost = DEFAULT_COST) -> None:
    """Write a new key file at `target` (owner-only) and let it open the vault.

    Raises WrongKey, VaultExists if `target` exists, NotWritable.
    """
    dek = unsafe_data_key(folder, "passphrase", secret)  # a wrong passphrase leaves no file behind
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError as e:
        raise VaultExists(f"{target} exists already; choose another path.") from e
    except PermissionError as e:
        raise NotWritable(f"Cannot write {target}: permission denied.") from e
    try:
        os.write(fd, _issue_keyfile(folder, dek, cost))
        os.fsync(fd)
        os.close(fd)
    except BaseException:
        target.unlink(missing_ok=True)
        raise


def check(folder: Path, kind: str, value: str | Path) -> None:
    """Prove the secret of the slot of `kind`, handing out nothing.

    Raises what `unsafe_data_key` raises: WrongKey for a wrong secret.
    """
    unsafe_data_key(folder, kind, value)


def remove_keyfile(folder: Path, secret: str) -> None:
    """Stop any key file from opening the vault; needs the passphrase."""
    check(folder, "passphrase", secret)
    ring = keys.load(folder / KEYRING)
    if "keyfile" not in ring.slots:
        raise NotFound("This vault has no key file set up.")
    keys.save(folder / KEYRING, keys.without_slot(ring, "keyfile"))


def _put_slot(folder: Path, kind: str, secret: bytes, dek: bytes, cost: KdfCost) -> None:
    ring = keys.load(folder / KEYRING)
    slot = keys.wrap(kind, secret, dek, vault_id=ring.vault_id, cost=cost)
    keys.save(folder / KEYRING, keys.with_slot(ring, slot))


def rotate_data_key(folder: Path, store: Store, secret: str, *,
                    cost: KdfCost = DEFAULT_COST) -> str:
    """Re-encrypt the database under a new data key; return the new recovery code.

    The old recovery code and any key file stop working (their secrets are not
    known here to re-wrap the new key). Safe against a crash at any step: the
    keyring holds the new key as `pending` until the database is re-encrypted.
    """
    old = unsafe_data_key(folder, "passphrase", secret)
    if not store.has_key(old):
        raise DatabaseDamaged("The open store is not this folder's vault.")
    ring = keys.load(folder / KEYRING)
    new, code = keys.new_dek(), keys.new_recovery_code()
    pending = {
        "passphrase": keys.wrap("passphrase", secret.encode(), new, vault_id=ring.vault_id,
                                cost=cost),
        "recovery": keys.wrap("recovery", keys.recovery_secret(code), new,
                              vault_id=ring.vault_id, cost=cost),
    }
    keys.save(folder / KEYRING, replace(ring, pending=pending))
    store.rekey(new)
    keys.save(folder / KEYRING, replace(ring, slots=pending, pending={}))
    return code
