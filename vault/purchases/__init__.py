"""Orders and their items: add, change, delete, find and page through them.

records  the Order and Item records, and how their time zone is stored
checks   validating an order given as plain values
writes   add, add_many, add_imported, update, refile, delete (each in one transaction), find_by_ref
queries  get, search and paging, the merchants and categories to filter by, other words

Callers use the names below: `purchases.add(store, order)`.
"""

from vault.purchases.checks import check, check_item
from vault.purchases.queries import (
    VERSION,
    Filters,
    after,
    before,
    categories,
    count,
    get,
    merchants,
    other_words,
    search,
    spellings,
    version,
)
from vault.purchases.records import CHANNELS, MAX_ITEMS, Item, Order
from vault.purchases.writes import (
    add,
    add_imported,
    add_many,
    delete,
    find_by_ref,
    refile,
    refile_other,
    update,
)

__all__ = ["CHANNELS", "MAX_ITEMS", "VERSION", "Filters", "Item", "Order", "add", "add_imported",
           "add_many", "after", "before", "categories", "check", "check_item", "count", "delete",
           "find_by_ref", "get", "merchants", "other_words", "refile", "refile_other", "search",
           "spellings", "update", "version"]
