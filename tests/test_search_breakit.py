"""Breaking the search's conversion of queries typed in the wrong layout or script (search.js
find(); README, "Search: wrong layout, look-alikes, Latin letters") as readers on cheap phones
type: Caps Lock, Shift, punctuation a phone adds, apostrophes of Uzbek keyboards, mixed
queries, long input, the 404 page, what the page keeps after the search.

The tests pin what a reader expects; six were failures found this way and fixed in search.js
(a full stop after a QWERTY word, the layout switched mid-word, a short QWERTY word read
through the layout before a transliteration that only starts longer words, the acute accent
as the Uzbek apostrophe, $ signs in the converted notice, 4 for ч in messenger Latin).
Debian's Chromium through Playwright, on the repository's own content built once (conftest's
`built_site`).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .conftest import PagesLikeHandler, serve_folder
from .test_safety_search import _index_words
from .test_search_layouts import _find, _meta


def _converted(page, query: str) -> str:
    """The page's "Results for «…»" line for `query`, from its own UI string."""
    template = page.eval_on_selector(".react-search", "b => b.dataset.reactTextConverted")
    return template.replace("{query}", query)


def _same_as(page, url: str, typed: str, meant: str) -> tuple[list[str], list[str]]:
    """The results of `meant` (typed right) and of `typed`, on the page at `url`."""
    expected = _find(page, url, meant)
    assert expected, f"{meant!r} finds nothing: the probe needs a word of the index"
    return expected, _find(page, url, typed)


# --- Caps Lock, Shift, what phones add -------------------------------------------------------

@pytest.mark.browser
@pytest.mark.parametrize(("typed", "said"), [("GHFDJ", "ПРАВО"), ("Ghfdj", "право"),
                                             ("gHFDJ", "право")])
def test_caps_lock_and_shift_on_qwerty_keys_are_converted(serve_site: str, page, typed: str,
                                                          said: str) -> None:
    expected, found = _same_as(page, serve_site + "ru/", typed, "право")
    assert found == expected
    assert _meta(page).startswith(_converted(page, said)), _meta(page)


@pytest.mark.browser
@pytest.mark.parametrize("typed", ["ghfdj ", " ghfdj", "ghfdj?", "ghfdj!", "ghfdj\u00a0"])
def test_a_space_or_question_mark_around_a_qwerty_word_is_ignored(serve_site: str, page,
                                                                  typed: str) -> None:
    expected, found = _same_as(page, serve_site + "ru/", typed, "право")
    assert found == expected, _meta(page)


@pytest.mark.browser
def test_a_full_stop_after_a_qwerty_word_is_punctuation(serve_site: str, page) -> None:
    expected, found = _same_as(page, serve_site + "ru/", "ghfdj.", "право")
    assert found == expected, _meta(page)


@pytest.mark.browser
@pytest.mark.parametrize(("prefix", "typed", "meant"), [("ru/", "\"nj", "это"),
                                                        ("", "{ERER", "ҳуқуқ"),
                                                        ("uz/", "{erer", "ҳуқуқ")])
def test_shift_typed_keys_give_their_letters(serve_site: str, page, prefix: str, typed: str,
                                             meant: str) -> None:
    """Shift+[ is Х, Shift+' is Э on the Russian layout."""
    expected, found = _same_as(page, serve_site + prefix, typed, meant)
    assert found == expected, _meta(page)


# --- Mixed queries, layout switched mid-word, typos --------------------------------------------

@pytest.mark.browser
def test_a_cyrillic_word_and_a_qwerty_word_together(serve_site: str, page) -> None:
    expected, found = _same_as(page, serve_site + "ru/", "вич ghfdj", "вич право")
    assert found == expected
    assert _meta(page).startswith(_converted(page, "вич право")), _meta(page)


@pytest.mark.browser
def test_a_layout_switched_in_the_middle_of_a_word(serve_site: str, page) -> None:
    expected, found = _same_as(page, serve_site + "ru/", "прfdj", "право")
    assert found == expected, _meta(page)


