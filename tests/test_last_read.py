"""kb build starts from the last good read kept in `.cache/read/` (scripts/last_read.py):
after an edit of documents only, it reads those again, not every document, and its build
is the one a full read gives (tests/test_edit_read.py compares the reads kind by kind).
The kept read is used only by the code and project folder that wrote it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from scripts import digest, last_read
from scripts.build import build_site, read_inputs
from scripts.errors import BuildError
from scripts.project import Project

from .conftest import MiniProject

GUIDE = "content/guides/police-detention.en.md"


def _kept(project: Project):
    last_read.flush()
    return last_read.load(project, digest.source_inventory(project))


def _edit(mini: MiniProject, old: str, new: str) -> Path:
    path = mini.root / GUIDE
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


@pytest.mark.slow
def test_a_build_after_an_edit_reads_that_document_only_and_equals_a_full_build(
        mini: MiniProject, tmp_path: Path) -> None:
    mini.linked_guides()
    project = mini.project
    build_site(project)
    first = _kept(project)
    assert first is not None and first.reread is None  # the first build read everything

    path = _edit(mini, "Text.", "Text, edited.")
    build_site(project)
    kept = _kept(project)
    assert kept is not None and kept.reread == (path,)  # only the edited document read again
    docs = {p.relative_to(project.docs_dir).as_posix(): p.read_bytes()
            for p in project.docs_dir.rglob("*") if p.is_file()}

    clean = tmp_path / "clean"
    shutil.copytree(mini.root, clean, ignore=shutil.ignore_patterns(".cache", "site", "docs"))
    build_site(Project(clean), force=True)
    full = {p.relative_to(clean / "docs").as_posix(): p.read_bytes()
            for p in (clean / "docs").rglob("*") if p.is_file()}
    assert sorted(docs) == sorted(full)
    assert [rel for rel in full if docs[rel] != full[rel]] == []


def test_an_edit_with_a_problem_reports_what_a_full_read_reports(mini: MiniProject) -> None:
    mini.linked_guides()
    project = mini.project
    inputs, problems = read_inputs(project, digest.source_inventory(project))
    assert not problems
    last_read.save(project, inputs)
    _edit(mini, "Text.", "Text, see [this](no-such-page.md).")
    sources = digest.source_inventory(project)
    since = _kept(project)
    assert since is not None
    edited, from_edit = read_inputs(project, sources, since)
    full, from_full = read_inputs(project, sources)
    assert edited.reread is not None and full.reread is None
    assert from_edit.report() == from_full.report() and "no-such-page" in from_full.report()
    # The build says so, and keeps the last good read for the fix.
    with pytest.raises(BuildError):
        build_site(project)
    assert _kept(project) is not None


def test_the_kept_read_is_for_its_code_and_folder_only(mini: MiniProject, tmp_path: Path) -> None:
    project = mini.project
    sources = digest.source_inventory(project)
    inputs, problems = read_inputs(project, sources)
    assert not problems
    last_read.save(project, inputs)
    assert _kept(project) is not None

    other_code = {**sources, "scripts/render.py": "0" * 64}
    assert last_read.load(project, other_code) is None

    moved = tmp_path / "moved"
    shutil.copytree(mini.root, moved)
    assert (moved / last_read.FOLDER / last_read.FILE).is_file()
    assert last_read.load(Project(moved), digest.source_inventory(Project(moved))) is None

    kept = project.root / last_read.FOLDER / last_read.FILE
    kept.write_bytes(kept.read_bytes()[: kept.stat().st_size // 2])  # cut short
    assert last_read.load(project, sources) is None
    kept.write_bytes(b"not a pickle")
    assert last_read.load(project, sources) is None


@pytest.mark.slow
def test_force_reads_everything(mini: MiniProject, monkeypatch: pytest.MonkeyPatch) -> None:
    """--force builds as a fresh clone does: the kept read is not used, but written again."""
    project = mini.project
    inputs, _ = read_inputs(project, digest.source_inventory(project))
    last_read.save(project, inputs)
    last_read.flush()
    loaded: list[object] = []
    real = last_read.load
    monkeypatch.setattr(last_read, "load", lambda *a: loaded.append(a) or real(*a))
    build_site(project, force=True)
    assert loaded == []
    assert _kept(project) is not None
