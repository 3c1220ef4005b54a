"""Restore: a backup made a vault again, in a new folder, never over an existing vault.

The backup is copied into a hidden folder beside the target, opened with the
data key its own keyring gives for the secret (brought up to this Coffre's
schema) and checked, then renamed to the target: a restore interrupted at any
point leaves no half vault at the target.
"""

from __future__ import annotations

import secrets
import shutil
from datetime import datetime
from pathlib import Path

from vault import audit, backup, keys, lifecycle
from vault.errors import NotFound, NotWritable, VaultExists
from vault.store import DB_NAME, open_store

_COPIED = (DB_NAME, f"{DB_NAME}-wal", lifecycle.KEYRING)


def check(source: Path, target: Path) -> None:
    """Raise unless the backup at `source` can be restored into `target` (nothing is read).

    Raises NotFound if `source` is no finished backup (a partial one included),
    VaultExists if `target` holds a vault or any other file.
    """
    if backup.PARTIAL in source.name or not (
            (source / DB_NAME).is_file() and (source / lifecycle.KEYRING).is_file()):
        raise NotFound(f"{source} is not a finished backup (it needs {DB_NAME} and "
                       f"{lifecycle.KEYRING}, and no {backup.PARTIAL} in its name).")
    if lifecycle.exists(target) or (target / DB_NAME).exists():
        raise VaultExists(f"A vault already exists in {target}; Coffre never overwrites a "
                          "vault: restore into a new folder.")
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise VaultExists(f"{target} is not an empty folder; restore into a new folder.")


def restore(source: Path, target: Path, kind: str, secret: str, *, now: datetime) -> None:
    """Make the backup at `source` a vault in the new folder `target`.

    `kind` and `secret` are a way into the backup (its passphrase or recovery
    code when it was made). Raises what `check` raises, WrongKey (nothing is
    written), DatabaseDamaged if the copy does not verify, NotWritable. On
    failure nothing is left at `target`.
    """
    check(source, target)
    dek = lifecycle.unsafe_data_key(source, kind, secret)
    staging = target.with_name(f".{target.name}.restoring-{secrets.token_hex(4)}")
    try:
        staging.mkdir(parents=True, mode=0o700)
        for name in _COPIED:
            if (source / name).exists():
                shutil.copyfile(source / name, staging / name)
                (staging / name).chmod(0o600)
        store = open_store(staging, dek)
        try:
            store.check()
            audit.event(store, "vault.restored", at=now, backup=source.name)
        finally:
            store.close()
        if target.exists():
            target.rmdir()  # empty, as `check` saw
        staging.rename(target)
        keys.fsync_dir(target.parent)
    except OSError as e:
        raise NotWritable(f"Cannot restore into {target}: {e.strerror}.") from e
    finally:
        shutil.rmtree(staging, ignore_errors=True)
