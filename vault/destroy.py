"""Destroying a vault: crypto-erase first, then remove the files.

The database is encrypted under a random data key that exists on disk only
wrapped in the keyring's slots. Overwriting every keyring in the folder (the
vault's, its leftover temporary copies, and those of the backups inside it)
with random bytes, syncing and removing them makes the database unreadable at
once, whatever the passphrase or recovery code; removing the files follows.
A crash between the two steps leaves only ciphertext no secret opens.

Backups in other folders (another disk) are not touched: each still opens
with the secrets valid when it was made, until its owner deletes it. On flash
storage and copy-on-write file systems an overwrite may not reach the old
blocks; the key is still gone from every path the vault knows.
"""

from __future__ import annotations

import os
import secrets
import shutil
from pathlib import Path

from vault import keys, lifecycle
from vault.errors import NotWritable, ValidationError

_KEYRINGS = (lifecycle.KEYRING, f".{lifecycle.KEYRING}.*.tmp")


def name(folder: Path) -> str:
    """The name the consumer types to confirm: the vault folder's name."""
    return folder.resolve().name


def check_name(folder: Path, typed: str) -> None:
    """Raise ValidationError unless `typed` is the vault's name (spaces around forgiven)."""
    if typed.strip() != name(folder):
        raise ValidationError("name", "vault_name", name=name(folder))


def destroy(folder: Path, typed: str) -> None:
    """Crypto-erase the vault in `folder`, then remove the folder and all it holds.

    Raises NoVault, ValidationError if `typed` is not the vault's name
    (nothing is changed), NotWritable.
    """
    lifecycle.require(folder)
    check_name(folder, typed)
    erase_keys(folder)
    remove_files(folder)


def erase_keys(folder: Path) -> list[Path]:
    """Overwrite with random bytes, sync and remove every keyring under `folder`.

    After this no secret opens the database nor the backups inside the folder.
    Returns the keyrings erased. Raises NotWritable.
    """
    erased = [p for pattern in _KEYRINGS for p in sorted(folder.rglob(pattern)) if p.is_file()]
    try:
        for path in erased:
            _overwrite(path)
            path.unlink()
            keys.fsync_dir(path.parent)
    except OSError as e:
        raise NotWritable(f"Cannot erase the keys in {folder}: {e.strerror}.") from e
    return erased


def _overwrite(path: Path) -> None:
    fd = os.open(path, os.O_WRONLY)
    try:
        os.write(fd, secrets.token_bytes(max(path.stat().st_size, 1)))
        os.fsync(fd)
    finally:
        os.close(fd)


def remove_files(folder: Path) -> None:
    """Remove the vault folder and everything in it (backups inside it too).

    Raises NotWritable.
    """
    try:
        shutil.rmtree(folder)
    except OSError as e:
        raise NotWritable(f"Cannot remove {folder}: {e.strerror}.") from e
