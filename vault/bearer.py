"""A presented token with its grant as it stands and its brand, found in one statement.

The brand API checks a token on every call; three lookups (token, grant, brand)
cost three statements where one join does. The records are the ones
vault.tokens, vault.grants and vault.brands build from their own rows.
"""

from __future__ import annotations

from typing import Any

from vault import brands, grants, tokens
from vault.brands import Brand
from vault.grants import Grant
from vault.store import Store
from vault.tokens import Token

# The token, the grant's latest version (with what grants._LATEST joins to it) and the
# token's brand, each part ended by a column named "|".
_HOLDER = (
    "select t.*, null as '|', v.*, g.brand_id, g.created_at, gb.blocked_at, null as '|', b.*"
    " from tokens t join grants g on g.id = t.grant_id"
    " join grant_versions v on v.grant_id = g.id join brands gb on gb.id = g.brand_id"
    " join brands b on b.id = t.brand_id"
    " where t.token_hash = ? order by v.version desc limit 1")


KEPT = 256  # decoded rows kept per open store (about one per live token)


def find(store: Store, value: str, *, kind: str | None) -> tuple[Token, Grant, Brand] | None:
    """The token with this value (of `kind` if given), its grant and its brand, or None.

    The statement runs at every call, so a token revoked, a grant changed (a new
    version) or a brand blocked a moment ago is seen at once; only the decoding of a
    row into records is kept, for a row equal in every column to one decoded before.
    """
    row = store.one(_HOLDER, (tokens.digest(value),))
    if row is None or (kind is not None and row["kind"] != kind):
        return None
    decoded = store.memo.setdefault("bearer_rows", {})
    key = tuple(row)
    found = decoded.get(key)
    if found is None:
        if len(decoded) >= KEPT:
            decoded.clear()
        token, grant, brand = _parts(row)
        found = decoded[key] = (tokens._token(token), grants._grant(grant),
                                brands._brand(brand))
    return found


def _parts(row: Any) -> list[dict[str, Any]]:
    """The row cut at each column named "|", each part as a mapping of its own names."""
    parts: list[dict[str, Any]] = [{}]
    for name, value in zip(row.keys(), row, strict=True):
        if name == "|":
            parts.append({})
        else:
            parts[-1][name] = value
    return parts
