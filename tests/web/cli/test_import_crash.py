"""An import killed part-way (kill -9) leaves the vault whole: all of the file or none."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from tests.conftest import PASSPHRASE
from tests.vault.importers.test_bank_memory import statement
from tests.web.cli.helpers import ENV, opened

ROWS = 200_000
ROOT = Path(__file__).resolve().parents[3]


def test_a_killed_import_leaves_all_of_the_file_or_none(vault_folder, tmp_path):
    path = statement(tmp_path / "releve.csv", ROWS)
    child = subprocess.Popen(
        [sys.executable, "-c", "from web.cli import main; main()", "--vault", str(vault_folder),
         "import", str(path)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, **ENV, "COFFRE_PASSPHRASE": PASSPHRASE})
    try:
        for line in child.stdout:  # wait until the progress shows it is under way
            if line.startswith("Read "):
                break
        else:
            raise AssertionError("the import ended before it showed any progress")
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait()
        child.stdout.close()

    assert child.returncode == -signal.SIGKILL
    with opened(vault_folder) as store:
        assert store.all("pragma integrity_check")[0][0] == "ok"
        held = store.value("select count(*) from orders")
        assert held in (0, ROWS - ROWS // 6)  # every line but the cash withdrawals, or none
        assert store.value("select count(*) from imports") == (1 if held else 0)
