"""Filing an order's merchant, however it was written, under one merchant of the table.

A merchant is written many ways ("CB FNAC BELLECOUR 24/11", "FNAC BELLECOUR 02/12",
"Fnac"): the writing is cleaned (vault.importers.merchants.clean) into a spelling whose
key (folded) is looked up among the spellings the vault knows. An unknown spelling is
recognised (the built-in list, else its cleaned name) and filed under the merchant of
that name, created when new, the spelling added to it. Every order goes this way:
typed, uploaded, imported or pushed by a brand.

An importer reads bank labels before storing anything: `directory(store)` gives it the
consumer's spellings and categories in the form `recognise` takes, so the names and
categories it proposes are the ones the orders will be filed under.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from vault.importers import merchants as recognition
from vault.provenance import stamp
from vault.store import Store

_CACHED = 16384  # distinct writings remembered by one Folder: memory stays flat


def spelling_of(written: str) -> tuple[str, str]:
    """The spelling a merchant written `written` stands for, and its key.

    "CB FNAC BELLECOUR 24/11" -> ("FNAC BELLECOUR", "FNAC BELLECOUR").
    """
    spelling = recognition.clean(written) or " ".join(written.split())
    return spelling, recognition.fold(spelling)


@dataclass(frozen=True)
class Filed:
    """Where an order's merchant is filed: the spelling, its merchant, the name shown."""

    alias_id: int
    merchant_id: int
    name: str


@dataclass(frozen=True)
class Directory:
    """The consumer's spellings (key -> merchant name) and categories (merchant key -> code)."""

    aliases: Mapping[str, str]
    categories: Mapping[str, str]

    def recognise(self, label: str) -> recognition.Merchant:
        """The merchant a label names, the consumer's spellings and categories winning."""
        return recognition.recognise(label, aliases=self.aliases, categories=self.categories)


def directory(store: Store) -> Directory:
    """What `recognise` needs of the vault's merchants, read once (for one import)."""
    aliases = {r[0]: r[1] for r in store.all(
        "select a.key, m.name from merchant_aliases a join merchants m on m.id = a.merchant_id")}
    categories = {r[0]: r[1] for r in store.all(
        "select key, category from merchants where category is not null")}
    return Directory(aliases, categories)


def _known(store: Store, written: str) -> Filed | None:
    """The spelling already filed for `written` (the whole writing first, as `recognise`)."""
    whole, (_spelling, key) = recognition.fold(written), spelling_of(written)
    row = store.one("select a.id, a.merchant_id, m.name from merchant_aliases a join merchants m"
                    " on m.id = a.merchant_id where a.key in (?, ?) order by a.key = ? desc"
                    " limit 1", (whole, key, whole))
    return Filed(*row) if row else None


def _recognised(store: Store, written: str) -> tuple[recognition.Merchant, Filed | None]:
    """What the label names, and the merchant holding that name as a spelling, if any."""
    found = recognition.recognise(written)
    row = store.one("select a.id, a.merchant_id, m.name from merchant_aliases a join merchants m"
                    " on m.id = a.merchant_id where a.key = ?", (found.key,))
    return found, Filed(*row) if row else None


def name_for(store: Store, written: str) -> str:
    """The name an order with merchant `written` is (or would be) filed under; writes nothing."""
    known = _known(store, written)
    if known:
        return known.name
    found, holder = _recognised(store, written)
    return holder.name if holder else found.name


class Folder:
    """Files orders' merchants during one write, remembering each writing it has seen."""

    def __init__(self, store: Store, *, now: datetime | None = None):
        self._store = store
        self._added_at = stamp(now)  # when a merchant it adds was added
        self._filed: dict[str, Filed] = {}

    def file(self, written: str) -> Filed:
        """The spelling and merchant an order written `written` goes under, added if new.

        Call it inside the transaction that stores the order.
        """
        filed = self._filed.get(written)
        if filed is None:
            filed = _known(self._store, written) or self._add(written)
            if len(self._filed) < _CACHED:
                self._filed[written] = filed
        return filed

    def _add(self, written: str) -> Filed:
        found, holder = _recognised(self._store, written)
        if holder is None:
            merchant_id = self._store.execute(
                "insert into merchants (name, key, category, created_at) values (?, ?, ?, ?)",
                (found.name, found.key, found.default_category, self._added_at)).lastrowid
            holder = Filed(add_spelling(self._store, merchant_id, found.name), merchant_id,
                           found.name)
        # A new spelling: `_known` found no spelling of its key, unless just added above.
        alias_id = add_spelling(self._store, holder.merchant_id, spelling_of(written)[0])
        return Filed(alias_id, holder.merchant_id, holder.name)


def add_spelling(store: Store, merchant_id: int, spelling: str) -> int:
    """The id of the spelling `spelling` (by its key), added to `merchant_id` when new."""
    key = recognition.fold(spelling)
    found = store.value("select id from merchant_aliases where key = ?", (key,))
    if found is not None:
        return found
    return store.execute("insert into merchant_aliases (merchant_id, spelling, key)"
                         " values (?, ?, ?)", (merchant_id, spelling, key)).lastrowid
