"""The quick exit stays on the screen and on top when the header runs out of room (SPEC §5).

What readers do that the default layout did not survive (a tester's findings): a larger text
size (the browser's default font, or the page's text scaled), an editor's longer label in
content/ui/safety.yml, the text size changed while the search is open, the navigation drawer
open. In each, the button must lie wholly inside the screen, be the element at its centre, and
leave the open search's clear button beside it and some room to type (with none, Chromium typed
letters in reverse order). Real Chromium on the real site (`serve_site`).
"""

from __future__ import annotations

import re

import pytest

from tests.conftest import wait_for_search_answer, wait_for_transitions
from tests.test_safety_exit import (
    EXIT_LABELS,
    EXIT_URL,
    LANGUAGES,
    STAND_IN,
    _left_for_the_neutral_page,
    _open_two_pages,
)

pytestmark = pytest.mark.browser

WORDS = {"tg": "ВНМО", "ru": "ВИЧ"}
# Where the exit, the search box and its clear button are, and what is drawn at their centres.
BOXES = """() => {
    const box = selector => {
        const el = document.querySelector(selector), r = el.getBoundingClientRect();
        const top = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
        return {left: r.left, right: r.right, on_top: el === top || el.contains(top)};
    };
    const input = document.querySelector(".react-search input"), style = getComputedStyle(input);
    const rem = parseFloat(getComputedStyle(document.documentElement).fontSize);
    return {width: innerWidth, exit: box("a.react-exit"), clear: box(".react-search [type=reset]"),
            input: box(".react-search input"),
            room: input.getBoundingClientRect().width - parseFloat(style.paddingLeft)
                  - parseFloat(style.paddingRight),
            bar_rem: document.querySelector(".react-search form").getBoundingClientRect().width / rem,
            drawer: box(".md-sidebar--primary"), typed: input.value};
}"""


def _phone(browser, width: int, font_px: int | None = None):
    """A phone's browser context and tab, its default font `font_px` (Chromium's font size
    setting, as a reader sets "Very large"), the neutral site answered by a stand-in."""
    context = browser.new_context(viewport={"width": width, "height": 760}, has_touch=True, is_mobile=True)
    tab = context.new_page()
    tab.context.route(EXIT_URL, lambda route: route.fulfill(
        status=200, content_type="text/html", body=STAND_IN))
    if font_px:
        cdp = context.new_cdp_session(tab)
        cdp.send("Page.enable")
        cdp.send("Page.setFontSizes", {"fontSizes": {"standard": font_px, "fixed": font_px}})
    return context, tab


def _open_search(tab, lang: str) -> None:
    """Open the search as a reader does (its button on a phone, the box on a wide screen) and
    type a word of `lang`; return once the answer is shown and nothing moves."""
    opener = tab.locator("label.react-search__open")
    if opener.is_visible():
        opener.tap()
    else:
        tab.click(".react-search input")
    tab.keyboard.type(WORDS[lang], delay=60)
    wait_for_search_answer(tab)
    wait_for_transitions(tab)


def _assert_on_screen_and_on_top(boxes: dict) -> None:
    exit_ = boxes["exit"]
    assert exit_["left"] >= 0 and exit_["right"] <= boxes["width"], boxes
    assert exit_["on_top"], boxes


# (width, default font in px, the page's root font size, the label written instead)
CROWDED = {
    "very-large-font": (390, 24, None, None),
    "huge-font": (390, 32, None, None),
    "text-at-200%": (320, None, "200%", None),
    "long-label": (320, None, None, "Зуд баромадан аз ин ҷо"),
}


@pytest.mark.parametrize("case", list(CROWDED))
def test_the_exit_stays_on_the_screen_when_the_header_runs_out_of_room(serve_site: str, browser,
                                                                       case: str) -> None:
    """Tajik (the longest label), search closed then open: the button wholly on the screen
    and on top (its label shortened if need be, its title whole); with the search open, the
    clear button beside it, on top too, and what is typed typed as typed, with room for it.
    Before, the button was pushed off the right edge (a tap at its centre reached nothing)
    and the search box had no room (letters came out in reverse order)."""
    width, font_px, root, label = CROWDED[case]
    context, tab = _phone(browser, width, font_px)
    try:
        home, _ = _open_two_pages(tab, serve_site, LANGUAGES["tg"])
        if root:
            tab.evaluate(f"document.documentElement.style.fontSize = {root!r}")
        if label:
            tab.evaluate(f"document.querySelector('.react-exit__label').textContent = {label!r}")
        closed = tab.evaluate(BOXES)
        _assert_on_screen_and_on_top(closed)
        title = tab.get_attribute("a.react-exit", "title")
        assert title and len(title) > len(EXIT_LABELS["tg"]), title
        _open_search(tab, "tg")
        opened = tab.evaluate(BOXES)
        _assert_on_screen_and_on_top(opened)
        assert opened["clear"]["on_top"] and opened["clear"]["right"] <= opened["exit"]["left"], opened
        assert opened["room"] > 0 and opened["typed"] == WORDS["tg"], opened
        # README: the top bar keeps 7.7rem, but on a screen narrower than about 11.5rem.
        if width / tab.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)") >= 11.5:
            assert opened["bar_rem"] >= 7.7 - 0.05, opened
        length = tab.evaluate("history.length")
        tab.locator("a.react-exit").tap(timeout=5000)
        _left_for_the_neutral_page(tab, length, home)
    finally:
        context.close()


