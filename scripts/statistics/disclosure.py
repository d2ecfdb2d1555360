"""Disclosure control: decide which counts may be published, so that no one is exposed.

1. Primary suppression (SPEC §4, thresholds in aggregates/publishing.yml): a count of 1-4 at
   country level or 1-9 below it is shown as `<5` / `<10`; a sensitive category (LGBTIQ, sex
   workers, transgender people, prisoners) below country level is shown as `x` whatever its
   size. An implied count (a year minus its only given half) that is small or sensitive is
   protected as well, although it is never shown.
2. Complementary suppression: while the audit (audit.py) finds a protected count that can be
   worked out (exactly, or to a single whole number) from published figures by the sums of
   relations.py - within a table whose total is published, across regions, across periods -
   one more published count is withheld and the audit runs again. A withheld zero shows as
`<5` / `<10` (true of it, and the reason a reader must read `<10` as 0 to 9); any other
withheld count shows as `x`.

Complements are chosen near the problem (in the same sum first), smaller categories rather
than totals, sub-country rather than national, so that the headline figures stay published
whenever they can; a zero only when nothing else is left (it hides little: at most k-1).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import cast

from .audit import Auditor, Finding, Mark
from .model import COUNTRY, TOTAL, Key, Rules
from .relations import Structure, implied_values


class CannotProtect(Exception):
    """No published count is left to withhold; the dataset must be published less finely."""

    def __init__(self, finding: Finding):
        super().__init__(str(finding))
        self.finding = finding


@dataclass(frozen=True)
class Protection:
    marks: dict[Key, Mark]  # every count of the dataset
    protected: frozenset[Key]  # counts (published or implied) whose value must stay unknown

    def published(self, counts: dict[Key, int]) -> dict[Key, int]:
        return {k: v for k, v in counts.items() if self.marks[k] is Mark.PUBLISHED}


def primary_mark(key: Key, value: int, rules: Rules) -> Mark:
    if rules.is_sensitive(key):
        return Mark.SENSITIVE
    if rules.is_small(key, value):
        return Mark.SMALL
    return Mark.PUBLISHED


def protect(counts: dict[Key, int], structure: Structure, rules: Rules) -> Protection:
    """The marks to publish `counts` with; CannotProtect if no safe marking was found."""
    marks = {k: primary_mark(k, v, rules) for k, v in counts.items()}
    implied = implied_values(counts, structure)
    protected = {k for k, m in marks.items() if m is not Mark.PUBLISHED}
    protected |= {k for k in structure.implied
                  if rules.is_sensitive(k) or rules.is_small(k, implied.get(k, 0))}
    auditor = Auditor(structure, rules, protected)
    for _ in range(len(counts) + 1):
        published = {k: v for k, v in counts.items() if marks[k] is Mark.PUBLISHED}
        findings = auditor.findings(published, marks)
        if not findings:
            return Protection(marks, frozenset(protected))
        # Several findings are mended per round, as long as they are far enough apart that
        # one complement cannot already mend the other: each audit round costs far more.
        touched: set[Key] = set()
        for finding in findings:
            scope = set(finding.relation.members) if finding.relation else {cast(Key, finding.cell)}
            if scope & touched:
                continue
            complement = _complement(finding, published, auditor)
            if complement is None:
                if not touched:
                    raise CannotProtect(finding)
                continue
            # A zero is withheld as `<5`/`<10` (which is true of it), anything else as `x`.
            marks[complement] = Mark.SMALL if counts[complement] == 0 else Mark.COMPLEMENT
            del published[complement]
            touched |= scope | {k for r in auditor.relations_of.get(complement, []) for k in r.members}
    raise AssertionError("unreachable: every round withholds one more count")


def _complement(finding: Finding, published: dict[Key, int], auditor: Auditor) -> Key | None:
    """The published count to withhold next: in the sums nearest the problem first."""
    wholes = {r.whole for r in auditor.structure.relations} | {b.whole for b in auditor.structure.bounds}
    for group in _nearest(finding, published, auditor):
        candidates = [k for k in group if k in published]
        if candidates:
            return min(candidates, key=lambda k: (published[k] == 0, k in wholes, k.dimension == TOTAL,
                                                  k.region == COUNTRY, published[k], k))
    return None


def _nearest(finding: Finding, published: dict[Key, int], auditor: Auditor) -> Iterator[list[Key]]:
    """Groups of counts to take a complement from, nearest to the finding first: the sum in
    question, the other sums of its hidden parts, then everything linked to them."""
    index = auditor.relations_of

    def linked(key: Key) -> list[Key]:
        return [k for r in index.get(key, []) for k in r.members] + \
               [k for b in auditor.bounds_of.get(key, []) for k in (b.part, b.whole)]

    if finding.relation is not None:
        relation = finding.relation
        start = [k for k in relation.parts if k not in published]
        yield list(relation.parts)
        yield [k for s in start for k in linked(s)]
        yield [relation.whole]
    else:
        assert finding.cell is not None
        start = [finding.cell]
        own = sorted(index.get(finding.cell, []),
                     key=lambda r: (sum(k not in published for k in r.members), r.kind, r.whole))
        for relation in own:
            yield list(relation.members)
        yield linked(finding.cell)
    hidden = auditor.ranges_keys(published)
    component = next((c for c in auditor.components(hidden) if start[0] in c), start)
    yield [k for c in component for k in linked(c)]
