"""The language builds' worker processes start while docs/ is still written
(mkdocs_run.LanguageWorkers): started at once, stopped on leaving, and a build run in them
is the same build."""

from __future__ import annotations

import time

import psutil
import pytest

from scripts.build import build_site
from scripts.mkdocs_run import LanguageWorkers, workers

from .conftest import MiniProject


def _children() -> set[int]:
    """This process's worker processes (not multiprocessing's resource tracker)."""
    found = set()
    for child in psutil.Process().children(recursive=True):
        try:
            if child.status() != psutil.STATUS_ZOMBIE and "spawn_main" in " ".join(child.cmdline()):
                found.add(child.pid)
        except psutil.NoSuchProcess:
            pass
    return found


def _wait_for(predicate, seconds: float = 30.0) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


def test_the_workers_start_at_once_and_stop_on_leaving(mini: MiniProject) -> None:
    before = _children()
    with LanguageWorkers(mini.project) as started:
        count = workers(len(mini.project.codes))
        assert started.count == count
        # Started before any language build is asked of them.
        assert _wait_for(lambda: len(_children() - before) >= count)
        ours = _children() - before
    assert _wait_for(lambda: not ours & _children())


def _imported(modules: list[str]) -> list[str]:
    """(In a worker) which of `modules` this process has imported."""
    import sys

    return [name for name in modules if name in sys.modules]


def test_the_workers_import_the_theme_and_the_features_before_any_build(mini: MiniProject) -> None:
    """What a language build imports at its first page is imported at the worker's start,
    while docs/ is written: the theme, the plugins and every feature."""
    from scripts.features import FEATURES

    modules = ["material", "mkdocs_static_i18n", *(spec.partition(":")[0] for spec in FEATURES)]
    mini.project.docs_dir.mkdir()  # as a build's first write has made it
    with LanguageWorkers(mini.project) as started:
        assert started.pool.submit(_imported, modules).result(timeout=120) == modules


def test_a_bad_mkdocs_yml_is_left_to_the_build_to_report(mini: MiniProject) -> None:
    """A worker's start-up loads mkdocs.yml to import what it names; when it cannot, the
    worker still starts and the build says what is wrong."""
    config = mini.root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "name: material" in text
    config.write_text(text.replace("name: material", "name: no-such-theme"), encoding="utf-8")
    with LanguageWorkers(mini.project) as started:
        assert started.pool.submit(sum, [1, 2]).result(timeout=60) == 3


def test_a_worker_started_before_docs_is_written_prints_nothing(
        mini: MiniProject, capfd: pytest.CaptureFixture[str]) -> None:
    """A fresh clone's first build starts its workers before docs/ exists: their start-up's
    load of mkdocs.yml failed on it and MkDocs printed "Config value 'docs_dir': The path
    ... isn't an existing directory" above the build's report (found in `kb bench`'s
    output). The build checks mkdocs.yml and reports it; the start-up says nothing."""
    assert not mini.project.docs_dir.exists()
    with LanguageWorkers(mini.project) as started:
        # A worker's start-up is done before it takes its first task.
        assert started.pool.submit(sum, [1, 2]).result(timeout=120) == 3
    err = capfd.readouterr().err
    assert "Config value" not in err and "docs_dir" not in err, err


@pytest.mark.slow
def test_a_build_in_started_workers_reports_its_progress(mini: MiniProject) -> None:
    mini.linked_guides()
    reports = []
    result = build_site(mini.project, progress=reports.append)
    assert result.built == mini.project.codes
    # Each language's end reported through the started pool's queue.
    assert sorted(r.language for r in reports if r.finished) == sorted(mini.project.codes)


@pytest.mark.slow
def test_as_many_workers_start_as_there_are_languages_to_build(
        mini: MiniProject, monkeypatch: pytest.MonkeyPatch) -> None:
    """A process started costs a core for its imports: one starts ahead, while docs/ is
    still generated (once the PDF step's pool has forked), and more only when the inventory
    says more languages are to be built: a translation's edit has one worker, a whole build
    one per core, a build whose docs/ came out the same no more than the one ahead."""
    import json

    from scripts import build, digest

    pools: list[LanguageWorkers] = []

    class Counted(LanguageWorkers):
        def __init__(self, project, languages=None) -> None:
            super().__init__(project, languages)
            pools.append(self)

    monkeypatch.setattr(build, "LanguageWorkers", Counted)
    mini.linked_guides()
    build_site(mini.project)
    assert [pool.count for pool in pools] == [workers(len(mini.project.codes))]
    guide = mini.root / "content/guides/police-detention.en.md"
    guide.write_text(guide.read_text(encoding="utf-8").replace("Text.", "Text, edited."), encoding="utf-8")
    assert build_site(mini.project).built == ("en",)
    assert [pool.count for pool in pools[1:]] == [1]
    # The sources' record changed, docs/ generated again and the same: nothing to build.
    record_file = mini.root / "site" / digest.DIGEST_FILE
    record = json.loads(record_file.read_text(encoding="ascii"))
    record[digest.SOURCES] = "changed"
    record_file.write_text(json.dumps(record), encoding="ascii")
    result = build_site(mini.project)
    assert result.built == () and result.docs is not None
    assert [pool.count for pool in pools[2:]] == [1]
    # --force builds every language: every worker starts ahead.
    build_site(mini.project, force=True)
    assert [pool.count for pool in pools[3:]] == [workers(len(mini.project.codes))]


