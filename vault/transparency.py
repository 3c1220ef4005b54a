"""The transparency log: every audit event is a leaf of one append-only Merkle tree.

Hashed as RFC 9162 (Certificate Transparency 2.0) section 2.1: a leaf is
SHA-256(0x00 || its bytes), a node SHA-256(0x01 || left || right), and a tree of n
leaves splits at the largest power of two below n. The vault keeps the hash of every
complete (perfect, aligned) subtree in `log_nodes`, under a row id that grows with the
leaf that completed it, so each append writes at the end of the table. The right frontier
(RFC 9162's compact range of the whole tree: one node per set bit of n) is read from it
by row id; an append writes the leaf and the parents it completes (one on average, at
most log2 n) and folds the new root from the new frontier; a proof is built from
O(log n) stored nodes. After each write (one event, or a batch of the API's access events
folded from vault.journal) the vault signs the tree head (size, root, time) with its Ed25519
key, in the write's own transaction (`tree_heads` keeps every head).

`db` is anything with `execute(sql, params)` returning a cursor: a Store, or the
connection a migration is given.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import nacl.exceptions
import nacl.signing

from vault.errors import DatabaseDamaged, ValidationError
from vault.provenance import iso_utc, parse_utc
from vault.store import insert_rows

EMPTY_ROOT = hashlib.sha256(b"").digest()


@dataclass(frozen=True)
class TreeHead:
    """A signed tree head: the log's size and root at a moment, signed by the vault."""

    size: int
    root: bytes
    at: datetime
    signature: bytes

    def signed_bytes(self) -> bytes:
        """What the signature covers."""
        return head_bytes(self.size, self.root, self.at)

    def as_json(self) -> dict[str, Any]:
        """The head as the API shows it (root and signature in standard base64)."""
        return {"size": self.size, "root": base64.b64encode(self.root).decode(),
                "timestamp": iso_utc(self.at),
                "signature": base64.b64encode(self.signature).decode()}


def head_bytes(size: int, root: bytes, at: datetime) -> bytes:
    """The bytes a tree head's signature covers: RFC 8785 canonical JSON of size, root, time.

    Every value is an integer or an ASCII string, so sorted keys and no spaces are the
    whole of RFC 8785 here (a brand needs nothing beyond its standard library).
    """
    return json.dumps({"root": root.hex(), "size": size, "timestamp": iso_utc(at)},
                      sort_keys=True, separators=(",", ":")).encode()


def leaf_hash(data: bytes) -> bytes:
    """RFC 9162 leaf hash: SHA-256(0x00 || data)."""
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """RFC 9162 interior node hash: SHA-256(0x01 || left || right)."""
    return hashlib.sha256(b"\x01" + left + right).digest()


def _split(n: int) -> int:
    """The largest power of two smaller than n (n > 1)."""
    return 1 << ((n - 1).bit_length() - 1)


def frontier(start: int, end: int) -> list[tuple[int, int]]:
    """The perfect aligned subtrees (level, index) covering leaves [start, end), left first.

    `start` must be a multiple of a power of two at least end - start, as every range of
    RFC 9162's recursion is.
    """
    found, offset = [], start
    for level in range((end - start).bit_length() - 1, -1, -1):
        if (end - offset) >> level:
            found.append((level, offset >> level))
            offset += 1 << level
    return found


def fold(hashes: list[bytes]) -> bytes:
    """The root over perfect subtrees given left to right (each no smaller than the next)."""
    if not hashes:
        return EMPTY_ROOT
    root = hashes[-1]
    for left in reversed(hashes[:-1]):
        root = node_hash(left, root)
    return root


# --- the stored tree ----------------------------------------------------------------------

SIZE = "select max(size) from tree_heads"  # how many leaves (None: none yet)


def size(db: Any) -> int:
    """How many leaves the log holds."""
    return db.execute(SIZE).fetchone()[0] or 0


def node_id(level: int, idx: int) -> int:
    """The row id of a stored node: the leaf that completed it, then its level."""
    return ((((idx + 1) << level) - 1) << 6) | level


def node_of(row_id: int) -> tuple[int, int]:
    """(level, index) of the node stored under `row_id`."""
    level = row_id & 63
    return level, (((row_id >> 6) + 1) >> level) - 1


def append(db: Any, leaves: list[bytes], *, at: datetime, key: nacl.signing.SigningKey) -> int:
    """Add leaves (one write: an event, or a batch of them) and sign the new head with `key`,
    dated `at`; return the first leaf's index.

    Call it inside the transaction that writes the events the leaves stand for. One head
    per call: the tree's size after each write is signed, not after each leaf within it.
    """
    first = index = size(db)
    stack = _nodes(db, frontier(0, index))  # the right frontier, highest level first
    written = []
    for data in leaves:
        level, value = 0, leaf_hash(data)
        written.append((node_id(0, index), value))
        while (index >> level) & 1:  # a right child completes its parent
            level, value = level + 1, node_hash(stack.pop(), value)
            written.append((node_id(level, index >> level), value))
        stack.append(value)
        index += 1
    insert_rows(db.execute, "log_nodes (id, hash)", written)
    root = fold(stack)
    signature = key.sign(head_bytes(index, root, at)).signature
    db.execute("insert into tree_heads (size, root, at, signature) values (?, ?, ?, ?)",
               (index, root, iso_utc(at), signature))
    return first


