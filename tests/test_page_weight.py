"""Page-weight budgets (issue 18), in bytes and requests, never in time.

Every guide and every appeal template of the sample, in every language, opened in Debian's
Chromium from a server that caches as README ("Page weight") asks a host to
(scripts/page_weight.py): bytes are what the server sent, gzip-compressed; requests are what
the browser asked for, failed ones included. Pages other engineers add are measured too: the
lists come from the built site, not from this file.

- a guide's first visit (empty cache): at most 50 KB and 8 requests, none of them a
  `sitemap.xml` look-up or any other failing request;
- a template page before the reader asks for a Word file: at most 70 KB, and the Word
  library not loaded; asking for the Word file loads it;
- a guide opened after another guide (repeat visit): at most 15 KB;
- a guide in another language opened after one in Tajik: no stylesheet sent again (the
  languages' stylesheets are the same bytes at one address, scripts/css_share.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from scripts.page_weight import Visit, new_context, serve, visit
from scripts.project import Project

from .conftest import LANGUAGE_ROOTS, REPO

pytestmark = pytest.mark.browser

KB = 1024
GUIDE_FIRST_VISIT = 50 * KB
GUIDE_REQUESTS = 8
TEMPLATE_FIRST_VISIT = 70 * KB
REPEAT_VISIT = 15 * KB


def pages_of(site: Path, root: str, section: str) -> list[str]:
    """Addresses (relative to the site) of every page under `section/` of a language."""
    folder = site / root / section
    return [f"{root}{section}/{page.parent.name}/" for page in sorted(folder.glob("*/index.html"))
            if page.parent.name not in ("lib", "trainer", "handouts")]


@pytest.fixture(scope="module")
def weighed(built_site: Path, browser):
    """The built site on the bench's measuring server, and the session's Chromium (a second
    Playwright in the same process would clash with the one the other browser tests hold)."""
    with serve(built_site) as (address, sent):
        yield address, sent, browser


def visits(weighed, pages: list[str], after: list[str] | None = None) -> Iterator[tuple[str, Visit]]:
    """(page, what its visit cost) for each of `pages`, each in a fresh browser profile (an
    empty cache), after the page of `after` at the same place when given (a repeat visit)."""
    address, sent, browser = weighed
    for n, path in enumerate(pages):
        context = new_context(browser)
        try:
            if after is not None:
                visit(context, address, sent, after[n])
            yield path, visit(context, address, sent, path)
        finally:
            context.close()


def failed(cost: Visit) -> list[str]:
    """The requests of a visit the server did not answer with 200."""
    return [path for path, status, _ in cost.sent if status != 200]


@pytest.mark.parametrize("lang", list(LANGUAGE_ROOTS))
def test_every_guide_first_visit_fits_the_budget(built_site: Path, weighed, lang: str) -> None:
    guides = pages_of(built_site, LANGUAGE_ROOTS[lang], "guides")
    assert len(guides) >= 10
    problems = [f"{path}: {cost.bytes} B in {len(cost.requests)} requests (failed: {failed(cost)}, "
                f"sitemap: {[u for u in cost.requests if 'sitemap' in u]}): {cost.report()}"
                for path, cost in visits(weighed, guides)
                if cost.bytes > GUIDE_FIRST_VISIT or len(cost.requests) > GUIDE_REQUESTS or failed(cost)
                or any("sitemap" in u for u in cost.requests)]
    assert problems == []


@pytest.mark.parametrize("lang", list(LANGUAGE_ROOTS))
def test_every_template_before_the_word_library_fits_the_budget(built_site: Path, weighed,
                                                                   lang: str) -> None:
    templates = pages_of(built_site, LANGUAGE_ROOTS[lang], "templates")
    assert len(templates) >= 5

    def library(cost: Visit) -> list[str]:
        return [u for u in cost.requests if re.search(r"/lib/docx", u)]

    problems = [f"{path}: {cost.bytes} B (Word library: {library(cost)}, failed: {failed(cost)}): "
                f"{cost.report()}"
                for path, cost in visits(weighed, templates)
                if cost.bytes > TEMPLATE_FIRST_VISIT or library(cost) or failed(cost)]
    assert problems == []
    # Asking for the Word file is what loads the library (appeal-form.js).
    address, sent, browser = weighed
    context = new_context(browser)
    try:
        cost = visit(context, address, sent, templates[0],
                     action="document.querySelector('[data-appeal-action=docx]').click()")
    finally:
        context.close()
    assert library(cost)


@pytest.mark.parametrize("lang", list(LANGUAGE_ROOTS))
def test_every_guide_after_another_fits_the_repeat_budget(built_site: Path, weighed, lang: str) -> None:
    guides = pages_of(built_site, LANGUAGE_ROOTS[lang], "guides")
    problems = [f"{path} after another guide: {cost.bytes} B: {cost.report()}"
                for path, cost in visits(weighed, guides[1:] + guides[:1], after=guides)
                if cost.bytes > REPEAT_VISIT]
    assert problems == []


@pytest.mark.parametrize("lang", [lang for lang, root in LANGUAGE_ROOTS.items() if root])
def test_another_language_reuses_the_cached_stylesheet(built_site: Path, weighed, lang: str) -> None:
    """A reader who switches language: the stylesheet comes from the browser's HTTP cache."""
    guide = "guides/police-detention/"
    address, sent, browser = weighed
    context = new_context(browser)
    try:
        first_visit = visit(context, address, sent, guide)
        switched_visit = visit(context, address, sent, LANGUAGE_ROOTS[lang] + guide)
    finally:
        context.close()
    assert [p for p, _, _ in first_visit.sent if p.endswith(".css")]
    assert [p for p, _, _ in switched_visit.sent if p.endswith(".css")] == [], switched_visit.report()


