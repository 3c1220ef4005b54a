"""Fixtures of the consumer page tests: an app before its vault exists."""

from __future__ import annotations

import pytest

from tests.conftest import app_config
from web import create_app


@pytest.fixture
def fresh(folder):
    """An app with no vault yet, and its client."""
    app = create_app(app_config(folder))
    yield app, app.test_client()
    app.extensions["coffre"].lock()
