"""The search's script is loaded only when a reader opens the search (search-open.js,
page_assets' `on_demand`; issue 18: "the search script on every page, used or not").

Readers who never search no longer download it; those who do must not notice: what they
type while it arrives is searched, Enter sends nothing meanwhile, a failed download says so
and the next opening tries again. Debian's Chromium through Playwright, on the repository's
own content built once (conftest's `built_site`).
"""

from __future__ import annotations

import re
import urllib.request
from pathlib import Path
from urllib.parse import urljoin

import pytest

from .conftest import wait_for_search_answer
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
    wait_for_search_answer(page)
    assert _results(page)
    assert len(requested) == 1
    # Closed and opened again: the script is not asked for twice.
    page.keyboard.press("Escape")
    page.click(".react-search__open")
    page.fill(".react-search input", "адвокат")
    wait_for_search_answer(page)
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
    wait_for_search_answer(tab)
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
        wait_for_search_answer(tab)
        assert _results(tab), retry


@pytest.mark.browser
def test_a_search_closed_before_its_script_arrived_fetches_nothing_until_opened_again(
        serve_site: str, tab) -> None:
    """Words typed, then the search closed while its script was on its way (found by a
    fresh tester: the script then searched anyway, 11 files of the index fetched with the
    search closed). Once it runs: the hint, no index file, nothing locked; opened again, the
    words are searched."""
    held: list = []
    fetched: list[str] = []
    tab.route(SEARCH_SCRIPT, lambda route: held.append(route))
    tab.on("request", lambda r: fetched.append(r.url) if "/search/" in r.url else None)
    tab.goto(serve_site + GUIDE)
    hint = _meta(tab)
    tab.click(".react-search__open")
    tab.fill(".react-search input", "право")
    tab.keyboard.press("Escape")
    assert held and tab.evaluate("document.getElementById('__search').checked") is False
    held[0].continue_()
    tab.wait_for_function("() => window.reactSearchStarted === true")
    tab.wait_for_function("h => document.querySelector('.react-search .md-search-result__meta')"
                          ".textContent === h", arg=hint)
    tab.wait_for_timeout(500)
    assert fetched == [] and _results(tab) == []
    assert tab.evaluate("document.body.hasAttribute('data-md-scrolllock')") is False
    tab.click(".react-search__open")
    wait_for_search_answer(tab)
    assert _results(tab) and fetched


# The search opened and closed again in one go, before the box's own focus (50 ms after an
# opening): a tap on the button, then Escape.
_OPEN_AND_CLOSE = """() => {
    document.querySelector(".react-search__open").click();
    document.dispatchEvent(new KeyboardEvent("keydown", {key: "Escape", bubbles: true}));
}"""


@pytest.mark.browser
def test_a_search_closed_at_once_stays_closed(serve_site: str, tab) -> None:
    """Closed within 50 ms of its opening, while its script loads (search-open.js) and once it
    runs (search.js): the box's delayed focus does not open it again (a full run's race)."""
    held: list = []
    tab.route(SEARCH_SCRIPT, lambda route: held.append(route))
    tab.goto(serve_site + GUIDE)
    for loaded in (False, True):
        tab.evaluate(_OPEN_AND_CLOSE)
        tab.wait_for_timeout(300)
        state = tab.evaluate("""() => [document.getElementById("__search").checked,
            document.activeElement === document.querySelector(".react-search input")]""")
        assert state == [False, False], f"search.js loaded: {loaded}"
        if not loaded:
            held[0].continue_()
            tab.wait_for_function("() => window.reactSearchStarted === true")


@pytest.mark.browser
def test_on_a_phone_the_page_is_locked_while_the_script_loads(serve_site: str, tab) -> None:
    """The page behind the open search is locked from the tap on, not from the script's
    arrival (found by a fresh tester: on 2G, a swipe meanwhile scrolled the widened page and
    the reader saw a white screen)."""
    held: list = []
    tab.route(SEARCH_SCRIPT, lambda route: held.append(route))
    tab.goto(serve_site + GUIDE)
    tab.evaluate("window.scrollTo(0, 1500)")
    tab.click(".react-search__open")
    tab.wait_for_timeout(300)
    assert held, "the script was not asked for"
    assert tab.evaluate("document.body.hasAttribute('data-md-scrolllock')") is True
    assert tab.evaluate("document.body.style.top") == "-1500px"
    assert tab.evaluate("window.innerWidth") == 412  # the overlay does not widen the page
    tab.keyboard.press("Escape")
    tab.wait_for_function("() => !document.body.hasAttribute('data-md-scrolllock')")
    assert tab.evaluate("window.scrollY") == 1500  # the reader's place
    held[0].continue_()


