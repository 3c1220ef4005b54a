"""docs/transparency.md's brand-side script, run as a brand would against a served vault."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import requests

from tests.conftest import PASSPHRASE, rewrite_log
from tests.web.oauth.helpers import add_brand, bearer, direct_token
from vault import audit

DOC = Path(__file__).resolve().parents[3] / "docs" / "transparency.md"


def _script(tmp_path: Path) -> Path:
    text = DOC.read_text(encoding="utf-8").split("## A brand's check", 1)[1]
    path = tmp_path / "check.py"
    path.write_text(re.search(r"```python\n(.*?)```", text, re.S)[1], encoding="utf-8")
    return path


def _check(script: Path, base: str, state: Path, token: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(script), base, str(state)], capture_output=True,
                          text=True, timeout=60, env={**os.environ, "COFFRE_TOKEN": token},
                          check=False)


def test_the_brand_script_checks_its_events_and_catches_a_rewritten_history(live_server,
                                                                            tmp_path):
    runtime = live_server.app.extensions["coffre"]
    runtime.create(PASSPHRASE)
    store = runtime.require()
    ours, theirs = add_brand(store), add_brand(store, name="Autre Marque")
    token = direct_token(store, ours, {"profile:read"})
    other = direct_token(store, theirs, {"profile:read"})
    for value in (token, other, token):
        assert requests.get(live_server.url + "/api/v1/profile", headers=bearer(value),
                            timeout=10).status_code == 200
    script, state = _script(tmp_path), tmp_path / "head.json"

    first = _check(script, live_server.url, state, token)
    assert first.returncode == 0, first.stderr
    assert re.match(r"OK: 2 events of ours in a tree of \d+, signed by the vault$",
                    first.stdout.strip())  # the two profile reads (the key is public: no call)

    again = _check(script, live_server.url, state, token)
    assert again.returncode == 0, again.stderr
    assert "extending the tree of" in again.stdout

    rewrite_log(store, "update access_log set records = 0 where brand_id = "
                       f"{ours.brand_id} and endpoint = '/api/v1/profile'")
    caught = _check(script, live_server.url, state, token)
    assert caught.returncode != 0
    assert "does not extend the one of size" in caught.stderr and "rewritten" in caught.stderr


def test_the_header_carries_the_head_the_proof_endpoint_signs(client, store_of):
    brand = add_brand(store_of)
    token = direct_token(store_of, brand, {"profile:read"})
    client.get("/api/v1/profile", headers=bearer(token))
    response = client.get("/api/v1/log/proof", headers=bearer(token))
    head = response.get_json()["tree_head"]
    # The proof covers every event logged before the call; the header is the latest head signed
    # when the answer left (this very call waits in the journal, or was folded meanwhile).
    header = response.headers["Coffre-Tree-Head"]
    assert re.fullmatch(r'size=(\d+), root=:[A-Za-z0-9+/=]+:, timestamp="[-0-9T:]+Z", '
                        r"signature=:[A-Za-z0-9+/=]+:", header)
    assert int(header.split(",")[0].removeprefix("size=")) in (head["size"], head["size"] + 1)
    audit.settle(store_of)  # once folded, the next answer's head counts the call
    later = client.get("/api/v1/profile", headers=bearer(token)).headers["Coffre-Tree-Head"]
    assert int(later.split(",")[0].removeprefix("size=")) >= head["size"] + 1
