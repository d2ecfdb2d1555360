"""Issue 18's promises as real readers meet them (README, "Page weight"; "Offline reading").

tests/test_page_weight.py measures each page in a fresh profile with service workers blocked.
A reader's browser runs the site's service worker (offline reading) and keeps going: a second
page, the language menu, the letter form typed into, Word asked for twice. These tests follow
such a reader through the built sample, in every language, on the bench's measuring server
(gzip, long-lived names cached, pages `no-cache`: scripts/page_weight.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts.page_weight import serve

from .conftest import LANGUAGE_ROOTS

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def host(built_site: Path):
    """The built site on the measuring server: (address, what the server sent)."""
    with serve(built_site) as (address, sent):
        yield address, sent


def reader(browser):
    """A reader's browser profile: a phone's viewport, service workers allowed (as in every
    real browser; scripts/page_weight.new_context blocks them)."""
    return browser.new_context(viewport={"width": 412, "height": 860}, service_workers="allow")


def open_kept(context, address: str, path: str):
    """Open `path` and wait until offline.js has kept it (html[data-react-offline-kept])."""
    tab = context.new_page()
    tab.goto(address + path, wait_until="networkidle")
    tab.wait_for_selector("html[data-react-offline-kept]", state="attached")
    tab.wait_for_load_state("networkidle")
    return tab


@pytest.mark.parametrize("lang", list(LANGUAGE_ROOTS))
def test_offline_reading_asks_for_a_page_once(host, browser, lang: str) -> None:
    """With the service worker running, a second guide costs one request for its page: the
    page kept for offline reading comes from what was just downloaded, and the "no internet"
    page, kept on the first visit, is not asked for again (before: the page was asked for
    twice and offline.html revalidated on every page view, two round trips on 2G)."""
    address, sent = host
    root = LANGUAGE_ROOTS[lang]
    first, second = root + "guides/police-detention/", root + "guides/free-legal-aid/"
    context = reader(browser)
    try:
        open_kept(context, address, first)
        start = len(sent)
        open_kept(context, address, second)
        asked = [(path, status) for path, status, _ in sent[start:] if not path.endswith("/sw.js")]
    finally:
        context.close()
    assert asked == [("/" + second, 200)]


@pytest.mark.parametrize("lang", list(LANGUAGE_ROOTS))
def test_the_word_library_loads_only_when_asked_and_once(host, browser, lang: str) -> None:
    """A reader fills in the letter form (typing loads nothing: the Word library, 232 KB,
    is not asked for), then asks for the Word file twice: the library is downloaded once,
    and both times a `.docx` file is saved."""
    address, sent = host
    context = browser.new_context(viewport={"width": 412, "height": 860}, service_workers="block")
    try:
        tab = context.new_page()
        tab.goto(address + LANGUAGE_ROOTS[lang] + "templates/prosecutor-complaint/",
                 wait_until="networkidle")
        start = len(sent)
        fields = tab.locator("[data-appeal-form] input[type=text], [data-appeal-form] textarea")
        assert fields.count() >= 3
        for n in range(fields.count()):
            fields.nth(n).fill("Ҳуқуқ ва қонун")
        tab.wait_for_load_state("networkidle")
        assert sent[start:] == []
        names = []
        for _ in range(2):
            with tab.expect_download() as download:
                tab.click("[data-appeal-action=docx]")
            names.append(download.value.suggested_filename)
        library = [path for path, _, _ in sent[start:] if "/lib/docx" in path]
    finally:
        context.close()
    assert len(library) == 1, sent[start:]
    assert all(name.endswith(".docx") for name in names), names
