"""Merchants as the consumer sees them: one shop, however its name was written.

records  Merchant and Spelling as stored; listing, get, find
folding  the spellings of an order's merchant filed under one merchant (`Folder`), and the
         `Directory` an importer recognises bank labels with (`directory(store)`)
edits    merge two merchants, split a spelling off, rename, set the default category

Callers use the names below: `merchants.merge(store, keep_id, other_id)`.
"""

from vault.merchants.edits import merge, rename, set_category, split
from vault.merchants.folding import Directory, Filed, Folder, directory, name_for, spelling_of
from vault.merchants.records import Merchant, Spelling, find, get, listing, of_spelling

__all__ = ["Directory", "Filed", "Folder", "Merchant", "Spelling", "directory", "find", "get",
           "listing", "merge", "name_for", "of_spelling", "rename", "set_category",
           "spelling_of", "split"]
