"""Failed attempts slow down that client's next ones; never anyone else's, never for good.

Used for passphrases (sign-in, unlock, settings) and for the credentials
brands present to the machine endpoints (client secrets, invitations).
Kept in memory only: a restart forgets it (and locks the vault anyway). After
`free` failures each further one doubles the client's wait, up to a ceiling;
a success clears that client's count, and quiet time clears it too. Nothing is
counted overall: other addresses' failures must never lock the owner out.
What protects the machine instead is a bound on the Argon2id work running at
once (a semaphore): a burst of guesses queues up, it does not refuse anyone.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import TypeVar

from web.clock import Clock
from web.errors import TooManyAttempts

T = TypeVar("T")


@dataclass
class _Record:
    failures: int = 0
    last: float = 0.0


@dataclass
class Throttle:
    """Counts attempts per client address, and bounds the key derivations running at once."""

    base: float = 1.0  # seconds of the first wait
    ceiling: float = 300.0  # a client never waits longer than this
    free: int = 3  # failures allowed before any wait
    forget_after: float = 3600.0
    # Argon2id derivations at once (each takes a core and its memory); None: no bound, for
    # checks as cheap as a hash (client secrets, invitations).
    concurrent: int | None = 2
    clock: Clock = field(default_factory=Clock)
    _records: dict[str, _Record] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    slots: threading.BoundedSemaphore | nullcontext = field(init=False)

    def __post_init__(self) -> None:
        self.slots = (nullcontext() if self.concurrent is None
                      else threading.BoundedSemaphore(self.concurrent))

    def attempt(self, client: str, check: Callable[[], T]) -> T:
        """Run `check` (a passphrase check) for `client`, unless it must wait first.

        Raises TooManyAttempts while `client` must wait, and whatever `check`
        raises. The attempt is counted before `check` runs, in the same step
        as the decision to let it run, so parallel guesses get no extra
        checks; only a success takes it back (with the client's whole count).
        """
        self._admit(client)
        with self.slots:
            result = check()
        with self._lock:
            self._records.pop(client, None)
        return result

    def wait(self, client: str) -> float:
        """Seconds `client` must still wait before its next attempt (0 when it may try)."""
        with self._lock:
            return self._delay(client, self.clock.monotonic())

    def _admit(self, client: str) -> None:
        now = self.clock.monotonic()
        with self._lock:
            delay = self._delay(client, now)
            if delay:
                raise TooManyAttempts(int(delay) + 1)
            record = self._records.setdefault(client, _Record())
            record.failures += 1
            record.last = now

    def _delay(self, client: str, now: float) -> float:
        record = self._records.get(client)
        if record is None:
            return 0.0
        if now - record.last > self.forget_after:
            del self._records[client]
            return 0.0
        extra = record.failures - self.free
        if extra <= 0:
            return 0.0
        delay = min(self.base * 2 ** (extra - 1), self.ceiling)
        return max(0.0, record.last + delay - now)
