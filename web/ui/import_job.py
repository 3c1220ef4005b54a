"""An upload held in memory for its import, and the import run in the background (jobs.py).

The file's bytes never touch the disk: the request keeps them in memory
(web/security.py), the runtime holds them per session until the import, and
the job reads them from memory in a thread of the server process. One job runs
at a time per vault (Runtime.begin); it takes the store from the runtime when
it starts, like any request, and a lock in the meantime makes it fail and keep
nothing (the import is one transaction).
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime

from vault import imports, merchants
from vault.errors import ValidationError
from vault.importers.recipes import Recipe
from vault.reasons import Problem
from vault.store import Store
from web.runtime import Runtime
from web.ui.jobs import Job


@dataclass(frozen=True)
class Staged:
    """An uploaded file and the consumer's choices for reading it."""

    name: str
    data: bytes
    format: str = "auto"
    recipe: Recipe | None = None

    def with_choices(self, format_name: str, recipe: Recipe | None) -> Staged:
        """The same file, read another way."""
        return replace(self, format=format_name, recipe=recipe)


def reconciliation(store: Store) -> tuple[Mapping[str, str], Mapping[str, str]]:
    """The consumer's merchant aliases and category corrections for an import."""
    known = merchants.directory(store)
    return known.aliases, known.categories


def preview(store: Store, staged: Staged, *, now: datetime) -> imports.Preview:
    """What the staged file would give. Raises ValidationError when it cannot be read."""
    aliases, categories = reconciliation(store)
    return imports.preview(io.BytesIO(staged.data), staged.name, now=now,
                           format_name=staged.format, recipe=staged.recipe,
                           aliases=aliases, categories=categories)


class ImportJob(Job):
    """One import in a thread: bytes read so far, then its report, refusal or failure."""

    kind = "import"

    def __init__(self, runtime: Runtime, staged: Staged, *, now: datetime,
                 dry_run: bool, skip_invalid: bool):
        super().__init__(runtime)
        self.staged, self.now = staged, now
        self.dry_run, self.skip_invalid = dry_run, skip_invalid
        self.read, self.total = 0, len(staged.data)
        self.report: imports.Report | None = None
        self.refused: list[Problem] = []  # the file could not be read at all

    @property
    def name(self) -> str:
        """The file's name."""
        return self.staged.name

    def progress(self) -> tuple[int, int]:
        """Bytes of the file read so far, of its size."""
        return self.read, self.total

    def _progress(self, read: int, total: int) -> None:
        self.read, self.total = read, total

    def run(self) -> None:
        """Import the staged file; a file that cannot be read at all is `refused`."""
        store = self.runtime.require()
        aliases, categories = reconciliation(store)
        options = imports.Options(format=self.staged.format, recipe=self.staged.recipe,
                                  dry_run=self.dry_run, skip_invalid=self.skip_invalid,
                                  aliases=aliases, categories=categories,
                                  progress=self._progress)
        try:
            self.report = imports.run(store, io.BytesIO(self.staged.data), self.staged.name,
                                      now=self.now, options=options)
        except ValidationError as e:
            self.refused = list(e.problems)
