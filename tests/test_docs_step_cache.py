"""What generating docs/ keeps between builds besides pages (scripts/memo.py `remember`): the
statistics' protections, the trainer-note leak search per text, and, within one process
(`kb serve`), the documents parsed from unchanged files. Each result is found again only
when every input it depends on is unchanged."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import Any

from scripts.build import read_inputs
from scripts.content import read_documents
from scripts.errors import Problems
from scripts.memo import using
from scripts.statistics import feature as statistics
from scripts.statistics.model import Key, Rules
from scripts.statistics.relations import Bound, Relation, Structure
from scripts.training import leaks
from scripts.write import sync_tree

from .conftest import MiniProject
from .samples import LETTER, template


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


NOTE = "Ask the group who has been detained before; keep names out of it."


def note_fragments() -> list[leaks.Fragment]:
    return [leaks.Fragment(Path("m.en.md"), 3, leaks.plain(NOTE)),
            leaks.Fragment(Path("m.en.md"), 9, leaks.plain("Another trainer-only line, long enough."))]


def test_the_leak_search_of_a_text_is_found_again_only_for_the_same_text_and_notes() -> None:
    store = Store()
    texts = [("a.md", "A participant text."), ("b.md", f"Text.\n\n*{NOTE}*\n")]
    with using(store):
        first = leaks._search(texts, note_fragments())
        assert [(leak.where, leak.fragment.line) for leak in first] == [("b.md", 3)]
        assert store.computed == 2
        assert leaks._search(texts, note_fragments()) == first
        assert store.computed == 2 and store.found == 2
        # The other text now holds the note: searched again, found.
        edited = [("a.md", f"A participant text. {NOTE}"), texts[1]]
        assert [(leak.where, leak.fragment.line) for leak in leaks._search(edited, note_fragments())] \
            == [("a.md", 3), ("b.md", 3)]
        assert store.computed == 3
        # A note changed: every text is searched again.
        notes = note_fragments()
        notes[1] = dataclasses.replace(notes[1], text=leaks.plain("A participant text."))
        found = leaks._search(texts, notes)
        assert store.computed == 5
        assert [(leak.where, leak.fragment.line) for leak in found] == [("a.md", 9), ("b.md", 3)]
    assert leaks._search(texts, notes) == found  # without a store: the same


def test_an_unchanged_file_is_not_parsed_again_in_the_same_process(mini: MiniProject) -> None:
    path = mini.guide("police-detention", "tg")
    codes = mini.project.codes
    first = read_documents(mini.root / "content", codes, Problems())
    again = read_documents(mini.root / "content", codes, Problems())
    assert [d.path for d in again] == [d.path for d in first]
    assert all(a is b for a, b in zip(again, first, strict=True))
    path.write_text(path.read_text(encoding="utf-8").replace("Text.", "Text, edited."), encoding="utf-8")
    edited = read_documents(mini.root / "content", codes, Problems())
    changed = next(d for d in edited if d.path == path)
    assert changed is not next(d for d in first if d.path == path) and "Text, edited." in changed.body


def test_a_file_with_a_problem_is_reported_at_every_read(mini: MiniProject) -> None:
    mini.guide("police-detention", "tg", extra="colour: red\n")
    for _ in range(2):
        problems = Problems()
        read_documents(mini.root / "content", mini.project.codes, problems)
        assert [p.rule for p in problems] == ["unknown-field"]


def test_a_file_of_docs_changed_by_hand_is_written_again_though_its_size_and_time_are_kept(
        tmp_path: Path) -> None:
    sync_tree(tmp_path, {"a.md": "Text A", "b.md": "Text B"})
    assert sync_tree(tmp_path, {"a.md": "Text A", "b.md": "Text B"}).written == 0  # known now
    page = tmp_path / "a.md"
    before = page.stat()
    page.write_text("Text Z", encoding="utf-8")  # the same size, its time put back
    os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))
    stats = sync_tree(tmp_path, {"a.md": "Text A", "b.md": "Text B"})
    assert (stats.written, stats.unchanged) == (1, 1)
    assert page.read_text(encoding="utf-8") == "Text A"


def test_a_letter_is_compiled_again_only_when_its_text_or_fields_change(mini: MiniProject) -> None:
    """The templates' letters (appeals/sandbox.py `compile_letter`) are kept between builds:
    a second read compiles none and gives the same letters, through JSON as the render cache
    keeps them; an issue (an undeclared field) is kept as well as a letter."""
    import json

    from scripts.appeals.sandbox import compile_letter

    def read(store: Store) -> dict:
        with using(store):
            inputs, problems = read_inputs(mini.project)
        assert not problems, problems.report()
        feature = next(f for f in inputs.features if f.name == "templates")
        return {key: (t.fields, t.letter) for key, t in feature.templates.items()}  # type: ignore[attr-defined]

    template(mini)
    template(mini, slug="other", letter=LETTER + "\nOne more line.\n")
    store = Store()
    first = read(store)
    letters = [k for k in store.entries if k[0] == "letter"]
    assert first and len(letters) == len(first)
    store.entries = {tuple(k): v for k, v in json.loads(json.dumps(list(store.entries.items())))}
    computed = store.computed
    assert read(store) == first
    assert store.computed == computed
    letter = "# Title\n\nDear {{ name }},\n\n{{ other }}\n"
    with using(store):
        once = compile_letter(letter, ["name"])
        assert compile_letter(letter, ["name"]) == once and store.computed == computed + 1
        assert [issue.rule for issue in once[1]] == ["undeclared-field"]
        assert compile_letter(letter, ["name", "other"])[1] == [] and store.computed == computed + 2
