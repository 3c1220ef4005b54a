"""Backups: a verified, still-encrypted copy of the vault in its `backups/` folder.

Each backup is itself a vault folder (database + keyring), so it opens with the
passphrase or recovery code that was valid when it was made.
"""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

from vault import audit, keys
from vault.lifecycle import KEYRING
from vault.store import DB_NAME, Store

BACKUPS = "backups"


def create(store: Store, folder: Path, *, now: datetime) -> Path:
    """Copy the open vault into `folder/backups/<UTC time>/`; return that folder.

    Raises DatabaseDamaged if the copy does not verify, NotWritable if the
    folder cannot be written. On failure no partial backup is left.
    """
    target = folder / BACKUPS / now.strftime("%Y%m%dT%H%M%SZ")
    target.mkdir(parents=True, mode=0o700)
    try:
        store.export(target / DB_NAME)
        keys.atomic_write(target / KEYRING, (folder / KEYRING).read_bytes())
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        raise
    audit.event(store, "vault.backed_up", at=now, backup=target.name)
    return target


def all_backups(folder: Path) -> list[Path]:
    """Every backup of the vault, oldest first."""
    root = folder / BACKUPS
    if not root.exists():
        return []
    return sorted(p for p in root.iterdir() if (p / KEYRING).exists() and (p / DB_NAME).exists())
