"""`.ci/ensure-node-clients` (run by `make test`): Node and the client packages, or one line."""

import os
import subprocess
from pathlib import Path

SCRIPT = Path(__file__).parents[2] / ".ci" / "ensure-node-clients"


def test_without_node_and_no_way_to_install_it_one_line_says_what_to_get(tmp_path):
    tools = tmp_path / "bin"  # `id` and `dirname` but no node, npm or apt-get
    tools.mkdir()
    for tool in ("id", "dirname"):
        (tools / tool).symlink_to(f"/usr/bin/{tool}")
    result = subprocess.run(["/bin/sh", str(SCRIPT), str(tmp_path)], capture_output=True,
                            text=True, env={"PATH": str(tools)}, check=False)
    assert result.returncode == 1 and result.stdout == ""
    [line] = result.stderr.splitlines()
    assert "apt-get install nodejs npm" in line


def test_installed_packages_newer_than_the_lock_are_left_alone(tmp_path):
    lock = tmp_path / "package-lock.json"
    lock.write_text("{}")
    os.utime(lock, (1_000_000_000, 1_000_000_000))  # locked long before the install
    installed = tmp_path / "node_modules" / ".package-lock.json"
    installed.parent.mkdir()
    installed.write_text("{}")
    result = subprocess.run(["/bin/sh", str(SCRIPT), str(tmp_path)], capture_output=True,
                            text=True, check=False)
    assert (result.returncode, result.stderr) == (0, "")
