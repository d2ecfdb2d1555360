"""Offline reading: visited pages stay readable, "save for offline" per language, "remove".

Real Chromium with the site's own service worker (/sw.js) on the served site; the network is
cut with Playwright's offline mode, which the service worker's fetches also obey. A connection
that hangs is a server of our own that does not answer (Playwright's routes do not see the
service worker's requests to the network); a new deployment is a copy of the built site
changed as a deployment would change it.
"""

from __future__ import annotations

import functools
import hashlib
import http.server
import json
import re
import shutil
import threading
from pathlib import Path

import pytest
import yaml

from scripts.safety.offline import write_offline_lists
from tests.conftest import REPO, QuietHandler

pytestmark = pytest.mark.browser
LANGUAGES = ["tg", "ru", "en", "uz"]


def _controlled(page, url: str) -> None:
    """Open `url` and wait until the service worker controls the page."""
    page.goto(url)
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    page.wait_for_function("() => !!navigator.serviceWorker.controller")


def _available(page, url: str) -> bool:
    """Whether the controlled page can fetch `url` now (through the service worker).

    `no-store`: the browser's own HTTP cache must not answer; only the network or the
    service worker's copy can.
    """
    return page.evaluate("url => fetch(url, {cache: 'no-store'}).then(r => r.ok, () => false)", url)


def _styled(page) -> bool:
    """Material's stylesheet is applied (the header sticks): the page is not bare HTML."""
    return page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"


def test_pages_visited_stay_readable_offline(serve_site: str, page) -> None:
    _controlled(page, serve_site + "guides/police-detention/")
    page.goto(serve_site + "guides/free-legal-aid/")  # visited while the worker is in control
    title = page.title()
    page.context.set_offline(True)
    try:
        response = page.goto(serve_site + "guides/free-legal-aid/")
        assert response is not None and response.ok
        assert page.title() == title
        assert _styled(page)
        assert not _available(page, serve_site + "guides/domestic-violence/")  # never opened
    finally:
        page.context.set_offline(False)


def _downloads(site: Path, rel: str) -> list[str]:
    """The site paths a built page's letter form and download links fetch: its Word library
    (`data-docx-lib`, from the site root) and its links to Word and PDF files."""
    import posixpath

    html = (site / rel).read_text(encoding="utf-8")
    here = posixpath.dirname(rel)
    found = re.findall(r'data-docx-lib="([^"]+)"', html)
    found += [posixpath.normpath(posixpath.join(here, href))
              for href in re.findall(r'<a [^>]*href="([^"#]+\.(?:pdf|docx))"', html)]
    return sorted(set(found))


