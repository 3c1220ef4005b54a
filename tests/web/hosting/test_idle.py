"""An idle server locks the vault, then exits while locked (socket activation restarts it)."""

from __future__ import annotations

import pytest

from tests.conftest import PASSPHRASE, app_config
from web import create_app, idle
from web.idle import Action


@pytest.fixture
def idle_app(folder, clock):
    """An unlocked vault that locks after 10 idle minutes and exits 5 minutes after that."""
    app = create_app(app_config(folder, CLOCK=clock, IDLE_LOCK_MINUTES=10,
                                IDLE_EXIT_MINUTES=15))
    app.extensions["coffre"].create(PASSPHRASE)
    yield app, idle.install(app)
    app.extensions["coffre"].lock()


def test_nothing_is_due_while_requests_come(idle_app, clock):
    app, activity = idle_app
    clock.advance(minutes=9)
    app.test_client().get("/healthz")
    clock.advance(minutes=9)

    assert idle.due(app, activity) is None


def test_an_unlocked_vault_is_locked_first_then_the_server_exits(idle_app, clock):
    app, activity = idle_app
    clock.advance(minutes=10)
    assert idle.due(app, activity) is Action.LOCK

    app.extensions["coffre"].lock()
    assert idle.due(app, activity) is None
    clock.advance(minutes=5)
    assert idle.due(app, activity) is Action.EXIT


def test_a_request_in_flight_is_not_idle(idle_app, clock):
    app, activity = idle_app
    seen = []

    @app.get("/test-slow")
    def slow():
        clock.advance(minutes=30)
        seen.append(idle.due(app, activity))
        return ""

    app.test_client().get("/test-slow")

    assert seen == [None] and activity.idle_seconds() == 0


def test_an_unlocked_vault_never_exits_without_idle_lock(folder, clock):
    app = create_app(app_config(folder, CLOCK=clock, IDLE_EXIT_MINUTES=1))
    app.extensions["coffre"].create(PASSPHRASE)
    activity = idle.install(app)
    clock.advance(hours=24)

    assert idle.due(app, activity) is None
    app.extensions["coffre"].lock()
    assert idle.due(app, activity) is Action.EXIT


def test_nothing_watches_when_nothing_is_configured(folder):
    app = create_app(app_config(folder))

    assert idle.watch(app, idle.install(app), leave=lambda: None) is None
