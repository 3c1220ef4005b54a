"""Static and supply chain: bandit over our code, pip-audit over what is installed.

A bandit finding passes only when it is explained: either its lines carry
ruff's marker for the same check (`noqa: S608` is bandit's B608, ruff having
ported bandit's checks; `make test` runs ruff, so each marker was put there
for a reason beside it), or its check is in the table of
docs/security.md ("Static analysis") saying why it does not apply to us.
pip-audit asks PyPI's vulnerability data about every installed package: it
is the one step of `make proof` that leaves this machine, so only the long
form runs it; the short form (in `make test`) runs bandit alone.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from tests.proof.result import Result

ROOT = Path(__file__).resolve().parents[2]
CODE = ("vault", "agent", "web")
SECURITY_DOC = ROOT / "docs" / "security.md"
_ACCEPTED = re.compile(r"^\| `(B\d{3})` \|", re.MULTILINE)


def accepted_checks() -> set[str]:
    """The bandit checks docs/security.md explains as not applying to this code."""
    return set(_ACCEPTED.findall(SECURITY_DOC.read_text(encoding="utf-8")))


def explained_by_marker(finding: dict) -> bool:
    """The finding's lines carry ruff's `noqa` for the same check."""
    marker = re.compile(rf"noqa: [A-Z0-9, ]*S{finding['test_id'][1:]}\b")
    lines = (ROOT / finding["filename"]).read_text(encoding="utf-8").splitlines()
    span = finding.get("line_range") or [finding["line_number"]]
    return any(marker.search(lines[n - 1]) for n in range(span[0], span[-1] + 1))


def bandit(result: Result) -> None:
    """Run bandit; every finding is explained, or a failure."""
    run = subprocess.run([sys.executable, "-m", "bandit", "-q", "-r", *CODE, "-f", "json"],
                         cwd=ROOT, capture_output=True, text=True, check=False)
    findings = json.loads(run.stdout)["results"]
    accepted = accepted_checks()
    result.cases += len(findings) + 1
    by_check: dict[str, int] = {}
    for finding in findings:
        by_check[finding["test_id"]] = by_check.get(finding["test_id"], 0) + 1
        if finding["test_id"] in accepted or explained_by_marker(finding):
            continue
        result.fail(f"bandit {finding['test_id']} at {finding['filename']}:"
                    f"{finding['line_number']}: {finding['issue_text']}")
    result.details.append(f"bandit: {len(findings)} findings, each explained or failed: "
                          + ", ".join(f"{k} × {v}" for k, v in sorted(by_check.items())))


def pip_audit(result: Result) -> None:
    """Run pip-audit over the installed packages; any known vulnerability is a failure."""
    run = subprocess.run([sys.executable, "-m", "pip_audit", "--format", "json",
                          "--progress-spinner", "off", "--skip-editable"],
                         cwd=ROOT, capture_output=True, text=True, check=False)
    try:
        packages = json.loads(run.stdout)["dependencies"]
    except (json.JSONDecodeError, KeyError):
        result.fail(f"pip-audit could not run: {run.stderr.strip()[-300:]}")
        return
    result.cases += len(packages)
    for package in packages:
        for vulnerability in package.get("vulns", []):
            result.fail(f"{package['name']} {package['version']}: {vulnerability['id']}"
                        f" (fixed in {', '.join(vulnerability.get('fix_versions', [])) or '?'})")
    result.details.append(f"pip-audit: {len(packages)} installed packages checked")


def run(work: Path, *, long: bool) -> Result:
    """The campaign: bandit always; pip-audit in the long form only (it asks PyPI)."""
    result = Result("static")
    bandit(result)
    if long:
        pip_audit(result)
    return result
