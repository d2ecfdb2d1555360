"""What a reader's browser downloads for a page: bytes (gzip) and requests, in real Chromium.

Shared by the budget tests (tests/test_page_weight.py) and `kb bench`. A built site is served
on a loopback address the way README ("Page weight", Hosting) asks a host to serve it:
gzip-compressed (level 6, servers' default; the sizes counted), content-hashed files
(`name.<hash>.ext`) are sent with `Cache-Control: max-age=31536000, immutable`, everything
else with `no-cache` (so a browser asks again, and gets the page anew when it changed).
What is counted is what the server sent: a file taken from the browser's cache costs nothing,
which is the point of long-lived names. Requests are counted in the browser, failed ones
included (a 404 is a request too).

Playwright drives Debian's Chromium (/usr/bin/chromium); nothing is downloaded. Service
workers are blocked: a first visit is the page alone, not the offline copy a reader may ask
for.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# A content-hashed name, as scripts/page_assets.py and Material write them.
HASHED = re.compile(r"\.[0-9a-f]{8,}(\.min)?\.[a-z0-9]+$")
LONG_LIVED = "public, max-age=31536000, immutable"


def gz(data: bytes) -> int:
    """Bytes of `data` gzip-compressed at level 6 (what a compressing server sends)."""
    return len(gzip.compress(data, compresslevel=6, mtime=0))


class CachingHandler(http.server.SimpleHTTPRequestHandler):
    """A static host as README recommends: gzip, long-lived caching of hashed names, no-cache
    for the rest, If-Modified-Since answered with 304; records what it sent."""

    sent: list[tuple[str, int, int]]  # (path, status, gzip bytes of the body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def do_GET(self) -> None:
        self._answer(head=False)

    def do_HEAD(self) -> None:
        self._answer(head=True)

    def _answer(self, head: bool) -> None:
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        file = Path(self.translate_path(path))
        if file.is_dir():
            if not path.endswith("/"):
                self.send_response(301)
                self.send_header("Location", path + "/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            file = file / "index.html"
        if not file.is_file():
            self.sent.append((path, 404, 0))
            self.send_error(404)
            return
        stamp = self.date_time_string(int(file.stat().st_mtime))
        if self.headers.get("If-Modified-Since") == stamp:
            self.sent.append((path, 304, 0))
            self.send_response(304)
            self.send_header("Cache-Control", LONG_LIVED if HASHED.search(path) else "no-cache")
            self.end_headers()
            return
        data = file.read_bytes()
        kind = self.guess_type(str(file))
        squeezed = gzip.compress(data, compresslevel=6, mtime=0)
        self.sent.append((path, 200, len(squeezed)))
        zipped = "gzip" in self.headers.get("Accept-Encoding", "") and kind.startswith(
            ("text/", "application/javascript", "application/json", "image/svg", "application/xml"))
        body = squeezed if zipped else data
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", stamp)
        self.send_header("Cache-Control", LONG_LIVED if HASHED.search(path) else "no-cache")
        if zipped:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        if not head:
            self.wfile.write(body)


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[tuple[str, list[tuple[str, int, int]]]]:
    """`folder` served on a loopback port; yields (address, list the server appends to)."""
    sent: list[tuple[str, int, int]] = []
    handler = type("Handler", (CachingHandler,), {"sent": sent})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(handler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", sent
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class Visit:
    """What one page view cost: requests the browser made, gzip bytes the server sent."""

    url: str
    requests: list[str] = field(default_factory=list)
    sent: list[tuple[str, int, int]] = field(default_factory=list)

    @property
    def bytes(self) -> int:
        return sum(size for _, _, size in self.sent)

    def report(self) -> str:
        """The largest files of the visit, for a failing budget's message."""
        top = sorted(self.sent, key=lambda item: -item[2])[:8]
        return ", ".join(f"{path} {size} B" for path, _, size in top)


def visit(context: Any, address: str, sent: list, path: str, action: str | None = None) -> Visit:
    """Open `path` of the site at `address` in the Playwright browser `context` (its cache as
    earlier visits left it) until the network is idle; then, if given, run `action` (a
    JavaScript function body, e.g. a click) and wait again. Returns the visit's cost."""
    tab = context.new_page()
    result = Visit(path)
    tab.on("request", lambda request: result.requests.append(request.url))
    start = len(sent)
    try:
        tab.goto(address + path, wait_until="networkidle")
        if action:
            tab.evaluate(action)
            tab.wait_for_load_state("networkidle")
            tab.wait_for_timeout(300)
    finally:
        tab.close()
    result.sent = list(sent[start:])
    return result


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright (headless)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def new_context(browser: Any) -> Any:
    """A fresh browser profile (empty cache) with a phone's viewport, service workers blocked."""
    return browser.new_context(viewport={"width": 412, "height": 860}, service_workers="block")