def test_feature_scripts_only_on_the_pages_that_use_them(built_site: Path) -> None:
    """Every page of the site: each feature script of mkdocs.yml's `only_where` (the quiz,
    the letter form, the not-found text, the finder) where the page holds its marker, and
    nowhere else; every asset a page names exists under a content-hashed name (sw.js aside,
    which keeps its address)."""
    plugin = next(p["react-assets"] for p in Project(REPO).mkdocs_config["plugins"]
                  if isinstance(p, dict) and "react-assets" in p)
    features = {Path(script).stem: marker for script, marker in plugin["only_where"].items()}
    assert {"quiz", "appeal-form", "not-found", "finder"} <= features.keys()
    seen = dict.fromkeys(features, 0)
    for page in built_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        scripts = re.findall(r'<script src="([^"]+)"', html)
        sheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
        for name, marker in features.items():
            loaded = any(re.search(rf"/{name}\.[0-9a-f]{{10}}\.js$", s) for s in scripts)
            assert loaded == (marker in html), f"{page}: {name}"
            seen[name] += loaded
        # One stylesheet (none on the self-contained exit and "no internet" pages).
        assert len(sheets) <= 1, f"{page}: {sheets}"
        assert '<link rel="alternate" href=' not in html, page
        for href in scripts + sheets:
            assert re.search(r"\.[0-9a-f]{8,}(\.min)?\.(js|css)$", href), f"{page}: {href}"
    assert all(seen.values()), seen


def first_visit_with_the_service_worker(browser, address: str, sent: list, path: str) -> list:
    """What the server sent for a first visit of `path` in a real reader's browser: service
    workers allowed, so offline.js registers sw.js and keeps the page, its files and the
    "no internet" page (README, "Offline reading"), all of it waited for."""
    context = browser.new_context(viewport={"width": 412, "height": 860}, service_workers="allow")
    try:
        start = len(sent)
        tab = context.new_page()
        tab.goto(address + path, wait_until="networkidle")
        tab.wait_for_selector("html[data-react-offline-kept]", state="attached")
        tab.wait_for_load_state("networkidle")
        return list(sent[start:])
    finally:
        context.close()


@pytest.mark.parametrize("lang", list(LANGUAGE_ROOTS))
def test_every_guide_first_visit_with_the_service_worker_fits_the_budget(built_site: Path, weighed,
                                                                         lang: str) -> None:
    """The budget as a real browser meets it: the site's service worker runs, and sw.js and the
    language's offline.html join the page's own requests (before: 9 requests, the 7 of
    Material's moved inline scripts as 3 files + the rest, and these 2)."""
    address, sent, browser = weighed
    root = LANGUAGE_ROOTS[lang]
    problems = []
    for path in pages_of(built_site, root, "guides"):
        asked = first_visit_with_the_service_worker(browser, address, sent, path)
        paths = [p for p, _, _ in asked]
        # The service worker did run: otherwise the count would prove nothing.
        assert "/sw.js" in paths and f"/{root}offline.html" in paths, (path, paths)
        size = sum(n for _, _, n in asked)
        if len(asked) > GUIDE_REQUESTS or size > GUIDE_FIRST_VISIT or any(s != 200 for _, s, _ in asked):
            problems.append(f"{path}: {size} B in {len(asked)} requests: {asked}")
    assert problems == []


