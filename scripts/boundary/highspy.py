"""Reach into highspy (the HiGHS linear-programming solver): its core class.

The disclosure audit (scripts/statistics/audit.py) solves many small linear programs. The
public `highspy.Highs` prints a banner on standard output when it is created, which would
land in the output of `kb build`; its core class, `highspy._Highs`, is the same solver
without it. Guard test: tests/test_boundary.py.
"""

from __future__ import annotations

from typing import Any

from . import Library

HIGHSPY = Library("highspy", (("highspy", ">=1.16.0,<1.17"),), "scripts/boundary/highspy.py")


def quiet_highs() -> Any:
    """A new, empty HiGHS model that writes nothing to standard output or a log file
    (`output_flag` false); methods as `highspy.Highs` (`addVars`, `addRow`, `run`...).

    Reach: the private class `highspy._Highs` (not in highspy's type stubs). Raises
    BoundaryError outside the known versions.
    """
    HIGHSPY.check("a solver without its banner: highspy._Highs")
    import highspy

    highs = highspy._Highs()  # type: ignore[attr-defined]
    highs.setOptionValue("output_flag", False)
    return highs
