"""Fixtures of the hosting tests: the CLI tests' vault folder."""

from tests.web.cli.conftest import vault_folder  # noqa: F401
