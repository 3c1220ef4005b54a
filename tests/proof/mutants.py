"""Mutants: can the security tests fail? mutmut changes the checks that guard access, one at a time.

The repository is copied into the campaign's folder (mutmut writes its
`mutants/` there, never in the repository) with mutmut's settings added to the
copy's pyproject.toml: the files whose checks decide who gets in — exact
redirect URIs, scopes, grant states, tokens, PKCE and refresh rotation — and
the tests that exercise them. Each mutant must make some test fail; one that
survives is a missing test, unless it is equivalent (docs/security.md,
"Equivalent mutants", lists those by name, with why).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from tests.proof.result import Result

ROOT = Path(__file__).resolve().parents[2]
# The checks, and the tests that exercise them.
TARGETS = ("vault/redirects.py", "vault/scopes.py", "vault/grants.py", "vault/tokens.py",
           "web/oauth/grants.py")
SHORT_TARGETS = ("vault/scopes.py",)
TESTS = ("tests/vault/test_addresses.py", "tests/vault/test_brands.py",
         "tests/vault/test_grants.py", "tests/vault/test_tokens.py",
         "tests/web/oauth/test_rules.py", "tests/web/oauth/test_endpoints.py",
         "tests/web/oauth/test_grants.py",
         "tests/web/api/test_scopes.py")
SHORT_TESTS = ("tests/vault/test_addresses.py", "tests/vault/test_brands.py")
_EQUIVALENT = re.compile(r"^\| `([\w.]+__mutmut_\d+)` \|", re.MULTILINE)
_RESULT = re.compile(r"^\s+([\w.]+__mutmut_\d+): (.+)$", re.MULTILINE)


def settings(targets: tuple[str, ...], tests: tuple[str, ...]) -> str:
    """mutmut's section of pyproject.toml for these files and tests."""
    def items(values: tuple[str, ...]) -> str:
        return "[" + ", ".join(f'"{v}"' for v in values) + "]"

    return (f"\n[tool.mutmut]\nsource_paths = {items(('vault', 'web', 'agent'))}\n"
            f"only_mutate = {items(targets)}\n"
            f"also_copy = {items(('vault', 'web', 'agent', 'tests', 'docs'))}\n"
            f"pytest_add_cli_args_test_selection = {items(tests)}\n"
            f"pytest_add_cli_args = {items(('-x', '-q', '-p', 'no:cacheprovider'))}\n")


def copy(work: Path, targets: tuple[str, ...], tests: tuple[str, ...]) -> Path:
    """The repository, less its history and caches, with mutmut's settings; its folder."""
    repo = work / "repo"
    shutil.copytree(ROOT, repo, ignore=shutil.ignore_patterns(
        ".git", "mutants", "__pycache__", "*.egg-info", ".venv", "demo-vault", "node_modules"))
    with (repo / "pyproject.toml").open("a", encoding="utf-8") as config:
        config.write(settings(targets, tests))
    return repo


def equivalent() -> set[str]:
    """The mutants docs/security.md explains as equivalent (no test could tell them apart)."""
    return set(_EQUIVALENT.findall((ROOT / "docs" / "security.md").read_text(encoding="utf-8")))


def mutmut(repo: Path, *args: str, timeout: float) -> str:
    """Run mutmut in the copy; its output."""
    done = subprocess.run([sys.executable, "-m", "mutmut", *args], cwd=repo, capture_output=True,
                          text=True, check=False, timeout=timeout)
    return done.stdout + done.stderr


def run(work: Path, *, long: bool) -> Result:
    """The campaign: every mutant of every target (long), or of vault/scopes.py (short)."""
    targets, tests = (TARGETS, TESTS) if long else (SHORT_TARGETS, SHORT_TESTS)
    result = Result("mutants")
    repo = copy(work, targets, tests)
    output = mutmut(repo, "run", "--max-children", "2", timeout=1800 if long else 300)
    statuses = dict(_RESULT.findall(mutmut(repo, "results", "--all", "true", timeout=120)))
    if not statuses:
        result.fail(f"mutmut ran no mutant: {output.strip()[-400:]}")
        return result
    accepted = equivalent()
    surviving = sorted(name for name, status in statuses.items()
                       if status != "killed" and name not in accepted)
    killed = sum(1 for status in statuses.values() if status == "killed")
    result.cases = len(statuses)
    result.surviving_mutants = len(surviving)
    for name in surviving:
        result.fail(f"{name} {statuses[name]}: {mutmut(repo, 'show', name, timeout=60)[-300:]}")
    result.details.append(f"{len(statuses)} mutants of {', '.join(targets)}: {killed} killed,"
                          f" {len(statuses) - killed - len(surviving)} equivalent (explained),"
                          f" {len(surviving)} surviving")
    return result