def test_save_a_language_for_offline_then_remove_it(serve_site: str, page, built_site: Path) -> None:
    _controlled(page, serve_site + "en/stay-safe/")
    save = page.get_by_role("button", name="Save for reading offline")
    assert save.is_visible()
    save.click()
    page.wait_for_function("() => !document.querySelector('.react-offline__save').disabled",
                           timeout=60_000)
    status = page.inner_text(".react-offline__status")
    assert status.startswith("Files saved:"), status
    assert page.evaluate("(() => { const p = document.querySelector('.react-offline progress');"
                         " return p.value === p.max && p.max > 10; })()")
    listed = json.loads((built_site / "en" / "offline.json").read_text(encoding="utf-8"))
    pages = listed["pages"]
    # Every file of the language's split search index, and only those.
    en = built_site / "en"
    search = {p.relative_to(en).as_posix() for p in (en / "search").rglob("*.json")}
    assert set(listed["search"]) == search and "search/index.json" in search and len(search) > 3
    assert "guides/domestic-violence/" in pages and not any(p.startswith("ru/") for p in pages)

    page.context.set_offline(True)
    try:
        # Never opened, but saved with its language: readable, styled, searchable.
        response = page.goto(serve_site + "en/guides/domestic-violence/")
        assert response is not None and response.ok and _styled(page)
        # The search's script, loaded only when the search is opened, was saved too.
        page.click(".react-search__open")
        page.fill(".react-search input", "police")
        page.locator(".react-search .md-search-result__link").first.wait_for()
        # What a saved letter form needs: its Word library and blank Word letter (without
        # them it could not make its Word file offline); not its PDF, whose link shows the
        # "no internet" page.
        downloads = _downloads(built_site, "en/templates/crime-report/index.html")
        pdfs = [d for d in downloads if d.endswith(".pdf")]
        assert len(downloads) == 3 and len(pdfs) == 1, downloads
        assert all(_available(page, serve_site + d) for d in downloads if d not in pdfs), downloads
        assert not _available(page, serve_site + pdfs[0])
        page.goto(serve_site + pdfs[0])
        assert page.title() == _ui("offline_page_title")["en"]
        # A page view keeps its page (offline.js) while Remove is pressed below: the copy
        # came back after the removal before offline.js looked for OFF again.
        page.goto(serve_site + "en/guides/domestic-violence/")
        assert _available(page, serve_site + "en/organizations/")
        assert not _available(page, serve_site + "ru/guides/domestic-violence/")  # not this language
        page.get_by_role("button", name="Remove offline copy").click()
        page.wait_for_function("() => document.querySelector('.react-offline__status').textContent"
                               ".startsWith('The offline copy was removed')")
        # Nothing left but the empty marker that says "keep nothing".
        assert page.evaluate("() => caches.keys()") == ["react-offline-off"]
        assert page.evaluate("() => caches.open('react-offline-off').then(c => c.keys())"
                             ".then(k => k.length)") == 0
        assert not _available(page, serve_site + "en/guides/free-legal-aid/")
    finally:
        page.context.set_offline(False)


def test_offline_controls_are_in_every_language(built_site: Path) -> None:
    labels = {"": "Нигоҳ доштан барои хондан бе интернет", "ru/": "Сохранить для чтения без интернета",
              "uz/": "Интернетсиз ўқиш учун сақлаш"}
    for prefix, label in labels.items():
        html = (built_site / prefix / "guides" / "index.html").read_text(encoding="utf-8")
        assert label in html and 'data-react-offline="../offline.json"' in html
        # Only kb serve's preview goes without the offline copy (tests/test_serve.py).
        assert "data-react-preview" not in html
    assert (built_site / "sw.js").is_file() and not (built_site / "ru" / "sw.js").exists()


class HangingHandler(QuietHandler):
    """Serves a site; a request whose path starts with one of `hang` gets no answer until
    `release` is set (a connection that hangs)."""

    hang: set[str] = set()
    release = threading.Event()

    def do_GET(self) -> None:
        if any(self.path.startswith(prefix) for prefix in self.hang):
            self.release.wait(timeout=60)
        super().do_GET()