@pytest.mark.browser
def test_a_short_qwerty_word_is_read_through_the_layout(built_site: Path, serve_site: str,
                                                        page) -> None:
    words = _index_words(built_site, "ru/")
    assert any(w.startswith("суд") for w in words) and any(w.startswith("цел") for w in words)
    expected, found = _same_as(page, serve_site + "ru/", "cel", "суд")
    assert found == expected, _meta(page)


# --- Uzbek apostrophes -------------------------------------------------------------------------

UZ_APOSTROPHES = ["'", "ʻ", "ʼ", "‘", "’", "`"]


def _uz_word(built_site: Path, words: tuple[str, ...]) -> str:
    """The first of `words` that starts a word of the Uzbek index."""
    index = _index_words(built_site, "uz/")
    return next(w for w in words if any(x.startswith(w) for x in index))


@pytest.mark.browser
@pytest.mark.parametrize("mark", UZ_APOSTROPHES, ids=[f"U+{ord(m):04X}" for m in UZ_APOSTROPHES])
def test_each_apostrophe_a_phone_types_in_uzbek_latin(built_site: Path, serve_site: str, page,
                                                      mark: str) -> None:
    """gʻ is ғ, oʻ is ў however the keyboard writes the apostrophe (Gboard and iOS turn ' into ’)."""
    word = _uz_word(built_site, ("ўзбекистон", "ўз", "ғ"))
    typed = {"ўзбекистон": "o{}zbekiston", "ўз": "o{}z", "ғ": "g{}"}[word].format(mark)
    expected, found = _same_as(page, serve_site + "uz/", typed, word)
    assert found == expected, _meta(page)
    expected, found = _same_as(page, serve_site + "uz/", typed.upper(), word)
    assert found == expected, _meta(page)


@pytest.mark.browser
def test_the_acute_accent_as_the_uzbek_apostrophe(built_site: Path, serve_site: str, page) -> None:
    word = _uz_word(built_site, ("ўзбекистон", "ўз"))
    typed = {"ўзбекистон": "o´zbekiston", "ўз": "o´z"}[word]
    expected, found = _same_as(page, serve_site + "uz/", typed, word)
    assert found == expected, _meta(page)


# --- The notice: text, never markup; what a screen reader hears --------------------------------

@pytest.mark.browser
def test_the_notice_shows_markup_characters_as_text(serve_site: str, page) -> None:
    typed = "<bич>&\"' ghfdj"  # B, a Latin look-alike, inside markup characters
    _find(page, serve_site + "ru/", typed)
    meta = page.locator(".react-search .md-search-result__meta")
    assert meta.evaluate("m => m.children.length") == 0
    assert _meta(page).startswith(_converted(page, "<вич>&\"' право")), _meta(page)
    assert page.locator(".react-search .md-search-result__meta i").count() == 0


@pytest.mark.browser
def test_the_notice_shows_dollar_signs_as_typed(serve_site: str, page) -> None:
    _find(page, serve_site + "ru/", "ghfdj$&")
    assert "{query}" not in _meta(page)
    assert _meta(page).startswith(_converted(page, "право$&")), _meta(page)


@pytest.mark.browser
def test_the_converted_results_line_is_announced(serve_site: str, page) -> None:
    """The results line is a polite live region, and the whole line is written at once."""
    _find(page, serve_site + "ru/", "ghfdj")
    meta = page.locator(".react-search .md-search-result__meta")
    assert meta.get_attribute("aria-live") == "polite"
    assert _meta(page).startswith(_converted(page, "право"))
    assert meta.evaluate("m => m.closest('[aria-hidden=true]')") is None


# --- Long input --------------------------------------------------------------------------------