@pytest.mark.parametrize("width,lang", [(360, "tg"), (800, "ru"), (1280, "tg")])
def test_the_exit_button_can_be_tapped_while_the_search_is_open(serve_site: str, browser, width: int,
                                                                lang: str) -> None:
    """A reader searching when someone comes: the button stays on top of the open search
    (below 60em its top bar covers the header; above, its overlay covers the page) and beside
    the search's clear button, not under it, with the longest label (Tajik) on a small phone.
    One tap (a click on a wide screen) exits; Back goes to the page before."""
    touch = width < 1000
    context = browser.new_context(viewport={"width": width, "height": 760}, has_touch=touch,
                                  is_mobile=touch)
    try:
        tab = context.new_page()
        tab.context.route(EXIT_URL, lambda route: route.fulfill(
            status=200, content_type="text/html", body=STAND_IN))
        home, _ = _open_two_pages(tab, serve_site, LANGUAGES[lang])
        length = tab.evaluate("history.length")
        _open_search(tab, lang)
        boxes = tab.evaluate(BOXES)
        _assert_on_screen_and_on_top(boxes)
        assert boxes["clear"]["on_top"] and boxes["clear"]["right"] <= boxes["exit"]["left"], boxes
        assert boxes["input"]["right"] <= boxes["exit"]["left"] + 1, boxes
        button = tab.get_by_role("link", name=re.compile(EXIT_LABELS[lang]))
        if touch:
            button.tap(timeout=5000)
        else:
            button.click(timeout=5000)
        _left_for_the_neutral_page(tab, length, home)
    finally:
        context.close()


def test_the_search_makes_room_again_when_the_text_size_changes_while_it_is_open(serve_site: str,
                                                                               browser) -> None:
    """Russian at 390 px: the text size doubled while the search is open (a pinch, the
    browser's text setting) widens the button; the search's top bar then ends where the wider
    button begins. Before, the room was measured only when the search opened, and the clear
    button ended up under the exit."""
    context, tab = _phone(browser, 390)
    try:
        _open_two_pages(tab, serve_site, LANGUAGES["ru"])
        _open_search(tab, "ru")
        before = tab.evaluate(BOXES)
        tab.evaluate("document.documentElement.style.fontSize = '200%'")
        tab.wait_for_function("""left => {
            const r = document.querySelector('a.react-exit').getBoundingClientRect();
            const c = document.querySelector('.react-search [type=reset]').getBoundingClientRect();
            return r.left < left && c.right <= r.left;
        }""", arg=before["exit"]["left"], timeout=5000)
        wait_for_transitions(tab)
        after = tab.evaluate(BOXES)
        _assert_on_screen_and_on_top(after)
        assert after["clear"]["on_top"] and after["room"] > 0, after
    finally:
        context.close()


# The last two: a "Large" and a "Very large" default font, where Material's drawer (12.1rem)
# reached past the button's centre while its menu button was still on the screen.
@pytest.mark.parametrize("lang,width,font_px", [("tg", 360, None), ("ru", 360, None), ("en", 360, None),
                                               ("uz", 360, None), ("tg", 360, 20), ("tg", 412, 24)])
def test_the_exit_can_be_tapped_while_the_menu_is_open(serve_site: str, browser, lang: str, width: int,
                                                      font_px: int | None) -> None:
    """The navigation drawer open on a phone: Material's overlay covered the header, so a tap
    on the button only closed the drawer; with a large text size the drawer itself (12.1rem)
    covered the button. Now the button is on top, the drawer ends where it begins, one tap
    exits, and Back goes to the page before."""
    context, tab = _phone(browser, width, font_px)
    try:
        home, _ = _open_two_pages(tab, serve_site, LANGUAGES[lang])
        length = tab.evaluate("history.length")
        tab.locator("label.md-header__button[for=__drawer]").tap()
        tab.wait_for_function("document.getElementById('__drawer').checked")
        wait_for_transitions(tab)
        boxes = tab.evaluate(BOXES)
        _assert_on_screen_and_on_top(boxes)
        assert 0 < boxes["drawer"]["right"] <= boxes["exit"]["left"], boxes
        tab.get_by_role("link", name=re.compile(EXIT_LABELS[lang])).tap(timeout=5000)
        _left_for_the_neutral_page(tab, length, home)
    finally:
        context.close()


def test_keyboard_focus_does_not_go_under_the_open_search(serve_site: str, browser) -> None:
    """On a phone the open search's top bar covers the language links: Shift+Tab from the
    search box must not move the focus onto them, out of sight. (Further back, the focus
    leaves the page for the browser's own controls and comes back at the page's end, under
    the search, as with Material's own search: not trapped; Escape closes the search.)"""
    context, tab = _phone(browser, 390)
    try:
        _open_two_pages(tab, serve_site, LANGUAGES["ru"])
        _open_search(tab, "ru")
        tab.focus(".react-search input")
        tab.keyboard.press("Shift+Tab")
        hidden = tab.evaluate("""() => {
            const el = document.activeElement;
            if (!el || el === document.body) return null;
            const r = el.getBoundingClientRect();
            const top = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
            return el === top || el.contains(top) || (top && top.contains(el))
                ? null : el.outerHTML.slice(0, 120);
        }""")
        assert hidden is None, f"the focus went under the open search: {hidden}"
    finally:
        context.close()
