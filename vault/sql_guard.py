"""What a consumer's own SQL (`coffre sql`) may do: read, and nothing else.

SQLite asks an authorizer about every action a statement takes while it
compiles it (sqlite3_set_authorizer); `refusal` is that authorizer's rule,
kept apart from the driver so it reads as a table. It allows reading tables,
calling functions that only compute, and the pragmas that only report; it
refuses anything else, named so the consumer sees what was refused. It is one
of three locks: the connection also opens the file read-only (`mode=ro`) and
sets `query_only`, so a gap here still writes nothing. `hidden` keeps the
vault's secrets out of what a query prints: they read as NULL.
"""

from __future__ import annotations

# SQLite's authorizer action codes (sqlite3.h; stable across versions).
_NAMES = {
    1: "CREATE INDEX", 2: "CREATE TABLE", 3: "CREATE TEMP INDEX", 4: "CREATE TEMP TABLE",
    5: "CREATE TEMP TRIGGER", 6: "CREATE TEMP VIEW", 7: "CREATE TRIGGER", 8: "CREATE VIEW",
    9: "DELETE", 10: "DROP INDEX", 11: "DROP TABLE", 12: "DROP TEMP INDEX",
    13: "DROP TEMP TABLE", 14: "DROP TEMP TRIGGER", 15: "DROP TEMP VIEW", 16: "DROP TRIGGER",
    17: "DROP VIEW", 18: "INSERT", 19: "PRAGMA", 20: "READ", 21: "SELECT", 22: "BEGIN/COMMIT",
    23: "UPDATE", 24: "ATTACH", 25: "DETACH", 26: "ALTER TABLE", 27: "REINDEX", 28: "ANALYZE",
    29: "CREATE VIRTUAL TABLE", 30: "DROP VIRTUAL TABLE", 31: "FUNCTION", 32: "SAVEPOINT",
    33: "WITH RECURSIVE",
}
_PRAGMA, _FUNCTION, _ALTER = 19, 31, 26
_ROW_WRITES = {9, 18, 23}  # DELETE, INSERT, UPDATE
# SQLite's own tables: a statement cannot write them itself (writable_schema is refused),
# so a write there is the bookkeeping of a CREATE, DROP or ALTER, refused under its own code.
_SCHEMA_TABLES = {"sqlite_master", "sqlite_temp_master", "sqlite_schema", "sqlite_temp_schema"}
_READING = {20, 21, 33}  # READ (a column), SELECT, WITH RECURSIVE
# Pragmas that only report, whatever their argument (table_info(orders)).
REPORTING_PRAGMAS = frozenset({
    "table_info", "table_xinfo", "table_list", "index_list", "index_info", "index_xinfo",
    "foreign_key_list", "foreign_key_check", "integrity_check", "quick_check",
    "function_list", "pragma_list", "collation_list", "database_list", "compile_options",
})
# Pragmas that report their value when read bare, and change it when given one.
READABLE_PRAGMAS = frozenset({
    "user_version", "schema_version", "application_id", "page_count", "page_size",
    "freelist_count", "encoding", "journal_mode", "foreign_keys", "data_version",
    "cipher_version",
})
# Functions that reach outside the statement: extensions, copies, files.
WRITING_FUNCTIONS = frozenset({"load_extension", "sqlcipher_export", "readfile", "writefile",
                               "edit", "fts3_tokenizer"})

# What would let whoever reads the output act as the vault (the secrets an export leaves out).
SECRET_COLUMNS = frozenset({("vault_identity", "signing_seed"),
                            ("vault_identity", "pairwise_secret"), ("brands", "secret_hash"),
                            ("tokens", "token_hash"), ("auth_codes", "code_hash"),
                            ("invitations", "token_hash")})


def hidden(action: int, first: str | None, second: str | None) -> bool:
    """True for reading a secret column: the query sees NULL there instead."""
    return action == 20 and (first, second) in SECRET_COLUMNS


def refusal(action: int, first: str | None, second: str | None) -> str | None:
    """None if a read-only query may take this action, else what is refused, in words.

    `first` and `second` are the authorizer's two arguments: the table and
    column read, the pragma and its value, the function's name (second).
    """
    if action in _READING:
        return None
    if action == _FUNCTION:
        name = (second or "").lower()
        return f"the function {name}()" if name in WRITING_FUNCTIONS else None
    if action == _PRAGMA:
        name = (first or "").lower()
        if name in REPORTING_PRAGMAS or (name in READABLE_PRAGMAS and second is None):
            return None
        return f"PRAGMA {name}" + (f" = {second}" if second is not None else "")
    if action in _ROW_WRITES and first in _SCHEMA_TABLES:
        return None
    what = _NAMES.get(action, f"action {action}")
    if action == _ALTER:
        return f"{what} {second}"
    return f"{what} {first}" if first and action not in (22, 24, 25, 32) else what