@pytest.fixture
def own_site(built_site: Path, tmp_path: Path):
    """A copy of the built site on a server of its own (a new origin: nothing kept yet)."""
    site = tmp_path / "site"
    shutil.copytree(built_site, site, copy_function=shutil.copy2)
    HangingHandler.hang = set()
    HangingHandler.release.clear()
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(HangingHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", site
    HangingHandler.release.set()
    server.shutdown()


def _kept_at_once(page, url: str) -> None:
    """Open `url` once and wait until offline.js has kept it."""
    page.goto(url)
    page.wait_for_selector("html[data-react-offline-kept]", state="attached")


def _ui(key: str) -> dict[str, str]:
    return yaml.safe_load((REPO / "content" / "ui" / "safety.yml").read_text(encoding="utf-8"))[key]


def test_a_page_read_once_is_readable_offline_the_first_time_too(own_site, page) -> None:
    base, _ = own_site
    guide = base + "ru/guides/police-detention/"
    _kept_at_once(page, guide)  # the first visit ever: no service worker before it
    title = page.title()
    page.context.set_offline(True)
    try:
        response = page.goto(guide)
        assert response is not None and response.ok
        assert page.title() == title
        assert _styled(page)
    finally:
        page.context.set_offline(False)


def test_a_hanging_connection_shows_the_kept_copy_after_a_timeout(own_site, page) -> None:
    base, _ = own_site
    guide = base + "en/guides/police-detention/"
    _kept_at_once(page, guide)
    title = page.title()
    HangingHandler.hang = {"/en/guides/"}  # the network takes forever from now on
    response = page.goto(guide, timeout=15_000)  # the browser itself would wait minutes
    assert response is not None and response.ok
    assert page.title() == title
    assert _styled(page)


@pytest.mark.parametrize("lang", ["ru", "uz", "tg"])
def test_a_page_never_kept_shows_the_offline_page_in_the_reader_language(own_site, page, lang: str) -> None:
    base, _ = own_site
    prefix = "" if lang == "tg" else f"{lang}/"
    _kept_at_once(page, base + prefix)
    page.context.set_offline(True)
    try:
        response = page.goto(base + prefix + "guides/domestic-violence/")  # never opened
        assert response is not None
        assert page.title() == _ui("offline_page_title")[lang]
        assert _ui("offline_page_text")[lang][:40] in page.inner_text("body")
        assert page.evaluate("document.documentElement.lang") == lang
    finally:
        page.context.set_offline(False)


@pytest.mark.parametrize(("read", "tapped"), [("tg", "ru"), ("ru", "uz")])
def test_another_language_never_kept_shows_the_offline_page_of_the_language_read(
        own_site, page, read: str, tapped: str) -> None:
    """Offline, a reader taps another language in the switcher: that language's "no internet"
    page was never kept (none of its pages was opened), so the one of the language the reader
    was reading is shown, not the browser's error (net::ERR_FAILED: found by a fresh tester)."""
    base, _ = own_site
    prefix = "" if read == "tg" else f"{read}/"
    _kept_at_once(page, base + prefix + "guides/police-detention/")
    page.context.set_offline(True)
    try:
        response = page.goto(base + f"{tapped}/guides/police-detention/")
        assert response is not None
        assert page.title() == _ui("offline_page_title")[read]
        assert page.evaluate("document.documentElement.lang") == read
    finally:
        page.context.set_offline(False)


def _caches(page) -> dict[str, int]:
    """Name -> number of entries, of every cache of the site."""
    return page.evaluate("""() => caches.keys().then(names => Promise.all(names.map(name =>
        caches.open(name).then(c => c.keys()).then(k => [name, k.length]))))
        .then(Object.fromEntries)""")


def test_remove_keeps_nothing_more_until_the_reader_saves_again(own_site, page) -> None:
    base, _ = own_site
    _kept_at_once(page, base + "en/stay-safe/")
    assert _caches(page)["react-offline-v1"] > 3
    page.get_by_role("button", name="Remove offline copy").click()
    page.wait_for_function("() => document.querySelector('.react-offline__status').textContent"
                           ".startsWith('The offline copy was removed')")
    # Pages opened afterwards are not kept, by the worker or by the page.
    for path in ("en/guides/police-detention/", "en/organizations/", "en/guides/"):
        page.goto(base + path)
        page.wait_for_load_state("load")
    page.wait_for_timeout(1500)
    assert _caches(page) == {"react-offline-off": 0}
    assert page.evaluate("() => navigator.serviceWorker.getRegistrations().then(r => r.length)") == 0
    page.context.set_offline(True)
    try:
        assert not _available(page, base + "en/guides/police-detention/")
    finally:
        page.context.set_offline(False)
    # Saving again keeps again (and asks for persistent storage).
    page.add_init_script("""(() => { const persist = navigator.storage.persist.bind(navigator.storage);
        navigator.storage.persist = () => { window.persistAsked = true; return persist(); }; })()""")
    page.goto(base + "en/guides/police-detention/")
    page.get_by_role("button", name="Save for reading offline").click()
    page.wait_for_function("() => document.querySelector('.react-offline__status').textContent"
                           ".startsWith('Files saved:')", timeout=60_000)
    assert page.evaluate("window.persistAsked") is True
    caches_now = _caches(page)
    assert "react-offline-off" not in caches_now and caches_now["react-offline-v1"] > 10


def test_the_build_lists_every_file_with_its_fingerprint(built_site: Path) -> None:
    for lang in LANGUAGES:
        root = built_site if lang == "tg" else built_site / lang
        files = json.loads((root / "offline.json").read_text(encoding="utf-8"))["files"]
        on_disk = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()
                   and not (lang == "tg" and p.relative_to(root).parts[0] in LANGUAGES[1:])}
        assert set(files) == on_disk - {"offline.json", "sw.js", ".build-digest"}
        for name in ("index.html", "guides/police-detention/index.html", "offline.html"):
            assert files[name] == hashlib.sha256((root / name).read_bytes()).hexdigest()[:16]
    # offline.js is part of the site script every page loads (scripts/page_assets.py).
    listed = json.loads((built_site / "offline.json").read_text(encoding="utf-8"))["files"]
    assert [name for name in listed if re.fullmatch(r"assets/javascripts/react\.[0-9a-f]{10}\.js", name)]
    worker = (built_site / "sw.js").read_text(encoding="utf-8")
    assert re.search(r'var DEPLOYMENT = "[0-9a-f]{16}";', worker)
    assert 'var ROOTS = ["en/", "ru/", "uz/", ""];' in worker


