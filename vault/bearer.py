"""A presented token with its grant as it stands and its brand, found in one statement.

The brand API checks a token on every call; three lookups (token, grant, brand)
cost three statements where one join does. The records are the ones
vault.tokens, vault.grants and vault.brands build from their own rows. The same
statement reads any other values the caller needs at every call (`also`: the log's
size, the data version an answer depends on): served, each statement costs its
thread two hand-offs of Python's lock, dearer than the few B-tree steps it runs.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from vault import brands, grants, tokens
from vault.brands import Brand
from vault.grants import Grant
from vault.store import Store
from vault.tokens import Token

# The token, the grant's latest version (with what grants._LATEST joins to it) and the
# token's brand, each part ended by a column named "|"; then the values of `also`.
_HOLDER = (
    "select t.*, null as '|', v.*, g.brand_id, g.created_at, gb.blocked_at, null as '|', b.*{also}"
    " from tokens t join grants g on g.id = t.grant_id"
    " join grant_versions v on v.grant_id = g.id join brands gb on gb.id = g.brand_id"
    " join brands b on b.id = t.brand_id"
    " where t.token_hash = ? order by v.version desc limit 1")


KEPT = 256  # decoded rows kept per open store (about one per live token)


@dataclass(frozen=True)
class Found:
    """A token found, with its grant and brand, and the values of `also` read beside them."""

    token: Token
    grant: Grant
    brand: Brand
    also: tuple[Any, ...]


def find(store: Store, value: str, *, kind: str | None, also: tuple[str, ...] = ()
         ) -> Found | None:
    """The token with this value (of `kind` if given), its grant and its brand, or None.

    `also`: scalar queries (our own constant texts, never input) whose values are read in
    the same statement, in the same snapshot. The statement runs at every call, so a
    token revoked, a grant changed (a new version) or a brand blocked a moment ago is
    seen at once; only the decoding of a row into records is kept, for a row equal in
    every column to one decoded before.
    """
    row = store.one(_statement(also), (tokens.digest(value),))
    if row is None or (kind is not None and row["kind"] != kind):
        return None
    values = tuple(row)
    key = values[:len(values) - len(also)]
    decoded = store.memo.setdefault("bearer_rows", {})
    records = decoded.get(key)
    if records is None:
        if len(decoded) >= KEPT:
            decoded.clear()
        token, grant, brand = _parts(row, len(key))
        records = decoded[key] = (tokens._token(token), grants._grant(grant),
                                  brands._brand(brand))
    return Found(*records, values[len(key):])


@functools.lru_cache(maxsize=16)
def _statement(also: tuple[str, ...]) -> str:
    """The statement that finds a token, reading `also` beside it (one text per `also`)."""
    return _HOLDER.format(also="".join(f", ({query})" for query in also))


def _parts(row: Any, width: int) -> list[dict[str, Any]]:
    """The first `width` columns of the row cut at each column named "|", each part as a
    mapping of its own names."""
    parts: list[dict[str, Any]] = [{}]
    for name, value in zip(row.keys()[:width], row, strict=False):
        if name == "|":
            parts.append({})
        else:
            parts[-1][name] = value
    return parts
