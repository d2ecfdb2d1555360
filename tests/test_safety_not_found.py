"""The page for a missing address speaks the language of that address.

Static hosts such as GitHub Pages serve the site's root 404.html (Tajik) for every missing
address, whatever its language: the test server here does the same (PagesLikeHandler). In
Chromium, /ru/... shows the Russian page with the Russian home page and search, and so on
for every language; without JavaScript every language is shown, each with its home page.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.conftest import LANGUAGE_ROOTS, PagesLikeHandler, serve_folder

TITLES = {"tg": "Саҳифа ёфт нашуд", "ru": "Страница не найдена", "en": "Page not found",
          "uz": "Саҳифа топилмади"}
SEARCH_LABELS = {"tg": "Ҷустуҷӯ", "ru": "Поиск", "en": "Search", "uz": "Қидириш"}
# A word found in that language's pages.
SEARCH_WORDS = {"tg": "ҳуқуқ", "ru": "права", "en": "rights", "uz": "ҳуқуқ"}


@pytest.fixture(scope="module")
def pages_like_site(built_site: Path):
    with serve_folder(built_site, PagesLikeHandler) as address:
        yield address


def test_no_404_page_is_in_materials_english(built_site: Path) -> None:
    for prefix in LANGUAGE_ROOTS.values():
        html = (built_site / prefix / "404.html").read_text(encoding="utf-8")
        assert "404 - Not found" not in html, prefix
        for lang, title in TITLES.items():  # every language's words, for hosts with one 404
            assert f'lang="{lang}"' in html and f"<h1>{title}</h1>" in html, (prefix, lang)


@pytest.mark.browser
@pytest.mark.parametrize("lang", list(LANGUAGE_ROOTS))
def test_a_missing_address_gets_the_page_in_its_own_language(pages_like_site: str, page,
                                                              lang: str) -> None:
    root = LANGUAGE_ROOTS[lang]
    response = page.goto(pages_like_site + root + "guides/a-guide-that-moved/")
    assert response.status == 404
    # What the host served is the root 404.html, in Tajik.
    assert "<html lang=\"tg\"" in response.text()
    visible = page.locator(".react-not-found__language:visible")
    assert visible.count() == 1
    assert visible.get_attribute("lang") == lang
    assert page.locator("h1:visible").all_inner_texts() == [TITLES[lang]]
    assert page.evaluate("document.documentElement.lang") == lang
    assert page.title().startswith(TITLES[lang])
    home = visible.locator("a.md-button")
    assert urlsplit(home.evaluate("a => a.href")).path == "/" + root
    # The search offered is that language's: its index, its words, its pages.
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(urlsplit(r.url).path) if "index.json" in r.url else None)
    visible.locator(".react-not-found__search").click()
    search = page.locator(".react-search input")
    assert search.evaluate("i => i === document.activeElement")
    assert search.get_attribute("placeholder") == search.get_attribute("aria-label") == SEARCH_LABELS[lang]
    page.fill(".react-search input", SEARCH_WORDS[lang])
    page.wait_for_selector(".react-search .md-search-result__link")
    links = page.eval_on_selector_all(".react-search .md-search-result__link",
                                      "els => els.map(e => new URL(e.href).pathname)")
    assert fetched == [f"/{root}search/index.json"]
    assert links and all(link.startswith("/" + root) for link in links), links
    if root == "":
        assert not any(link.startswith(("/ru/", "/en/", "/uz/")) for link in links), links


@pytest.mark.browser
def test_without_javascript_every_language_is_offered(pages_like_site: str, browser) -> None:
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    try:
        tab.goto(pages_like_site + "ru/missing/")
        sections = tab.locator(".react-not-found__language:visible")
        assert sections.count() == len(LANGUAGE_ROOTS)
        homes = {section.get_attribute("lang"): urlsplit(section.locator("a").evaluate(
            "a => a.href")).path for section in sections.all()}
        assert homes == {lang: "/" + root for lang, root in LANGUAGE_ROOTS.items()}
        assert tab.locator(".react-not-found__search:visible").count() == 0  # it needs JavaScript
    finally:
        context.close()
