"""`kb serve` as an editor runs it: a real process, a real HTTP server, real edits.

One process serves a copy of the project; the test edits a guide and waits for the new text
over HTTP, makes an invalid edit and checks that the problem is printed while the last good
page is still served, and counts preview builds to show that one edit makes one build.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from scripts.bench_serve import ServeProcess, edit_and_wait_for_reload, fetch, serving
from scripts.translations import stamp

from .conftest import MiniProject

# Builds whole sites with MkDocs.
pytestmark = pytest.mark.slow

GUIDE = "content/guides/police-detention.tg.md"


def fetch_missing(url: str) -> str:
    """The body of a 404 answer ("" for any other answer)."""
    try:
        urllib.request.urlopen(url, timeout=5).close()
    except urllib.error.HTTPError as error:
        return error.read().decode("utf-8") if error.code == 404 else ""
    return ""


def _pdfs(root: Path) -> dict[Path, bytes]:
    """Every PDF of the project's docs/ and its bytes."""
    return {path: path.read_bytes() for path in (root / "docs").rglob("*.pdf")}


def _changed(before: dict[Path, bytes], root: Path) -> list[Path]:
    """The PDFs of docs/ whose bytes differ from `before` (or that are new)."""
    return [path for path, data in _pdfs(root).items() if before.get(path) != data]


@pytest.fixture
def server(mini: MiniProject) -> Iterator[ServeProcess]:
    mini.guide("police-detention", "tg")
    mini.guide("free-legal-aid", "tg", body="## Steps\n\n[Detention](police-detention.md)\n")
    with serving(mini.root) as running:
        yield running


def test_serve_rebuilds_on_edit_keeps_last_good_page_and_does_not_loop(server: ServeProcess) -> None:
    page = server.url + "guides/police-detention/"
    guide = server.root / GUIDE
    original = guide.read_text(encoding="utf-8")
    server.wait_for(lambda: "Guide police-detention tg" in fetch(page), "the first build", timeout=600)
    assert server.quiet() == 1, server.output()

    # A valid edit: the new text is served after exactly one rebuild. A text of its own each
    # run: its PDF is never in the PDF cache (shared by the runs of this machine), so it is
    # laid out while the pages are built, whatever ran before.
    marker = f"Матни-санҷиши-{uuid.uuid4().hex[:8]}"
    pdfs = _pdfs(server.root)
    guide.write_text(original + f"\n{marker}.\n", encoding="utf-8")
    server.wait_for(lambda: marker in fetch(page), "the edited page")
    assert server.quiet() == 2, server.output()
    # Only the changed pages are written first: the guide and its fallback copies in ru, en,
    # uz; then their four PDFs, once laid out, by the last pass.
    assert re.search(r"docs/: 4 written, \d+ unchanged, 0 removed", server.output()), server.output()
    server.wait_for(lambda: len(_changed(pdfs, server.root)) == 4, "the edited guide's PDFs in docs/")

    # An invalid edit: its problem is printed, nothing is rebuilt, the last good page stays.
    guide.write_text("---\ntitle: [unclosed\n---\n\nМатни-нодуруст.\n", encoding="utf-8")
    server.wait_for(lambda: "still being served" in server.output(), "the problem report")
    assert f"{GUIDE}:2: [yaml]" in server.output()
    assert server.quiet() == 2, server.output()
    served = fetch(page)
    assert marker in served and "Матни-нодуруст" not in served

    # Fixing it brings the site back in step, again with one rebuild.
    guide.write_text(original + "\nМатни-санҷиши-дуюм.\n", encoding="utf-8")
    server.wait_for(lambda: "Матни-санҷиши-дуюм" in fetch(page), "the fixed page")
    assert server.quiet() == 3, server.output()

    # The theme's custom folder is watched too (MkDocs does not watch it by default).
    css = server.root / "overrides/assets/stylesheets/site.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n.theme-edit-marker { color: red }\n",
                   encoding="utf-8")

    def stylesheet() -> str:
        """The joined stylesheet the page names now (scripts/page_assets.py)."""
        sheets = re.findall(r'href="[./]*(assets/stylesheets/react\.[0-9a-f]+\.css)"', fetch(page))
        return fetch(server.url + sheets[0]) if len(sheets) == 1 else f"stylesheets: {sheets}"

    server.wait_for(lambda: "theme-edit-marker" in stylesheet(), "the edited stylesheet")
    assert server.quiet() == 4, server.output()

    # A missing page is answered with the 404 page of its address's language.
    assert '<html lang="ru"' in fetch_missing(server.url + "ru/no-such-page/")
    assert '<html lang="tg"' in fetch_missing(server.url + "no-such-page/")
    # The preview is not site/: that stays what `kb build` made (here: nothing).
    assert not (server.root / "site").exists()


