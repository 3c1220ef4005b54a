"""What the answers a brand received held, each stored once: their fields and their records.

An access event says which fields and which records its answer held (vault.audit), as
two canonical JSON texts. A brand reading the same answer again sends the same pair
each time, so each distinct pair is one row of `access_held`, found by its SHA-256;
an event names it (`access_log.held_id`), or names none when its answer held nothing
(a refusal, a 304). The view `access_events` puts an event back together.

An open store remembers the ids of pairs it has written (at most MEMO of them), so a
fold of the journal looks none up; only ids known committed are remembered, so a
transaction undone never leaves one naming a row that is not there.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vault.store import Store

Pair = tuple[str, str | None]  # the fields' JSON text, the held records' (None: no records)
NOTHING: Pair = ("[]", None)  # what a refusal held: no row
MEMO = 4096  # pairs an open store remembers, forgotten all at once past that


def digest_of(fields: str, held: str | None) -> bytes:
    """The SHA-256 a pair is stored under: its two texts, a newline between (canonical JSON
    holds none)."""
    return hashlib.sha256(f"{fields}\n{'null' if held is None else held}".encode()).digest()


def id_of(store: Store, pair: Pair, learned: dict[Pair, int]) -> int | None:
    """The id of the row holding `pair`, written now if there is none (inside the caller's
    transaction); None for NOTHING. What it finds or writes goes into `learned`, for
    `remember` once the transaction is committed."""
    if pair == NOTHING:
        return None
    known = store.memo.get("held_ids", {}).get(pair) or learned.get(pair)
    if known is not None:
        return known
    digest = digest_of(*pair)
    found = store.value("select id from access_held where digest = ?", (digest,))
    if found is None:
        found = store.execute("insert into access_held (digest, fields, held) values (?, ?, ?)",
                              (digest, *pair)).lastrowid
    learned[pair] = found
    return found


def remember(store: Store, learned: dict[Pair, int]) -> None:
    """Keep the ids of a committed transaction for the next ones."""
    if not learned:
        return
    memo = store.memo.setdefault("held_ids", {})
    if len(memo) + len(learned) > MEMO:
        memo.clear()
    memo.update(learned)
