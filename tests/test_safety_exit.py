"""Quick exit (SPEC §5): a button and Shift x3 replace the page by a neutral one; Back does not return.

Real Chromium on the real site (the `serve_site` fixture); the neutral page and the
no-JavaScript link are checked too, because a reader may have scripts off.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scripts.safety.feature import neutral_page

pytestmark = pytest.mark.browser

LANGUAGES = {"tg": "", "ru": "ru/", "en": "en/", "uz": "uz/"}
NEUTRAL_TITLES = {"tg": "Оши палав", "ru": "Плов", "en": "Plov (rice pilaf)", "uz": "Палов"}
EXIT_LABELS = {"tg": "Баромадан", "ru": "Выйти", "en": "Exit", "uz": "Чиқиш"}


def _open_two_pages(page, base: str, prefix: str) -> tuple[str, str]:
    """History: about:blank -> home -> a guide. Returns (home URL, guide URL)."""
    home, guide = base + prefix, base + prefix + "guides/police-detention/"
    page.goto(home)
    page.goto(guide)
    page.wait_for_load_state("load")
    return home, guide


@pytest.mark.parametrize("lang", ["tg", "ru"])
def test_exit_button_replaces_the_page_and_back_does_not_return(serve_site: str, page, lang: str) -> None:
    home, guide = _open_two_pages(page, serve_site, LANGUAGES[lang])
    length = page.evaluate("history.length")
    button = page.get_by_role("link", name=re.compile(EXIT_LABELS[lang]))
    assert button.is_visible()
    button.click()
    page.wait_for_url(serve_site + LANGUAGES[lang] + "exit/")
    assert page.title() == NEUTRAL_TITLES[lang]
    assert "REAct" not in page.content()
    # location.replace(): no new history entry, the guide's entry is gone.
    assert page.evaluate("history.length") == length
    page.go_back()
    page.wait_for_load_state("load")
    assert page.url == home
    assert page.url != guide


def test_shift_pressed_three_times_exits(serve_site: str, page) -> None:
    home, guide = _open_two_pages(page, serve_site, "en/")
    page.click("article h1")  # focus in the page, as a reader's tap would
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(serve_site + "en/exit/")
    assert page.title() == NEUTRAL_TITLES["en"]
    page.go_back()
    page.wait_for_load_state("load")
    assert page.url == home


def test_shift_pressed_twice_or_slowly_does_not_exit(serve_site: str, page) -> None:
    guide = serve_site + "guides/police-detention/"
    page.goto(guide)
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.keyboard.type("a")  # another key in between resets the count
    page.keyboard.press("Shift")
    page.wait_for_timeout(300)
    assert page.url == guide


def test_exit_link_works_without_javascript(serve_site: str, browser) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 412, "height": 860})
    try:
        tab = context.new_page()
        tab.goto(serve_site + "uz/guides/police-detention/")
        link = tab.get_by_role("link", name=re.compile(EXIT_LABELS["uz"]))
        assert link.is_visible()
        assert link.get_attribute("href") == "../../exit/"
        link.click()
        tab.wait_for_url(serve_site + "uz/exit/")
        assert tab.title() == NEUTRAL_TITLES["uz"]
    finally:
        context.close()


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_every_language_has_a_neutral_exit_page_and_a_stay_safe_page(built_site: Path, lang: str) -> None:
    exit_page = (built_site / LANGUAGES[lang] / "exit" / "index.html").read_text(encoding="utf-8")
    assert f'<html lang="{lang}">' in exit_page
    assert f"<title>{NEUTRAL_TITLES[lang]}</title>" in exit_page
    # Neutral: no name of the site, nothing loaded, no way back.
    for sign in ("REAct", "<script", "<link", "<a ", "<img", "assets/"):
        assert sign not in exit_page
    stay_safe = (built_site / LANGUAGES[lang] / "stay-safe" / "index.html").read_text(encoding="utf-8")
    assert "Shift" in stay_safe
    # Every page of the language links to it from the footer.
    guide = (built_site / LANGUAGES[lang] / "guides" / "police-detention" / "index.html").read_text(
        encoding="utf-8")
    assert 'class="react-stay-safe' in guide and 'href="../../stay-safe/"' in guide


def test_every_page_has_the_quick_exit_link(built_site: Path) -> None:
    missing = [str(p.relative_to(built_site)) for p in built_site.rglob("*.html")
               if p.parent.name != "exit" and "data-react-exit" not in p.read_text(encoding="utf-8")]
    assert missing == []


def test_neutral_page_escapes_its_text() -> None:
    text = {"neutral_title": "<b>&", "neutral_intro": "i", "neutral_ingredients_heading": "h",
            "neutral_ingredients": "one\n\n<two>", "neutral_steps_heading": "s", "neutral_steps": "x"}
    html = neutral_page("en", text)
    assert "<title>&lt;b&gt;&amp;</title>" in html
    assert "<li>one</li>\n<li>&lt;two&gt;</li>" in html
