"""Which counts add up to which: the arithmetic a reader can do with published figures.

Three kinds of sums hold in the data (SPEC §4), and each is a way to work out a hidden count
by subtraction, so disclosure control must see all of them:

- table:   an exclusive dimension's categories add up to the total they split
           (gender of the clients of Sughd in 2020 adds up to Sughd's clients in 2020);
- regions: the regions add up to the country, for every dimension and category;
- periods: the halves (and quarters) add up to the year, the quarters to their half.

A count that one of these sums needs but the dataset does not hold (the second half, when
only the year and its first half are given) is *implied*: it is never shown, yet it can be
worked out, so it is protected like a published one. Limits that are not sums (a category of
a non-exclusive dimension is at most its total; qualified cases are at most all cases) are
kept as `Bound`s: they narrow what a reader can infer too, between implied counts as well
(the police cases of a second half are at most that half's cases).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from .model import COUNTRY, TOTAL, Key, Period


@dataclass(frozen=True)
class Relation:
    """`whole` = sum of `parts`."""

    whole: Key
    parts: tuple[Key, ...]
    kind: str  # table | regions | periods

    @property
    def members(self) -> tuple[Key, ...]:
        return (self.whole, *self.parts)


@dataclass(frozen=True)
class Bound:
    """`part` <= `whole`."""

    part: Key
    whole: Key


@dataclass
class Structure:
    relations: list[Relation]
    bounds: list[Bound]
    implied: set[Key]  # keys the sums need that the dataset does not hold

    def relations_of(self) -> dict[Key, list[Relation]]:
        index: dict[Key, list[Relation]] = defaultdict(list)
        for relation in self.relations:
            for key in relation.members:
                index[key].append(relation)
        return index


def build_structure(keys: set[Key], vocabulary: dict[str, dict]) -> Structure:
    relations = _table_relations(keys, vocabulary) + _region_relations(keys, vocabulary) \
        + _period_relations(keys)
    implied = {k for r in relations for k in r.members if k not in keys}
    return Structure(relations, _bounds(keys | implied, vocabulary), implied)


def _table_relations(keys: set[Key], vocabulary: dict[str, dict]) -> list[Relation]:
    parts: dict[tuple[Key, str], list[Key]] = defaultdict(list)
    for key in keys:
        dim = vocabulary.get(key.dimension, {})
        if dim.get("exclusive") and dim.get("splits"):
            parts[(Key(key.period, key.region, TOTAL, dim["splits"]), key.dimension)].append(key)
    return [Relation(whole, tuple(sorted(members)), "table")
            for (whole, _), members in sorted(parts.items()) if whole in keys]


def _region_relations(keys: set[Key], vocabulary: dict[str, dict]) -> list[Relation]:
    regions = [c for c in vocabulary.get("region", {}).get("categories", {}) if c != COUNTRY]
    groups = {(k.period, k.dimension, k.category) for k in keys}
    result = []
    for period, dimension, category in sorted(groups):
        whole = Key(period, COUNTRY, dimension, category)
        parts = tuple(Key(period, r, dimension, category) for r in regions)
        if sum(k in keys for k in (whole, *parts)) >= 2:
            result.append(Relation(whole, parts, "regions"))
    return result


def _period_relations(keys: set[Key]) -> list[Relation]:
    cells = {(k.region, k.dimension, k.category) for k in keys}
    parents: set[str] = set()
    for key in keys:
        period = Period.parse(key.period)
        if period is not None:
            parents.add(str(period.year))
            if period.kind == "Q":
                parents.add(f"{period.year}-H{(period.number + 1) // 2}")
    result = []
    for parent in sorted(parents):
        period = Period.parse(parent)
        assert period is not None
        for partition in period.parts():
            for region, dimension, category in sorted(cells):
                whole = Key(parent, region, dimension, category)
                parts = tuple(Key(p, region, dimension, category) for p in partition)
                if sum(k in keys for k in (whole, *parts)) >= 2:
                    result.append(Relation(whole, parts, "periods"))
    return result


def _bounds(keys: set[Key], vocabulary: dict[str, dict]) -> list[Bound]:
    bounds = []
    for key in sorted(keys):
        dim = vocabulary.get(key.dimension, {})
        if key.dimension == TOTAL and key.category == "qualified":
            whole = Key(key.period, key.region, TOTAL, "cases")
        elif key.dimension != TOTAL and dim.get("splits") and not dim.get("exclusive"):
            whole = Key(key.period, key.region, TOTAL, dim["splits"])
        else:
            continue
        if whole in keys:
            bounds.append(Bound(key, whole))
    return bounds


def implied_values(counts: dict[Key, int], structure: Structure) -> dict[Key, int]:
    """The implied counts that the sums pin down (a year minus its only given half)."""
    known = dict(counts)
    changed = True
    while changed:
        changed = False
        for relation in structure.relations:
            missing = [k for k in relation.members if k not in known]
            if len(missing) != 1:
                continue
            [key] = missing
            if key == relation.whole:
                known[key] = sum(known[k] for k in relation.parts)
            else:
                known[key] = known[relation.whole] - sum(known[k] for k in relation.parts if k != key)
            changed = True
    return {k: v for k, v in known.items() if k not in counts}
