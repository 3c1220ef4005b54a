"""contrib/systemd: one hardened process per vault, socket-activated, key file as a credential."""

from __future__ import annotations

import configparser

from tests.conftest import PASSPHRASE, TEST_COST
from tests.web.cli.helpers import coffre
from tests.web.hosting.served import ROOT
from vault import backup, lifecycle

UNITS = ROOT / "contrib" / "systemd"


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None,
                                       empty_lines_in_values=False)
    parser.optionxform = str  # systemd's keys are case-sensitive
    parser.read(UNITS / name)
    return parser


def test_the_service_is_hardened_as_promised():
    service = unit("coffre@.service")["Service"]

    assert service["User"] == "coffre-%i" and service["UMask"] == "0077"
    assert service["ProtectSystem"] == "strict"
    assert service["ReadWritePaths"] == "/var/lib/coffre/%i"
    for flag in ("PrivateTmp", "NoNewPrivileges", "PrivateDevices", "ProtectHome",
                 "PrivateNetwork", "RestrictSUIDSGID", "LockPersonality"):
        assert service[flag] == "yes", flag
    assert service["RestrictAddressFamilies"] == "AF_UNIX"
    assert service["CapabilityBoundingSet"] == ""


def test_the_key_file_is_a_credential_never_a_path_given_to_coffre():
    for name in ("coffre@.service", "coffre-backup@.service"):
        service = unit(name)["Service"]
        assert service["LoadCredential"] == "keyfile:/etc/coffre/%i.key"
        assert ".key" not in service["ExecStart"] + service["Environment"]


def test_the_socket_is_the_services_and_only_the_proxys_group_reaches_it():
    socket = unit("coffre@.socket")["Socket"]

    assert socket["ListenStream"] == "/run/coffre/%i.sock"
    assert (socket["SocketMode"], socket["SocketGroup"]) == ("0660", "www-data")
    assert unit("coffre@.service")["Unit"]["Requires"] == "coffre@%i.socket"


def test_each_vault_has_a_backup_timer():
    timer = unit("coffre-backup@.timer")

    assert timer["Timer"]["Persistent"] == "true" and timer["Timer"]["OnCalendar"]
    assert unit("coffre-backup@.service")["Service"]["ExecStart"].endswith("coffre backup")


def test_backup_opens_the_vault_with_the_credential_unattended(folder, tmp_path):
    store, _code = lifecycle.create(folder, PASSPHRASE, cost=TEST_COST)
    store.close()
    credentials = tmp_path / "credentials"
    credentials.mkdir()
    lifecycle.add_keyfile(folder, PASSPHRASE, credentials / "keyfile", cost=TEST_COST)

    result = coffre(folder, "backup", passphrase=None, CREDENTIALS_DIRECTORY=str(credentials))

    assert result.exit_code == 0, result.output
    assert len(backup.all_backups(folder)) == 1
