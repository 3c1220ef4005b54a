"""`make proof`: every campaign in its long form, then one table.

    .venv/bin/python -m tests.proof [--short] [CAMPAIGN ...]

Exits 1 when any campaign found a failure.
"""

from __future__ import annotations

import argparse
import sys

from tests.proof import campaigns
from tests.proof.result import table


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.proof",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", metavar="CAMPAIGN", choices=[[], *campaigns.NAMES],
                        help=f"some of: {', '.join(campaigns.NAMES)} (default: all)")
    parser.add_argument("--short", action="store_true", help="the short forms, as make test runs")
    args = parser.parse_args()
    results = []
    for name in args.names or campaigns.NAMES:
        print(f"running {name}…", file=sys.stderr, flush=True)
        results.append(campaigns.run(name, long=not args.short))
    print(table(results))
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
