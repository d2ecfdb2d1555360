"""`python -m tests.golden --update`: regenerate the golden snapshots (see tests/golden/__init__.py)."""

from __future__ import annotations

import argparse
import sys

from . import update


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.golden", description=__doc__)
    parser.add_argument("--update", action="store_true", required=True,
                        help="build the sample site in a temporary folder and store its docs/ "
                             "and pages as the new snapshots")
    parser.parse_args(argv)
    counts = update()
    print(f"golden snapshots written: {counts['docs']} files of docs/, {counts['site']} of site/ "
          "(tests/golden/); review them with `git diff tests/golden`")
    return 0


if __name__ == "__main__":
    sys.exit(main())
