"""Datasets whose cells relate are protected together (SPEC §4: "also when those cells are in
different dataset files that count the same thing").

Two datasets are *linked* when they count the same thing and a cell of one relates to a cell
of the other: the same region, dimension and category, in periods that are equal or nest (a
year in one file and its half in the other: the year minus the half gives the other half).
A dataset that says `counts: <what>` in its `.yml` counts something else than every dataset
that does not say the same, and is not linked with them.

Linked datasets are merged into one table for disclosure control, so that suppression sees
every sum that crosses the files; each file then publishes its own cells with the joint
marks. When they cannot be merged (the same cell with two different counts, sums across the
files that do not add up) or the joint table cannot be protected, the build refuses with a
`disclosure` problem naming both files.
"""

from __future__ import annotations

from collections import defaultdict

from .model import Dataset, Key, Period


def counted(dataset: Dataset) -> str:
    """What a dataset counts, as it declares it (`counts:`); "" when it does not say."""
    value = dataset.meta.get("counts")
    return value.strip() if isinstance(value, str) else ""


def _span(code: str) -> tuple[int, int, int] | None:
    """A period as (year, first month, last month)."""
    period = Period.parse(code)
    if period is None:
        return None
    if period.is_year:
        return (period.year, 1, 12)
    size = 6 if period.kind == "H" else 3
    return (period.year, (period.number - 1) * size + 1, period.number * size)


def nest(a: str, b: str) -> bool:
    """True when periods `a` and `b` are equal or one contains the other."""
    x, y = _span(a), _span(b)
    if x is None or y is None or x[0] != y[0]:
        return False
    return (x[1] <= y[1] and y[2] <= x[2]) or (y[1] <= x[1] and x[2] <= y[2])


def related(a: Dataset, b: Dataset) -> Key | None:
    """A cell of `a` that relates to a cell of `b` (same region, dimension, category, nesting
    periods), or None."""
    if counted(a) != counted(b):
        return None
    periods: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for key in b.counts:
        periods[(key.region, key.dimension, key.category)].add(key.period)
    for key in sorted(a.counts):
        if any(nest(key.period, other) for other in periods.get((key.region, key.dimension,
                                                                 key.category), ())):
            return key
    return None


def groups(datasets: list[Dataset]) -> list[list[Dataset]]:
    """The datasets in groups of linked ones (a group of one is protected alone), in order."""
    parent = list(range(len(datasets)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(datasets)):
        for j in range(i + 1, len(datasets)):
            if related(datasets[i], datasets[j]) is not None:
                parent[root(j)] = root(i)
    result: dict[int, list[Dataset]] = defaultdict(list)
    for i, dataset in enumerate(datasets):
        result[root(i)].append(dataset)
    return list(result.values())


def conflicts(group: list[Dataset]) -> list[tuple[Key, Dataset, Dataset]]:
    """Cells counted in two files of a group with different numbers."""
    seen: dict[Key, Dataset] = {}
    found = []
    for dataset in group:
        for key, value in sorted(dataset.counts.items()):
            other = seen.get(key)
            if other is not None and other.counts[key] != value:
                found.append((key, other, dataset))
            seen.setdefault(key, dataset)
    return found


def merged(group: list[Dataset]) -> Dataset:
    """One table with every cell of the group (for disclosure control only)."""
    counts: dict[Key, int] = {}
    rows: dict[Key, int] = {}
    for dataset in group:
        counts.update(dataset.counts)
        rows.update(dataset.rows)
    return Dataset("+".join(d.name for d in group), {}, counts, rows, group[0].csv_path)
