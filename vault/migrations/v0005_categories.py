"""Categories become codes of the vocabulary (vault.categories) in every table holding one.

Each free-text category is resolved as a brand's word would be: a word the vocabulary
knows becomes its code, any other stays as "other:<word>" for the consumer to sort.
Rows that come to name one category become one: the interest with the higher weight,
the lower price ceiling (in the currency of the first), one blocked row. The cached
per-category history is emptied; the purchase triggers have marked it stale.
"""

from __future__ import annotations

from typing import Any

from vault import categories

# Tables whose category column is no key: each value is rewritten in place.
_PLAIN = (("order_items", "category"), ("intents", "category"), ("offers", "category"))


def _stored(value: str) -> str:
    return categories.resolve(value).stored if value.strip() else "other:?"


def _rewrite_plain(conn: Any) -> None:
    for table, column in _PLAIN:
        # Our table and column names, listed above; the values are bound parameters.
        for (value,) in conn.execute(f"select distinct {column} from {table}").fetchall():  # noqa: S608
            if _stored(value) != value:
                conn.execute(f"update {table} set {column} = ? where {column} = ?",  # noqa: S608
                             (_stored(value), value))


def _rewrite_interests(conn: Any) -> None:
    rows = conn.execute("select * from interests order by rowid").fetchall()
    kept: dict[str, tuple] = {}
    for row in rows:
        code = _stored(row["category"])
        if code not in kept or row["weight"] > kept[code][1]:
            kept[code] = (code, *tuple(row)[1:])
    conn.execute("delete from interests")
    conn.executemany("insert into interests values (?, ?, ?, ?, ?)", list(kept.values()))


def _rewrite_ceilings(conn: Any) -> None:
    rows = conn.execute("select * from price_ceilings order by rowid").fetchall()
    kept: dict[str, tuple] = {}
    for row in rows:
        code, old = _stored(row["category"]), kept.get(_stored(row["category"]))
        if old is None or (old[2] == row["currency"] and row["amount_minor"] < old[1]):
            kept[code] = (code, *tuple(row)[1:])
    conn.execute("delete from price_ceilings")
    conn.executemany("insert into price_ceilings values (?, ?, ?, ?, ?, ?)",
                     list(kept.values()))


def _rewrite_blocked(conn: Any) -> None:
    rows = conn.execute("select * from blocked where kind = 'category' order by rowid").fetchall()
    conn.execute("delete from blocked where kind = 'category'")
    conn.executemany("insert or ignore into blocked values (?, ?, ?, ?, ?)",
                     [("category", _stored(r["value"]), *tuple(r)[2:]) for r in rows])


STEPS = [
    _rewrite_plain,
    _rewrite_interests,
    _rewrite_ceilings,
    _rewrite_blocked,
    "delete from category_history",
    "update agent_state set history_version = history_version + 1",
]
