"""The transparency log's Merkle tree: RFC 9162 hashes, proofs, signed heads."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from vault import audit, identity, leaves, transparency
from vault.errors import ValidationError

T0 = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)


def _fill(store, count: int) -> list[bytes]:
    leaves = [f"event {i}".encode() for i in range(count)]
    with store.atomic():
        for data in leaves:
            transparency.append(store, [data], at=T0, key=identity.signing_key(store))
    return [transparency.leaf_hash(d) for d in leaves]


def test_rfc9162_hashes_of_a_known_tree():
    # RFC 9162 section 2.1.1: MTH({}) = SHA-256(), a leaf is SHA-256(0x00 || d).
    assert transparency.EMPTY_ROOT.hex().startswith("e3b0c442")
    one = transparency.leaf_hash(b"")
    assert one.hex().startswith("6e340b9c")  # the well-known hash of the empty leaf
    assert transparency.root_of([one, one, one]) == transparency.node_hash(
        transparency.node_hash(one, one), one)


def test_every_root_and_proof_of_a_growing_tree_verifies(store):
    hashes = _fill(store, 37)
    for n in range(1, 38):
        root = transparency.range_hash(store, 0, n)
        assert root == transparency.root_of(hashes[:n]) == transparency.head(store, n).root
        for i in range(n):
            proof = transparency.inclusion_proof(store, i, n)
            assert transparency.verify_inclusion(hashes[i], i, n, proof, root)
            assert not transparency.verify_inclusion(hashes[i - 1 if i else 1], i, n, proof,
                                                     root) or n == 1
        for m in range(1, n + 1):
            proof = transparency.consistency_proof(store, m, n)
            old = transparency.root_of(hashes[:m])
            assert transparency.verify_consistency(m, n, old, root, proof)
            if m < n:
                assert not transparency.verify_consistency(m, n, hashes[0], root, proof) or m == 1


def test_a_head_is_signed_by_the_vault_key_and_a_changed_one_is_not(store):
    _fill(store, 3)
    head = transparency.head(store)
    key = identity.signing_key(store).verify_key.encode()
    assert head.size == 3 and transparency.verify_head(head, key)
    forged = transparency.TreeHead(4, head.root, head.at, head.signature)
    assert not transparency.verify_head(forged, key)


def test_proof_requests_outside_the_tree_are_refused(store):
    _fill(store, 4)
    for call in (lambda: transparency.inclusion_proof(store, 4, 4),
                 lambda: transparency.inclusion_proof(store, 0, 5),
                 lambda: transparency.consistency_proof(store, 0, 4),
                 lambda: transparency.consistency_proof(store, 3, 2)):
        with pytest.raises(ValidationError):
            call()


def test_each_event_is_a_leaf_and_moves_the_signed_head(store):
    audit.record(store, at=T0, method="GET", endpoint="/api/v1/profile", outcome="allowed",
                 records=1, fields=["name"])
    audit.event(store, "vault.unlocked", at=T0)
    head = transparency.head(store)
    assert head.size == 2
    row = store.one("select * from access_events")
    assert row["seq"] == 0
    assert transparency.root_of([transparency.leaf_hash(leaves.of_access(row)),
                                 transparency.leaf_hash(leaves.of_event(
                                     store.one("select * from vault_events")))]) == head.root
