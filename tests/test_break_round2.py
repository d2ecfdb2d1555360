"""What a new reader does on a small phone (360x640) in Debian's Chromium, and what broke when
Material's script was replaced by theme.js (issue 18) or the finder landed (issue 16): each test
is a failure found by trying the site by hand."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 360, "height": 640}, "is_mobile": True, "has_touch": True}


@pytest.fixture
def phone(browser):
    context = browser.new_context(**PHONE)
    tab = context.new_page()
    yield tab
    context.close()


def checked(page, toggle: str) -> bool:
    return page.evaluate("id => document.getElementById(id).checked", toggle)


@pytest.mark.parametrize("start", ["help/", "ru/help/", "ru/help/police/"])
def test_the_finder_runs_in_place_on_the_help_page_and_its_steps(serve_site: str, phone,
                                                                  start: str) -> None:
    # A reader opens the finder at /<lang>/help/ (or a step's own page, reached without
    # JavaScript or from a shared link) and answers: no answer may add a history entry or
    # change the address, or Back and the history show what happened to them.
    phone.goto(serve_site + start)
    history, address = phone.evaluate("history.length"), phone.url
    for _ in range(2):
        link = phone.locator("[data-kb-finder] a[data-kb-to^='help/']").first
        key = link.get_attribute("data-kb-to")
        link.tap()
        phone.wait_for_function(
            "k => document.querySelector('[data-kb-finder]').dataset.kbFinder === k", arg=key)
        assert phone.evaluate("history.length") == history and phone.url == address, key
    # The links of the step shown in place still lead to real pages.
    guide = phone.locator("[data-kb-finder] a[href*='/guides/']").first
    if guide.count():
        assert phone.evaluate("a => fetch(a.href).then(r => r.status)", guide.element_handle()) == 200


def test_a_contents_link_in_the_drawer_closes_the_drawer(serve_site: str, phone) -> None:
    # The page's table of contents is in the drawer (toc.integrate): tapping a section must
    # show that section, not leave the drawer over it (Material's script closed it).
    phone.goto(serve_site + "ru/guides/police-detention/")
    phone.tap("header label[for='__drawer']")
    assert checked(phone, "__drawer")
    entry = phone.locator(".md-sidebar--primary .md-nav--secondary a").nth(3)
    target = entry.get_attribute("href")
    entry.tap()
    phone.wait_for_function("() => !document.getElementById('__drawer').checked", timeout=2000)
    assert phone.url.endswith(target) or target.lstrip("#") in phone.evaluate("decodeURI(location.hash)")


def test_a_search_result_on_the_same_page_closes_the_search(serve_site: str, phone) -> None:
    phone.goto(serve_site + "ru/guides/police-detention/")
    phone.tap("label.react-search__open")
    phone.wait_for_function("() => document.activeElement.matches('.md-search__input')")
    phone.keyboard.type("задержание")
    here = phone.locator(".md-search-result__link[href*='/ru/guides/police-detention/#']").first
    here.wait_for()
    here.tap()
    phone.wait_for_function("() => !document.getElementById('__search').checked", timeout=2000)


@pytest.mark.parametrize("key", ["Enter", " "])
def test_keyboard_opens_and_closes_a_section_of_the_navigation(serve_site: str, phone,
                                                               key: str) -> None:
    # The drawer's sections are labels with tabindex=0 (Material's markup): a keyboard user
    # reaches them with Tab, and Enter (Material's script) or Space must fold them, as on a button.
    phone.goto(serve_site + "ru/guides/police-detention/")
    phone.tap("header label[for='__drawer']")
    label = phone.locator(".md-sidebar--primary label.md-nav__link[tabindex='0']").first
    toggle = label.get_attribute("for")
    before = checked(phone, toggle)
    label.focus()
    phone.keyboard.press(key)
    assert checked(phone, toggle) is not before
    phone.keyboard.press(key)
    assert checked(phone, toggle) is before
    assert checked(phone, "__drawer")


@pytest.mark.parametrize("start", ["ru/", "ru/help/"])
def test_a_printed_result_shown_in_place_names_no_site_address(serve_site: str, browser,
                                                                tmp_path, start: str) -> None:
    # Printing marks every absolute link with its address (site.css): the finder's links
    # must stay relative, or the summary on paper names the site.
    import subprocess

    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(serve_site + start)
    for key in ("help/hiv-status", "help/hiv-status/drs"):
        page.click(f'a[data-kb-to="{key}"]')
        page.wait_for_function(
            "k => document.querySelector('[data-kb-finder]').dataset.kbFinder === k", arg=key)
    page.pdf(path=str(tmp_path / "result.pdf"))
    context.close()
    text = subprocess.run(["pdftotext", str(tmp_path / "result.pdf"), "-"], check=True,
                          capture_output=True, text=True).stdout
    assert "Сводка" in text
    assert serve_site.split("//")[1].rstrip("/") not in text and "http" not in text
