"""The transparency log as a brand sees it: the signed tree head on every answer, and proofs.

Every answer to a brand under /api/v1 carries the latest signed tree head in the `Coffre-Tree-Head`
header (an RFC 8941 dictionary: size, root, timestamp, signature). `GET /api/v1/log/proof`
gives the calling brand an inclusion proof for each of its own access events, and a
consistency proof between two tree sizes it holds (docs/transparency.md). Another
brand's events are answered exactly as events that do not exist.
"""

from __future__ import annotations

import base64
from contextlib import suppress

from flask import Response, g, request

from vault import audit, transparency, validate
from vault.errors import NotFound, VaultError
from vault.provenance import iso_utc
from vault.store import Store
from web import runtime
from web.api.protect import LOG_SIZE, Access, Reply, bp, endpoint

HEADER = "Coffre-Tree-Head"
MAX_EVENTS = 500
MAX_ID = 2**63 - 1


def header_value(head: transparency.TreeHead) -> str:
    """A tree head as an RFC 8941 dictionary (byte sequences in standard base64)."""
    return (f"size={head.size}, root=:{base64.b64encode(head.root).decode()}:, "
            f'timestamp="{iso_utc(head.at)}", '
            f"signature=:{base64.b64encode(head.signature).decode()}:")


@bp.after_request
def tree_head(response: Response) -> Response:
    """Every answer to a brand (a caller whose token the vault knows) carries the latest head.

    A caller with no token, or one the vault never issued, learns nothing of the log.
    """
    store = runtime.current().store
    token = g.get("coffre_token")
    if store is not None and token is not None:
        with suppress(VaultError):  # locked meanwhile: the answer goes out without it
            grew = g.get("coffre_log_grows")  # a write's own event, or a proof's fold
            value = _latest(store, transparency.size(store) if grew else token.also[LOG_SIZE])
            if value is not None:
                response.headers[HEADER] = value
    return response


def _latest(store: Store, size: int | None) -> str | None:
    """The header of the latest signed head, the log being of `size` leaves (for a read, as
    read with the token when the call began: protect.Validator); None for an empty log.

    The header last made is kept with its size: a head is signed once per size, so while
    the log keeps its size, no statement reads it again (another process, such as the
    command line, that writes an event changes the size all the same).
    """
    kept = store.memo.get("tree_head")
    if kept is not None and kept[0] == size:
        return kept[1]
    head = transparency.head(store)
    if head is None:
        return None
    value = header_value(head)
    store.memo["tree_head"] = (head.size, value)
    return value


def _b64(hashes: list[bytes]) -> list[str]:
    return [base64.b64encode(h).decode() for h in hashes]


def _number(name: str, default: int | None, low: int, high: int) -> int | None:
    value = request.args.get(name)
    if value is None:
        return default
    return validate.integer(name, value, low=low, high=high)


@endpoint("/api/v1/log/proof", scopes=None, before=audit.settle,
          summary="Inclusion proofs of the brand's own access events, and a consistency proof")
def log_proof(access: Access) -> Reply:
    latest = transparency.size(access.store)
    if latest == 0:
        raise NotFound("The log is empty.")
    size, after, limit, index, first = validate.collect(
        lambda: _number("size", latest, 1, MAX_ID),
        lambda: _number("after", -1, -1, MAX_ID),
        lambda: _number("limit", 100, 1, MAX_EVENTS),
        lambda: _number("index", None, 0, MAX_ID),
        lambda: _number("first", None, 1, MAX_ID),
    )
    if size > latest or (first or 0) > size:
        raise NotFound(f"The log has had no tree of size {max(size, first or 0)}; "
                       f"its latest is {latest}.")
    head = transparency.head(access.store, size)
    if head is None:  # a size inside a write: the vault signed the size after it
        raise NotFound(f"The log has no signed tree head of size {size}; its latest is {latest}.")
    brand = access.token.brand.id
    if index is not None:
        leaves = audit.brand_leaves(access.store, brand, after=index - 1, before=min(
            index + 1, size), limit=1)
        if not leaves:
            raise NotFound(f"There is no event {index} of yours in a tree of {size}.")
    else:
        leaves = audit.brand_leaves(access.store, brand, after=after, before=size, limit=limit)
    events = [{"index": seq, "leaf": base64.b64encode(data).decode(),
               "proof": _b64(transparency.inclusion_proof(access.store, seq, size))}
              for seq, data in leaves]
    body = {"tree_head": head.as_json(), "events": events,
            "next_after": leaves[-1][0] if len(leaves) == limit and index is None else None,
            "consistency": None}
    if first is not None:
        proof = transparency.consistency_proof(access.store, first, size)
        body["consistency"] = {"first": first, "second": size,
                               "proof": _b64(proof)}
    return Reply(body, records=len(events))
