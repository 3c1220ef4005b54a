"""The campaigns, in the order `make proof` runs them; each module has `run(work, *, long)`."""

from __future__ import annotations

import importlib
import tempfile
import time
from pathlib import Path

from tests.proof.result import Result

NAMES = ("load", "brute_force", "faults", "bad_input", "plaintext", "static", "mutants")


def run(name: str, *, long: bool) -> Result:
    """Run one campaign in a fresh temporary folder it alone uses, removed after."""
    module = importlib.import_module(f"tests.proof.{name}")
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix=f"coffre-proof-{name}-") as work:
        result = module.run(Path(work), long=long)
    result.details.append(f"took {time.monotonic() - started:.0f} s")
    return result
