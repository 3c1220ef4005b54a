"""What the consumer chose about keeping: scheduled backups and the retention rule.

Kept in the vault's settings. Scheduled backups are off until an interval is
chosen; the retention rule ("forget purchases older than N years") is off
until a number of years is chosen.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from vault import settings, validate
from vault.errors import ValidationError
from vault.store import Store

EVERY_KEY = "backup.every_hours"
KEEP_KEY = "backup.keep"
FOLDER_KEY = "backup.folder"
YEARS_KEY = "retention.years"
KEEP_DEFAULT = 7
EVERY_MAX = 24 * 31
KEEP_MAX = 1000
YEARS_MAX = 100


@dataclass(frozen=True)
class Plan:
    """Scheduled backups (None: off), how many to keep, where; the retention rule."""

    every_hours: int | None = None
    keep: int = KEEP_DEFAULT
    folder: Path | None = None  # None: the vault's own backups/ folder
    retention_years: int | None = None


def load(store: Store) -> Plan:
    """The consumer's plan, defaults where nothing was chosen."""
    every, keep, folder, years = (settings.find(store, k)
                                  for k in (EVERY_KEY, KEEP_KEY, FOLDER_KEY, YEARS_KEY))
    return Plan(every_hours=int(every) if every else None,
                keep=int(keep) if keep else KEEP_DEFAULT,
                folder=Path(folder) if folder else None,
                retention_years=int(years) if years else None)


def check(every_hours: object, keep: object, folder: object, retention_years: object) -> Plan:
    """A plan from plain values (empty: off, or the default).

    Raises one ValidationError listing every problem: a number out of range,
    a folder that is not an absolute path.
    """
    every, kept, where, years = validate.collect(
        lambda: validate.integer("every_hours", every_hours, low=1, high=EVERY_MAX,
                                 required=False),
        lambda: validate.integer("keep", keep, low=1, high=KEEP_MAX, required=False),
        lambda: _folder(folder),
        lambda: validate.integer("retention_years", retention_years, low=1, high=YEARS_MAX,
                                 required=False))
    return Plan(every, KEEP_DEFAULT if kept is None else kept, where, years)


def _folder(value: object) -> Path | None:
    text = validate.text("folder", value, required=False, max_len=1000)
    if not text:
        return None
    if not Path(text).is_absolute():
        raise ValidationError("folder", "absolute_path")
    return Path(text)


def save(store: Store, plan: Plan) -> None:
    """Keep `plan` in the vault (one transaction)."""
    values = {EVERY_KEY: plan.every_hours, KEEP_KEY: plan.keep, FOLDER_KEY: plan.folder,
              YEARS_KEY: plan.retention_years}
    with store.atomic():
        for key, value in values.items():
            if value is None:
                settings.forget(store, key)
            else:
                settings.put(store, key, str(value))
