"""The encrypted SQLite connection: the only module that imports sqlcipher3.

Each thread gets its own connection (SQLite allows many readers beside one
writer under WAL), all keyed with the same raw data key, so opening one costs
no key derivation. Writes go through `atomic()`: the outermost block is a
transaction, nested blocks are savepoints, and an exception undoes its block.

The driver's errors never leave this module as such: a state of the vault
(busy, damaged, full, read-only, a broken constraint) becomes one of ours,
chained with `from`; only a statement Coffre itself got wrong (a bug) keeps
the driver's exception and its trace.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, nullcontext, suppress
from pathlib import Path
from typing import Any

import sqlcipher3

from vault import migrations, sql_guard
from vault.errors import (
    Busy,
    Conflict,
    DatabaseDamaged,
    NotWritable,
    ValidationError,
    VaultError,
    VaultTooNew,
)

Row = sqlcipher3.Row
DB_NAME = "vault.db"
CACHE_KIB = 64 * 1024  # per connection; holds the working set of a large vault
# Compiled statements kept per connection. The driver's cache, once full, throws out the
# newest statement at each miss, so a statement first run after that is compiled again at
# every call while anything else misses: room for every fixed statement of Coffre (about
# 300) and the variable ones a day brings.
STATEMENTS = 512
ROWS_PER_STATEMENT = 512  # see Store.insert (a power of two)


def insert_rows(execute: Callable[[str, list[Any]], Any], into: str,
                rows: Sequence[Sequence[Any]]) -> None:
    """Insert `rows` into `into` ("table (column, ...)") through `execute` (a Store's, or a
    migration's connection), many rows per statement.

    A statement per row (executemany) makes SQLite copy each page it changes into its
    statement journal again for every row (the history triggers call for that journal),
    and served, each statement hands Python's lock to another thread and back; one
    statement for ROWS_PER_STATEMENT rows does each once: an import stores its orders half
    again as fast. The rows left over go in statements of 256, 128… rows, so a table's
    inserts take a few statement texts, whatever their number of rows (each text is
    compiled and kept: STATEMENTS). `into` is interpolated: fixed names, never input.
    """
    if not rows:
        return
    marks = f"({', '.join('?' * len(rows[0]))})"
    start = 0
    while start < len(rows):
        size = min(ROWS_PER_STATEMENT, 1 << (len(rows) - start).bit_length() - 1)
        chunk = rows[start:start + size]
        execute(f"insert into {into} values {', '.join([marks] * size)}",  # noqa: S608
                [value for row in chunk for value in row])
        start += size


class Store:
    """An open, keyed vault database. Create with `open_store`."""

    def __init__(self, path: Path, key: bytes):
        self.path = path
        self._key = bytearray(key)
        self._local = threading.local()
        self._all: list[sqlcipher3.Connection] = []
        self._guard = threading.Lock()
        self._writer = threading.Lock()
        # What is read once and never changes while the vault is open (its signing key, its
        # journal): forgotten with the key at close.
        self.memo: dict[str, Any] = {}
        self._closing: list[Callable[[], None]] = []

    # --- connections -------------------------------------------------------

    def _conn(self) -> sqlcipher3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            if not self._key:
                raise DatabaseDamaged("The vault is closed.")
            conn = _connect(self.path, bytes(self._key))
            self._local.conn, self._local.depth, self._local.ready = conn, 0, set()
            with self._guard:
                self._all.append(conn)
        return conn

    def when_closed(self, callback: Callable[[], None]) -> None:
        """Run `callback` once, while the store is still open, before its key goes (at
        `close`, or at `rekey`, which it stops by raising): what was made with the key lets
        go of it."""
        self._closing.append(callback)

    def _let_go(self) -> None:
        callbacks, self._closing = self._closing, []
        for callback in callbacks:
            callback()

    def derived_key(self, purpose: bytes, name: bytes) -> bytes:
        """A 256-bit key of its own for `name`, derived from the data key (BLAKE2b keyed,
        `purpose` as its personalization: at most 16 bytes)."""
        return hashlib.blake2b(name, key=bytes(self._key), person=purpose,
                               digest_size=32).digest()

    def close(self) -> None:
        """Close every connection and forget the key (after the `when_closed` callbacks: one
        that fails keeps what it holds on disk, for the next opening)."""
        if self._key:
            with suppress(VaultError):
                self._let_go()
        with self._guard:
            for conn in self._all:
                with suppress(sqlcipher3.Error):
                    conn.close()
            self._all.clear()
        for i in range(len(self._key)):
            self._key[i] = 0
        self._key = bytearray()
        self._local = threading.local()
        self.memo.clear()

    def has_key(self, key: bytes) -> bool:
        """True if this store is open under `key` (compared in constant time)."""
        return secrets.compare_digest(bytes(self._key), key)

    @property
    def closed(self) -> bool:
        """True once `close` has run."""
        return not self._key

    # --- queries -------------------------------------------------------------

    def execute(self, sql: str, params: Sequence[Any] | dict = ()) -> sqlcipher3.Cursor:
        """Run one statement.

        Raises Conflict for a broken constraint, Busy when another connection
        holds the write lock past the wait, NotWritable, DatabaseDamaged.
        """
        with _ours():
            return self._conn().execute(sql, params)

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        """Run one statement for each row of parameters; raises as `execute` does."""
        with _ours():
            self._conn().executemany(sql, rows)

    def insert(self, into: str, rows: Sequence[Sequence[Any]]) -> None:
        """Insert `rows` into `into` ("table (column, ...)"), many rows per statement
        (`insert_rows`). Raises as `execute` does."""
        insert_rows(self.execute, into, rows)

    def all(self, sql: str, params: Sequence[Any] | dict = ()) -> list[Row]:
        """Every row of a query."""
        return self.execute(sql, params).fetchall()

    def one(self, sql: str, params: Sequence[Any] | dict = ()) -> Row | None:
        """The first row of a query, or None."""
        return self.execute(sql, params).fetchone()

    def value(self, sql: str, params: Sequence[Any] | dict = ()) -> Any:
        """The first column of the first row, or None."""
        row = self.one(sql, params)
        return None if row is None else row[0]

    def prepare(self, name: str, build: Callable[[Store], None]) -> None:
        """Run `build(self)` once on this thread's connection (again after a reconnect).

        For what a connection keeps for itself, such as a temp table (held in
        memory: temp_store), built at its first use rather than at every query.
        `build` must tolerate running again on a connection that has it already.
        """
        self._conn()
        if name not in self._local.ready:
            build(self)
            self._local.ready.add(name)

    @contextmanager
    def atomic(self) -> Iterator[None]:
        """A transaction (outermost) or savepoint (nested): all of the block or none of it."""
        conn = self._conn()
        depth = self._local.depth
        name = f"sp{depth}"
        # One writer at a time within this process: a waiting thread wakes as soon as the
        # writer commits, where SQLite's busy handler would sleep in steps of milliseconds.
        with self._writer if depth == 0 else nullcontext():
            with _ours():  # another process may hold the write lock: Busy
                conn.execute("begin immediate" if depth == 0 else f"savepoint {name}")
            self._local.depth = depth + 1
            try:
                yield
            except BaseException:
                if depth == 0:
                    conn.execute("rollback")
                else:
                    conn.execute(f"rollback to {name}")
                    conn.execute(f"release {name}")
                raise
            else:
                self._finish(conn, depth, name)
            finally:
                self._local.depth = depth

    @property
    def in_transaction(self) -> bool:
        """True while this thread is inside a transaction (a write's, or a snapshot)."""
        return bool(self._conn().in_transaction)

    @staticmethod
    def _finish(conn, depth: int, name: str) -> None:
        """Commit (or release the savepoint); a commit that fails (disk full) rolls back,
        so the connection never stays inside a transaction nobody owns."""
        try:
            with _ours():
                conn.execute("commit" if depth == 0 else f"release {name}")
        except BaseException:
            if depth == 0 and conn.in_transaction:
                conn.execute("rollback")
            raise

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """A read transaction: every query of the block sees the vault as of its first read.

        For reading only: an `atomic()` inside it fails at once (it cannot begin a
        transaction within this one), so a write meant to last is made after the block.
        Inside a transaction already, that transaction is the snapshot. Raises as
        `execute` does.
        """
        conn = self._conn()
        if self._local.depth or conn.in_transaction:
            yield
            return
        with _ours():
            conn.execute("begin")
        try:
            yield
        finally:
            # Committed, not rolled back: a connection's own temp tables (`prepare`) may
            # have been built inside it, and must outlive it.
            conn.execute("commit")

    def read_only(self, sql: str) -> tuple[list[str], list[tuple]]:
        """Run one statement that may only read: its column names and its rows.

        SQLite enforces it, not a reading of the text: the file opens read-only
        (`mode=ro`), `query_only` is on, and an authorizer (vault/sql_guard.py)
        refuses ATTACH, DETACH, a pragma that sets, any write, and functions
        that reach outside; the vault's secrets read as NULL. Raises
        ValidationError: `sql_refused` naming what was refused, or `sql_invalid`
        with SQLite's own message.
        """
        refused: list[str] = []

        def authorize(action: int, first: str | None, second: str | None, *_: Any) -> int:
            if sql_guard.hidden(action, first, second):
                return sqlcipher3.SQLITE_IGNORE  # the column reads as NULL
            why = sql_guard.refusal(action, first, second)
            if why is None:
                return sqlcipher3.SQLITE_OK
            refused.append(why)
            return sqlcipher3.SQLITE_DENY

        conn = _connect_read_only(self.path, bytes(self._key))
        try:
            conn.set_authorizer(authorize)
            cursor = conn.execute(sql)
            rows = [tuple(row) for row in cursor]
            return [column[0] for column in cursor.description or ()], rows
        except (sqlcipher3.Error, sqlcipher3.Warning) as e:
            if refused or "readonly" in str(e):
                what = refused[0] if refused else "a write"
                raise ValidationError("sql", "sql_refused", what=what) from e
            raise ValidationError("sql", "sql_invalid", detail=str(e)) from e
        finally:
            conn.close()

    @property
    def schema_version(self) -> int:
        """The number of the last migration applied."""
        return self.value("pragma user_version")

    def rekey(self, new_key: bytes) -> None:
        """Re-encrypt the whole database under `new_key`.

        SQLCipher 4 cannot rekey a database in WAL mode, so the journal
        switches to rollback for the duration; other threads' connections are
        closed first and reopen on their next use.
        """
        self._let_go()
        conn = self._conn()
        with self._guard:
            for other in [c for c in self._all if c is not conn]:
                other.close()
            self._all = [conn]
        conn.execute("pragma wal_checkpoint(truncate)")
        conn.execute("pragma journal_mode = delete")
        conn.execute(f"pragma rekey = \"x'{new_key.hex()}'\"")
        conn.execute("pragma journal_mode = wal")
        self._key = bytearray(new_key)
        self._local = threading.local()
        self._local.conn, self._local.depth, self._local.ready = conn, 0, set()

    def export(self, target: Path) -> None:
        """Copy the whole database to `target`, encrypted under the same key, and verify it.

        SQLCipher refuses the backup API on encrypted databases, so this goes
        through `sqlcipher_export`. The copy must hold as many rows as the
        original in every table (read in one snapshot), then open on its own
        with the key and pass SQLite's integrity check and SQLCipher's page HMAC
        check, or it is deleted and DatabaseDamaged is raised.
        """
        with _ours():  # a full or read-only disk is a state of the vault, not a bug
            self._export(target)

    def _export(self, target: Path) -> None:
        conn = self._conn()
        conn.execute("attach database ? as export key ?", (str(target), _raw_key(bytes(self._key))))
        try:
            conn.execute("begin")  # one snapshot: rows written meanwhile neither go nor count
            conn.execute("select sqlcipher_export('export')")
            conn.execute(f"pragma export.user_version = {int(self.schema_version)}")
            tables = [r[0] for r in conn.execute(
                "select name from sqlite_master where type = 'table'")]
            # Table names as read from the vault's own schema, quoted as identifiers.
            rows = {(schema, t): conn.execute(f'select count(*) from {schema}."{t}"')  # noqa: S608
                    .fetchone()[0] for schema in ("main", "export") for t in tables}
            differ = [t for t in tables if rows["main", t] != rows["export", t]]
            conn.execute("commit")
        finally:
            if conn.in_transaction:
                conn.execute("rollback")
            conn.execute("detach database export")
        # The page HMACs are checked by `verified`, on the file as written (after the commit).
        if differ or not verified(target, bytes(self._key)):
            target.unlink(missing_ok=True)
            raise DatabaseDamaged(f"The copy at {target} did not verify; nothing was kept.")

    def check(self) -> None:
        """Raise DatabaseDamaged unless SQLite's and SQLCipher's integrity checks both pass."""
        if not _intact(self._conn()):
            raise DatabaseDamaged(f"{self.path} fails its integrity check: restore it from a "
                                  "backup.")


def verified(path: Path, key: bytes) -> bool:
    """True if the database file at `path` opens on its own with `key` and passes both
    integrity checks (read-only: the file is not changed, no journal is left beside it)."""
    try:
        conn = sqlcipher3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True,
                                  isolation_level=None)
    except sqlcipher3.Error:
        return False
    try:
        conn.execute(f"pragma key = \"{_raw_key(key)}\"")
        # Sorting for the index checks stays in memory; a large cache keeps each page
        # decrypted once rather than at every visit (three times faster on 100k orders).
        conn.execute("pragma temp_store = memory")
        conn.execute(f"pragma cache_size = -{CACHE_KIB}")
        return _intact(conn)
    except sqlcipher3.DatabaseError:
        return False
    finally:
        conn.close()


def _intact(conn: sqlcipher3.Connection) -> bool:
    """SQLite's integrity check says ok and SQLCipher's page HMAC check finds nothing."""
    ok = [r[0] for r in conn.execute("pragma integrity_check").fetchall()] == ["ok"]
    return ok and not conn.execute("pragma cipher_integrity_check").fetchall()


def open_store(folder: Path, key: bytes, *, create: bool = False,
               upto: int | None = None) -> Store:
    """Open (or with `create`, make) the database in `folder` and bring its schema up to date.

    `upto` stops at an older schema version (tests build old vaults with it).

    Raises DatabaseDamaged if the file is missing, truncated or does not open
    with `key`; VaultTooNew if a newer Coffre wrote it.
    """
    path = folder / DB_NAME
    if create == path.exists():
        raise DatabaseDamaged(
            f"{path} already exists." if create else f"{path} is missing."
        )
    store = Store(path, key)
    try:
        conn = store._conn()
        _check_readable(conn, path)
        migrations.apply(conn, upto=upto)
    except (DatabaseDamaged, VaultTooNew):
        store.close()
        raise
    return store


def _raw_key(key: bytes) -> str:
    return f"x'{key.hex()}'"


def _connect(path: Path, key: bytes) -> sqlcipher3.Connection:
    conn = sqlcipher3.connect(
        str(path), isolation_level=None, check_same_thread=False, timeout=10.0,
        cached_statements=STATEMENTS,
    )
    conn.row_factory = sqlcipher3.Row
    # The key must be the first statement (SQLCipher >= 4.7 refuses anything else first).
    conn.execute(f"pragma key = \"{_raw_key(key)}\"")
    try:
        conn.execute("select count(*) from sqlite_master").fetchone()
        for pragma in (
            "journal_mode = wal",
            "synchronous = normal",
            "foreign_keys = on",
            "temp_store = memory",
            f"cache_size = -{CACHE_KIB}",
            "trusted_schema = off",
        ):
            conn.execute(f"pragma {pragma}")
    except sqlcipher3.DatabaseError as e:
        conn.close()
        raise DatabaseDamaged(
            f"{path} cannot be read with this vault's key: it is damaged or not a Coffre database."
        ) from e
    return conn


def _connect_read_only(path: Path, key: bytes) -> sqlcipher3.Connection:
    """A connection that opens the file read-only and refuses writes even to temp tables."""
    conn = sqlcipher3.connect(path.resolve().as_uri() + "?mode=ro", uri=True,
                              isolation_level=None, check_same_thread=False, timeout=10.0)
    conn.execute(f"pragma key = \"{_raw_key(key)}\"")
    try:
        conn.execute("select count(*) from sqlite_master").fetchone()
        for pragma in ("query_only = on", "temp_store = memory", "trusted_schema = off"):
            conn.execute(f"pragma {pragma}")
    except sqlcipher3.DatabaseError as e:
        conn.close()
        raise DatabaseDamaged(f"{path} cannot be read with this vault's key.") from e
    return conn


def _check_readable(conn: sqlcipher3.Connection, path: Path) -> None:
    """Catch a truncated file now rather than at some later query."""
    pages = conn.execute("pragma page_count").fetchone()[0]
    page_size = conn.execute("pragma page_size").fetchone()[0]
    wal = path.with_name(path.name + "-wal")
    on_disk = path.stat().st_size + (wal.stat().st_size if wal.exists() else 0)
    if int(pages) * int(page_size) > on_disk:
        raise DatabaseDamaged(f"{path} is truncated: restore it from a backup.")


# The driver's primary result codes that are states of the vault, not bugs.
_BUSY = {sqlcipher3.SQLITE_BUSY, sqlcipher3.SQLITE_LOCKED}
_UNWRITABLE = {sqlcipher3.SQLITE_READONLY, sqlcipher3.SQLITE_CANTOPEN, sqlcipher3.SQLITE_FULL,
               sqlcipher3.SQLITE_IOERR}
_DAMAGED = {sqlcipher3.SQLITE_CORRUPT, sqlcipher3.SQLITE_NOTADB}


@contextmanager
def _ours() -> Iterator[None]:
    """Raise our error, chained, for a driver error that is a state of the vault."""
    try:
        yield
    except sqlcipher3.Error as e:
        ours = _translated(e)
        if ours is None:
            raise
        raise ours from e


def _translated(e: sqlcipher3.Error) -> VaultError | None:
    """Our error for the driver's, or None for a statement Coffre got wrong."""
    code = (getattr(e, "sqlite_errorcode", None) or 0) & 0xFF  # primary code: low byte
    text = str(e)
    if isinstance(e, sqlcipher3.IntegrityError):
        return Conflict(_integrity_message(e))
    if code in _BUSY:
        return Busy("Another program or request is changing the vault; try again in a moment.")
    if code in _UNWRITABLE:
        return NotWritable(f"The vault cannot be written ({text}): check the free space on "
                           "the disk and the permissions of its folder.")
    if code in _DAMAGED or type(e) is sqlcipher3.DatabaseError:
        return DatabaseDamaged(f"The vault database is damaged ({text}); restore it from a backup.")
    return None


def _integrity_message(e: sqlcipher3.IntegrityError) -> str:
    text = str(e)
    if "UNIQUE" in text:
        return "A record with the same " + text.split(":")[-1].strip() + " exists already."
    return f"The change breaks a rule of the vault ({text})."
