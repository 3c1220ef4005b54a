"""What a campaign found, as one row of the proof table."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

COLUMNS = ("campaign", "cases", "failures", "requests", "errors", "p50 ms", "p99 ms",
           "acked/found", "plaintext", "mutants left")


@dataclass
class Result:
    """One campaign's figures; None where a figure does not apply to it."""

    campaign: str
    cases: int = 0
    failures: list[str] = field(default_factory=list)  # what went wrong, one line each
    requests: int | None = None
    errors: int | None = None
    latencies: list[float] = field(default_factory=list)  # seconds
    acknowledged: int | None = None
    found: int | None = None
    plaintext_hits: int | None = None
    surviving_mutants: int | None = None
    details: list[str] = field(default_factory=list)  # extra lines for the report

    def fail(self, why: str) -> None:
        """Note one failure."""
        self.failures.append(why)

    @property
    def ok(self) -> bool:
        """Nothing failed."""
        return not self.failures

    def row(self) -> tuple[str, ...]:
        """The campaign's cells, in COLUMNS order."""
        p50 = p99 = None
        if len(self.latencies) >= 2:
            cuts = statistics.quantiles(self.latencies, n=100)
            p50, p99 = cuts[49] * 1000, cuts[98] * 1000
        acked = (f"{self.acknowledged}/{self.found}" if self.acknowledged is not None else None)
        cells = (self.campaign, self.cases, len(self.failures), self.requests, self.errors,
                 p50, p99, acked, self.plaintext_hits, self.surviving_mutants)
        return tuple("–" if c is None else f"{c:.1f}" if isinstance(c, float) else str(c)
                     for c in cells)


def table(results: list[Result]) -> str:
    """The results as an aligned text table, with each campaign's details and failures after."""
    rows = [COLUMNS, *(r.row() for r in results)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
             for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    for r in results:
        for line in r.details:
            lines.append(f"{r.campaign}: {line}")
        for line in r.failures[:20]:
            lines.append(f"{r.campaign}: FAILED {line}")
    return "\n".join(lines)
