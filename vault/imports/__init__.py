"""Importing outside files into the vault, and undoing an import.

run      one import: `run(store, file, name, now=, options=Options(...))` -> Report
preview  what a file would give, before importing it: format, encoding, mapping, rows
records  the record of each import (`history`, `get`), what undoing one removes
         (`removal`) and undoing it (`undo`)
keys     how a line is recognised when it comes again
build    a reader's Purchase made an Order of the vault
tap      a file's SHA-256 and progress, taken as it streams
report   what an import did: counts and problems

The readers themselves (vault/importers/) never touch the vault.
"""

from vault.imports.preview import Preview, Shown, preview
from vault.imports.records import Counts, Record, Removal, get, history, removal, undo
from vault.imports.report import Report
from vault.imports.run import Options, run

__all__ = ["Counts", "Options", "Preview", "Record", "Removal", "Report", "Shown", "get",
           "history", "preview", "removal", "run", "undo"]
