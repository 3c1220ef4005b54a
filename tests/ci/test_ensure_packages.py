"""`.ci/ensure-chromium` and `.ci/ensure-nginx` (run by `make test`): the program is there,
or one line says what to get."""

import os
import subprocess
from pathlib import Path

import pytest

CI = Path(__file__).parents[2] / ".ci"
SCRIPTS = [("ensure-chromium", "chromium"), ("ensure-nginx", "nginx")]


def _ensure(script: str, program: Path, path: str) -> subprocess.CompletedProcess:
    return subprocess.run(["/bin/sh", str(CI / script), str(program)], capture_output=True,
                          text=True, env={"PATH": path}, check=False)


@pytest.mark.parametrize("script, package", SCRIPTS)
def test_a_present_program_passes_silently(tmp_path, script, package):
    program = tmp_path / package
    program.write_text("#!/bin/sh\n")
    program.chmod(0o755)
    result = _ensure(script, program, os.environ["PATH"])
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


@pytest.mark.parametrize("script, package", SCRIPTS)
def test_a_missing_program_that_cannot_be_installed_stops_with_one_line(tmp_path, script,
                                                                        package):
    tools = tmp_path / "bin"  # `id` but no apt-get: nothing can be installed
    tools.mkdir()
    (tools / "id").symlink_to("/usr/bin/id")
    missing = tmp_path / "nowhere" / package
    result = _ensure(script, missing, str(tools))
    assert result.returncode == 1 and result.stdout == ""
    [line] = result.stderr.splitlines()
    assert str(missing) in line and f"apt-get install {package}" in line
