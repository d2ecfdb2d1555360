"""kb build starts from the last good read kept in `.cache/read/` (scripts/last_read.py):
after an edit of documents only, it reads those again, not every document, and its build
is the one a full read gives (tests/test_edit_read.py compares the reads kind by kind).
The kept read is used only by the code and project folder that wrote it."""

from __future__ import annotations

import contextlib
import gc
import os
import subprocess
import sys
from pathlib import Path

import pytest

from scripts import digest, last_read
from scripts.build import build_site, read_inputs
from scripts.errors import BuildError
from scripts.project import Project

from .conftest import REPO, SKELETON, MiniProject, copy_project, copy_tree

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
    copy_project(mini.root, clean)
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
    copy_project(mini.root, moved, built=True)
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


@pytest.mark.parametrize("enabled", [True, False])
def test_the_read_is_unpickled_with_no_collection_and_the_collector_left_as_it_was(
        mini: MiniProject, enabled: bool) -> None:
    """Unpickling makes thousands of objects, none of them garbage: the collections their
    allocations would set off every 700 objects (and the full ones among them) do not run;
    at most one young collection follows (of the load's objects at once, when the collector
    is on again). The garbage collector is on or off after the load as it was before."""
    project = mini.project
    sources = digest.source_inventory(project)
    inputs, problems = read_inputs(project, sources)
    assert not problems
    last_read.save(project, inputs)
    last_read.flush()
    collections: list[int] = []

    def count(phase: str, info: dict) -> None:
        if phase == "start":
            collections.append(info["generation"])

    def load(paused: bool) -> tuple[object, bool]:
        gc.enable() if enabled else gc.disable()
        gc.callbacks.append(count)
        try:
            gc.collect()
            collections.clear()
            with pytest.MonkeyPatch.context() as patch:
                if not paused:  # as before: the collector left as it is
                    patch.setattr(last_read, "collector_paused", contextlib.nullcontext)
                loaded = last_read.load(project, sources)
            return loaded, gc.isenabled()
        finally:
            gc.callbacks.remove(count)
            gc.enable()

    if enabled:  # the load is big enough to set off collections when nothing pauses them
        load(paused=False)
        assert len(collections) >= 2
    loaded, after = load(paused=True)
    assert loaded is not None and len(loaded.corpus.documents) == len(inputs.corpus.documents)
    assert collections in ([], [0]) and (enabled or collections == [])
    assert after is enabled


def test_a_read_changed_after_it_was_written_is_not_used(mini: MiniProject) -> None:
    """A text of the kept read changed in the file (same length: it still unpickles) is
    refused: its documents would be published with words no document has."""
    mini.linked_guides()
    project = mini.project
    sources = digest.source_inventory(project)
    inputs, problems = read_inputs(project, sources)
    assert not problems
    last_read.save(project, inputs)
    kept = project.root / last_read.FOLDER / last_read.FILE
    assert _kept(project) is not None
    data = kept.read_bytes()
    assert data.count(b"Text.") >= 1
    kept.write_bytes(data.replace(b"Text.", b"TEXT."))
    assert last_read.load(project, sources) is None


def test_an_edit_of_the_templates_checks_their_ui_strings_again(tmp_path: Path) -> None:
    """overrides/ is not among the sources the read is compared with: a template that starts
    using a UI string no catalog defines is reported after an edit read as after a full one
    (the check reads the code's own overrides/, so a copy of the code runs it)."""
    root = tmp_path / "project"
    copy_tree(SKELETON + ("content", "scripts", "pyproject.toml", "package.json"), root)
    (root / "node_modules").symlink_to(REPO / "node_modules")  # the templates' Word library
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from scripts import digest\n"
        "from scripts.build import read_inputs\n"
        "from scripts.project import Project\n"
        "project = Project(Path(sys.argv[1]))\n"
        "inputs, problems = read_inputs(project, digest.source_inventory(project))\n"
        "assert not problems, problems.report()\n"
        "template = project.root / 'overrides/partials/quick-exit.html'\n"
        "text = template.read_text(encoding='utf-8')\n"
        "assert '{{ safety.exit_button }}' in text\n"
        "template.write_text(text.replace('{{ safety.exit_button }}', '{{ safety.exit_buttonx }}'),"
        " encoding='utf-8')\n"
        "sources = digest.source_inventory(project)\n"
        "edited, problems = read_inputs(project, sources, inputs)\n"
        "assert edited.reread == (), edited.reread\n"
        "full, again = read_inputs(project, sources)\n"
        "print(problems.report())\n"
        "print('SAME' if problems.report() == again.report() else 'DIFFERENT')\n"
    )
    run = subprocess.run([sys.executable, "-c", script, str(root)], cwd=root, capture_output=True,
                         text=True, env={**os.environ, "PYTHONPATH": str(root)}, timeout=600)
    assert run.returncode == 0, run.stderr
    assert "missing-ui-string" in run.stdout and "exit_buttonx" in run.stdout
    assert run.stdout.rstrip().endswith("SAME")


@pytest.mark.slow
def test_kb_build_pickles_its_caches_once_mkdocs_builds_and_saves_them_when_it_fails(
        mini: MiniProject, monkeypatch: pytest.MonkeyPatch) -> None:
    """The last read and the render cache are saved once the language builds are given to
    MkDocs' workers, not before (their pickling took 0.25 s of an edit's wait while the
    workers waited for docs/); a build whose MkDocs fails, or which renders nothing, still
    saves both. Fails when either save moves back before the builds are given out."""
    from scripts import render_cache
    from scripts.mkdocs_run import LanguageWorkers

    mini.linked_guides()
    project = mini.project
    build_site(project)
    order: list[str] = []
    submit, save_read, save_cache = LanguageWorkers.submit, last_read.save, render_cache.RenderCache.save

    def submitted(self, function, *args):
        order.append(f"submit {getattr(function, '__name__', '?')}")
        return submit(self, function, *args)

    monkeypatch.setattr(LanguageWorkers, "submit", submitted)
    monkeypatch.setattr(last_read, "save", lambda *a: order.append("last read") or save_read(*a))
    monkeypatch.setattr(render_cache.RenderCache, "save",
                        lambda self: order.append("render cache") or save_cache(self))
    _edit(mini, "Text.", "Text, edited.")
    build_site(project)
    assert order[:3] == ["submit build_language", "last read", "render cache"], order

    # MkDocs fails (a template of overrides/ that does not parse): both saved all the same.
    order.clear()
    kept_file, cache_file = project.root / last_read.FOLDER / last_read.FILE, \
        project.root / render_cache.FOLDER / render_cache.FILE
    for path in (kept_file, cache_file):
        path.unlink()
    (project.root / "overrides" / "main.html").write_text('{% extends "base.html" %}\n{% block x %}\n',
                                                          encoding="utf-8")
    _edit(mini, "Text, edited.", "Text, edited again.")
    with pytest.raises(BuildError):
        build_site(project)
    assert "last read" in order and "render cache" in order
    assert kept_file.is_file() and cache_file.is_file()
