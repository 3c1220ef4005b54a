"""Small settings kept inside the vault (idle delay, language…), as text."""

from __future__ import annotations

from vault.store import Store


def find(store: Store, key: str) -> str | None:
    """The setting's value, or None if it was never set."""
    return store.value("select value from settings where key = ?", (key,))


def put(store: Store, key: str, value: str) -> None:
    """Set a setting."""
    with store.atomic():
        store.execute("insert into settings values (?, ?) on conflict (key) do update"
                      " set value = excluded.value", (key, value))
