"""Fixtures of the CLI tests: a vault folder made the way a person would make one."""

from __future__ import annotations

import pytest

from tests.web.cli.helpers import coffre


@pytest.fixture
def vault_folder(folder):
    """A new vault made with `coffre init`, closed."""
    result = coffre(folder, "init")
    assert result.exit_code == 0, result.output
    return folder
