"""Checking the audit log against its transparency log: what was edited, removed, inserted, moved.

Each event row is hashed again (vault.audit's leaf bytes) and set against the leaf hash
the log committed to at its position; the committed leaves are folded again, size by size,
against every signed tree head, and each head's signature is checked with the vault key.
So a row changed by hand (raw SQL, with the key) is found and located: a row that no
longer hashes to its leaf was edited; a position with no row lost its event; a row with
no position, or a second row at one, was inserted; a row whose hash the log holds at
another position was moved there. An attacker who also rewrote the committed hashes
breaks the signed heads ("rewritten"); one who re-signed everything with the key is
caught by the brands, whose older heads no longer have a consistency proof
(docs/transparency.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import nacl.exceptions
import nacl.signing

from vault import audit, identity, leaves, transparency
from vault.provenance import parse_utc
from vault.store import Store

TEXT = {
    "edited": "event #%(seq)s was edited after it was logged",
    "removed": "event #%(seq)s was removed",
    "inserted": "an event was inserted that the log never held (at #%(seq)s)",
    "reordered": "event #%(seq)s is the event logged as #%(other)s: the events were reordered",
    "rewritten": "the log's own hashes were rewritten from event #%(seq)s on",
    "bad_signature": "the signed tree head of size %(other)s does not verify with the vault key",
}


@dataclass(frozen=True)
class Finding:
    """One thing wrong, located: its kind (a key of TEXT) and the event's position."""

    kind: str
    seq: int | None  # the position in the log (None: an inserted row with none)
    other: int | None = None  # reordered: where it was logged; bad_signature: the head's size

    def describe(self) -> str:
        """The finding in plain English (the web says it in the reader's language)."""
        return TEXT[self.kind] % {"seq": "?" if self.seq is None else self.seq,
                                  "other": self.other}


@dataclass(frozen=True)
class Report:
    """What `check` found, over how many events."""

    size: int
    findings: list[Finding]

    @property
    def intact(self) -> bool:
        """True when nothing was found."""
        return not self.findings


def check(store: Store, *, progress: Callable[[int], None] | None = None) -> Report:
    """Recompute the tree from the events and compare it with what the log signed.

    `progress` is called now and then with how many leaves were folded so far. The
    journal's waiting events are written into the log first (vault.audit.settle).
    """
    audit.settle(store)
    heads = {r["size"]: r for r in store.all("select * from tree_heads")}
    size = max(heads, default=0)
    nodes = {transparency.node_of(r[0]): bytes(r[1]) for r in store.all(
        "select id, hash from log_nodes")}
    committed = [nodes.get((0, i)) for i in range(size)]
    findings = _rows_against(store, committed)
    findings += _tree_against(committed, nodes, heads, progress)
    findings += _signatures(heads, identity.signing_key(store).verify_key)
    findings.sort(key=lambda f: (f.seq is None, f.seq or 0, f.kind))
    return Report(size, findings)


def _rows() -> list[tuple[str, Callable]]:
    return [("access_events", leaves.of_access), ("vault_events", leaves.of_event)]


def _rows_against(store: Store, committed: list[bytes | None]) -> list[Finding]:
    """Each event row against the leaf committed at its position."""
    at_seq: dict[int | None, list[bytes]] = {}
    for table, leaf_of in _rows():
        # Our own table and view names; no value is joined in.
        for row in store.all(f"select * from {table}"):  # noqa: S608
            at_seq.setdefault(row["seq"], []).append(transparency.leaf_hash(leaf_of(row)))
    where = {h: i for i, h in enumerate(committed) if h is not None}
    findings = [Finding("inserted", None) for _ in at_seq.pop(None, [])]
    for seq in sorted(s for s in at_seq if not 0 <= s < len(committed)):
        findings += [Finding("inserted", seq) for _ in at_seq.pop(seq)]
    for seq, expected in enumerate(committed):
        found = at_seq.get(seq, [])
        if not found:
            findings.append(Finding("removed", seq))
            continue
        if expected in found:
            found.remove(expected)
        else:
            moved = where.get(found.pop(0))
            findings.append(Finding("edited", seq) if moved is None
                            else Finding("reordered", seq, moved))
        findings += [Finding("inserted", seq) for _ in found]
    return findings


def _tree_against(committed: list[bytes | None], nodes: dict, heads: dict,
                  progress: Callable[[int], None] | None) -> list[Finding]:
    """The committed leaves folded again, size by size, against each signed head and node
    (the last leaf always has one: the log's size is its latest head's)."""
    stack: list[tuple[int, bytes]] = []  # the right frontier: (level, hash), left first
    for i, value in enumerate(committed):
        if progress and i % 1000 == 0:
            progress(i)
        if value is None:
            return [Finding("rewritten", i)]
        level = 0
        while stack and stack[-1][0] == level:
            value = transparency.node_hash(stack.pop()[1], value)
            level += 1
            if nodes.get((level, (i + 1 >> level) - 1)) != value:
                return [Finding("rewritten", i)]
        stack.append((level, value))
        head = heads.get(i + 1)  # a head for each write: after some leaves, not all
        if head is not None and bytes(head["root"]) != transparency.fold([h for _, h in stack]):
            return [Finding("rewritten", i)]
    if progress:
        progress(len(committed))
    return []


def _signatures(heads: dict, key: nacl.signing.VerifyKey) -> list[Finding]:
    """Every signed head checked with the vault's key."""
    bad = []
    for size, row in sorted(heads.items()):
        signed = transparency.head_bytes(size, bytes(row["root"]),
                                         parse_utc(row["at"]))
        try:
            key.verify(signed, bytes(row["signature"]))
        except nacl.exceptions.BadSignatureError:
            bad.append(Finding("bad_signature", size - 1, size))
    return bad
