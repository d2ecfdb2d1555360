"""Rules that need more than one row: totals present, sums that add up, parts within wholes.

These are what make the published figures consistent, and what disclosure control relies on:
if Sughd's gender counts did not add up to Sughd's clients, the arithmetic a reader can do
would differ from the arithmetic the protection assumes.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import Problems
from .model import TOTAL, Dataset, Key
from .relations import Relation, Structure, implied_values

KIND_RULE = {"table": "exclusive-sum", "regions": "regions-sum", "periods": "periods-sum"}


def check_dataset(dataset: Dataset, vocabulary: dict, structure: Structure, problems: Problems) -> None:
    path = Path(dataset.csv_path)
    _check_totals(dataset, vocabulary, path, problems)
    for relation in structure.relations:
        _check_sum(dataset, relation, path, problems)
    # Counts the data implies (a year minus its first half) must keep within their totals too.
    values = dataset.counts | implied_values(dataset.counts, structure)
    for bound in structure.bounds:
        if bound.part not in values or bound.whole not in values:
            continue
        part, whole = values[bound.part], values[bound.whole]
        if part > whole:
            problems.add(path, "exceeds-total",
                         f"{_name(bound.part, dataset)} is {part}, more than {_name(bound.whole, dataset)} "
                         f"({whole}, row {_row(bound.whole, dataset)})",
                         "a category cannot count more clients or cases than the total it splits: "
                         "correct one of the two rows", line=_row(bound.part, dataset))


def _check_totals(dataset: Dataset, vocabulary: dict, path: Path, problems: Problems) -> None:
    first: dict[Key, int] = {}
    for key, row in dataset.rows.items():
        splits = vocabulary.get(key.dimension, {}).get("splits")
        if splits:
            total = Key(key.period, key.region, TOTAL, splits)
            first[total] = min(row, first.get(total, row))
    for total, row in sorted(first.items(), key=lambda item: item[1]):
        if total not in dataset.counts:
            problems.add(path, "missing-total",
                         f"{total.period} / {total.region} has counts that split `{total.category}`, "
                         f"but no row `{total.period},{total.region},{TOTAL},{total.category},...`",
                         f"add the row with the number of {total.category} (categories are shown as "
                         "parts of it)", line=row)


def _check_sum(dataset: Dataset, relation: Relation, path: Path, problems: Problems) -> None:
    counts, rows = dataset.counts, dataset.rows
    given = [k for k in relation.parts if k in counts]
    if relation.whole not in counts:
        return
    whole = counts[relation.whole]
    total = sum(counts[k] for k in given)
    complete = len(given) == len(relation.parts)
    if (complete and total == whole) or (not complete and total <= whole):
        return
    rule = KIND_RULE[relation.kind]
    what = {"table": "the categories", "regions": "the regions", "periods": "the shorter periods"}
    where = ", ".join(str(rows[k]) for k in sorted(given, key=rows.__getitem__))
    verdict = f"but {_name(relation.whole)} is {whole}" if complete else \
        f"more than {_name(relation.whole)} ({whole})"
    problems.add(path, rule, f"{what[relation.kind]} of {_name(relation.whole)} (rows {where}) add up to "
                 f"{total}, {verdict}", _fix(relation.kind), line=rows[relation.whole])


def _fix(kind: str) -> str:
    return {
        "table": "each client falls in exactly one category of an exclusive dimension (gender, age "
                 "group): correct the counts, or count the missing clients as `unknown`",
        "regions": "the regions must add up to the country (tj): correct the regional or national row",
        "periods": "the halves and quarters must add up to their year: correct the rows",
    }[kind]


def _name(key: Key, dataset: Dataset | None = None) -> str:
    name = f"{key.period} / {key.region} / {key.dimension} / {key.category}"
    if dataset is not None and key not in dataset.counts:
        name += " (the year minus its other parts)"
    return name


def _row(key: Key, dataset: Dataset) -> int:
    """The CSV row of a count, or, for an implied count, of the same count of its year."""
    return dataset.rows.get(key) or dataset.rows.get(key._replace(period=key.period[:4]), 1)

