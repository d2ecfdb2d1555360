"""`kb bench`: how long an editor of `kb serve` waits from saving a file to the reloaded page.

`kb serve` runs on the bench's project copy (a real process on a free loopback port); Debian's
Chromium (through Playwright) opens a guide; the guide's source file is edited; the time is
taken from the save until the browser has reloaded the page and it shows the edit. The first
edit after the preview was built is timed (it may wait for the MkDocs workers to finish
loading their state, scripts/serve_session.py), then `NEXT_EDITS` more, each a few seconds
after the reload as an editor saves again: their median is what an editor waits for every
edit after the first. `kb serve`'s own report of the last rebuild (generating docs/, MkDocs)
is printed beside it, to show where the time goes. A benchmark, not a test.
"""

from __future__ import annotations

import os
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil

REPO = Path(__file__).resolve().parents[1]
# Playwright with Debian's Chromium, never a downloaded browser.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu"]
REBUILT = "Preview built in"


def free_port() -> int:
    """A loopback TCP port nobody listens on (now)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str) -> str:
    """The body of a page `kb serve` answers at `url`, decoded as UTF-8; "" when it answers
    with an error status or not at all (within 5 s)."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


class ServeProcess:
    """`kb serve --dev-addr 127.0.0.1:<free port>` on the project at `root`, as an editor runs
    it: a real process (this Python, `-m scripts.cli`), its output (stdout and stderr) in
    `root/serve.log`. The one way the bench and the tests (tests/test_serve.py) start, watch
    and stop `kb serve`. Stop it with `stop()`, or use `serving()`.

    `env`: variables added to this process's environment."""

    def __init__(self, root: Path, env: dict[str, str] | None = None) -> None:
        self.root = root
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log = root / "serve.log"
        self._out = self.log.open("w")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "scripts.cli", "--root", str(root), "serve",
             "--dev-addr", f"127.0.0.1:{self.port}"],
            cwd=REPO, stdout=self._out, stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})})

    def output(self) -> str:
        """Everything `kb serve` printed so far."""
        return self.log.read_text(encoding="utf-8", errors="replace")

    def rebuilds(self) -> int:
        """How many preview builds it has finished (its "Preview built in" lines)."""
        return self.output().count(REBUILT)

    def wait_for(self, condition: Callable[[], bool], what: str, timeout: float = 300) -> None:
        """Until `condition()` is true, checked every 0.2 s. RuntimeError (naming `what`, with
        the end of kb serve's output) if kb serve exits first or `timeout` seconds pass."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition():
                return
            if self.proc.poll() is not None:
                raise RuntimeError(f"kb serve exited while waiting for {what}:\n"
                                   f"{self.output()[-3000:]}")
            time.sleep(0.2)
        raise RuntimeError(f"timed out after {timeout:.0f} s waiting for {what}; kb serve said:\n"
                           f"{self.output()[-3000:]}")

    def wait_for_builds(self, count: int, timeout: float = 300) -> None:
        """Until `count` preview builds have finished (`rebuilds()`); RuntimeError as
        `wait_for`'s."""
        self.wait_for(lambda: self.rebuilds() >= count, f"preview build {count}", timeout)

    def quiet(self, seconds: float = 3.0, timeout: float = 300) -> int:
        """Wait until no preview build finished for `seconds`; the number of builds so far.
        RuntimeError if builds still follow one another after `timeout` seconds (a rebuild
        loop: kb serve rebuilding on what its own build wrote)."""
        count, since = self.rebuilds(), time.monotonic()
        deadline = since + timeout
        while time.monotonic() - since < seconds:
            if time.monotonic() > deadline:
                raise RuntimeError(f"kb serve still rebuilding after {timeout:.0f} s ({count} builds); "
                                   f"it said:\n{self.output()[-3000:]}")
            time.sleep(0.2)
            now = self.rebuilds()
            if now != count:
                count, since = now, time.monotonic()
        return count

    def stop(self) -> None:
        """Terminate it and wait; killed after 30 s. Its descendants still running then are
        killed too: stopped during a build, kb serve leaves the processes it forked for it
        running (seen at N = 100)."""
        try:
            children = psutil.Process(self.proc.pid).children(recursive=True)
        except psutil.Error:
            children = []
        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        for child in children:
            try:
                child.kill()
            except psutil.Error:  # already ended with kb serve
                pass
        self._out.close()