def test_an_open_page_reloads_with_a_translation_edit_rendered_by_the_kept_mkdocs(
        mini: MiniProject, browser) -> None:
    """The editor's view: a page open in Chromium reloads by itself after its translation is
    saved, and shows the new text; the edit was rendered by the MkDocs kept running
    (scripts/serve_session.py), not by a new build."""
    mini.guide("police-detention", "tg")
    translation = mini.guide("police-detention", "en", extra="translated_from: {lang: tg}\n",
                             body="## Steps\n\nText.\n")
    stamp(mini.project, translation)
    with serving(mini.root) as running:
        page_url = running.url + "en/guides/police-detention/"
        running.wait_for(lambda: "Guide police-detention en" in fetch(page_url), "the first build",
                         timeout=600)
        context = browser.new_context()
        try:
            tab = context.new_page()
            tab.goto(page_url, wait_until="load")
            assert "Browser-edit-marker" not in tab.content()
            # Texts of their own each run: the PDF is laid out while the kept MkDocs renders
            # the page, whatever the PDF cache holds, and written into docs/ after it.
            first, second = (f"{word}-{uuid.uuid4().hex[:8]}" for word in ("Browser-edit", "Second-edit"))
            # The preview registers no service worker (the site's offline copy), and removes
            # one left at its address (by an earlier preview): the one registered here.
            assert _workers(tab) == 0
            # Within 30 s: `ready` never settles if the worker does not install.
            assert tab.evaluate("Promise.race([navigator.serviceWorker.register('/sw.js')"
                                ".then(() => navigator.serviceWorker.ready).then(() => true),"
                                " new Promise(done => setTimeout(() => done(false), 30000))])"), \
                "the service worker did not become ready within 30 s"
            pdfs = _pdfs(mini.root)
            edit_and_wait_for_reload(tab, translation, first, timeout=300)
            assert first in tab.inner_text("article")
            assert "rendered: 1 changed file (MkDocs kept running)" in running.output(), running.output()
            running.wait_for(lambda: len(_changed(pdfs, mini.root)) == 1, "the edited translation's PDF")
            running.wait_for(lambda: _workers(tab) == 0, "the worker left from before removed")
            # A second edit, in the same page, the same way, saved after a pause, as an editor
            # reads first: with the worker there it answered the live reload's request, and
            # the page never reloaded.
            tab.wait_for_timeout(6000)
            edit_and_wait_for_reload(tab, translation, second, timeout=120)
            assert second in tab.inner_text("article")
            assert running.output().count("(MkDocs kept running)") == 2, running.output()
            # The worker's copies went too (the first page without it removed any it kept).
            running.wait_for(lambda: tab.evaluate("caches.keys()") == [], "the worker's copies removed")
        finally:
            context.close()


def _workers(tab) -> int:
    """How many service workers are registered for the open page's address."""
    return int(tab.evaluate("navigator.serviceWorker.getRegistrations().then(r => r.length)"))


def test_a_template_that_does_not_parse_is_one_message_and_serving_goes_on(server: ServeProcess) -> None:
    """An editor's slip in overrides/ (a Jinja tag left open) is reported as a problem naming
    the file and line, without a Python traceback; the last good page stays served, and the
    fixed template brings the preview back."""
    page = server.url + "guides/police-detention/"
    server.wait_for(lambda: "Guide police-detention tg" in fetch(page), "the first build", timeout=600)
    server.quiet()
    template = server.root / "overrides/main.html"
    good = template.read_text(encoding="utf-8")
    template.write_text(good + "\n{% if %}\n", encoding="utf-8")
    server.wait_for(lambda: "still being served" in server.output(), "the problem report")
    output = server.output()
    assert "main.html" in output and "Traceback" not in output, output[-3000:]
    assert "Guide police-detention tg" in fetch(page)
    assert "overrides/main.html:" in output and "this template does not parse" in output
    assert output.count("this template does not parse") == 1  # one problem, every language named
    built = server.rebuilds()
    template.write_text(good + "\n{# fixed #}\n", encoding="utf-8")  # not the template built last
    server.wait_for(lambda: server.rebuilds() > built, "the preview of the fixed template")
    assert "Traceback" not in server.output(), server.output()[-3000:]
    assert "Guide police-detention tg" in fetch(page)
