"""The app's one clock: wall time for records and expiries, monotonic time for durations.

Everything in web/ asks the clock the app holds (configuration `CLOCK`) for the
time, so a test moves time instead of sleeping. The vault and the agent never
read a clock: they are handed `now`.
"""

from __future__ import annotations

import time
from datetime import UTC, date, datetime

from flask import Flask, current_app


class Clock:
    """The real clock."""

    def now(self) -> datetime:
        """The current time, aware, in UTC."""
        return datetime.now(UTC)

    def monotonic(self) -> float:
        """Seconds since an arbitrary start, never going back (idle time-outs, waits)."""
        return time.monotonic()

    def local_today(self) -> date:
        """Today's date where the server runs."""
        return self.now().astimezone().date()


def init_app(app: Flask) -> None:
    """Hold the configured clock for the whole app."""
    app.extensions["coffre_clock"] = app.config["CLOCK"]


def current() -> Clock:
    """The clock of the app handling this request."""
    return current_app.extensions["coffre_clock"]


def now() -> datetime:
    """The current time by this app's clock, aware, in UTC."""
    return current().now()


def local_today() -> date:
    """Today's date where the server runs, by this app's clock."""
    return current().local_today()
