"""The search's script is loaded only when a reader opens the search (search-open.js,
page_assets' `on_demand`; issue 18: "the search script on every page, used or not").

Readers who never search no longer download it; those who do must not notice: what they
type while it arrives is searched, Enter sends nothing meanwhile, a failed download says so
and the next opening tries again. Debian's Chromium through Playwright, on the repository's
own content built once (conftest's `built_site`).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .test_search_layouts import _meta

SEARCH_SCRIPT = re.compile(r"/assets/javascripts/search\.[0-9a-f]{10}\.js$")
GUIDE = "ru/guides/police-detention/"


@pytest.fixture
def tab(browser):
    """A tab whose requests `page.route` sees: no service worker (offline.js registers one,
    which would answer the search script's request itself)."""
    context = browser.new_context(viewport={"width": 412, "height": 860}, service_workers="block")
    yield context.new_page()
    context.close()


def _search_requests(page) -> list[str]:
    found: list[str] = []
    page.on("request", lambda r: found.append(r.url) if SEARCH_SCRIPT.search(r.url) else None)
    return found


def _results(page) -> list[str]:
    return page.eval_on_selector_all(".react-search .md-search-result__link", "els => els.map(e => e.href)")


def _answered(page) -> None:
    """Wait until the result line gives a count (the probe's word is in the index)."""
    page.wait_for_function("""() => {
        const box = document.querySelector(".react-search");
        const meta = box.querySelector(".md-search-result__meta").textContent;
        return meta.startsWith(box.dataset.reactTextCount.split("{count}")[0]);
    }""")


def test_every_page_names_the_hashed_search_script_and_loads_it_with_no_tag(built_site: Path) -> None:
    """Each page with the search box names the one minified, hashed copy (which exists), and
    no page has a tag for it; the site script (react.js) no longer holds it."""
    named = set()
    for page in built_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert not re.search(r'<script src="[^"]*/search\.[0-9a-f]{10}\.js"', html), page
        for address in re.findall(r'data-react-search-script="([^"]+)"', html):
            target = (page.parent / address).resolve() if not address.startswith("/") \
                else built_site / address.lstrip("/")
            assert target.is_file(), (page, address)
            named.add(target.name)
    assert len(named) == 1 and SEARCH_SCRIPT.search("/assets/javascripts/" + next(iter(named))), named
    [joined] = (built_site / "assets/javascripts").glob("react.*.js")
    text = joined.read_text(encoding="utf-8")
    assert "reactSearchStarted" in text and "HEADING_WEIGHT" not in text
    assert not (built_site / "assets/javascripts/search.js").exists()  # only the hashed copy


@pytest.mark.browser
def test_a_page_view_loads_the_search_only_when_the_reader_opens_it(serve_site: str, page) -> None:
    requested = _search_requests(page)
    page.goto(serve_site + GUIDE, wait_until="networkidle")
    assert requested == []
    page.click(".react-search__open")
    page.fill(".react-search input", "право")
    _answered(page)
    assert _results(page)
    assert len(requested) == 1
    # Closed and opened again: the script is not asked for twice.
    page.keyboard.press("Escape")
    page.click(".react-search__open")
    page.fill(".react-search input", "адвокат")
    _answered(page)
    assert len(requested) == 1


@pytest.mark.browser
def test_words_typed_while_the_search_loads_are_searched_and_enter_sends_nothing(
        serve_site: str, tab) -> None:
    """On 2G the script takes seconds: the reader types and presses Enter meanwhile. The
    address keeps no `?q=` (the words would be in the history and the server's log), the
    result line says the search is loading, and the words are searched once it runs."""
    held: list = []
    tab.route(SEARCH_SCRIPT, lambda route: held.append(route))
    tab.goto(serve_site + GUIDE)
    hint = _meta(tab)
    tab.click(".react-search__open")
    tab.fill(".react-search input", "право")
    tab.keyboard.press("Enter")
    tab.wait_for_timeout(300)
    assert held, "the script was not asked for"
    assert tab.url == serve_site + GUIDE
    loading = tab.eval_on_selector(".react-search", "b => b.dataset.reactTextLoading")
    assert _meta(tab) == loading
    held[0].continue_()
    _answered(tab)
    assert _results(tab)
    # The hint the page was written with comes back when the query is cleared.
    tab.fill(".react-search input", "")
    tab.wait_for_function("h => document.querySelector('.react-search .md-search-result__meta')"
                           ".textContent === h", arg=hint)


@pytest.mark.browser
def test_a_search_script_that_cannot_load_says_so_and_the_next_opening_tries_again(
        serve_site: str, tab) -> None:
    failing = [True]
    tab.route(SEARCH_SCRIPT, lambda route: route.abort() if failing[0] else route.continue_())
    error = None
    for retry in ("open again", "type"):
        failing[0] = True
        tab.goto(serve_site + GUIDE)
        tab.click(".react-search__open")
        error = error or tab.eval_on_selector(".react-search", "b => b.dataset.reactTextError")
        tab.wait_for_function("e => document.querySelector('.react-search .md-search-result__meta')"
                              ".textContent === e", arg=error)
        failing[0] = False
        if retry == "open again":
            tab.keyboard.press("Escape")  # closes it, as once the script runs
            assert tab.evaluate("document.getElementById('__search').checked") is False
            tab.click(".react-search__open")
        tab.fill(".react-search input", "право")  # in the still open search: a letter typed
        _answered(tab)
        assert _results(tab), retry


@pytest.mark.browser
def test_a_search_closed_before_its_script_arrived_shows_the_hint(serve_site: str, tab) -> None:
    held: list = []
    tab.route(SEARCH_SCRIPT, lambda route: held.append(route))
    tab.goto(serve_site + GUIDE)
    hint = _meta(tab)
    tab.click(".react-search__open")
    tab.wait_for_timeout(300)
    tab.keyboard.press("Escape")
    assert held
    held[0].continue_()
    tab.wait_for_function("() => window.reactSearchStarted === true")
    tab.wait_for_function("h => document.querySelector('.react-search .md-search-result__meta')"
                           ".textContent === h", arg=hint)
    # Nothing was locked: the page behind scrolls.
    assert tab.evaluate("document.body.hasAttribute('data-md-scrolllock')") is False
