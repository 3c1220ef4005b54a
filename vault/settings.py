"""Small settings kept inside the vault (idle delay, language, time zone…), as text."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from datetime import tzinfo
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from vault.errors import ValidationError
from vault.store import Store

LANGUAGE_KEY = "language"  # the interface language the consumer chose: en or fr
INTERFACE_DEFAULT = "en"  # the interface's language until the consumer chooses one
ZONE_KEY = "timezone"  # an IANA zone name: quiet hours, digests and weekly counts
LANGUAGES_KEY = "languages_read"  # language subtags the consumer reads, comma-separated
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")


def find(store: Store, key: str) -> str | None:
    """The setting's value, or None if it was never set."""
    return store.value("select value from settings where key = ?", (key,))


def put(store: Store, key: str, value: str) -> None:
    """Set a setting."""
    with store.atomic():
        store.execute("insert into settings values (?, ?) on conflict (key) do update"
                      " set value = excluded.value", (key, value))


def forget(store: Store, key: str) -> None:
    """Remove a setting: its default applies again."""
    with store.atomic():
        store.execute("delete from settings where key = ?", (key,))


@cache
def zone_names() -> tuple[str, ...]:
    """Every IANA time zone name this machine knows, sorted ("Europe/Paris"…)."""
    return tuple(sorted(available_timezones()))


def time_zone(store: Store) -> ZoneInfo | None:
    """The consumer's time zone, or None if they never chose one (or it is no longer known)."""
    name = find(store, ZONE_KEY)
    return _zone(name) if name else None


def check_time_zone(name: str) -> str:
    """`name` if it names a time zone. Raises ValidationError for a name no zone has."""
    if _zone(name) is None:
        raise ValidationError("timezone", "time_zone")
    return name


def set_time_zone(store: Store, name: str) -> None:
    """Choose the consumer's time zone. Raises ValidationError for a name no zone has."""
    put(store, ZONE_KEY, check_time_zone(name))


def zone_name(zone: tzinfo) -> str:
    """The IANA name of a zone, "UTC" for one that has none (a bare offset)."""
    return getattr(zone, "key", None) or "UTC"


def server_zone() -> tzinfo:
    """The zone of the machine Coffre runs on: $TZ, else /etc/localtime's, else UTC."""
    for name in (os.environ.get("TZ", "").lstrip(":"), _localtime_name()):
        zone = _zone(name) if name else None
        if zone is not None:
            return zone
    return ZoneInfo("UTC")


def _localtime_name() -> str | None:
    target = Path("/etc/localtime")
    if not target.is_symlink():
        return None
    return str(target.resolve()).partition("/zoneinfo/")[2] or None


def _zone(name: str) -> ZoneInfo | None:
    if name not in zone_names():
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def languages_read(store: Store) -> tuple[str, ...] | None:
    """The languages the consumer chose to read (subtags such as "fr"), or None if never chosen."""
    value = find(store, LANGUAGES_KEY)
    return tuple(value.split(",")) if value else None


def set_languages_read(store: Store, codes: Iterable[str]) -> None:
    """Choose the languages the consumer reads; none at all means the default again.

    Raises ValidationError if one is not a language subtag such as fr or de.
    """
    chosen = list(dict.fromkeys(c.strip().casefold() for c in codes))
    if any(not _LANGUAGE.match(c) for c in chosen):
        raise ValidationError("languages", "language_code")
    if chosen:
        put(store, LANGUAGES_KEY, ",".join(chosen))
    else:
        forget(store, LANGUAGES_KEY)
