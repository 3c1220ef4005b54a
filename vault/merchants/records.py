"""Merchants and their spellings as stored, with how many orders each holds."""

from __future__ import annotations

from dataclasses import dataclass

from vault.errors import NotFound
from vault.store import Store


@dataclass(frozen=True)
class Spelling:
    """One way a merchant's name was written ("FNAC BELLECOUR"), and the orders written so."""

    id: int
    spelling: str
    key: str
    orders: int


@dataclass(frozen=True)
class Merchant:
    """A shop: the name shown, its default category, its spellings and orders."""

    id: int
    name: str
    key: str
    category: str | None  # a code of vault/categories.py, or None when unknown
    category_chosen: bool  # set by the consumer (else from the built-in list)
    spellings: tuple[Spelling, ...]

    @property
    def orders(self) -> int:
        """How many orders are filed under this merchant."""
        return sum(s.orders for s in self.spellings)


_SPELLINGS = ("select a.id, a.merchant_id, a.spelling, a.key, count(o.id) as n"
              " from merchant_aliases a left join orders o on o.alias_id = a.id")


def listing(store: Store) -> list[Merchant]:
    """Every merchant, alphabetically (case and accents aside), with its spellings."""
    spellings: dict[int, list[Spelling]] = {}
    for r in store.all(f"{_SPELLINGS} group by a.id order by n desc, a.spelling"):
        spellings.setdefault(r["merchant_id"], []).append(
            Spelling(r["id"], r["spelling"], r["key"], r["n"]))
    rows = store.all("select * from merchants order by key, id")
    return [_merchant(r, spellings.get(r["id"], [])) for r in rows]


def get(store: Store, merchant_id: int) -> Merchant:
    """One merchant. Raises NotFound if there is no such merchant."""
    row = store.one("select * from merchants where id = ?", (merchant_id,))
    if row is None:
        raise NotFound(f"There is no merchant {merchant_id}.")
    found = store.all(f"{_SPELLINGS} where a.merchant_id = ? group by a.id"
                      " order by n desc, a.spelling", (merchant_id,))
    return _merchant(row, [Spelling(r["id"], r["spelling"], r["key"], r["n"]) for r in found])


def of_spelling(store: Store, spelling_id: int) -> Merchant:
    """The merchant the spelling `spelling_id` is filed under. Raises NotFound."""
    merchant_id = store.value("select merchant_id from merchant_aliases where id = ?",
                              (spelling_id,))
    if merchant_id is None:
        raise NotFound(f"There is no spelling {spelling_id}.")
    return get(store, merchant_id)


def find(store: Store, name: str) -> Merchant | None:
    """The merchant named `name` exactly (as shown), or None."""
    merchant_id = store.value("select id from merchants where name = ?", (name,))
    return None if merchant_id is None else get(store, merchant_id)


def _merchant(row, spellings: list[Spelling]) -> Merchant:
    return Merchant(row["id"], row["name"], row["key"], row["category"],
                    bool(row["category_chosen"]), tuple(spellings))
