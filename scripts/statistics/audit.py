"""What a reader can work out from published figures: the attacker's view of a table.

A reader knows every published count, the sums of `relations.py`, and what each marker
says: `<5`/`<10` is 0 to 4 (or 9) - a small count, or a zero withheld to protect one -, `x` in
a sensitive category is anything from 0, and `x` elsewhere is a count withheld to protect
others, so at least the threshold (a zero is withheld as `<5`/`<10`, never as `x`).
From these, linear programming gives, for every hidden
count, the smallest and largest value it can have. The audit then lists what is unsafe:

- `published-small` / `published-sensitive`: a figure that should never have been shown;
- `pinned`: a protected count (small, sensitive, or a small implied count) whose range holds
  fewer than two whole numbers, so it is known, or any hidden count known to be small;
- `group-small` / `group-sensitive`: the hidden parts of one sum are all protected (or shown
  as `<5`/`<10`) and their total can be worked out, and it is itself small, or it counts only
  sensitive people in a region (the number of transgender clients in one region, say).

The audit never needs a hidden value, so the same code checks the protection while it is
chosen and once more on what is about to be written.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from enum import StrEnum

from .model import COUNTRY, Key, Rules
from .relations import Relation, Structure

EPS = 1e-6
# No count of people comes near this: an upper limit for the solver, so that every program
# has an optimum (HiGHS can report an unbounded program as of "unknown" status after a warm
# start). A count that can reach it is, for the audit, unbounded.
CAP = 1e7


class Mark(StrEnum):
    PUBLISHED = "published"
    SMALL = "small"  # shown as <5 / <10
    SENSITIVE = "sensitive"  # a sensitive category below country level, shown as x
    COMPLEMENT = "complement"  # withheld so that others cannot be worked out, shown as x


@dataclass(frozen=True)
class Finding:
    reason: str
    cell: Key | None = None
    relation: Relation | None = None
    low: float = 0.0
    high: float = 0.0

    def __str__(self) -> str:
        if self.relation is not None:
            return f"{self.reason}: the hidden parts of {'/'.join(self.relation.whole)} can be summed"
        return f"{self.reason}: {'/'.join(self.cell or ())} lies in [{self.low:g}, {self.high:g}]"


def attacker_bounds(key: Key, mark: Mark | None, rules: Rules) -> tuple[float, float]:
    """What the marker (or its absence, for an implied count) tells about a hidden count."""
    if mark is Mark.SMALL:
        return (0, rules.threshold(key.region) - 1)
    if mark is Mark.COMPLEMENT:
        return (rules.threshold(key.region), math.inf)
    return (0, math.inf)


class Auditor:
    """Ranges of hidden counts for one dataset, computed per group of linked hidden counts."""

    def __init__(self, structure: Structure, rules: Rules, protected: set[Key] | frozenset[Key]):
        self.structure = structure
        self.rules = rules
        self.protected = frozenset(protected)
        self.relations_of = structure.relations_of()
        self.bounds_of: dict[Key, list] = defaultdict(list)
        for bound in structure.bounds:
            self.bounds_of[bound.part].append(bound)
            self.bounds_of[bound.whole].append(bound)
        self._ranges: dict[frozenset[Key], dict[Key, tuple[float, float]]] = {}

    def components(self, hidden: set[Key]) -> list[list[Key]]:
        """Hidden counts linked by a sum or a limit, since only those constrain each other."""
        parent = {k: k for k in hidden}

        def find(k: Key) -> Key:
            while parent[k] != k:
                parent[k] = parent[parent[k]]
                k = parent[k]
            return k

        links = [r.members for r in self.structure.relations] + \
                [(b.part, b.whole) for b in self.structure.bounds]
        for members in links:
            inside = [k for k in members if k in hidden]
            for other in inside[1:]:
                parent[find(other)] = find(inside[0])
        groups: dict[Key, list[Key]] = defaultdict(list)
        for key in sorted(hidden):
            groups[find(key)].append(key)
        return list(groups.values())

    def ranges_keys(self, published: dict[Key, int]) -> set[Key]:
        """The hidden counts that take part in a sum or a limit."""
        keys = {k for r in self.structure.relations for k in r.members}
        keys |= {k for b in self.structure.bounds for k in (b.part, b.whole)}
        return {k for k in keys if k not in published}

    def ranges(self, published: dict[Key, int], marks: dict[Key, Mark]) -> dict[Key, tuple[float, float]]:
        """A range of values for every hidden count, given what is published: the exact
        smallest and largest value wherever that decides a finding (see `_solve`).

        Cached per group of hidden counts: while a protection is chosen, published values only
        ever become hidden, so a group with the same members has the same constraints."""
        hidden = self.ranges_keys(published)
        result: dict[Key, tuple[float, float]] = {}
        for component in self.components(hidden):
            signature = frozenset(component)
            if signature not in self._ranges:
                self._ranges[signature] = self._solve(component, published, marks)
            result.update(self._ranges[signature])
        return result

    def _solve(self, component: list[Key], published: dict[Key, int],
               marks: dict[Key, Mark]) -> dict[Key, tuple[float, float]]:
        """Ranges just wide enough to decide: for a protected count, whether it can take two
        whole values; for another hidden count, whether it is known. Every optimum found is a
        possible table, so the values seen across them already prove most counts unknown;
        only the others are minimized and maximized one by one (warm-started, so cheap)."""
        # HiGHS and numpy are imported the first time a table is audited (0.2 s that an
        # edit's build, whose audits come from the render cache, does not wait for).
        from .linear import Model

        model = Model(component, [attacker_bounds(k, marks.get(k), self.rules) for k in component], CAP)
        relations = {r for k in component for r in self.relations_of.get(k, [])}
        for relation in sorted(relations, key=lambda r: (r.whole, r.parts)):
            model.constrain([(relation.whole, 1.0)] + [(p, -1.0) for p in relation.parts],
                            published, equal=True)
        for bound in sorted({b for k in component for b in self.bounds_of.get(k, [])},
                            key=lambda b: (b.part, b.whole)):
            model.constrain([(bound.part, 1.0), (bound.whole, -1.0)], published, equal=False)
        seen = {k: [math.inf, -math.inf] for k in component}

        def settled(key: Key) -> bool:
            low, high = seen[key]
            if key in self.protected:
                return math.isinf(high) or math.floor(high + EPS) - math.ceil(low - EPS) >= 1
            return high - low > EPS

        def record(values: dict[Key, float]) -> None:
            for k, v in values.items():
                seen[k][0], seen[k][1] = min(seen[k][0], v), max(seen[k][1], v)

        everything = {k: 1.0 for k in component}
        for sense in (1, -1):
            record(model.optimize(everything, sense))
        for key in sorted(component):
            for sense in (1, -1):
                if not settled(key):
                    record(model.optimize({key: 1.0}, sense))
        return {k: (low, high) for k, (low, high) in seen.items()}

    def findings(self, published: dict[Key, int], marks: dict[Key, Mark]) -> list[Finding]:
        """Everything unsafe about publishing `published`, most local problems first."""
        protected = self.protected
        found = [Finding("published-small", key) for key, value in sorted(published.items())
                 if self.rules.is_small(key, value)]
        found += [Finding("published-sensitive", key) for key in sorted(published)
                  if self.rules.is_sensitive(key)]
        ranges = self.ranges(published, marks)
        known: dict[Key, float] = dict(published)
        for key, (low, high) in ranges.items():
            if high - low < EPS:
                known[key] = round(low)
        for key, (low, high) in sorted(ranges.items()):
            whole_numbers = 2 if math.isinf(high - low) else math.floor(high + EPS) - math.ceil(low - EPS) + 1
            pinned_small = key in known and self.rules.is_small(key, int(known[key]))
            if (key in protected and whole_numbers < 2) or pinned_small:
                found.append(Finding("pinned", key, low=low, high=high))
        for relation in self.structure.relations:
            reason = self._group(relation, known, marks)
            if reason:
                found.append(Finding(reason, relation=relation))
        return found

    def _group(self, relation: Relation, known: dict[Key, float], marks: dict[Key, Mark]) -> str | None:
        """A sum whose hidden parts all show as `<5`/`<10` or are protected reveals their total."""
        if relation.whole not in known:
            return None
        hidden = [k for k in relation.parts if k not in known]
        if not hidden or not all(k in self.protected or marks.get(k) is Mark.SMALL for k in hidden):
            return None
        total = round(known[relation.whole] - sum(known[k] for k in relation.parts if k in known))
        if self.rules.is_small(relation.whole, total):
            return "group-small"
        if relation.whole.region != COUNTRY and all(self.rules.is_sensitive(k) for k in hidden):
            return "group-sensitive"
        return None
