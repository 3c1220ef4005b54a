"""`coffre receipts`, `coffre share` and `coffre brands encryption-key`, as a script runs them."""

from __future__ import annotations

import base64

from nacl.public import PrivateKey

from tests.web.cli.helpers import coffre, opened, snapshot
from vault import brands, grants, identity, receipts, shares
from vault.provenance import utcnow


def _brand(folder) -> brands.Brand:
    result = coffre(folder, "brands", "add", "--name", "Maison Dupont", "--redirect-uri",
                    "https://md.example/cb", "--scope", "profile:read", "--scope",
                    "intents:read")
    assert result.exit_code == 0, result.output
    with opened(folder) as store:
        brand = brands.all_brands(store)[0]
        grant = grants.create(store, brand.id, frozenset({"profile:read", "intents:read"}),
                              purpose=None, expires_at=None, now=utcnow())
        grants.revoke(store, grant.id, now=utcnow())
        grants.create(store, brand.id, frozenset({"profile:read"}), purpose=None,
                      expires_at=None, now=utcnow())
    return brand


def test_receipts_lists_every_receipt_and_writes_each_that_verifies(vault_folder, tmp_path):
    brand = _brand(vault_folder)

    result = coffre(vault_folder, "receipts", brand.client_id, "--out", str(tmp_path / "r"))

    assert result.exit_code == 0, result.output
    assert [line.split()[3] for line in result.output.splitlines()[:3]] == [
        "allowed", "revoked", "allowed"]
    files = sorted((tmp_path / "r").glob("*.jws"))
    assert len(files) == 3 and "Wrote 3 receipt(s)" in result.output
    with opened(vault_folder) as store:
        key = identity.public_key(store)
        assert identity.fingerprint(key) in result.output
    changes = {receipts.verify(f.read_text(), key)["grant"]["change"] for f in files}
    assert changes == {"created", "revoked"}


def test_encryption_key_then_share_writes_a_copy_only_that_brand_opens(vault_folder, tmp_path):
    brand = _brand(vault_folder)
    secret = PrivateKey.generate()
    x = base64.urlsafe_b64encode(bytes(secret.public_key)).decode().rstrip("=")
    out = tmp_path / "copie.coffre"

    assert coffre(vault_folder, "brands", "encryption-key", str(brand.id), x).exit_code == 0
    result = coffre(vault_folder, "share", str(brand.id), "--scopes", "profile:read", str(out))

    assert result.exit_code == 0, result.output
    with opened(vault_folder) as store:
        key = identity.public_key(store)
    assert set(shares.unseal(out.read_bytes(), bytes(secret), key)["data"]) == {
        "/api/v1/profile"}


def test_a_key_that_starts_with_a_dash_is_taken_as_the_key(vault_folder):
    brand = _brand(vault_folder)
    x = ""
    while not x.startswith("-h"):  # as if asking for help; one key in 4,096 starts so
        public = bytes(PrivateKey.generate().public_key)
        x = base64.urlsafe_b64encode(public).decode().rstrip("=")

    result = coffre(vault_folder, "brands", "encryption-key", str(brand.id), x)

    assert result.exit_code == 0, result.output
    assert "will be encrypted to this key" in result.output


def test_a_refused_share_says_why_and_writes_nothing(vault_folder, tmp_path):
    brand = _brand(vault_folder)
    before = snapshot(vault_folder)

    no_key = coffre(vault_folder, "share", str(brand.id), "--scopes", "profile:read",
                    str(tmp_path / "a"))
    bad_key = coffre(vault_folder, "brands", "encryption-key", str(brand.id), "c2hvcnQ")

    assert no_key.exit_code == 1 and "no encryption key" in no_key.output
    assert bad_key.exit_code == 1 and "not 32 bytes" in bad_key.output
    assert not (tmp_path / "a").exists() and snapshot(vault_folder) == before