@pytest.mark.browser
def test_the_clear_button_while_the_script_loads_puts_the_focus_back_in_the_box(
        serve_site: str, tab) -> None:
    held: list = []
    tab.route(SEARCH_SCRIPT, lambda route: held.append(route))
    tab.goto(serve_site + GUIDE)
    tab.click(".react-search__open")
    tab.fill(".react-search input", "право")
    tab.click(".react-search button[type=reset]")
    tab.wait_for_function("() => document.activeElement === document.querySelector('.react-search input')")
    assert tab.input_value(".react-search input") == ""
    assert held
    held[0].continue_()


@pytest.mark.browser
def test_a_tab_open_across_a_new_deployment_finds_the_new_script(serve_site: str, tab) -> None:
    """The page names a script the site no longer has (its name is its hash; a deployment
    replaced it): after the second failure the page is read again for the new address. Letters
    typed after a failure retry once, not once each (found by a fresh tester: 12 downloads of
    a missing file on a host that answers with its 404 page)."""
    tab.goto(serve_site + GUIDE)
    named = tab.eval_on_selector(".react-search", "b => b.dataset.reactSearchScript")
    address = urljoin(serve_site + GUIDE, named)
    name, new_name = address.rsplit("/", 1)[1], "search.0123456789.js"
    with urllib.request.urlopen(address) as response:  # the new deployment's, under its new name
        script = response.read()
    asked: list[str] = []
    pages: list[str] = []

    def answer(route) -> None:
        asked.append(route.request.url.rsplit("/", 1)[1])
        if route.request.url.endswith(name):
            route.fulfill(status=404, body="not found")
        else:
            route.fulfill(status=200, content_type="text/javascript", body=script)

    def page_again(route) -> None:
        if route.request.resource_type == "document":
            return route.continue_()
        pages.append(route.request.url)
        response = route.fetch()
        route.fulfill(response=response, body=response.text().replace(name, new_name))

    tab.route(SEARCH_SCRIPT, answer)
    tab.route(serve_site + GUIDE, page_again)
    tab.goto(serve_site + GUIDE)
    error = tab.eval_on_selector(".react-search", "b => b.dataset.reactTextError")
    tab.click(".react-search__open")
    tab.wait_for_function("e => document.querySelector('.react-search .md-search-result__meta')"
                          ".textContent === e", arg=error)
    tab.keyboard.type("задержание", delay=30)  # retried once, not once a letter
    wait_for_search_answer(tab)
    assert _results(tab)
    # The old address tried at most twice (the opening, maybe the box's focus just after it),
    # then the page read again once, and the new address.
    assert asked[-1] == new_name and set(asked[:-1]) == {name} and len(asked) <= 3, asked
    assert len(pages) == 1, pages
    tab.wait_for_timeout(300)
    assert len(asked) <= 3 and len(pages) == 1


@pytest.mark.browser
def test_letters_typed_before_the_script_arrived_cost_what_a_pasted_query_costs(
        browser, serve_site: str) -> None:
    """A reader typing while search.js arrives: the letters typed before it count as typed,
    so the texts of the results of a half-typed word are not fetched (a full test run found
    it: with them taken as pasted, each arrival fetched a half word's texts)."""
    from .test_search_typing import _run

    pasted_links, _, pasted = _run(browser, serve_site, "ҳуқуқи инсон", 0)
    context = browser.new_context(viewport={"width": 412, "height": 860}, service_workers="block")
    tab = context.new_page()
    held: list = []
    fetched: list[str] = []
    tab.route(SEARCH_SCRIPT, lambda route: held.append(route))
    tab.on("response", lambda r: fetched.append(r.url) if "/search/" in r.url else None)
    tab.goto(serve_site + "guides/police-detention/")
    tab.click(".react-search__open")
    box = tab.locator(".react-search input")
    box.press_sequentially("ҳ", delay=150)  # a letter: many results, unlike the words
    held[0].continue_()
    tab.wait_for_function("() => window.reactSearchStarted === true")
    box.press_sequentially("уқуқи инсон", delay=150)
    wait_for_search_answer(tab)
    tab.wait_for_timeout(1500)  # anything still coming
    assert _results(tab) == pasted_links
    chunks = [u for u in fetched if "/search/d/" in u]
    assert len(chunks) == len(set(chunks)) <= len([p for p in pasted if "/search/d/" in p]) + 1, \
        (fetched, pasted)
    assert len(fetched) <= len(pasted) + 4, (fetched, pasted)
    context.close()
