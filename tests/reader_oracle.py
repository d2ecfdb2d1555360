"""A second oracle for disclosure control: every whole-number table a reader cannot rule out.

The protection (scripts/statistics/disclosure.py) and its final check both rely on one auditor
(audit.py), which reads the markers through `attacker_bounds` and solves linear programs over
the sums of relations.py. A mistake shared by those modules (reading `<10` as 0 to 10, say)
would pass both. So this oracle shares none of them: it knows what a reader knows, written
again from SPEC §4 and the vocabulary, and it enumerates whole numbers instead of solving.

What a reader knows:

- every published figure, and what each marker *shown* says (the text, not our enum):
  `<5` is 0 to 4, `<10` is 0 to 9; `x` in a sensitive category below country level is any
  count; any other `x` is a count withheld to protect others, hence at least the threshold
  of its level (5 for the country, 10 for a region: a withheld zero shows as `<5`/`<10`);
- the sums the data obeys: the categories of an exclusive dimension add up to the total
  they split, the regions to the country, the two halves to the year (the second half is
  never published: it is *implied*); a category of a non-exclusive dimension is at most its
  total; no count is negative.

`Problem.assignments` enumerates, depth first with interval propagation over those sums,
every assignment of whole numbers to the unknown counts that agrees with all of it (capped at
a bound above every true count, which can only leave possibilities out, never add any: a
count seen taking two values under the cap can take them without it).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field

from scripts.statistics.model import Key

COUNTRY = "tj"
# What a reader is told about the levels (aggregates/publishing.yml, SPEC §4).
LEVEL_THRESHOLD = {"country": 5, "region": 10}


def level(key: Key) -> str:
    return "country" if key.region == COUNTRY else "region"


def reader_bounds(marker: str, key: Key, sensitive: frozenset[tuple[str, str]]) -> tuple[float, float]:
    """The values a shown marker allows for the count behind it (inf: no upper limit)."""
    if marker.startswith("<"):
        return (0, int(marker[1:]) - 1)
    if marker == "x":
        if level(key) == "region" and (key.dimension, key.category) in sensitive:
            return (0, math.inf)
        return (LEVEL_THRESHOLD[level(key)], math.inf)
    raise ValueError(f"not a marker: {marker!r}")


@dataclass
class Problem:
    """Unknown counts with their ranges, and linear facts `sum(sign * count) = 0` (or `<= 0`)."""

    domains: dict[Key, tuple[int, int]]
    known: dict[Key, int]
    facts: list[tuple[tuple[tuple[Key, int], ...], bool]] = field(default_factory=list)  # (terms, equal)

    def add(self, terms: list[tuple[Key, int]], *, equal: bool) -> None:
        self.facts.append((tuple(terms), equal))

    def _propagate(self, dom: dict[Key, list[int]]) -> bool:
        """Narrow every range to what the facts allow; False when some range is empty.

        For a fact `s*k + rest + const = 0` (signs s = +1 or -1), `s*k` lies in
        `[-const - max(rest), -const - min(rest)]` (only the upper end for `<= 0`)."""
        changed = True
        while changed:
            changed = False
            for terms, equal in self.facts:
                const = sum(s * self.known[k] for k, s in terms if k in self.known)
                free = [(k, s) for k, s in terms if k not in self.known]
                if not free:
                    if const > 0 or (equal and const < 0):
                        return False
                    continue
                for k, s in free:
                    rest = [(j, t) for j, t in free if j != k]
                    rest_low = sum(dom[j][0] if t > 0 else -dom[j][1] for j, t in rest)
                    rest_high = sum(dom[j][1] if t > 0 else -dom[j][0] for j, t in rest)
                    top, bottom = -const - rest_low, -const - rest_high  # bounds of s*k
                    lo, hi = dom[k]
                    if s > 0:
                        new = (max(lo, bottom) if equal else lo, min(hi, top))
                    else:
                        new = (max(lo, -top), min(hi, -bottom) if equal else hi)
                    if new[0] > new[1]:
                        return False
                    if new != (lo, hi):
                        dom[k] = [new[0], new[1]]
                        changed = True
        return True

    def assignments(self, restrict: dict[Key, tuple[int, int]] | None = None) -> Iterator[dict[Key, int]]:
        """Every whole-number assignment of the unknown counts that agrees with the facts
        (and with `restrict`, narrower ranges for some counts), one at a time."""
        dom = {k: list(v) for k, v in self.domains.items()}
        for k, (lo, hi) in (restrict or {}).items():
            dom[k] = [max(dom[k][0], lo), min(dom[k][1], hi)]
            if dom[k][0] > dom[k][1]:
                return
        yield from self._search(dom)

    def _search(self, dom: dict[Key, list[int]]) -> Iterator[dict[Key, int]]:
        if not self._propagate(dom):
            return
        open_ = [k for k, (lo, hi) in dom.items() if lo < hi]
        if not open_:
            yield {k: lo for k, (lo, _) in dom.items()}
            return
        key = min(open_, key=lambda k: (dom[k][1] - dom[k][0], k))
        for value in range(dom[key][0], dom[key][1] + 1):
            branch = {k: list(v) for k, v in dom.items()}
            branch[key] = [value, value]
            yield from self._search(branch)

    def can_differ(self, key: Key, value: int) -> bool:
        """Whether some table the reader cannot rule out has `key` other than `value`."""
        lo, hi = self.domains[key]
        return any(True for _ in self.assignments({key: (lo, value - 1)})) or \
            any(True for _ in self.assignments({key: (value + 1, hi)}))

    def sum_can_differ(self, keys: list[Key], value: int) -> bool:
        """Whether some table the reader cannot rule out has the sum of `keys` other than `value`."""
        total = Key("", "", "", "sum")
        probe = Problem(dict(self.domains), dict(self.known), list(self.facts))
        probe.domains[total] = (0, sum(self.domains[k][1] for k in keys))
        probe.add([(total, 1)] + [(k, -1) for k in keys], equal=True)
        return probe.can_differ(total, value)


def reader_problem(shown: dict[Key, tuple[int | None, str]], vocabulary: dict,
                   sensitive: frozenset[tuple[str, str]], cap: int) -> Problem:
    """What a reader knows from `shown` (key -> (published value or None, marker)), with
    the year = first half + second half for every count given for both the year and its first
    half (the second half is then an unknown count with no marker)."""
    domains: dict[Key, tuple[int, int]] = {}
    known: dict[Key, int] = {}
    for key, (value, marker) in shown.items():
        if value is not None:
            known[key] = value
        else:
            lo, hi = reader_bounds(marker, key, sensitive)
            domains[key] = (int(lo), int(min(hi, cap)))
    keys = set(shown)
    for key in list(keys):
        if "-" not in key.period and key._replace(period=f"{key.period}-H1") in keys:
            second = key._replace(period=f"{key.period}-H2")
            if second not in keys:
                domains[second] = (0, cap)
    cells = set(domains) | set(known)
    problem = Problem(domains, known)
    regions = [r for r in vocabulary["region"]["categories"] if r != COUNTRY]
    for key in sorted(cells):
        dim = vocabulary[key.dimension]
        if key.region == COUNTRY:  # the regions add up to the country
            parts = [key._replace(region=r) for r in regions]
            if all(p in cells for p in parts):
                problem.add([(key, 1)] + [(p, -1) for p in parts], equal=True)
        if "-" not in key.period:  # the halves add up to the year
            halves = [key._replace(period=f"{key.period}-H{h}") for h in (1, 2)]
            if all(h in cells for h in halves):
                problem.add([(key, 1)] + [(h, -1) for h in halves], equal=True)
        if dim.get("splits"):
            total = key._replace(dimension="total", category=dim["splits"])
            if total in cells and not dim.get("exclusive"):  # a category is at most its total
                problem.add([(key, 1), (total, -1)], equal=False)
        if key.dimension == "total":  # an exclusive dimension's categories add up to the total
            for name, other in vocabulary.items():
                if other.get("exclusive") and other.get("splits") == key.category:
                    parts = [key._replace(dimension=name, category=c) for c in other["categories"]]
                    present = [p for p in parts if p in cells]
                    if present:
                        problem.add([(key, 1)] + [(p, -1) for p in present], equal=True)
    return problem
