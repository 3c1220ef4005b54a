"""Many orders stored in one transaction with the purchase history's version bumped once.

Triggers (migration v0003) bump `agent_state.history_version` after every row inserted into
orders and order_items: two updates per order, most of what an import's rows cost beyond the
rows themselves. Inside an import's transaction those two triggers are dropped, the rows
stored, the version bumped once and the triggers made again from their own SQL before the
transaction commits. DDL is transactional in SQLite, so a failure or a kill -9 undoes the
drop with the rows, and no other writer can see or use the vault without them (the
transaction holds the write lock throughout): every committed change still bumps the version.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from vault.store import Store

INSERT_TRIGGERS = ("orders_insert_history", "order_items_insert_history")
_BUMP = "update agent_state set history_version = history_version + 1 where id = 1"


@contextmanager
def history_bumped_once(store: Store) -> Iterator[None]:
    """Within the caller's transaction (`store.atomic()`): inserts into orders and
    order_items bump the history's version once, at the end of the block, not once a row.

    The triggers are made again only when the block ends without an exception; otherwise
    the caller's transaction must roll back (it does: the exception leaves its block).
    Raises RuntimeError (a bug) outside a transaction, where the drop would last.
    """
    if not store.in_transaction:
        raise RuntimeError("history_bumped_once needs the caller's transaction")
    found = store.all("select name, sql from sqlite_master where type = 'trigger'"
                      " and name in (?, ?)", INSERT_TRIGGERS)
    for name, _sql in found:
        store.execute(f"drop trigger {name}")  # a name of INSERT_TRIGGERS, never input
    yield
    for _name, sql in found:
        store.execute(sql)
    store.execute(_BUMP)
