"""The consumer's corrections: merge two merchants, split a spelling off, rename, set a category.

Each runs in one transaction; orders follow their spelling, and every order keeps
`orders.merchant` equal to its merchant's name, so every reader of orders sees the
change. A spelling stays where it is put: later orders written so land there too.
"""

from __future__ import annotations

from datetime import datetime

from vault import validate
from vault.errors import Conflict, NotFound, ValidationError
from vault.importers import merchants as recognition
from vault.merchants.folding import add_spelling
from vault.merchants.records import Merchant, get
from vault.provenance import iso_utc
from vault.store import Store

MAX_NAME = 100


def _name(value: object) -> tuple[str, str]:
    """A merchant's name, checked, and its key."""
    name = validate.text("name", value, max_len=MAX_NAME)
    key = recognition.fold(name)
    if not key:
        raise ValidationError("name", "required")
    return name, key


def _free(store: Store, key: str, merchant_id: int | None, *,
          spelling_id: int | None = None) -> None:
    """Raise Conflict if a merchant other than `merchant_id` holds a name or spelling of key
    `key` (the spelling `spelling_id` aside)."""
    owners = {r[0] for r in store.all(
        "select id from merchants where key = ? union select merchant_id from"
        " merchant_aliases where key = ? and id is not ?", (key, key, spelling_id))}
    if owners - {merchant_id}:
        raise Conflict("Another shop already has this name or spelling: merge the two instead.")


def _show_name(store: Store, merchant_id: int, name: str) -> None:
    store.execute("update orders set merchant = ? where alias_id in"
                  " (select id from merchant_aliases where merchant_id = ?)", (name, merchant_id))


def rename(store: Store, merchant_id: int, name: str) -> Merchant:
    """Show the merchant under `name`; its former name stays one of its spellings.

    Raises NotFound, ValidationError for a blank or too long name, Conflict if
    another merchant has that name or spelling.
    """
    name, key = _name(name)
    with store.atomic():
        get(store, merchant_id)
        _free(store, key, merchant_id)
        store.execute("update merchants set name = ?, key = ? where id = ?",
                      (name, key, merchant_id))
        add_spelling(store, merchant_id, name)
        _show_name(store, merchant_id, name)
    return get(store, merchant_id)


def merge(store: Store, keep_id: int, other_id: int) -> Merchant:
    """Fold `other_id` into `keep_id`: its spellings and orders, its category if `keep` has none.

    Raises NotFound, ValidationError when both are one merchant, Conflict when
    both hold an order with the same order number (the same order entered twice).
    """
    if keep_id == other_id:
        raise ValidationError("other", "same_merchant")
    with store.atomic():
        keep, other = get(store, keep_id), get(store, other_id)
        twice = store.value(
            "select a.merchant_order_id from orders a join orders b on a.merchant_order_id ="
            " b.merchant_order_id where a.merchant = ? and b.merchant = ? limit 1",
            (keep.name, other.name))
        if twice is not None:
            raise Conflict(f"Both shops hold an order numbered {twice}: delete one of the two "
                           "first, then merge them.")
        store.execute("update merchant_aliases set merchant_id = ? where merchant_id = ?",
                      (keep_id, other_id))
        if keep.category is None and other.category is not None:
            store.execute("update merchants set category = ?, category_chosen = ? where id = ?",
                          (other.category, int(other.category_chosen), keep_id))
        store.execute("delete from merchants where id = ?", (other_id,))
        _show_name(store, keep_id, keep.name)
    return get(store, keep_id)


def split(store: Store, spelling_id: int, *, name: str | None = None,
          now: datetime) -> Merchant:
    """Make one spelling a merchant of its own, named `name` (else the spelling), with its orders.

    Raises NotFound, Conflict for the merchant's own name (rename it instead) or
    a name another merchant has, ValidationError for a bad name.
    """
    with store.atomic():
        row = store.one("select * from merchant_aliases where id = ?", (spelling_id,))
        if row is None:
            raise NotFound(f"There is no spelling {spelling_id}.")
        if row["key"] == get(store, row["merchant_id"]).key:
            raise Conflict("This is the shop's own name: rename the shop instead.")
        name, key = _name(name or recognition.display(row["spelling"]))
        _free(store, key, None, spelling_id=spelling_id)
        found = recognition.recognise(row["spelling"])
        new_id = store.execute(
            "insert into merchants (name, key, category, created_at) values (?, ?, ?, ?)",
            (name, key, found.default_category, iso_utc(now))).lastrowid
        store.execute("update merchant_aliases set merchant_id = ? where id = ?",
                      (new_id, spelling_id))
        add_spelling(store, new_id, name)
        _show_name(store, new_id, name)
    return get(store, new_id)


def set_category(store: Store, merchant_id: int, category: str) -> Merchant:
    """Choose the merchant's default category (a code or a word); later imports use it.

    Raises NotFound, ValidationError for a blank category.
    """
    stored = validate.category("category", category)
    with store.atomic():
        get(store, merchant_id)
        store.execute("update merchants set category = ?, category_chosen = 1 where id = ?",
                      (stored, merchant_id))
    return get(store, merchant_id)
