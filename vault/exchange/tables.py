"""What an export holds: the vault's own schema, walked, minus what would let a file holder act.

Every table of the schema is classified here, once: `EXPORTED` (with what it
holds) or `NOT_EXPORTED` (with why). Columns and rows are read from the
database itself, so a column added by a migration is exported without a
change here. A table in neither list is left out (a secret must never leak
by default) and named in the export as unclassified; tests/vault/exchange
fails until it is classified.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from vault.store import Store

EXPORTED: dict[str, str] = {
    "settings": "the consumer's settings (idle delay, language, time zone…), as text",
    "profile": "who the consumer is: name, birth date, gender, profession, income band, language",
    "profile_emails": "the consumer's e-mail addresses",
    "profile_phones": "the consumer's phone numbers",
    "profile_addresses": "the consumer's postal addresses",
    "merchant_ids": "the consumer's identifiers at merchants (loyalty cards, customer numbers)",
    "orders": "purchases, one row per order, with their provenance",
    "order_items": "the lines of each order",
    "interests": "declared interests: a category and its weight",
    "blocked": "blocked brands and categories",
    "channels": "the channels offers may come through, in the consumer's order",
    "price_ceilings": "the most the consumer wants offered per category",
    "pressure": "commercial pressure caps and quiet hours",
    "intents": "what the consumer is looking for, open or closed",
    "brands": "brands (OAuth clients) the consumer added or that registered",
    "grants": "each access a brand was given",
    "grant_versions": "every version of every grant, with its signed consent receipt",
    "access_held": "what the answers sent to brands held (fields, records), each once",
    "access_log": "every read by a brand, allowed or refused",
    "offers": "offers received, with the agent's verdict, score and reasons",
    "merchants": "the shops, each with its name and default category (the consumer's if chosen)",
    "merchant_aliases": "the spellings filed under each shop, as sources wrote them",
    "receipts": "every signed consent receipt (a JWS per grant change), checkable with the "
                "vault's public key, which the export names",
    "imports": "every import of a file: its name, SHA-256, format, recipe and counts",
    "vault_events": "the vault's own events (sign-in, lock, grant changes, backups, exports…), "
                    "each with its position in the transparency log",
    "identifier_suggestions": "identifiers found in imports, offered for the profile, "
                              "added or dismissed",
}

NOT_EXPORTED: dict[str, str] = {
    "vault_identity": "secret: the vault's signing key, with which a file holder could sign "
                      "consent receipts as the vault (its public key is in the export), and "
                      "the secret behind the pairwise ids brands know the consumer by (a "
                      "loaded vault makes new ones: brands see a new vault)",
    "invitations": "secret: digests of initial access tokens, with which a brand registers",
    "auth_codes": "secret: digests of authorization codes, each live for a minute",
    "tokens": "secret: digests of brands' access and refresh tokens; loaded into another "
              "vault they would let a brand go on reading",
    "schema_migrations": "bookkeeping of this copy of the database: when each schema step "
                         "ran; the export names its schema version instead",
    "log_nodes": "derived: the transparency log's subtree hashes, rebuilt from the events "
                 "when an export is loaded",
    "tree_heads": "bound to this vault: tree heads signed by its key; a loaded vault signs "
                  "its own over the same events (brands see a new vault)",
    "agent_state": "derived: the agent's cache counter, recomputed after a load",
    "journal_marks": "bookkeeping of this copy of the database: how far each journal of "
                     "access events was written into the log",
    "category_history": "derived: the agent's per-category cache, recomputed from purchases",
}

# Columns of exported tables left out, and why.
OMITTED_COLUMNS: dict[tuple[str, str], str] = {
    ("brands", "secret_hash"): "secret: the digest of a brand's client secret; a loaded vault "
                               "gives each confidential brand a new secret nobody knows",
}


@dataclass(frozen=True)
class Table:
    """One table as the schema has it: its columns (those a row is written with) and its order."""

    name: str
    columns: tuple[str, ...]
    blobs: frozenset[str]  # the columns declared BLOB: exported as base64 text
    order: str  # the ORDER BY that lists its rows in a stable order


def schema_tables(store: Store) -> list[str]:
    """The names of the vault's own tables, in the order they were created."""
    rows = store.all("select name from sqlite_master where type = 'table'"
                     " and name not like 'sqlite\\_%' escape '\\' order by rowid")
    return [row["name"] for row in rows]


def exported(store: Store) -> list[Table]:
    """The tables an export holds, in creation order (parents before children)."""
    return [describe(store, name) for name in schema_tables(store) if name in EXPORTED]


def unclassified(store: Store) -> list[str]:
    """Tables of the schema in neither list: left out of exports until someone decides."""
    return [t for t in schema_tables(store) if t not in EXPORTED and t not in NOT_EXPORTED]


def describe(store: Store, name: str) -> Table:
    """The columns and row order of the table `name`, read from the schema."""
    # The name comes from sqlite_master (or the lists above), quoted as an identifier.
    info = store.all(f'pragma table_xinfo("{name}")')
    columns = [r for r in info if r["hidden"] == 0 and (name, r["name"]) not in OMITTED_COLUMNS]
    keys = sorted((r for r in info if r["pk"]), key=lambda r: r["pk"])
    without_rowid = store.value("select wr from pragma_table_list where name = ?", (name,))
    order = ", ".join(f'"{r["name"]}"' for r in keys) if without_rowid else "rowid"
    return Table(name, tuple(r["name"] for r in columns),
                 frozenset(r["name"] for r in columns if r["type"].lower() == "blob"), order)


def values(store: Store, table: Table) -> Iterator[tuple[Any, ...]]:
    """Every row of `table` as a tuple of plain JSON values (blobs as base64), in its order."""
    names = ", ".join(f'"{c}"' for c in table.columns)
    cursor = store.execute(f'select {names} from "{table.name}" order by {table.order}')  # noqa: S608
    if not table.blobs:
        yield from map(tuple, cursor)
        return
    blob = [c in table.blobs for c in table.columns]
    for row in cursor:
        yield tuple(_plain(v) if b else v for v, b in zip(row, blob, strict=True))


def rows(store: Store, table: Table) -> Iterator[dict[str, Any]]:
    """Every row of `table` as an object of column to plain JSON value, in its order."""
    columns = table.columns
    return (dict(zip(columns, row, strict=True)) for row in values(store, table))


def _plain(value: Any) -> Any:
    return base64.b64encode(value).decode("ascii") if isinstance(value, bytes) else value


def stored(table: Table, column: str, value: Any) -> Any:
    """The inverse of the export's encoding: base64 text back to bytes in a BLOB column."""
    if column in table.blobs and isinstance(value, str):
        return base64.b64decode(value, validate=True)
    return value
