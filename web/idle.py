"""A server nobody uses: lock the vault after a while, and exit once locked and idle.

With socket activation systemd holds the listening socket and starts the
server again at the next connection, so an idle vault costs no memory. Idle
means no request in flight and none ended for the configured minutes
(IDLE_LOCK_MINUTES, IDLE_EXIT_MINUTES), by the app's clock.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from enum import StrEnum
from typing import Any

from flask import Flask

LONGEST_WAIT = 30.0  # seconds between two looks, at most


class Action(StrEnum):
    """What an idle server does now."""

    LOCK = "lock"
    EXIT = "exit"


class Activity:
    """WSGI middleware: counts the requests in flight and notes when the last one ended."""

    def __init__(self, app: Flask):
        self.inner = app.wsgi_app
        self.clock = app.extensions["coffre_clock"]
        self.busy = 0
        self.last = self.clock.monotonic()
        self._lock = threading.Lock()

    def __call__(self, environ: dict, start_response: Any) -> Any:
        with self._lock:
            self.busy += 1
        try:
            return self.inner(environ, start_response)
        finally:
            with self._lock:
                self.busy -= 1
                self.last = self.clock.monotonic()

    def idle_seconds(self) -> float:
        """Seconds since the last request ended; 0 while one is in flight."""
        with self._lock:
            return 0.0 if self.busy else self.clock.monotonic() - self.last


def install(app: Flask) -> Activity:
    """Count `app`'s requests (outermost middleware); return the counter."""
    activity = Activity(app)
    app.wsgi_app = activity
    return activity


def due(app: Flask, activity: Activity) -> Action | None:
    """What the idle `app` should do now, if anything."""
    idle, unlocked = activity.idle_seconds(), app.extensions["coffre"].unlocked
    lock, leave = app.config["IDLE_LOCK_MINUTES"], app.config["IDLE_EXIT_MINUTES"]
    if unlocked and lock is not None and idle >= lock * 60:
        return Action.LOCK
    if not unlocked and leave is not None and idle >= leave * 60:
        return Action.EXIT
    return None


def watch(app: Flask, activity: Activity, leave: Callable[[], None]) -> threading.Event | None:
    """Look now and then in a daemon thread: lock when due; call `leave` when exit is due.

    Returns an event that stops the watching when set, or None if nothing is configured.
    """
    minutes = [m for m in (app.config["IDLE_LOCK_MINUTES"], app.config["IDLE_EXIT_MINUTES"])
               if m is not None]
    if not minutes:
        return None
    stop, every = threading.Event(), min(min(minutes) * 60 / 10, LONGEST_WAIT)

    def look() -> None:
        while not stop.wait(every):
            action = due(app, activity)
            if action is Action.LOCK:
                app.extensions["coffre"].lock()
            elif action is Action.EXIT:
                leave()
                return

    threading.Thread(target=look, name="coffre-idle", daemon=True).start()
    return stop
