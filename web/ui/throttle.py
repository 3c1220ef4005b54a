"""Failed sign-in attempts slow down the next ones, per client and overall; never for good.

Kept in memory only: a restart forgets it (and locks the vault anyway). After
`free` failures each further one doubles the wait, up to a ceiling; a success
from a client clears that client's count, and quiet time clears everything.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from web.clock import Clock

OVERALL = "*"


@dataclass
class _Record:
    failures: int = 0
    last: float = 0.0


@dataclass
class Throttle:
    """Counts failures per client address and overall."""

    base: float = 1.0  # seconds of the first wait
    ceiling: float = 300.0  # a client never waits longer than this
    free: int = 3  # failures allowed before any wait
    overall_free: int = 20  # everyone's failures together, before anyone waits
    overall_ceiling: float = 30.0
    forget_after: float = 3600.0
    clock: Clock = field(default_factory=Clock)
    _records: dict[str, _Record] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def wait(self, client: str) -> float:
        """Seconds `client` must still wait before its next attempt (0 when it may try)."""
        now = self.clock.monotonic()
        with self._lock:
            mine = self._delay(client, self.free, self.ceiling, now)
            everyone = self._delay(OVERALL, self.overall_free, self.overall_ceiling, now)
        return max(mine, everyone)

    def _delay(self, key: str, free: int, ceiling: float, now: float) -> float:
        record = self._records.get(key)
        if record is None:
            return 0.0
        if now - record.last > self.forget_after:
            del self._records[key]
            return 0.0
        extra = record.failures - free
        if extra <= 0:
            return 0.0
        delay = min(self.base * 2 ** (extra - 1), ceiling)
        return max(0.0, record.last + delay - now)

    def failed(self, client: str) -> None:
        """Count one failed attempt from `client`."""
        now = self.clock.monotonic()
        with self._lock:
            for key in (client, OVERALL):
                record = self._records.setdefault(key, _Record())
                record.failures += 1
                record.last = now

    def succeeded(self, client: str) -> None:
        """The owner got in from `client`: forget that client's failures."""
        with self._lock:
            self._records.pop(client, None)
