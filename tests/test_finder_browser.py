"""The finder in Debian's Chromium (Playwright): three paths walked with the keyboard in
Tajik and Russian, with JavaScript (in place: no history entry, no address change, focus on
each new question, axe on each step) and without it (a page of links per step), nothing
requested beyond the site and nothing stored; the offline copy from file://."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import frontmatter
import pytest
import yaml
from click.testing import CliRunner

from scripts.cli import main
from tests.conftest import LANGUAGE_ROOTS, REPO, MiniProject
from tests.test_finder_check import GOOD, finder
from tests.test_safety_a11y import _violations

pytestmark = pytest.mark.browser

# (answers by their step keys, "who" anchor or None, the guide to reach, organizations
# shown, a training module for those helping someone)
PATHS = {
    "police": (["help/police", "help/police/detained", "help/police/detained/dushanbe"],
               "#kb-finder-you", "police-detention", ["spin-plus", "equal-possibilities"],
               "police-and-detention"),
    "hiv": (["help/hiv-status", "help/hiv-status/drs"], "#kb-finder-helping",
            "hiv-status-confidentiality", ["marvorid", "women-hiv-network"], "health-rights-hiv"),
    "home": (["help/violence-at-home", "help/violence-at-home/elsewhere"], None,
             "domestic-violence", ["spin-plus", "volunter", "dina", "chovidon", "marvorid",
                                   "equal-possibilities"], "documenting-cases"),
}
ORGS = {o["id"]: o for o in yaml.safe_load((REPO / "content/organizations.yml").read_text("utf-8"))}


def title(section: str, slug: str, lang: str) -> str:
    return frontmatter.load(REPO / "content" / section / f"{slug}.{lang}.md")["title"]


def tab_to(page, selector: str, limit: int = 120) -> None:
    """Press Tab until the element matching `selector` has the focus (as a keyboard user)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => !!document.activeElement && document.activeElement.matches(s)",
                         selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


STORAGE = """async () => JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage),
    document.cookie, (await indexedDB.databases()).map(d => d.name)])"""
# The addresses the site's offline copy keeps (pages visited, scripts/safety/offline.py).
CACHED = """async () => { const urls = [];
    for (const name of await caches.keys()) {
      for (const request of await (await caches.open(name)).keys()) urls.push(request.url); }
    return urls; }"""


def storage(page) -> str:
    """What the browser keeps for the site besides the offline copy (Material keeps its
    settings there)."""
    return page.evaluate(STORAGE)


def read_result(text: str, lang: str, slug: str, orgs: list[str], module: str) -> None:
    assert title("guides", slug, lang) in text
    for org in orgs:
        assert ORGS[org]["name"][lang] in text, org
    others = set(ORGS) - set(orgs)
    for org in others:
        assert ORGS[org]["name"][lang] not in text, org
    urgent = {"tg": "Аввал: агар ҳозир дар хатар бошед", "ru": "Сначала: если вы в опасности сейчас"}
    assert urgent[lang] in text
    # Most urgent first: the danger box comes before the guides.
    assert text.index(urgent[lang]) < text.index(title("guides", slug, lang))
    # For those helping someone: the training module (the "who" answer only jumps there).
    assert title("training", module, lang) in text


@pytest.mark.parametrize("lang", ["tg", "ru"])
@pytest.mark.parametrize("name", list(PATHS))
def test_walk_with_the_keyboard_in_place(serve_site: str, browser, lang: str, name: str) -> None:
    keys, who, guide, orgs, module = PATHS[name]
    context = browser.new_context(viewport={"width": 412, "height": 860}, bypass_csp=True)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    home = serve_site + LANGUAGE_ROOTS[lang]
    page.goto(home)
    history, address = page.evaluate("history.length"), page.url
    kept = storage(page)
    assert _violations(page) == []
    taps = 0
    for key in keys:
        tab_to(page, f'a[data-kb-to="{key}"]')
        page.keyboard.press("Enter")
        taps += 1
        page.wait_for_function("k => document.querySelector('[data-kb-finder]').dataset.kbFinder === k",
                               arg=key)
        # The new step's heading has the focus and is announced; nothing else changed.
        assert page.evaluate("document.activeElement.id") == "kb-finder-question"
        heading = page.inner_text("#kb-finder-question")
        assert page.inner_text(".kb-finder-live") == heading
        assert page.evaluate("history.length") == history and page.url == address
        assert _violations(page) == [], key
    if who:
        tab_to(page, f'a[data-kb-to="{who}"]')
        page.keyboard.press("Enter")
        assert page.evaluate("s => document.activeElement.closest(s) !== null", who)
        assert page.evaluate("history.length") == history and page.url == address
    read_result(page.inner_text("[data-kb-finder]"), lang, guide, orgs, module)
    assert page.locator(".kb-finder-print").is_visible()
    # Answering stored nothing: storage, cookies and databases are as they were, and the
    # offline copy of visited pages holds no step of the finder (only the data every
    # reader of the language loads, whatever the answers).
    assert storage(page) == kept
    assert "kb-finder" not in kept and "help/" not in kept
    cached = page.evaluate(CACHED)
    assert [url for url in cached if "/help/" in url and not url.endswith("/help/finder-data.js")] == []
    # The guide, one tap more: at most four from the home page.
    tab_to(page, f'[data-kb-finder] a[href$="guides/{guide}/"]')
    page.keyboard.press("Enter")
    taps += 1
    page.wait_for_url(f"**/guides/{guide}/")
    assert taps <= 4
    assert title("guides", guide, lang) in page.inner_text("article")
    assert requests and all(url.startswith(serve_site) for url in requests), requests
    context.close()


