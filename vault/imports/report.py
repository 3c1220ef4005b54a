"""What an import did or would do: its counts, and its problems with where and why."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from vault.errors import ValidationError
from vault.importers.rows import Bad
from vault.imports.records import Counts

MAX_KEPT = 1000  # problems and lines already present remembered; all are counted
_LINE = re.compile(r"line (\d+)")


@dataclass
class Report:
    """An import's outcome: `stored` says whether the vault keeps it."""

    file_name: str
    format: str
    encoding: str | None = None
    sha256: str = ""
    counts: Counts = field(default_factory=Counts)
    rules: Counter = field(default_factory=Counter)  # not a purchase: rule -> lines
    left: Counter = field(default_factory=Counter)  # left out by the source: why -> lines
    problems: list[Bad] = field(default_factory=list)  # the first MAX_KEPT
    present: list[int] = field(default_factory=list)  # lines already there, the first MAX_KEPT
    dry_run: bool = False
    stored: bool = False
    import_id: int | None = None
    on_problem: Callable[[Bad], None] | None = field(default=None, repr=False)  # each one
    on_present: Callable[[int], None] | None = field(default=None, repr=False)
    _last_bad: int = field(default=-1, repr=False)

    def bad(self, row: Bad) -> None:
        """Note a problem: its line counts once as invalid however many cells it has wrong
        (the first MAX_KEPT problems are kept)."""
        if row.line != self._last_bad or row.line == 0:
            self.counts.invalid += 1
        self._last_bad = row.line
        if len(self.problems) < MAX_KEPT:
            self.problems.append(row)
        if self.on_problem:
            self.on_problem(row)

    def already(self, line: int) -> None:
        """Count a line taken as already present."""
        self.counts.present += 1
        if len(self.present) < MAX_KEPT:
            self.present.append(line)
        if self.on_present:
            self.on_present(line)

    def broken(self, error: ValidationError) -> None:
        """Count what stopped the file being read further, as problems of where it stopped."""
        for problem in error.problems:
            found = _LINE.search(problem.field)
            self.bad(Bad(int(found[1]) if found else 0, None if found else problem.field,
                         None, problem.code, dict(problem.params)))
