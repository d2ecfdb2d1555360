"""The fingerprint (README, Translating): what a translator translates counts, nothing else does.

For every content kind and every field of its schema (scripts/schema.py), the original of a
stamped translation in content/ is changed one value at a time - every title, summary,
objective, quiz question, option, answer and explanation, template field label, help text
and option, addressee -, written back to a file and read again as `kb` reads it. A change to
a translatable field (or the body) marks the translation outdated; a change to any other
field does not. The fields come from the schema, so a new field is covered as soon as it is
declared, and a field declared neither translatable nor shared must be named below.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import frontmatter
import pytest

from scripts.content import Document, read_document, read_documents
from scripts.corpus import Corpus
from scripts.errors import Problems
from scripts.fingerprint import fingerprint
from scripts.plan import Status, status_of
from scripts.project import Project
from scripts.schema import KINDS, Field

from .conftest import REPO

# Fields that belong to each file, neither translated nor taken from the original: the
# mark of a translation, and each file's own legal review (date, status and the reviewer's role).
PER_FILE = {"translated_from", "reviewed", "legal_review", "reviewed_by"}

PROJECT = Project(REPO)


def _corpus() -> Corpus:
    problems = Problems(REPO)
    corpus = Corpus(read_documents(PROJECT.content_dir, PROJECT.codes, problems))
    assert not list(problems), [str(p) for p in problems]
    return corpus


CORPUS = _corpus()


def stamped_pairs(section: str) -> list[tuple[Document, Document]]:
    """(original, translation) of `section` in content/, for every translation."""
    pairs = []
    for (sec, _), docs in CORPUS.by_key.items():
        original = CORPUS.original((sec, _))
        if sec == section and original is not None:
            pairs += [(original, doc) for doc in docs.values() if doc is not original]
    return pairs


def test_every_field_is_classified_translatable_shared_or_per_file() -> None:
    for section, fields in KINDS.items():
        for spec in fields:
            classes = [spec.translatable, spec.shared, spec.name in PER_FILE]
            assert sum(classes) == 1, (
                f"{section}.{spec.name}: declare it translatable=True (its wording is translated) or "
                "shared=True (taken from the original) in scripts/schema.py")


def test_the_sample_content_has_no_outdated_translation() -> None:
    """A change to the fingerprint itself would mark every translation outdated at once."""
    for section in KINDS:
        pairs = stamped_pairs(section)
        assert pairs, f"content/{section}/ has no translation to check"
        outdated = [str(t.path.relative_to(REPO)) for o, t in pairs
                    if status_of(t, o) is not Status.TRANSLATED]
        assert outdated == []


def leaves(value: object, path: tuple = ()) -> Iterator[tuple[tuple, object]]:
    """Every single value inside `value` (lists and mappings walked), with its path."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from leaves(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from leaves(item, path + (index,))
    else:
        yield path, value


def changed(value: object, spec: Field) -> object:
    if spec.choices:
        return next(c for c in spec.choices if c != value)
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1
    if isinstance(value, dt.date):
        return value + dt.timedelta(days=1)
    return f"{value} (changed)"


def with_leaf(meta: dict, name: str, path: tuple, value: object) -> dict:
    meta = copy.deepcopy(meta)
    if not path:
        meta[name] = value
        return meta
    target = meta[name]
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return meta


def example_value(spec: Field) -> object:
    """A value of the field's type, for a field no original in content/ gives."""
    return {"text": "Added", "date": dt.date(2026, 1, 1), "int": 1, "slugs": ["added"], "codes": ["added"],
            "choice": (spec.choices or ("added",))[0], "list": ["Added"]}[spec.type]


def reread(doc: Document, meta: dict, body: str, tmp_path: Path) -> Document:
    """`doc` with other front matter or body, written to a file and read as kb reads it."""
    path = tmp_path / "content" / doc.section / doc.path.name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(frontmatter.dumps(frontmatter.Post(body, **meta)) + "\n", encoding="utf-8")
    problems = Problems(tmp_path)
    new = read_document(path, tmp_path / "content", PROJECT.codes, problems)
    assert new is not None and not list(problems), [str(p) for p in problems]
    return new


