"""Ctrl-C in the terminal while `kb build` runs: the signal reaches the whole process group
(kb build, its PDF workers laying out, its MkDocs workers). The build stops without a
Python traceback from any process, publishes nothing and leaves no half-built folder."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import SKELETON, copy_tree

REPO = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow  # lays out PDFs and builds with MkDocs


@pytest.fixture(autouse=True)
def ctrl_c_as_in_a_terminal() -> Iterator[None]:
    """Ctrl-C handled in this process (and so in the processes it starts) as in a terminal,
    however the suite was started: run in the background by a script, it ignores Ctrl-C, its
    processes inherit that, and the build then ignores Ctrl-C by design (the last test here),
    so the tests of a stop would fail, or pass for nothing. A Python handler is not
    inherited: a child process gets the default, and Python's KeyboardInterrupt."""
    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, before)


def test_ctrl_c_while_pdfs_are_laid_out_stops_the_build_quietly(tmp_path: Path) -> None:
    root = tmp_path / "project"
    copy_tree(SKELETON + ("content",), root)
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "KB_PDF_CACHE": str(tmp_path / "pdf-cache")}
    build = subprocess.Popen([sys.executable, "-m", "scripts.cli", "--root", str(root), "build"],
                             cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             text=True, start_new_session=True)
    lines: list[str] = []
    started = threading.Event()

    def read() -> None:
        assert build.stdout is not None
        for line in build.stdout:
            lines.append(line)
            if line.startswith("  ") and ": " in line and "pages" in line:
                started.set()  # a language build reports: MkDocs runs, PDFs are laid out
    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    assert started.wait(600), "".join(lines)
    pdfs_before = len(list((tmp_path / "pdf-cache").glob("*.pdf")))
    os.killpg(build.pid, signal.SIGINT)  # as the terminal does: every process of the group
    stopped = time.monotonic()
    try:
        build.wait(120)
    except subprocess.TimeoutExpired:
        os.killpg(build.pid, signal.SIGKILL)  # no process of it left running after the test
        build.wait()
        reader.join(10)
        pytest.fail("the build did not stop within 120 s of Ctrl-C; its output:\n" + "".join(lines))
    reader.join(10)
    output = "".join(lines)
    assert build.returncode != 0, output
    assert time.monotonic() - stopped < 60, output
    assert "Traceback" not in output and "KeyboardInterrupt" not in output, output
    assert not (root / "site").exists()
    assert not list(root.glob(".site-*")), list(root.iterdir())
    # Not every PDF was laid out yet: the signal came while the step ran.
    assert pdfs_before < 100, pdfs_before


def _worker_pids(workers) -> list[int]:
    return list(workers.pool._processes)  # the test looks into the pool for its processes


def test_ctrl_c_while_the_workers_import_their_modules_prints_nothing(mini, capfd) -> None:
    """Found by a fresh tester: a spawned worker still importing its modules printed a
    KeyboardInterrupt traceback. They start with Ctrl-C ignored until their initializer
    makes it end them quietly (workers.starting_workers)."""
    from scripts.mkdocs_run import LanguageWorkers

    with LanguageWorkers(mini.project) as workers:
        for pid in _worker_pids(workers):
            os.kill(pid, signal.SIGINT)  # at once: they are still starting Python
        time.sleep(2)
        for pid in _worker_pids(workers):  # and once they run: they end, quietly
            os.kill(pid, signal.SIGINT)
        time.sleep(1)
    err = capfd.readouterr().err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err


def test_workers_of_a_process_that_ignores_ctrl_c_ignore_it_too(mini) -> None:
    """`kb build &` from a script ignores Ctrl-C: its workers must not end on one either
    (they did, and the build failed with BrokenProcessPool)."""
    from scripts.mkdocs_run import LanguageWorkers

    before = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        with LanguageWorkers(mini.project) as workers:
            assert workers.spread(len, [[1], [2]]) == [1, 1]  # started and initialized
            for pid in _worker_pids(workers):
                os.kill(pid, signal.SIGINT)
            time.sleep(0.5)
            assert workers.spread(len, [[1], [2]]) == [1, 1]
    finally:
        signal.signal(signal.SIGINT, before)
