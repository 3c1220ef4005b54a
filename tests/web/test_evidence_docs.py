"""The brand-side scripts of docs/receipts.md and docs/shares.md, run as a brand would run them.

Each is taken from its document as written, run by Python in a separate
process against a real vault served on 127.0.0.1, then given a tampered file.
"""

from __future__ import annotations

import base64
import json
import re
import subprocess
import sys
from pathlib import Path
from urllib.request import urlopen

import pytest
from nacl.public import PrivateKey, SealedBox
from nacl.signing import SigningKey

from tests.conftest import PASSPHRASE, LiveServer
from tests.web.oauth.helpers import add_brand
from vault import grants, jws, shares
from vault.provenance import utcnow
from web import create_app

DOCS = Path(__file__).parents[2] / "docs"


def script(document: str, heading: str, tmp_path: Path) -> Path:
    """The first Python block under `heading` in docs/`document`, saved as a file."""
    section = (DOCS / document).read_text(encoding="utf-8").split(f"\n{heading}\n", 1)[1]
    path = tmp_path / f"{document}.py"
    path.write_text(re.search(r"```python\n(.*?)```", section, re.S)[1])
    return path


def run(path: Path, *args) -> subprocess.CompletedProcess:
    """The script run by this Python, as a separate process."""
    return subprocess.run([sys.executable, str(path), *map(str, args)], capture_output=True,
                          text=True, timeout=60, check=False)


@pytest.fixture
def served(live_config):
    """A vault with a brand allowed profile:read then narrowed, served on 127.0.0.1."""
    app = create_app(live_config)
    app.extensions["coffre"].create(PASSPHRASE)
    store = app.extensions["coffre"].require()
    with LiveServer(app) as server:
        yield server, store
    app.extensions["coffre"].lock()


def test_the_receipt_check_of_the_docs_passes_a_receipt_and_fails_a_changed_one(served,
                                                                                 tmp_path):
    server, store = served
    brand = add_brand(store)
    grant = grants.create(store, brand.brand_id, frozenset({"profile:read", "intents:read"}),
                          purpose=None, expires_at=None, now=utcnow())
    grants.revoke(store, grant.id, now=utcnow())
    first, revoked = grants.receipts_of(store, grant.id, now=utcnow())
    good, bad = tmp_path / "good.jws", tmp_path / "bad.jws"
    good.write_text(revoked.jws)
    bad.write_text(revoked.jws[:-5] + ("A" if revoked.jws[-5] != "A" else "B") + revoked.jws[-4:])
    check = script("receipts.md", "## Checking a receipt", tmp_path)

    passed, failed = run(check, server.url, good), run(check, server.url, bad)

    assert passed.returncode == 0, passed.stderr
    assert passed.stdout.split() == ["revoked", "intents:read", "profile:read", "replaces",
                                     first.receipt_id]
    assert failed.returncode == 1 and "This receipt is not genuine" in failed.stderr


def test_the_share_check_of_the_docs_opens_a_share_and_refuses_anothers(served, tmp_path):
    server, store = served
    mine, theirs = PrivateKey.generate(), PrivateKey.generate()
    x = base64.urlsafe_b64encode(bytes(mine.public_key)).decode().rstrip("=")
    brand = add_brand(store, jwks={"keys": [{"kty": "OKP", "crv": "X25519", "x": x}]})
    grants.create(store, brand.brand_id, frozenset({"profile:read", "intents:read"}),
                  purpose=None, expires_at=None, now=utcnow())
    sealed = shares.create(store, brand.brand_id, frozenset({"intents:read"}), now=utcnow())
    files = {"share": sealed, "mine": bytes(mine), "theirs": bytes(theirs),
             "jwks.json": urlopen(f"{server.url}/.well-known/jwks.json").read()}
    for name, content in files.items():
        (tmp_path / name).write_bytes(content)
    check = script("shares.md", "## Opening and checking a copy (the brand's side)", tmp_path)

    forged = jws.sign({"scope": "intents:read"}, SigningKey.generate(), typ=shares.TYP)
    (tmp_path / "forged").write_bytes(SealedBox(mine.public_key).encrypt(forged.encode()))

    opened = run(check, tmp_path / "share", tmp_path / "mine", tmp_path / "jwks.json")
    refused = run(check, tmp_path / "share", tmp_path / "theirs", tmp_path / "jwks.json")
    unsigned = run(check, tmp_path / "forged", tmp_path / "mine", tmp_path / "jwks.json")

    assert opened.returncode == 0, opened.stderr
    head, _, data = opened.stdout.partition("\n")
    assert head.split()[:3] == ["intents:read", "for", brand.client_id]
    assert json.loads(data) == {"/api/v1/intents": {"intents": []}}
    assert refused.returncode == 1 and "cannot be opened with this key" in refused.stderr
    assert unsigned.returncode == 1 and "The vault's signature does not hold" in unsigned.stderr
