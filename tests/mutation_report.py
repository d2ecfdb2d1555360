"""Print the result of `make mutation`: the kill ratio per module and the surviving mutants.

Reads what `mutmut run` left in mutants/ (one `<module>.meta` JSON per mutated module, with
the exit code of the tests against each mutant). Killed: some test failed (or timed out)
with the mutant in place. Survived: every test passed. No tests: no selected test runs the
mutated function. The kill ratio is killed / all mutants, the ones without tests counted
as not killed. Run from the project folder, after `mutmut run`; not a test itself.
"""

from __future__ import annotations

import json
import sys
import tomllib
from collections import Counter
from pathlib import Path

KILLED = {1, 3, 24, -24, 36, 152, 255}  # a failing test, pytest's internal error, a timeout
STATUS = {0: "survived", 5: "no tests", 33: "no tests", 34: "skipped", None: "not run"}


def status(exit_code: int | None) -> str:
    return "killed" if exit_code in KILLED else STATUS.get(exit_code, "suspicious")


def main() -> int:
    settings = tomllib.loads(Path("pyproject.toml").read_text(encoding="utf-8"))
    modules = settings["tool"]["mutmut"]["only_mutate"]
    total: Counter[str] = Counter()
    survivors: list[str] = []
    print(f"{'module':<36}{'mutants':>8}{'killed':>8}{'survived':>9}{'no tests':>9}{'ratio':>8}")
    for module in modules:
        meta = Path("mutants") / f"{module}.meta"
        if not meta.is_file():
            print(f"{module:<36}  not mutated (no {meta})")
            continue
        codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
        counts = Counter(status(code) for code in codes.values())
        survivors += sorted(name for name, code in codes.items() if status(code) != "killed")
        total.update(counts)
        n = sum(counts.values())
        print(f"{module:<36}{n:>8}{counts['killed']:>8}{counts['survived']:>9}{counts['no tests']:>9}"
              f"{counts['killed'] / n if n else 0:>8.0%}")
    n = sum(total.values())
    if not n:
        print("no mutant was run: run `mutmut run` first")
        return 1
    other = n - total["killed"] - total["survived"] - total["no tests"]
    print(f"{'all':<36}{n:>8}{total['killed']:>8}{total['survived']:>9}{total['no tests']:>9}"
          f"{total['killed'] / n:>8.0%}")
    if other:
        print(f"({other} mutants neither killed nor survived: not run, skipped or suspicious)")
    print(f"\nkill ratio: {total['killed']} of {n} mutants killed = {total['killed'] / n:.1%}")
    print(f"\nmutants not killed ({len(survivors)}); `.venv/bin/mutmut show NAME` prints the change:")
    for name in survivors:
        print(f"  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