def changes(section: str, spec: Field) -> Iterator[tuple[str, Document, Document, dict]]:
    """(what changed, original, translation, the original's changed front matter) for every
    value of the field in every original of `section` with a translation; when no original
    gives the field, adding it to one."""
    pairs = stamped_pairs(section)
    given = [(o, t) for o, t in pairs if spec.name in o.meta]
    for original, translation in given:
        for path, value in leaves(original.meta[spec.name]):
            where = f"{original.path.name}: {spec.name}{''.join(f'[{p!r}]' for p in path)}"
            meta = with_leaf(original.meta, spec.name, path, changed(value, spec))
            if meta.get("legal_review") == "approved":
                # Required with `approved` (a training module's date is optional until then).
                meta.setdefault("reviewed_by", "program lawyer")
                meta.setdefault("reviewed", dt.date(2026, 11, 1))
            yield where, original, translation, meta
    if not given:
        original, translation = pairs[0]
        yield f"{original.path.name}: {spec.name} added", original, translation, \
            with_leaf(original.meta, spec.name, (), example_value(spec))


FIELDS = [(section, spec) for section, fields in KINDS.items() for spec in fields
          if spec.name != "translated_from"]  # an original with `translated_from` is no original


@pytest.mark.parametrize(("section", "spec"), FIELDS, ids=[f"{s}-{f.name}" for s, f in FIELDS])
def test_changing_a_field_of_an_original_outdates_its_translations_only_if_translatable(
        section: str, spec: Field, tmp_path: Path) -> None:
    expected = Status.OUTDATED if spec.translatable else Status.TRANSLATED
    seen = 0
    for where, original, translation, meta in changes(section, spec):
        edited = reread(original, meta, original.body, tmp_path)
        assert status_of(translation, edited) is expected, f"{where} changed: {translation.path.name}"
        seen += 1
    assert seen


@pytest.mark.parametrize("section", list(KINDS))
def test_the_body_counts_but_not_its_line_ends(section: str, tmp_path: Path) -> None:
    original, translation = stamped_pairs(section)[0]
    same = reread(original, original.meta, original.body, tmp_path)
    assert status_of(translation, same) is Status.TRANSLATED  # writing it back changes nothing
    padded = original.body.replace("\n", "  \r\n")
    assert status_of(translation, reread(original, original.meta, padded, tmp_path)) is Status.TRANSLATED
    lines = original.body.split("\n")
    middle = next(i for i, line in enumerate(lines) if line.strip() and i > 0)
    lines[middle] += " (changed)"
    edited = reread(original, original.meta, "\n".join(lines), tmp_path)
    assert status_of(translation, edited) is Status.OUTDATED


def test_a_date_inside_a_translatable_field_counts_as_its_text(tmp_path: Path) -> None:
    # YAML reads `- 2026-01-01` in a list as a date, not text: kb refuses it (`field-type`, put
    # it in quotes), and once quoted the fingerprint takes it as the text it is.
    original, _ = stamped_pairs("training")[0]
    path = tmp_path / "content" / "training" / original.path.name
    path.parent.mkdir(parents=True, exist_ok=True)
    unquoted = original.meta | {"objectives": [dt.date(2026, 1, 1)]}
    path.write_text(frontmatter.dumps(frontmatter.Post(original.body, **unquoted)) + "\n", encoding="utf-8")
    problems = Problems(tmp_path)
    read_document(path, tmp_path / "content", PROJECT.codes, problems)
    assert [p.rule for p in problems] == ["field-type"], [str(p) for p in problems]
    dated = [reread(original, original.meta | {"objectives": [f"2026-01-0{day}"]}, original.body,
                    tmp_path) for day in (1, 2)]
    assert fingerprint(dated[0]) != fingerprint(dated[1])
