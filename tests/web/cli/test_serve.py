"""`coffre serve` refuses to serve plain HTTP beyond this machine, before it listens."""

from __future__ import annotations

import socket

import pytest

from tests.web.cli.helpers import coffre


@pytest.mark.parametrize("args, env", [
    (["--host", "0.0.0.0"], {}),
    (["--host", "192.168.1.20"], {}),
    ([], {"COFFRE_PUBLIC_URL": "http://vault.home.example"}),
])
def test_plain_http_beyond_loopback_is_refused_at_start(vault_folder, args, env):
    with socket.socket() as taken:  # were it not refused, serving would fail, not hang
        taken.bind(("0.0.0.0", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        result = coffre(vault_folder, "serve", "--port", port, *args, **env)

    assert result.exit_code == 1
    assert "plain HTTP" in result.output and "docs/reverse-proxy.md" in result.output
    assert "Coffre is serving" not in result.output