@contextmanager
def serving(root: Path, env: dict[str, str] | None = None) -> Iterator[ServeProcess]:
    """`kb serve` on the project at `root` (a `ServeProcess`) for the `with` block; stopped
    however the block ends."""
    server = ServeProcess(root, env)
    try:
        yield server
    finally:
        server.stop()


def wait_until_served(server: ServeProcess, timeout: float = 900) -> None:
    """Until the first preview is built and answered; RuntimeError if kb serve stops or the
    timeout (seconds) passes."""
    server.wait_for(lambda: bool(server.rebuilds()) and bool(fetch(server.url)),
                    "the first preview", timeout)


def tree_memory(pid: int) -> tuple[int, int]:
    """(RSS, PSS) in bytes of the process `pid` and all its descendants (kb serve and its
    MkDocs workers), summed. RSS counts a page shared by several processes (the workers are
    forked from kb serve) once per process, PSS divides it among them: PSS is what the tree
    costs the machine. Read from /proc/<pid>/smaps_rollup (Linux) through psutil."""
    rss = pss = 0
    root = psutil.Process(pid)
    for proc in [root, *root.children(recursive=True)]:
        try:
            info = proc.memory_full_info()
        except psutil.Error:  # a process that ended between listing and reading
            continue
        rss += info.rss
        pss += getattr(info, "pss", info.rss)
    return rss, pss


def _tree_busy(pid: int) -> bool:
    """Whether a process of the tree of `pid` is running or waiting for a CPU (not sleeping:
    on a loaded machine a process that has work may get no CPU for seconds)."""
    root = psutil.Process(pid)
    for proc in [root, *root.children(recursive=True)]:
        try:
            if proc.status() not in (psutil.STATUS_SLEEPING, psutil.STATUS_IDLE):
                return True
        except psutil.Error:
            continue
    return False


def settle(server: ServeProcess, idle: float = 5.0, timeout: float = 1800) -> None:
    """Until every process of kb serve's tree has been asleep for `idle` seconds (sampled every
    0.1 s): the preview build and the background warm-up of its MkDocs workers
    (scripts/serve_session.py) are finished. RuntimeError after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    since = time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.1)
        if _tree_busy(server.proc.pid):
            since = time.monotonic()
        elif time.monotonic() - since >= idle:
            return
    raise RuntimeError(f"kb serve did not become idle in {timeout:.0f} s")


@dataclass
class ServeMemory:
    """Resident memory of `kb serve`'s process tree (bytes): after warm-up, then after each
    edit (its rebuild and any warm-up finished)."""
    rss: list[int]
    pss: list[int]

    def growth_per_edit(self) -> float:
        """Mean PSS bytes gained per edit from the second edit on (the first edit may still
        load what the warm-up left for later)."""
        later = self.pss[1:]
        return (later[-1] - later[0]) / max(1, len(later) - 1)


def measure_serve_memory(root: Path, source: Path, edits: int = 5) -> ServeMemory:
    """Start `kb serve` on the project at `root`, wait for the preview and the workers'
    warm-up, then save `edits` edits of `source` (a translation's Markdown: each rendered by
    the kept MkDocs), one after the other; the tree's memory after warm-up and after each."""
    with serving(root) as server:
        wait_until_served(server)
        settle(server)
        rss, pss = tree_memory(server.proc.pid)
        measure = ServeMemory([rss], [pss])
        for number in range(1, edits + 1):
            builds = server.rebuilds()
            text = source.read_text(encoding="utf-8")
            source.write_text(f"{text.rstrip()}\n\nMemory edit {number}.\n", encoding="utf-8")
            server.wait_for_builds(builds + 1, timeout=600)
            settle(server)
            rss, pss = tree_memory(server.proc.pid)
            measure.rss.append(rss)
            measure.pss.append(pss)
    return measure


