"""One group of hidden counts of a table as a linear program in HiGHS (the disclosure
audit's solver, `audit.Auditor`): its own module so that HiGHS and numpy are imported only
when a table is audited."""

from __future__ import annotations

import math

import highspy
import numpy as np

from ..boundary.highspy import quiet_highs
from .model import Key


class Model:
    """One group of hidden counts as a linear program in HiGHS, re-solved with new objectives."""

    def __init__(self, component: list[Key], limits: list[tuple[float, float]], cap: float):
        """`component`: the hidden counts, one column each; `limits`: each one's (lowest,
        highest) value for the attacker (`audit.attacker_bounds`); `cap`: the highest value
        the solver is given (`audit.CAP`): a value that reaches it is unbounded."""
        self.keys = component
        self.column = {k: i for i, k in enumerate(component)}
        self.cap = cap
        # Without the banner the public class prints into `kb build`'s output.
        self.highs = quiet_highs()
        self.highs.addVars(len(component), np.array([lo for lo, _ in limits], dtype=float),
                           np.array([min(hi, cap) for _, hi in limits], dtype=float))

    def constrain(self, terms: list[tuple[Key, float]], published: dict[Key, int], *, equal: bool) -> None:
        """sum(sign * count) = 0 (or <= 0), with published counts moved to the right."""
        index, value, rhs = [], [], 0.0
        for key, sign in terms:
            if key in self.column:
                index.append(self.column[key])
                value.append(sign)
            else:
                rhs -= sign * published[key]
        lower = rhs if equal else -highspy.kHighsInf
        self.highs.addRow(lower, rhs, len(index), np.array(index, dtype=np.int32),
                          np.array(value, dtype=float))

    def optimize(self, weights: dict[Key, float], sense: int) -> dict[Key, float]:
        """The values at the optimum of sense * sum(weight * count) (inf: unbounded)."""
        cost = np.zeros(len(self.keys))
        for key, weight in weights.items():
            cost[self.column[key]] = weight
        self.highs.changeColsCost(len(self.keys), np.arange(len(self.keys), dtype=np.int32), cost)
        self.highs.changeObjectiveSense(highspy.ObjSense.kMaximize if sense > 0 else
                                        highspy.ObjSense.kMinimize)
        self.highs.run()
        status = self.highs.getModelStatus()
        if status != highspy.HighsModelStatus.kOptimal:
            self.highs.clearSolver()  # once more from scratch, without the warm start
            self.highs.run()
            status = self.highs.getModelStatus()
        if status != highspy.HighsModelStatus.kOptimal:
            raise ValueError("the published figures contradict each other: "
                             + self.highs.modelStatusToString(status))
        return {k: math.inf if v >= self.cap - 1 else (-math.inf if v <= -self.cap + 1 else v)
                for k, v in zip(self.keys, self.highs.getSolution().col_value, strict=True)}
