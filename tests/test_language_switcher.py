"""The language switcher, in a real Chromium, keeps the reader on the same page."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def switch_to(page, name: str) -> None:
    page.click(".md-header__option .md-select button, .md-header__option .md-select")
    page.click(f".md-select__link:text-is('{name}')")


@pytest.mark.parametrize(("start", "name", "lang", "expected"), [
    ("guides/police-detention/", "Русский", "ru", "ru/guides/police-detention/"),
    ("ru/guides/police-detention/", "Тоҷикӣ", "tg", "guides/police-detention/"),
    ("en/organizations/", "Ўзбекча", "uz", "uz/organizations/"),
    ("uz/guides/free-legal-aid/", "English", "en", "en/guides/free-legal-aid/"),
])
def test_switching_language_stays_on_the_page(serve_site: str, page, start, name, lang, expected) -> None:
    page.goto(serve_site + start)
    switch_to(page, name)
    page.wait_for_url(serve_site + expected)
    assert page.evaluate("document.documentElement.lang") == lang
