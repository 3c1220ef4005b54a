"""Small settings kept inside the vault (idle delay, language…), as text."""

from __future__ import annotations

from vault.store import Store


def get(store: Store, key: str, default: str | None = None) -> str | None:
    """The setting's value, or `default`."""
    value = store.value("select value from settings where key = ?", (key,))
    return default if value is None else value


def put(store: Store, key: str, value: str) -> None:
    """Set a setting."""
    with store.atomic():
        store.execute("insert into settings values (?, ?) on conflict (key) do update"
                      " set value = excluded.value", (key, value))