def memory_report(measure: ServeMemory) -> str:
    """The bench's line about kb serve's memory."""
    mb = 1048576
    return (f"{' ' * 16}kb serve's memory (kb serve and its MkDocs workers): after warm-up "
            f"RSS {measure.rss[0] / mb:.0f} MB, PSS {measure.pss[0] / mb:.0f} MB; after "
            f"{len(measure.pss) - 1} edits RSS {measure.rss[-1] / mb:.0f} MB, PSS "
            f"{measure.pss[-1] / mb:.0f} MB (PSS per edit: "
            + ", ".join(f"{p / mb:.0f}" for p in measure.pss[1:]) + " MB)")


def edit_and_wait_for_reload(page: Any, source: Path, marker: str, timeout: float = 300) -> float:
    """Append a sentence with `marker` to the Markdown file `source` and wait until the open
    Playwright `page` has reloaded (kb serve's live reload) and shows it; seconds from the save
    to the reloaded page's load event. TimeoutError after `timeout` seconds."""
    text = source.read_text(encoding="utf-8")
    started = time.monotonic()
    source.write_text(f"{text.rstrip()}\n\n{marker}.\n", encoding="utf-8")
    deadline = started + timeout
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError(f"the page did not show {marker!r} within {timeout:.0f} s")
        with page.expect_event("load", timeout=left * 1000):
            pass
        seconds = time.monotonic() - started
        if marker in page.content():
            return seconds


# Edits timed after the first (the median is reported, with the runs' range: one edit's wait
# varied by half between runs), and the pause before each, as an editor reads the reloaded
# page before saving again (longer than kb serve's save of its caches, `build.SAVE_LATER`).
NEXT_EDITS = 3
EDITOR_PAUSE = 5.0


@dataclass
class ServeMeasure:
    first_edit: float  # seconds, the first edit after the preview was built
    next_edits: list[float]  # seconds, each of the `NEXT_EDITS` edits after that
    report: str        # kb serve's lines about the last edit's rebuild

    @property
    def next_edit(self) -> float:
        """Seconds an edit after the first waits: the median of `next_edits`."""
        return statistics.median(self.next_edits)


def measure_serve(root: Path, page_path: str, source: Path,
                  pause: float = EDITOR_PAUSE) -> ServeMeasure:
    """Start `kb serve` on the project at `root`, open `page_path` (e.g.
    "en/guides/synthetic-0001/") in Chromium, edit `source` (its Markdown) 1 + `NEXT_EDITS`
    times, `pause` seconds after each reload, and time each edit until the reloaded page
    shows it."""
    from playwright.sync_api import sync_playwright

    with serving(root) as server, sync_playwright() as playwright:
        wait_until_served(server)
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.goto(server.url + page_path, wait_until="load")
            first = edit_and_wait_for_reload(page, source, "Bench edit one")
            next_edits = []
            for number in range(NEXT_EDITS):
                time.sleep(pause)
                before = len(server.output())
                next_edits.append(edit_and_wait_for_reload(page, source, f"Bench edit {number + 2}"))
            time.sleep(0.5)  # the report's last lines
            report = server.output()[before:]
        finally:
            browser.close()
    lines = [line for line in report.splitlines()
             if re.match(r"\s*(docs/|Preview built|\w\w: )", line)]
    return ServeMeasure(first, next_edits, "\n".join(lines))


def report(measure: ServeMeasure) -> str:
    """The bench's lines about `kb serve`."""
    indent = " " * 16
    details = "\n".join(indent + "  " + line.strip() for line in measure.report.splitlines())
    return (f"{indent}kb serve, edit of one translation -> browser reloaded: "
            f"{measure.next_edit:.1f} s (target 2 s; median of {len(measure.next_edits)} edits: "
            f"{min(measure.next_edits):.1f}-{max(measure.next_edits):.1f} s; "
            f"first edit after start {measure.first_edit:.1f} s)"
            + (f"\n{details}" if details else ""))
