"""Key slots, the keyring file and recovery codes."""

import json

import pytest

from vault import keys
from vault.errors import KeyringDamaged, NoVault, WrongKey
from vault.keys import DEFAULT_COST, FLOOR, Keyring


def test_production_cost_keeps_the_floor():
    assert FLOOR.memlimit >= 64 * 1024 * 1024 and FLOOR.opslimit >= 3
    assert DEFAULT_COST.memlimit >= FLOOR.memlimit
    assert DEFAULT_COST.opslimit >= FLOOR.opslimit


def test_app_defaults_use_the_production_cost():
    from web.config import DEFAULTS

    assert DEFAULTS["KDF_OPSLIMIT"] >= FLOOR.opslimit
    assert DEFAULTS["KDF_MEMLIMIT"] >= FLOOR.memlimit


def test_wrap_and_unwrap(cost):
    dek = keys.new_dek()
    slot = keys.wrap("passphrase", b"secret words here", dek, vault_id="v1", cost=cost)
    assert keys.unwrap(slot, b"secret words here", vault_id="v1") == dek
    with pytest.raises(WrongKey):
        keys.unwrap(slot, b"other words", vault_id="v1")


def test_a_slot_moved_to_another_vault_does_not_open(cost):
    slot = keys.wrap("passphrase", b"pw", keys.new_dek(), vault_id="v1", cost=cost)
    with pytest.raises(WrongKey):
        keys.unwrap(slot, b"pw", vault_id="v2")


def test_slot_parameters_are_bound_to_the_wrapped_key(cost):
    slot = keys.wrap("recovery", b"pw", keys.new_dek(), vault_id="v1", cost=cost)
    relabelled = keys.Slot("passphrase", slot.salt, slot.cost, slot.wrapped)
    with pytest.raises(WrongKey):
        keys.unwrap(relabelled, b"pw", vault_id="v1")


def _ring(cost):
    dek = keys.new_dek()
    return dek, Keyring("v1", {"passphrase": keys.wrap("passphrase", b"pw", dek, vault_id="v1",
                                                        cost=cost)})


def test_keyring_round_trip(tmp_path, cost):
    dek, ring = _ring(cost)
    keys.save(tmp_path / "keyring.json", ring)
    loaded = keys.load(tmp_path / "keyring.json")
    assert loaded == ring
    assert keys.unwrap(loaded.slots["passphrase"], b"pw", vault_id="v1") == dek


def test_keyring_file_holds_no_key_in_clear(tmp_path, cost):
    dek, ring = _ring(cost)
    keys.save(tmp_path / "keyring.json", ring)
    data = (tmp_path / "keyring.json").read_bytes()
    assert dek not in data and dek.hex().encode() not in data


def test_a_hand_edited_keyring_is_refused(tmp_path, cost):
    _, ring = _ring(cost)
    path = tmp_path / "keyring.json"
    keys.save(path, ring)
    doc = json.loads(path.read_text())
    doc["keyring"]["slots"]["passphrase"]["opslimit"] = 9
    path.write_text(json.dumps(doc))
    with pytest.raises(KeyringDamaged, match="changed outside Coffre"):
        keys.load(path)


@pytest.mark.parametrize("content", [b"", b"{", b"[]", b'{"keyring": {}, "checksum": "x"}'])
def test_an_unreadable_keyring_is_refused(tmp_path, content):
    (tmp_path / "keyring.json").write_bytes(content)
    with pytest.raises(KeyringDamaged):
        keys.load(tmp_path / "keyring.json")


def test_a_missing_keyring_means_no_vault(tmp_path):
    with pytest.raises(NoVault, match="No vault"):
        keys.load(tmp_path / "keyring.json")


def test_recovery_codes_are_easy_to_write_down():
    code = keys.new_recovery_code()
    groups = code.split("-")
    assert len(groups) == 8 and all(len(g) == 4 for g in groups)
    assert keys.new_recovery_code() != code


def test_recovery_codes_forgive_case_spaces_and_lookalikes():
    code = "ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567"
    typed = "abcd efgh 1jkl mn0p qrst uvwx yz23 4567"
    assert keys.recovery_secret(typed) == keys.recovery_secret(code)


def test_atomic_write_leaves_no_temp_file(tmp_path):
    keys.atomic_write(tmp_path / "f", b"one")
    keys.atomic_write(tmp_path / "f", b"two")
    assert [p.name for p in tmp_path.iterdir()] == ["f"]
    assert (tmp_path / "f").read_bytes() == b"two"