def pixel(png: bytes) -> tuple[int, int, int]:
    """The colour (r, g, b) of the first pixel of a PNG screenshot (8-bit RGB or RGBA)."""
    import struct
    import zlib

    width, _, depth, kind = struct.unpack(">IIBB", png[16:26])
    assert depth == 8 and kind in (2, 6), (depth, kind)
    data, at = b"", 8
    while at < len(png):
        length, name = struct.unpack(">I4s", png[at:at + 8])
        if name == b"IDAT":
            data += png[at + 8:at + 8 + length]
        at += 12 + length
    row = zlib.decompress(data)
    # Every row filter (0-4) leaves the first pixel of the first row as it is (nothing is
    # left of it or above it).
    assert row[0] <= 4 and width >= 1, row[0]
    return row[1], row[2], row[3]


@pytest.mark.parametrize("lang", list(LANGUAGE_ROOTS))
def test_dark_mode_applies_before_the_first_paint(built_site: Path, weighed, lang: str) -> None:
    """A reader whose phone is set to dark mode never sees the page painted light first: with
    every script after the header held back (the site script at the page's end takes seconds
    on 2G), the page is already painted with the dark palette's background. Fails when the
    palette is applied late (before: by theme.js in the site script, so the whole page was
    painted white, then turned dark)."""
    address, _, browser = weighed
    path = LANGUAGE_ROOTS[lang] + "guides/police-detention/"
    html = (built_site / path / "index.html").read_text(encoding="utf-8")
    def names(text: str) -> set[str]:
        return {src.rsplit("/", 1)[-1] for src in re.findall(r'<script src="([^"]+)"', text)}

    late = names(html) - names(html[:html.index("</header>")])
    assert late, "no script after the header to hold back"
    context = browser.new_context(viewport={"width": 412, "height": 860}, color_scheme="dark",
                                  service_workers="block")
    held: list = []
    try:
        tab = context.new_page()
        tab.route("**/*.js", lambda route: held.append(route)
                  if route.request.url.rsplit("/", 1)[-1] in late else route.continue_())
        tab.goto(address + path, wait_until="commit")
        # (polled from here: the pages' security policy forbids the eval wait_for_function uses)
        # The route handler runs when Playwright's events reach this process, which may be
        # after the page has painted: wait for both (before, a fast paint failed the test).
        for _ in range(200):
            if held and tab.evaluate("() => performance.getEntriesByType('paint').length > 0 && "
                                     "!!document.querySelector('.md-content')"):
                break
            tab.wait_for_timeout(50)
        assert held, "the late scripts were not held back"
        assert tab.evaluate("document.readyState") == "loading"
        # The page's margin, left of the text (the body's background).
        r, g, b = pixel(tab.screenshot(clip={"x": 2, "y": 400, "width": 1, "height": 1}))
    finally:
        for route in held:
            route.continue_()
        context.close()
    assert r + g + b < 3 * 80, f"painted light ({r}, {g}, {b}) in dark mode before the palette ran"


def test_parts_run_where_their_tags_stand(built_site: Path) -> None:
    """Every page with scripts loads Material's moved inline scripts and the palette from one
    file (parts.<hash>.js: one request), each tag naming its part where that part must run:
    the helpers in <head> (first, so the file is downloaded before anything is painted), the
    palette's two parts where its inputs are, the content's after the content."""
    tag = re.compile(r'<script src="([^"]*parts\.[0-9a-f]{10}\.js)"[^>]* data-react-part="([^"]+)"')
    checked = 0
    for page in built_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        if "<script" not in html:
            continue  # the exit and "no internet" pages run nothing
        found = [(m.start(), m.group(1), m.group(2)) for m in tag.finditer(html)]
        assert [name for _, _, name in found] == ["md-base", "md-palette", "palette", "md-content"], page
        assert len({src for _, src, _ in found}) == 1, page
        (base, _, _), (palette, _, _), (ours, _, _), (content, _, _) = found
        assert base < html.index("</head>"), page
        assert html.index('data-md-component="palette"') < palette < ours < html.index("</header>"), page
        assert html.index('class="md-content"') < content, page
        assert not re.search(r'<script src="[^"]*/md-[a-z]+\.[0-9a-f]{10}\.js"', html), page
        checked += 1
    assert checked > 100
