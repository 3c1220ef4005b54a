"""`--vault DIR` before the command or after it; given twice, the one after the command wins."""

import pytest

from tests.web.cli.helpers import run
from vault import lifecycle


def test_init_takes_the_vault_after_the_command(folder):
    result = run("init", "--vault", str(folder))
    assert result.exit_code == 0, result.output
    assert lifecycle.exists(folder) and str(folder) in result.output


@pytest.mark.parametrize("args", [
    ("--vault", "{vault}", "brands", "list"),
    ("brands", "list", "--vault", "{vault}"),
    ("brands", "--vault", "{vault}", "list"),
    ("--vault", "{other}", "brands", "list", "--vault", "{vault}"),
    ("--vault", "{other}", "info", "--vault", "{vault}"),
], ids=["before", "after", "between", "both, after wins (brands list)", "both, after wins (info)"])
def test_the_vault_in_every_position(vault_folder, tmp_path, args):
    place = {"vault": str(vault_folder), "other": str(tmp_path / "elsewhere")}
    result = run(*(arg.format(**place) for arg in args))
    assert result.exit_code == 0, result.output


def test_given_twice_the_one_after_the_command_wins_even_when_it_is_wrong(vault_folder,
                                                                          tmp_path):
    elsewhere = tmp_path / "elsewhere"
    result = run("--vault", str(vault_folder), "info", "--vault", str(elsewhere))
    assert result.exit_code == 1
    assert "No vault" in result.output and str(elsewhere) in result.output