def test_a_new_deployment_drops_the_files_it_no_longer_has(own_site, page) -> None:
    base, site = own_site
    _kept_at_once(page, base + "en/guides/free-legal-aid/")
    page.get_by_role("button", name="Save for reading offline").click()
    page.wait_for_function("() => document.querySelector('.react-offline__status').textContent"
                           ".startsWith('Files saved:')", timeout=60_000)
    gone, changed = base + "en/guides/free-legal-aid/", base + "en/organizations/"
    assert page.evaluate("u => caches.match(u).then(r => !!r)", gone)
    # The next deployment: one guide removed, one page changed, lists and sw.js written again.
    shutil.rmtree(site / "en" / "guides" / "free-legal-aid")
    organizations = site / "en" / "organizations" / "index.html"
    organizations.write_text(organizations.read_text(encoding="utf-8").replace(
        "</h1>", " (new)</h1>", 1), encoding="utf-8")
    write_offline_lists(site, "tg", LANGUAGES)
    # The reader comes back online: the browser finds the new service worker and installs it.
    page.goto(base + "en/")
    page.evaluate("() => navigator.serviceWorker.getRegistration().then(r => r.update())")
    page.wait_for_function("u => caches.match(u).then(r => !r)", arg=gone, timeout=30_000)
    page.wait_for_function("u => caches.match(u).then(r => r && r.text())"
                           ".then(t => !!t && t.includes(' (new)</h1>'))", arg=changed, timeout=30_000)
    assert page.evaluate("u => caches.match(u).then(r => !!r)", base + "en/guides/police-detention/")


def test_remove_pressed_while_saving_keeps_nothing(own_site, page) -> None:
    """A reader presses "Save for reading offline" and, thinking better of it, "Remove offline
    copy" while the pages are still coming: nothing stays kept, no worker stays registered,
    and the last word shown is that the copy was removed."""
    base, _ = own_site
    _kept_at_once(page, base + "en/guides/police-detention/")
    page.get_by_role("button", name="Save for reading offline").click()
    page.wait_for_function("() => /\\d/.test(document.querySelector('.react-offline__status')"
                           ".textContent)")  # saving has begun
    page.get_by_role("button", name="Remove offline copy").click()
    page.wait_for_function("() => document.querySelector('.react-offline__status').textContent"
                           ".startsWith('The offline copy was removed')", timeout=60_000)
    page.wait_for_timeout(3000)  # anything still on its way has arrived
    status = page.evaluate("document.querySelector('.react-offline__status').textContent")
    assert status.startswith("The offline copy was removed"), status
    assert _caches(page) == {"react-offline-off": 0}
    assert page.evaluate("() => navigator.serviceWorker.getRegistrations().then(r => r.length)") == 0
