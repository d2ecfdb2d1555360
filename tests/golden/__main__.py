"""Regenerate the golden snapshots (`--update`), or compare a build with them (`--check`).

See tests/golden/__init__.py.
"""

from __future__ import annotations

import argparse
import sys

from . import check, update


def main(argv: list[str] | None = None) -> int:
    """Run the command line; the exit status (1: `--check` found a difference)."""
    parser = argparse.ArgumentParser(prog="python -m tests.golden", description=__doc__)
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--update", action="store_true",
                        help="build the sample site in a temporary folder and store its docs/ "
                             "and pages as the new snapshots")
    action.add_argument("--check", action="store_true",
                        help="build the sample site and print what differs from the snapshots")
    parser.add_argument("--ignore-lines", metavar="REGEX",
                        help="with --check: leave out lines matching REGEX on both sides "
                             "(e.g. the generator <meta> of another engine)")
    args = parser.parse_args(argv)
    if args.update:
        counts = update()
        print(f"golden snapshots written: {counts['docs']} files of docs/, {counts['site']} of site/ "
              "(tests/golden/); review them with `git diff tests/golden`")
        return 0
    report = check(args.ignore_lines)
    print(report or "the build equals the golden snapshots")
    return 1 if report else 0


if __name__ == "__main__":
    sys.exit(main())
