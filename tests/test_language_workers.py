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


def test_a_bad_mkdocs_yml_is_left_to_the_build_to_report(mini: MiniProject) -> None:
    """A worker's start-up loads mkdocs.yml to import what it names; when it cannot, the
    worker still starts and the build says what is wrong."""
    config = mini.root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "name: material" in text
    config.write_text(text.replace("name: material", "name: no-such-theme"), encoding="utf-8")
    with LanguageWorkers(mini.project) as started:
        assert started.pool.submit(sum, [1, 2]).result(timeout=60) == 3


@pytest.mark.slow
def test_a_build_in_started_workers_reports_its_progress(mini: MiniProject) -> None:
    mini.linked_guides()
    reports = []
    result = build_site(mini.project, progress=reports.append)
    assert result.built == mini.project.codes
    # Each language's end reported through the started pool's queue.
    assert sorted(r.language for r in reports if r.finished) == sorted(mini.project.codes)