@pytest.mark.parametrize("lang", ["tg", "ru"])
@pytest.mark.parametrize("name", list(PATHS))
def test_walk_without_javascript(serve_site: str, browser, lang: str, name: str) -> None:
    keys, who, guide, orgs, module = PATHS[name]
    context = browser.new_context(viewport={"width": 412, "height": 860}, java_script_enabled=False)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(serve_site + LANGUAGE_ROOTS[lang])
    visited = []
    for key in keys:
        page.focus(f'a[data-kb-to="{key}"]')
        page.keyboard.press("Enter")
        page.wait_for_url(f"**/{key}/")
        visited.append(page.url)
        assert page.locator("#kb-finder-question").count() == 1
    text = page.inner_text("[data-kb-finder]")
    read_result(text, lang, guide, orgs, module)
    # The exit link is on every step and needs no script.
    assert page.locator("a.react-exit[data-react-exit]").count() == 1
    page.focus(f'[data-kb-finder] a[href$="guides/{guide}/"]')
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/guides/{guide}/")
    assert all(url.startswith(serve_site) for url in requests), requests
    context.close()
    # Each step's page as it is, without the script at work: axe finds nothing.
    context = browser.new_context(viewport={"width": 412, "height": 860}, bypass_csp=True)
    page = context.new_page()
    for url in visited:
        page.goto(url)
        assert _violations(page) == [], url
    context.close()


@pytest.mark.parametrize("how", ["button", "shift"])
def test_quick_exit_works_on_a_step_shown_in_place(serve_site: str, page, how: str) -> None:
    page.route("**/*", lambda route: route.fulfill(status=200, body="neutral")
               if not route.request.url.startswith(serve_site) else route.continue_())
    page.goto(serve_site + "ru/")
    page.click('a[data-kb-to="help/police"]')
    page.click('a[data-kb-to="help/police/raid"]')
    page.wait_for_selector('a[data-kb-to="help/police/raid/khatlon"]')
    if how == "button":
        page.click("a.react-exit[data-react-exit]")
    else:
        for _ in range(3):
            page.keyboard.press("Shift")
    page.wait_for_url(lambda url: not url.startswith(serve_site))


def test_previous_question_and_start_again_stay_in_place(serve_site: str, page) -> None:
    page.goto(serve_site)
    history = page.evaluate("history.length")
    page.click('a[data-kb-to="help/police"]')
    page.wait_for_selector('a[data-kb-to="help/police/drugs"]')
    page.click(".kb-finder-back-button")
    page.wait_for_selector('a[data-kb-to="help/police"]')
    assert page.evaluate("document.activeElement.id") == "kb-finder-question"
    page.click('a[data-kb-to="help/health-care"]')
    page.click('a[data-kb-to="help/health-care/prison"]')
    page.click('a[data-kb-to="help/health-care/prison/gbao"]')
    page.wait_for_selector(".kb-finder-summary")
    page.click('a[data-kb-to="help"]')
    page.wait_for_selector('a[data-kb-to="help/police"]')
    assert page.evaluate("history.length") == history and page.url == serve_site


def test_the_finder_script_is_loaded_by_finder_pages_only(built_site: Path) -> None:
    for path in ("index.html", "ru/index.html", "help/index.html",
                 "ru/help/police/detained/dushanbe/index.html"):
        assert re.search(r'<script src="[^"]*/finder\.[0-9a-f]{10}\.js"',
                         (built_site / path).read_text("utf-8")), path
    for path in ("ru/guides/police-detention/index.html", "ru/about/index.html",
                 "ru/organizations/index.html"):
        assert "finder" not in (built_site / path).read_text("utf-8"), path


@pytest.mark.slow
def test_offline_copy_walks_from_files_with_and_without_javascript(mini: MiniProject,
                                                                    tmp_path: Path, browser) -> None:
    mini.guide("detention", "tg")
    finder(mini, GOOD)
    result = CliRunner().invoke(main, ["--root", str(mini.root), "dist", "--out", str(tmp_path / "dist")])
    assert result.exit_code == 0, result.output
    folder = tmp_path / "unzipped"
    with zipfile.ZipFile(tmp_path / "dist/react-kb-tg.zip") as archive:
        archive.extractall(folder)
    for scripts in (False, True):
        context = browser.new_context(java_script_enabled=scripts)
        page = context.new_page()
        page.goto((folder / "index.html").as_uri())
        page.click('a[data-kb-to="help/other"]')
        if not scripts:
            page.wait_for_url("**/help/other/index.html")
        page.click('a[data-kb-to="help/other/no"]')
        page.click('a[data-kb-to="help/other/no/sughd"]')
        if scripts:
            page.wait_for_selector(".kb-finder-summary")
            assert page.url == (folder / "index.html").as_uri()
        else:
            page.wait_for_url("**/help/other/no/sughd/index.html")
        assert "Боздошт" in page.inner_text("[data-kb-finder]")
        page.click('[data-kb-finder] a[href$="guides/detention.html"]')
        page.wait_for_url("**/guides/detention.html")
        context.close()
