"""`kb bench`: how long an editor of `kb serve` waits from saving a file to the reloaded page.

`kb serve` runs on the bench's project copy (a real process on a free loopback port); Debian's
Chromium (through Playwright) opens a guide; the guide's source file is edited; the time is
taken from the save until the browser has reloaded the page and it shows the edit. Two edits
are timed: the first after the preview was built (it may wait for the MkDocs workers to
finish loading their state, scripts/serve_session.py) and a second one, what an editor waits
for every edit after that. `kb serve`'s own report of the second rebuild (generating docs/,
MkDocs) is printed beside it, to show where the time goes. A benchmark, not a test.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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


class ServeProcess:
    """`kb serve --dev-addr 127.0.0.1:<free port>` on the project at `root`, its output in
    `root/serve.log`. Stop it with `stop()`."""

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
        return self.log.read_text(encoding="utf-8", errors="replace")

    def rebuilds(self) -> int:
        """How many preview builds it has finished."""
        return self.output().count(REBUILT)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self._out.close()


@contextmanager
def serving(root: Path) -> Iterator[ServeProcess]:
    """`kb serve` on `root` for the `with` block."""
    server = ServeProcess(root)
    try:
        yield server
    finally:
        server.stop()


def wait_until_served(server: ServeProcess, timeout: float = 900) -> None:
    """Until the first preview is built and answered; RuntimeError if kb serve stops or the
    timeout (seconds) passes."""
    import urllib.error
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.proc.poll() is not None:
            raise RuntimeError(f"kb serve stopped:\n{server.output()[-3000:]}")
        if server.rebuilds():
            try:
                with urllib.request.urlopen(server.url, timeout=5):
                    return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
        time.sleep(0.2)
    raise RuntimeError(f"kb serve built no preview in {timeout:.0f} s:\n{server.output()[-3000:]}")


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


@dataclass
class ServeMeasure:
    first_edit: float  # seconds, the first edit after the preview was built
    next_edit: float   # seconds, the edit after that
    report: str        # kb serve's lines about the second edit's rebuild


def measure_serve(root: Path, page_path: str, source: Path) -> ServeMeasure:
    """Start `kb serve` on the project at `root`, open `page_path` (e.g.
    "en/guides/synthetic-0001/") in Chromium, edit `source` (its Markdown) twice and time
    each edit until the reloaded page shows it."""
    from playwright.sync_api import sync_playwright

    with serving(root) as server, sync_playwright() as playwright:
        wait_until_served(server)
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.goto(server.url + page_path, wait_until="load")
            first = edit_and_wait_for_reload(page, source, "Bench edit one")
            before = len(server.output())
            second = edit_and_wait_for_reload(page, source, "Bench edit two")
            time.sleep(0.5)  # the report's last lines
            report = server.output()[before:]
        finally:
            browser.close()
    lines = [line for line in report.splitlines()
             if re.match(r"\s*(docs/|Preview built|\w\w: )", line)]
    return ServeMeasure(first, second, "\n".join(lines))


def report(measure: ServeMeasure) -> str:
    """The bench's lines about `kb serve`."""
    indent = " " * 16
    details = "\n".join(indent + "  " + line.strip() for line in measure.report.splitlines())
    return (f"{indent}kb serve, edit of one translation -> browser reloaded: "
            f"{measure.next_edit:.1f} s (target 2 s; first edit after start {measure.first_edit:.1f} s)"
            + (f"\n{details}" if details else ""))