def _nodes(db: Any, wanted: list[tuple[int, int]]) -> list[bytes]:
    """Several stored nodes in one query (each found by the primary key), in the order asked."""
    if not wanted:
        return []
    ids = [node_id(*w) for w in wanted]
    marks = ",".join("?" * len(ids))
    # Only placeholders are joined in; every value is a bound parameter.
    rows = db.execute(f"select id, hash from log_nodes where id in ({marks})",  # noqa: S608
                      ids).fetchall()
    found = {node_of(r[0]): bytes(r[1]) for r in rows}
    if len(found) != len(wanted):
        raise DatabaseDamaged("The transparency log is missing a node: run `coffre audit verify`.")
    return [found[w] for w in wanted]


def range_hash(db: Any, start: int, end: int) -> bytes:
    """MTH(D[start:end]) from the stored complete subtrees."""
    return fold(_nodes(db, frontier(start, end)))


def head(db: Any, at_size: int | None = None) -> TreeHead | None:
    """The latest signed tree head (or the one of `at_size`), or None for an empty log."""
    if at_size is None:
        row = db.execute("select * from tree_heads order by size desc limit 1").fetchone()
    else:
        row = db.execute("select * from tree_heads where size = ?", (at_size,)).fetchone()
    if row is None:
        return None
    return TreeHead(row["size"], bytes(row["root"]), parse_utc(row["at"]),
                    bytes(row["signature"]))


def inclusion_proof(db: Any, index: int, tree_size: int) -> list[bytes]:
    """RFC 9162 section 2.1.3.1: the audit path of leaf `index` in the tree of `tree_size`."""
    _within(db, "size", tree_size, 1)
    _within(db, "index", index, 0, tree_size - 1)
    return _path(db, index, 0, tree_size)


def _within(db: Any, name: str, value: int, low: int, high: int | None = None) -> None:
    """Raises ValidationError unless low <= value <= high (default: the log's size)."""
    high = size(db) if high is None else high
    if not low <= value <= high:
        raise ValidationError(name, "between", low=low, high=high)


def _path(db: Any, m: int, start: int, end: int) -> list[bytes]:
    n = end - start
    if n == 1:
        return []
    k = _split(n)
    if m < k:
        return [*_path(db, m, start, start + k), range_hash(db, start + k, end)]
    return [*_path(db, m - k, start + k, end), range_hash(db, start, start + k)]


def consistency_proof(db: Any, first: int, second: int) -> list[bytes]:
    """RFC 9162 section 2.1.4.1: proof that the tree of `second` extends the tree of `first`."""
    _within(db, "second", second, 1)
    _within(db, "first", first, 1, second)
    return _subproof(db, first, 0, second, True)


def _subproof(db: Any, m: int, start: int, end: int, whole: bool) -> list[bytes]:
    n = end - start
    if m == n:
        return [] if whole else [range_hash(db, start, end)]
    k = _split(n)
    if m <= k:
        return [*_subproof(db, m, start, start + k, whole), range_hash(db, start + k, end)]
    return [*_subproof(db, m - k, start + k, end, False), range_hash(db, start, start + k)]


# --- checking (what a brand does; docs/transparency.md has the same in a standalone script) --

def verify_head(tree_head: TreeHead, public_key: bytes) -> bool:
    """True if the vault's key signed this tree head."""
    try:
        nacl.signing.VerifyKey(public_key).verify(tree_head.signed_bytes(), tree_head.signature)
    except nacl.exceptions.BadSignatureError:
        return False
    return True


def root_of(leaves: Iterable[bytes]) -> bytes:
    """The root over leaf hashes, by RFC 9162's definition (the slow, obvious way)."""
    hashes = list(leaves)
    if not hashes:
        return EMPTY_ROOT
    if len(hashes) == 1:
        return hashes[0]
    k = _split(len(hashes))
    return node_hash(root_of(hashes[:k]), root_of(hashes[k:]))


def verify_inclusion(leaf: bytes, index: int, tree_size: int, proof: list[bytes],
                     root: bytes) -> bool:
    """RFC 9162 section 2.1.3.2: does `proof` put leaf hash `leaf` at `index` under `root`?"""
    if index >= tree_size:
        return False
    fn, sn, r = index, tree_size - 1, leaf
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and r == root


def verify_consistency(first: int, second: int, first_root: bytes, second_root: bytes,
                       proof: list[bytes]) -> bool:
    """RFC 9162 section 2.1.4.2: does `proof` show tree `second` extends tree `first`?"""
    if first == second:
        return not proof and first_root == second_root
    if not 0 < first < second or not proof:
        return False
    if first & (first - 1) == 0:  # a power of two: the first root is the path's start
        proof = [first_root, *proof]
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = proof[0]
    for c in proof[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            while not fn & 1 and fn:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and fr == first_root and sr == second_root
