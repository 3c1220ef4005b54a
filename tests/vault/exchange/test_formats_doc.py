"""docs/formats.md describes every table and column of the current schema."""

from __future__ import annotations

import re
from pathlib import Path

from vault import migrations
from vault.exchange import tables

DOC = Path(__file__).resolve().parents[3] / "docs" / "formats.md"


def _sections() -> dict[str, str]:
    """Each `### table` (or `#### table`) heading of the schema part, with its text."""
    schema = DOC.read_text(encoding="utf-8").split("## The database schema", 1)[1]
    parts = re.split(r"^#{3,4} `([a-z_0-9]+)`\s*$", schema, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def _documented_columns(section: str) -> set[str]:
    """The column names in the first cell of each row of the section's table."""
    cells = re.findall(r"^\| ([^|]+) \|", section, flags=re.M)
    return {name for cell in cells for name in re.findall(r"`([a-z_0-9]+)`", cell)}


def test_every_table_and_column_of_the_schema_is_described(store):
    assert store.schema_version == migrations.latest()
    sections = _sections()

    missing_tables = [t for t in tables.schema_tables(store) if t not in sections]
    missing_columns = [(t, r["name"]) for t in tables.schema_tables(store) if t in sections
                       for r in store.all(f'pragma table_xinfo("{t}")')
                       if r["name"] not in _documented_columns(sections[t])]

    assert missing_tables == [], "describe these tables in docs/formats.md"
    assert missing_columns == [], "describe these columns in docs/formats.md"
    assert set(sections) <= set(tables.schema_tables(store)), "a table that is gone"


def test_the_doc_lists_what_an_export_leaves_out(store):
    left_out = DOC.read_text(encoding="utf-8").split("## What an export leaves out", 1)[1]
    left_out = left_out.split("\n## ", 1)[0]
    for name in (*tables.NOT_EXPORTED, *(f"{t}.{c}" for t, c in tables.OMITTED_COLUMNS)):
        assert f"`{name}`" in left_out, name
