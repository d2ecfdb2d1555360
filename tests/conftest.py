"""Shared fixtures: a copy of the real project to build, and small projects for bad input.

Tests never build into the repository's own docs/ and site/: each works on a copy, so a
developer's running `make serve` is not disturbed and tests do not depend on each other.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import textwrap
import warnings
from pathlib import Path

import pytest

from scripts.build import build_site
from scripts.project import Project
from scripts.publish import PASSING

REPO = Path(__file__).resolve().parents[1]
# What a project needs besides its documents: settings, theme, catalogs, vocabulary.
SKELETON = ("mkdocs.yml", "scripts/mkdocs_hooks.py", "overrides", "content/ui.yml", "content/ui",
            "content/topics.yml", "content/organizations.yml", "aggregates")


def copy_tree(names: tuple[str, ...], target: Path) -> None:
    for name in names:
        source = REPO / name
        if not source.exists():
            continue
        if source.is_dir():
            shutil.copytree(source, target / name, dirs_exist_ok=True)
        else:
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)


def copy_project(root: Path, target: Path, *, built: bool = False) -> None:
    """Copy the project at `root` to `target` (which must not exist), without what a build
    wrote (.cache/, site/, docs/) unless `built`, and never the folders that come and go with
    a build (`publish.PASSING`): an earlier site's removal runs on in the background, so such
    a folder may vanish mid-copy."""
    skip = (PASSING,) if built else (PASSING, ".cache", "site", "docs")
    shutil.copytree(root, target, ignore=shutil.ignore_patterns(*skip))


def settings_only(root: Path) -> Project:
    """A project at `root` with the real mkdocs.yml and a theme override that extends
    Material's page, and nothing else: what the build's bookkeeping (digest.py) needs."""
    (root / "overrides").mkdir(parents=True)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    (root / "overrides" / "main.html").write_text("{% extends 'base.html' %}\n", encoding="utf-8")
    return Project(root)


class MiniProject:
    """A project with the real settings and catalogs and only the documents a test writes."""

    def __init__(self, root: Path):
        self.root = root
        copy_tree(SKELETON, root)
        (root / "content").mkdir(exist_ok=True)
        self.project = Project(root)

    def write(self, rel: str, text: str) -> Path:
        path = self.root / "content" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    def page(self, slug: str, lang: str, title: str = "Title", body: str = "Text.\n",
             extra: str = "", section: str = "pages") -> Path:
        fields = f'title: "{title}"\nsummary: "A summary."\n{extra}'
        return self.write(f"{section}/{slug}.{lang}.md", f"---\n{fields}---\n\n{body}")

    def guide(self, slug: str, lang: str, extra: str = "", body: str = "## Steps\n\nText.\n") -> Path:
        fields = "reviewed: 2026-11-01\nlegal_review: pending\ntopics: [police]\n" + extra
        return self.page(slug, lang, title=f"Guide {slug} {lang}", body=body, extra=fields,
                         section="guides")

    def linked_guides(self) -> None:
        """An about page and two Tajik guides, one linking to the other's `#steps` anchor,
        each with a stamped English translation: the smallest site whose pages depend on
        another page's headings (partial builds, kb serve's kept MkDocs)."""
        from scripts.translations import stamp

        self.page("about", "tg", title="Дар бораи мо")
        self.guide("free-legal-aid", "tg", body="## Қадамҳо\n\n[Боздошт](police-detention.md#steps)\n")
        self.guide("police-detention", "tg", body="## Қадамҳо {#steps}\n\nМатн.\n")
        bodies = {"police-detention": "## Steps {#steps}\n\nText.\n",
                  "free-legal-aid": "## Steps\n\n[Detention](police-detention.md#steps)\n"}
        for slug, body in bodies.items():
            stamp(self.project, self.guide(slug, "en", extra="translated_from: {lang: tg}\n", body=body))


# Fixtures that stand for a whole built site (or a browser on one): a test that uses one is
# marked `slow` without saying so, so that `pytest -m "not slow"` is a quick loop.
SLOW_FIXTURES = {"built_site", "serve_site", "browser"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


class UnmarkedSlowTest(UserWarning):
    """A test that runs MkDocs is not marked `slow`."""


@pytest.fixture(autouse=True)
def _warn_when_an_unmarked_test_runs_mkdocs(request: pytest.FixtureRequest,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """The MkDocs build is the real one; a test not marked `slow` that runs it gets a warning
    (in pytest's summary) saying to mark it."""
    if request.node.get_closest_marker("slow"):
        return
    from scripts import build, dist

    for module in (build, dist):
        real = module.run_mkdocs

        def run_and_warn(*args, _real=real, **kwargs):
            warnings.warn(UnmarkedSlowTest(f"{request.node.nodeid} builds a site with MkDocs: "
                                           "mark it @pytest.mark.slow"), stacklevel=2)
            return _real(*args, **kwargs)

        monkeypatch.setattr(module, "run_mkdocs", run_and_warn)


@pytest.fixture
def mini(tmp_path: Path) -> MiniProject:
    mp = MiniProject(tmp_path / "project")
    mp.page("index", "tg", title="Саҳифаи асосӣ")
    return mp


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own content, built once per test session into a copy."""
    root = tmp_path_factory.mktemp("repo") / "project"
    copy_tree(SKELETON + ("content",), root)
    build_site(Project(root))
    return root / "site"


# The root of each language's pages, and one page of every kind the site has (relative to it).
LANGUAGE_ROOTS = {"tg": "", "ru": "ru/", "en": "en/", "uz": "uz/"}
PAGE_KINDS = ["", "about/", "stay-safe/", "exit/", "404.html", "organizations/",
              "guides/", "guides/police-detention/",
              "templates/", "templates/prosecutor-complaint/",
              "training/", "training/documenting-cases/", "training/handouts/",
              "training/handouts/documenting-cases/", "training/trainer/",
              "training/trainer/documenting-cases/", "training/trainer/handouts/",
              "training/trainer/handouts/documenting-cases/",
              "statistics/", "statistics/cases/", "statistics/cases/2020/",
              "statistics/cases/2020/regions/", "statistics/cases/dictionary/",
              "help/", "help/police/detained/dushanbe/"]


CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def serve_site(built_site: Path):
    """The built site on a loopback HTTP server, as a reader's browser would see it."""
    import functools
    import http.server
    import threading

    handler = functools.partial(QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


class QuietHandler(__import__("http.server").server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, driven by Playwright; never a downloaded browser."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                     args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 412, "height": 860})
    tab = context.new_page()
    yield tab
    context.close()


def wait_for_search_answer(page, *, answers: tuple[str, ...] = ("count",)) -> None:
    """Wait until the site's search answers the query in its box: its result line gives one of
    `answers`, the names of the box's texts (`data-react-text-<name>`): "count" (results
    shown, the list whole), "none" (nothing found), "converted" (found once the keyboard
    layout was converted). Raises Playwright's TimeoutError after its default 30 s."""
    page.wait_for_function("""answers => {
        const box = document.querySelector(".react-search");
        const meta = box.querySelector(".md-search-result__meta").textContent;
        return answers.some(name => {
            const text = box.getAttribute("data-react-text-" + name);
            return name === "none" ? meta === text : meta.startsWith(text.split("{")[0]);
        });
    }""", arg=list(answers))


def wait_for_transitions(page, *, cap_ms: int = 5000) -> None:
    """Wait until the page's finite animations and transitions (the search overlay's fade, the
    drawer's slide) have ended, so what is measured is the page at rest, not half-way; one
    cancelled counts as ended. At most `cap_ms` milliseconds: a loaded machine must not hang
    the test on an animation that never ends."""
    page.evaluate("""cap => Promise.race([new Promise(done => setTimeout(done, cap)),
        Promise.all(document.getAnimations()
            .filter(a => a.effect && a.effect.getComputedTiming().iterations !== Infinity)
            .map(a => a.finished.catch(() => null)))])""", cap_ms)


class PagesLikeHandler(QuietHandler):
    """A static host like GitHub Pages: every missing address gets the site's root
    `404.html`, with status 404, whatever language its path is in."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextlib.contextmanager
def serve_folder(folder: Path, handler: type = QuietHandler, port: int = 0):
    """`folder` on a loopback HTTP server; yields its address ("http://127.0.0.1:<port>/")."""
    import functools
    import http.server
    import threading

    server = http.server.ThreadingHTTPServer(("127.0.0.1", port),
                                             functools.partial(handler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def reads_of():
    """`reads_of(path)`: a real file-access counter, from Python's audit events, of how many
    times the process opened `path` for reading since the fixture started."""
    import sys

    opened: list[str] = []
    active = [True]

    def hook(event: str, args: tuple) -> None:
        if not active[0] or event != "open" or not isinstance(args[0], str | bytes):
            return
        path, mode, flags = args
        reading = ("r" in mode and "+" not in mode) if mode else flags & os.O_ACCMODE == os.O_RDONLY
        if reading:
            opened.append(os.fsdecode(path))

    sys.addaudithook(hook)  # cannot be removed: switched off when the test ends
    yield lambda path: opened.count(str(path))
    active[0] = False
