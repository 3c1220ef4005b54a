"""Numbered schema migrations, each applied in one transaction with its record.

A migration is a module `vNNNN_name.py` in this package holding `STEPS`, a list
of SQL statements, or of functions given the connection where data must be
rewritten by code (mapping free-text categories to codes). `PRAGMA user_version`
holds the number of the last one applied; a vault newer than the code is refused.
To add a table, add the next numbered module: nothing else needs to change.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from vault.errors import VaultTooNew


@dataclass(frozen=True)
class Migration:
    """One numbered step of the schema."""

    version: int
    name: str
    steps: tuple[str | Callable[[Any], None], ...]


def all_migrations() -> list[Migration]:
    """Every migration of this package, in order."""
    found = []
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("v") and info.name[1:5].isdigit():
            module = importlib.import_module(f"{__name__}.{info.name}")
            found.append(Migration(int(info.name[1:5]), info.name[6:], tuple(module.STEPS)))
    found.sort(key=lambda m: m.version)
    if [m.version for m in found] != list(range(1, len(found) + 1)):
        raise RuntimeError("migrations must be numbered 1, 2, 3… without gaps")
    return found


def latest() -> int:
    """The schema version this code writes."""
    return all_migrations()[-1].version


def apply(conn: Any, *, upto: int | None = None) -> list[int]:
    """Bring the database on `conn` up to date (or up to `upto`); return what was applied.

    Raises VaultTooNew if the database is newer than this code.
    """
    current = conn.execute("pragma user_version").fetchone()[0]
    known = all_migrations()
    if current > known[-1].version:
        raise VaultTooNew(
            f"This vault uses schema version {current}, but this Coffre knows only up to "
            f"{known[-1].version}: upgrade Coffre to open it."
        )
    applied = []
    for migration in known:
        if migration.version <= current or (upto is not None and migration.version > upto):
            continue
        conn.execute("begin immediate")
        try:
            for step in migration.steps:
                if callable(step):
                    step(conn)
                else:
                    conn.execute(step)
            conn.execute(
                "insert into schema_migrations (version, name, applied_at) values (?, ?, ?)",
                (migration.version, migration.name, datetime.now(UTC).isoformat()),
            )
            conn.execute(f"pragma user_version = {migration.version}")
        except BaseException:
            conn.execute("rollback")
            raise
        conn.execute("commit")
        applied.append(migration.version)
    return applied
