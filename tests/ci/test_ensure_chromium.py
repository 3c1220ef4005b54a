"""`.ci/ensure-chromium` (run by `make test`): Chromium is there, or one line says what to get."""

import os
import subprocess
from pathlib import Path

SCRIPT = Path(__file__).parents[2] / ".ci" / "ensure-chromium"


def _ensure(chromium: Path, path: str) -> subprocess.CompletedProcess:
    return subprocess.run(["/bin/sh", str(SCRIPT), str(chromium)], capture_output=True,
                          text=True, env={"PATH": path}, check=False)


def test_a_present_chromium_passes_silently(tmp_path):
    chromium = tmp_path / "chromium"
    chromium.write_text("#!/bin/sh\n")
    chromium.chmod(0o755)
    result = _ensure(chromium, os.environ["PATH"])
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_a_missing_chromium_that_cannot_be_installed_stops_with_one_line(tmp_path):
    tools = tmp_path / "bin"  # `id` but no apt-get: nothing can be installed
    tools.mkdir()
    (tools / "id").symlink_to("/usr/bin/id")
    missing = tmp_path / "nowhere" / "chromium"
    result = _ensure(missing, str(tools))
    assert result.returncode == 1 and result.stdout == ""
    [line] = result.stderr.splitlines()
    assert str(missing) in line and "apt-get install chromium" in line