def test_grow_starts_the_processes_missing_and_never_stops_one(mini: MiniProject) -> None:
    before = _children()
    with LanguageWorkers(mini.project, 1) as started:
        assert started.count == 1
        assert _wait_for(lambda: len(_children() - before) == 1)
        started.grow(len(mini.project.codes))
        count = workers(len(mini.project.codes))
        assert started.count == count
        assert _wait_for(lambda: len(_children() - before) == count)
        started.grow(1)
        assert started.count == count
        time.sleep(0.5)
        assert len(_children() - before) == count


def _part(offset: int, part: list[int]) -> list[int]:
    """A task of `spread`: each item of its part, plus `offset`, and which process did it."""
    import os
    return [item + offset for item in part] + [-os.getpid()]


def test_spread_gives_every_item_once_in_order_from_every_worker(mini: MiniProject) -> None:
    """`spread` cuts its items into one part per worker, run at once: the results cover every
    item once, in order, and with as many items as workers, each worker takes a part."""
    with LanguageWorkers(mini.project) as started:
        for count in (0, 1, 5, 101):
            results = started.spread(_part, list(range(count)), 1000)
            assert len(results) == max(1, min(count, started.count))
            assert [i for part in results for i in part if i >= 0] == [1000 + i for i in range(count)]
        if started.count > 1:
            # Each worker busy with a slow part: two parts go to two processes.
            pids = {part[-1] for part in started.spread(_slow_part, list(range(started.count)))}
            assert len(pids) == started.count


def _slow_part(part: list[int]) -> list[int]:
    import os
    time.sleep(1.0)
    return [*part, -os.getpid()]


def test_the_pdf_sizes_filled_by_the_workers_are_those_filled_here(mini: MiniProject, tmp_path) -> None:
    """The last pass spread over the workers (`last_pass.fill_pass`) writes the same pages as
    filling them here: each placeholder replaced, in whichever part its page fell."""
    import shutil

    from scripts.pdf import sizes

    here, there = tmp_path / "here", tmp_path / "there"
    known = {"tg/print/a.pdf": 2048, "en/print/b.pdf": 5000}
    for i in range(7):
        pdf = "tg/print/a.pdf" if i % 2 else "en/print/b.pdf"
        page = here / f"p{i}" / "index.html"
        page.parent.mkdir(parents=True)
        holder = sizes.placeholder(pdf, "ab12", "PDF, {size} KB") if i != 3 else "no PDF"
        page.write_text(f"<p>Print {holder}</p>", encoding="utf-8")
    shutil.copytree(here, there)
    pages = sorted(here.rglob("*.html"))
    assert sizes.fill_pages(known, pages) == 6
    with LanguageWorkers(mini.project) as started:
        assert sum(started.spread(sizes.fill_pages, sorted(there.rglob("*.html")), known)) == 6
    for page in pages:
        filled = page.read_text(encoding="utf-8")
        assert sizes.CLASS not in filled
        assert (there / page.relative_to(here)).read_text(encoding="utf-8") == filled
    assert "(PDF, 5 KB)" in (here / "p0" / "index.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_a_build_with_nothing_to_build_ends_quietly(mini: MiniProject) -> None:
    """An edit that changes nothing visible (a blank line added): the worker started ahead
    is given no work, and `kb build` ends with its message only. The worker, stopped while
    it still started, printed a traceback (its queue's semaphores were gone: found by a
    fresh tester, 6 times out of 6)."""
    import os
    import subprocess
    import sys

    from .conftest import REPO

    mini.linked_guides()
    command = [sys.executable, "-m", "scripts.cli", "--root", str(mini.root), "build"]
    first = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=900,
                           env={**os.environ, "PYTHONUNBUFFERED": "1"})
    assert first.returncode == 0, first.stderr
    guide = mini.root / "content/guides/police-detention.en.md"
    guide.write_text(guide.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    again = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=900,
                           env={**os.environ, "PYTHONUNBUFFERED": "1"})
    assert again.returncode == 0, again.stderr
    assert "nothing to do" in again.stdout + again.stderr
    assert "Traceback" not in again.stdout + again.stderr, again.stderr


def test_work_given_while_the_worker_starts_waits_for_it_and_starts_no_other(mini: MiniProject) -> None:
    """A translation's edit has one worker started ahead (`LanguageWorkers(project, 1)`); its
    language build, given while that worker still imports, waits for it: the pool, which may
    grow to one process per core, starts no second process for it (1.5 s of a core's imports
    in the middle of the edit's build, for nothing)."""
    before = _children()
    with LanguageWorkers(mini.project, 1) as started:
        assert started.submit(sum, [1, 2]).result(timeout=120) == 3
        assert started.spread(_part, list(range(4)), 0)[0][:4] == [0, 1, 2, 3]
        assert len(_children() - before) == 1