@pytest.mark.browser
@pytest.mark.parametrize("typed", ["ghfdj " * 300, "q" * 2000, "o'" * 500, "xуқуқ" * 300])
def test_very_long_input_gets_an_answer(serve_site: str, page, typed: str) -> None:
    _find(page, serve_site + "ru/", typed)
    error = page.eval_on_selector(".react-search", "b => b.dataset.reactTextError")
    assert _meta(page) != error


# --- 404, English -----------------------------------------------------------------------------

@pytest.mark.browser
@pytest.mark.parametrize(("path", "typed", "said"), [("no-such-page/", "huquq", "ҳуқуқ"),
                                                     ("uz/no-such-page/", "huquq", "ҳуқуқ"),
                                                     ("ru/no/such/page", "GHFDJ", "ПРАВО")])
def test_a_latin_query_on_the_page_for_a_missing_address(built_site: Path, page, path: str,
                                                         typed: str, said: str) -> None:
    with serve_folder(built_site, PagesLikeHandler) as address:
        found = _find(page, address + path, typed)
    assert found
    assert said in _meta(page), _meta(page)


@pytest.mark.browser
def test_an_english_missing_page_converts_nothing(built_site: Path, page) -> None:
    with serve_folder(built_site, PagesLikeHandler) as address:
        assert _find(page, address + "en/no-such-page/", "ghfdj") == []
        assert "«" not in _meta(page) and "“" not in _meta(page), _meta(page)
        assert _find(page, address + "en/no-such-page/", "huquq") == []
        assert "«" not in _meta(page) and "“" not in _meta(page), _meta(page)


@pytest.mark.browser
@pytest.mark.parametrize("typed", ["[erer", "GHFDJ", "O‘ZBEKISTON"])
def test_english_pages_convert_nothing_in_capitals(serve_site: str, page, typed: str) -> None:
    assert _find(page, serve_site + "en/", typed) == []
    assert "“" not in _meta(page), _meta(page)


# --- What the page keeps -----------------------------------------------------------------------

@pytest.mark.browser
def test_a_converted_query_is_kept_nowhere(serve_site: str, page) -> None:
    url = serve_site + "ru/"
    page.goto(url)
    before = page.evaluate("history.length")
    found = _find(page, url, "ghfdj")
    assert found
    assert page.url == url and urlsplit(page.url).query == "" and urlsplit(page.url).fragment == ""
    assert page.evaluate("history.length") == before
    assert page.evaluate("localStorage.length + sessionStorage.length") == 0
    assert page.context.cookies() == []
    page.press(".react-search input", "Enter")  # opens the first result
    page.wait_for_url(lambda u: urlsplit(u).path == found[0])
    assert "ghfdj" not in page.url and "%D0" not in urlsplit(page.url).query
    page.go_back()
    page.wait_for_load_state()
    value = page.evaluate("document.querySelector('.react-search input').value")
    listed = page.locator(".react-search .md-search-result__link").count()
    assert (value, listed) == ("", 0)
    page.reload()
    assert page.evaluate("document.querySelector('.react-search input').value") == ""
    assert page.evaluate("localStorage.length + sessionStorage.length") == 0
    assert page.context.cookies() == []


@pytest.mark.browser
def test_the_search_box_waits_for_its_script(serve_site: str, page) -> None:
    """On a slow connection the page shows before its script (react.js, which holds search.js)
    has run: the search box is not reachable then, so an Enter cannot send the form (its
    `?q=` would put what was typed into the address, the history and the server's log)."""
    blocked: list[str] = []
    page.route("**/javascripts/react.*.js", lambda route: (blocked.append(route.request.url), route.abort()))
    page.goto(serve_site + "ru/")
    assert blocked, "react.js was not held back: the probe tests nothing"
    assert not page.is_visible(".react-search__open")
    assert not page.is_visible(".react-search input")


@pytest.mark.browser
def test_messenger_latin_with_digits(serve_site: str, page) -> None:
    expected, found = _same_as(page, serve_site + "ru/", "vi4", "вич")
    assert found == expected, _meta(page)
