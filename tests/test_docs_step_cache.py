"""What generating docs/ keeps between builds besides pages (scripts/memo.py `remember`): the
statistics' protections, the trainer-note leak search per text, and, within one process
(`kb serve`), the documents parsed from unchanged files. Each result is found again only
when every input it depends on is unchanged."""

from __future__ import annotations

import dataclasses
from typing import Any

from scripts.build import read_inputs
from scripts.memo import using
from scripts.statistics import feature as statistics
from scripts.statistics.model import Key, Rules
from scripts.statistics.relations import Bound, Relation, Structure

from .conftest import MiniProject


class Store:
    """A store as the render cache is one (memo.Store), counting what it computes."""

    def __init__(self) -> None:
        self.entries: dict[tuple[str, str], Any] = {}
        self.computed = 0
        self.found = 0

    def lookup(self, kind: str, arguments: str) -> Any | None:
        value = self.entries.get((kind, arguments))
        self.found += value is not None
        return value

    def keep(self, kind: str, arguments: str, value: Any) -> None:
        self.computed += 1
        self.entries[(kind, arguments)] = value


def statistics_read(project: MiniProject, store: Store) -> list:
    """The statistics feature's publications, read as a new `kb build` reads them."""
    statistics._PROTECTIONS.clear()  # its memory of this process: as in a new process
    with using(store):
        inputs, problems = read_inputs(project.project)
    assert not problems, problems.report()
    feature = next(f for f in inputs.features if f.name == "statistics")
    return [(p.name, {k: (f.value, f.mark, f.marker) for k, f in p.figures.items()})
            for p in feature.publications]  # type: ignore[attr-defined]


def test_a_protection_is_found_again_and_publishes_the_same_marks(mini: MiniProject) -> None:
    store = Store()
    first = statistics_read(mini, store)
    protections = [k for k in store.entries if k[0] == "protection"]
    assert first and protections
    computed = store.computed
    again = statistics_read(mini, store)
    assert again == first
    assert store.computed == computed  # nothing computed again

    # A count changed: that dataset's protection is computed again, and published as a
    # clean read publishes it.
    csv = mini.root / "aggregates/cases.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace("2020,tj,key_population,plhiv,71",
                                                            "2020,tj,key_population,plhiv,70"),
                   encoding="utf-8")
    warm = statistics_read(mini, store)
    assert len([k for k in store.entries if k[0] == "protection"]) == len(protections) + 1
    assert warm == statistics_read(mini, Store()) != first


def test_the_protection_key_holds_every_input() -> None:
    a, b, total = (Key("2020", "tj", "sex", c) for c in ("female", "male", "total"))
    dataset = statistics.Dataset("cases", {}, counts={a: 3, b: 12, total: 15})
    structure = Structure([Relation(total, (a, b), "table")], [Bound(a, total)], set())
    rules = Rules(sensitive=frozenset({("sex", "female")}))
    vocabulary = {"sex": {"female": {"tg": "занон"}}}
    base = statistics._protection_arguments(dataset, structure, rules, vocabulary)
    changed = [
        (dataclasses.replace(dataset, counts={a: 4, b: 11, total: 15}), structure, rules, vocabulary),
        (dataclasses.replace(dataset, counts={b: 12, a: 3, total: 15}), structure, rules, vocabulary),
        (dataset, Structure([Relation(total, (a, b), "regions")], [Bound(a, total)], set()), rules,
         vocabulary),
        (dataset, Structure([Relation(total, (a, b), "table")], [], set()), rules, vocabulary),
        (dataset, Structure([Relation(total, (a, b), "table")], [Bound(a, total)], {b}), rules,
         vocabulary),
        (dataset, structure, dataclasses.replace(rules, country_threshold=3), vocabulary),
        (dataset, structure, dataclasses.replace(rules, region_threshold=5), vocabulary),
        (dataset, structure, dataclasses.replace(rules, sensitive=frozenset()), vocabulary),
        (dataset, structure, dataclasses.replace(rules, percent_min_denominator=10), vocabulary),
        (dataset, structure, dataclasses.replace(rules, topics={"police": {"dataset": "cases"}}),
         vocabulary),
        (dataset, structure, rules, {"sex": {"female": {"tg": "зан"}}}),
    ]
    keys = [statistics._protection_arguments(*inputs) for inputs in changed]
    assert base not in keys and len(set(keys)) == len(keys)
