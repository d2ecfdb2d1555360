"""Search (SPEC §5): only the reader's language; Tajik words typed with Russian letters match.

Browser tests type into the real search box of the built site; the index-building code is
also tested on small HTML so its rules (sections, fallback pages, foreign text) are pinned.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from scripts.safety.search_index import page_entries
from scripts.safety.search_shards import join

from .conftest import REPO, wait_for_search_answer, wait_for_transitions

LANG_PREFIXES = ("ru/", "en/", "uz/")


def _search(page, url: str, query: str, *, answers: tuple[str, ...] = ("none", "count")) -> list[str]:
    """Open the search on `url`, type `query`, return the result links' paths once the result
    line gives one of `answers` (conftest's `wait_for_search_answer`)."""
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(urlsplit(r.url).path) if "/search/" in r.url else None)
    page.goto(url)
    page.click(".react-search__open")  # the phone layout: the search opens from the header
    page.fill(".react-search input", query)
    wait_for_search_answer(page, answers=answers)
    links = page.eval_on_selector_all(".react-search .md-search-result__link", "els => els.map(e => e.href)")
    page.__fetched = fetched  # type: ignore[attr-defined]
    return [urlsplit(link).path for link in links]


@pytest.mark.browser
def test_tajik_word_typed_with_russian_letters_finds_the_guide(serve_site: str, page) -> None:
    results = _search(page, serve_site + "guides/free-legal-aid/", "хукук")
    guides = [r for r in results if r.startswith("/guides/") and r != "/guides/"]
    assert guides, results
    # Only Tajik pages (the site root), never another language's.
    assert not [r for r in results if r.lstrip("/").startswith(LANG_PREFIXES)]
    # The guide found really says ҳуқуқ (with Tajik letters), not хукук.
    html = page.goto(serve_site.rstrip("/") + guides[0]).text()
    assert "ҳуқуқ" in html.lower() and "хукук" not in html.lower()
    # Only the Tajik index's files: its table first, then one shard and the results' texts.
    fetched = page.__fetched  # type: ignore[attr-defined]
    assert fetched[0] == "/search/index.json" and len(fetched) >= 3, fetched
    assert all(re.fullmatch(r"/search/(s|d)/\d+\.json", f) for f in fetched[1:]), fetched
    assert len([f for f in fetched if f.startswith("/search/s/")]) == 1  # one word, one shard


@pytest.mark.browser
def test_tajik_letters_and_decomposed_forms_match_too(serve_site: str, page) -> None:
    assert _search(page, serve_site, "ҲУҚУҚ")
    # "ӣ" typed as и + combining macron (NFD), inside punctuation the index also splits on.
    assert _search(page, serve_site, "«ҳуқуқ\u0438\u0304»:")


# Every fold of search.js, one letter at a time: (site prefix, a real word of that language's
# index written with its own letter, the letter, its look-alike on a Russian keyboard). Each
# word holds no other foldable letter, so only that one fold can make it match.
FOLDS = [
    ("", "ғайриимкон", "ғ", "г"),
    ("", "қонун", "қ", "к"),
    ("", "ҳодиса", "ҳ", "х"),
    ("", "муроҷиат", "ҷ", "ч"),
    ("", "равонӣ", "ӣ", "и"),
    ("", "зӯроварии", "ӯ", "у"),
    ("", "зиёд", "ё", "е"),
    ("uz/", "зўравонлик", "ў", "у"),  # Uzbek: the Tajik index has no ў
]
FOLDABLE = "".join(letter for _, _, letter, _ in FOLDS)


def index_entries(built_site: Path, prefix: str) -> list[dict]:
    """The entries of a language's split search index (scripts/safety/search_shards.py)."""
    folder = built_site / prefix / "search"
    return join({p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*.json")})


def _index_words(built_site: Path, prefix: str) -> set[str]:
    text = " ".join(f"{e['t']} {e['h']} {e['x']}" for e in index_entries(built_site, prefix))
    return set(re.split(r"[^\w]+", unicodedata.normalize("NFC", text).lower())) - {""}


def test_every_fold_of_the_search_is_tested() -> None:
    script = (REPO / "overrides/assets/javascripts/search.js").read_text(encoding="utf-8")
    table = json.loads(re.search(r"var FOLD = (\{[^}]*\});", script)[1])  # type: ignore[index]
    assert table == {letter: lookalike for _, _, letter, lookalike in FOLDS}


@pytest.mark.browser
@pytest.mark.parametrize(("prefix", "word", "letter", "lookalike"), FOLDS,
                         ids=[f"{letter}-{lookalike}" for _, _, letter, lookalike in FOLDS])
def test_each_letter_typed_with_its_russian_lookalike_finds_the_same_pages(
        built_site: Path, serve_site: str, page, prefix: str, word: str, letter: str, lookalike: str) -> None:
    typed = word.replace(letter, lookalike)
    assert not set(word.replace(letter, "")) & set(FOLDABLE), "only one fold may be at work"
    words = _index_words(built_site, prefix)
    assert word in words  # a real word of the index...
    assert not [w for w in words if w.startswith(typed)]  # ...found only through the fold
    found = _search(page, serve_site + prefix, typed)
    assert found, f"{typed!r} finds nothing, {word!r} does"
    assert found == _search(page, serve_site + prefix, word)


@pytest.mark.browser
def test_russian_pages_search_only_russian_pages(serve_site: str, page) -> None:
    tajik = _search(page, serve_site + "ru/guides/police-detention/", "ҳуқуқҳои")
    russian = _search(page, serve_site + "ru/", "права")
    assert russian
    assert all(r.startswith("/ru/") for r in tajik + russian), tajik + russian
    assert all(f.startswith("/ru/search/") for f in page.__fetched)  # type: ignore[attr-defined]
    # No Tajik text in the Russian index at all (a Tajik guide's words are not there).
    assert tajik == []


def test_each_language_has_its_own_index(built_site: Path) -> None:
    for prefix, lang in (("", "tg"), ("ru/", "ru"), ("en/", "en"), ("uz/", "uz")):
        index = json.loads((built_site / prefix / "search" / "index.json").read_text(encoding="utf-8"))
        assert index["lang"] == lang
        urls = {e["u"].split("#")[0] for e in index_entries(built_site, prefix)}
        assert "guides/police-detention/" in urls
        # Language-relative URLs: no entry points into another language.
        assert not [u for u in urls if u.startswith(LANG_PREFIXES)]
    # Material's single index of every language is gone.
    assert not (built_site / "search" / "search_index.json").exists()


def test_index_has_one_entry_per_section_and_skips_what_is_not_text() -> None:
    html = """
    <h1 id="t">Title</h1><p>Intro text.</p>
    <div class="admonition kb-notice"><p>Awaiting legal review</p></div>
    <h2 id="rights">Your rights<a class="headerlink" href="#rights">¶</a></h2>
    <p>Right one.</p><script>var x = "code";</script>
    <h3 id="more">More</h3><ul><li>Item <span lang="ru">по-русски</span> end</li></ul>
    """
    entries = page_entries(html, url="guides/x/", title="Title", lang="en")
    assert entries == [
        {"u": "guides/x/", "t": "Title", "h": "", "x": "Intro text."},
        {"u": "guides/x/#rights", "t": "Title", "h": "Your rights", "x": "Right one."},
        {"u": "guides/x/#more", "t": "Title", "h": "More", "x": "Item end"},
    ]


def test_fallback_pages_are_not_indexed() -> None:
    html = '<div class="admonition kb-notice kb-fallback"><p>Not yet translated</p></div>' \
           '<div lang="ru"><h1>Заголовок</h1><p>Текст</p></div>'
    assert page_entries(html, url="guides/x/", title="Заголовок", lang="uz") == []


def test_a_page_without_intro_text_keeps_its_own_entry() -> None:
    """So that a word of the page's title finds the page itself, not only its sections."""
    entries = page_entries('<h2 id="a">A</h2><p>x</p>', url="g/", title="Police", lang="en")
    assert entries[0] == {"u": "g/", "t": "Police", "h": "", "x": ""}
    assert entries[1]["u"] == "g/#a"


def test_soft_hyphens_and_zero_width_characters_do_not_split_words() -> None:
    html = "<h1>Ҳу\u00adқуқ</h1><p>Ҳуқуқи ҳимоя\u200bчӣ ва юр\u2060ист\ufeff.</p>"
    entries = page_entries(html, url="x/", title="Ҳу\u00adқуқ", lang="tg")
    assert entries == [{"u": "x/", "t": "Ҳуқуқ", "h": "", "x": "Ҳуқуқи ҳимоячӣ ва юрист."}]


@pytest.mark.browser
def test_a_query_with_a_soft_hyphen_or_zero_width_space_still_matches(serve_site: str, page) -> None:
    """Copied from a document, "ҳу­қуқ" carries a soft hyphen: it must find what "ҳуқуқ" finds."""
    plain = _search(page, serve_site, "ҳуқуқ")
    assert plain
    assert _search(page, serve_site, "ҳу\u00adқуқ") == plain
    assert _search(page, serve_site, "ҳуқ\u200bуқ") == plain


# A phone as readers hold it: Chromium lays out a page wider than the screen when its content
# is (a phone's layout viewport), which a desktop window does not.
PHONE = {"viewport": {"width": 360, "height": 640}, "device_scale_factor": 2, "is_mobile": True,
         "has_touch": True}
GUIDE = "guides/police-detention/"


def _settled(tab) -> None:
    """Wait for the search's results and for every running transition (the overlay's)."""
    wait_for_search_answer(tab)
    wait_for_transitions(tab)


@pytest.mark.browser
def test_on_a_phone_the_open_search_keeps_the_page_the_screens_width(browser, serve_site: str) -> None:
    """Material's phone overlay (a circle scaled 45 times) made Chromium lay the page out
    ~1000 px wide: results cut off at the right edge, and 20-30 result texts fetched for the
    taller layout instead of 10. The page behind the open search is locked, as Material's own
    script locked it, and scrolled back to the reader's place on closing."""
    context = browser.new_context(**PHONE)
    tab = context.new_page()
    chunks: list[str] = []
    tab.on("request", lambda r: chunks.append(r.url) if "/search/d/" in r.url else None)
    tab.goto(serve_site + GUIDE)
    tab.evaluate("window.scrollTo(0, 700)")
    place = tab.evaluate("window.scrollY")
    assert place > 0
    tab.tap(".react-search__open")
    tab.fill(".react-search input", "адвокат")
    _settled(tab)
    assert tab.evaluate("[innerWidth, visualViewport.width]") == [360, 360]
    edges = tab.eval_on_selector_all(".react-search .md-search-result__item h2",
                                     "els => els.map(e => e.getBoundingClientRect().right)")
    assert len(edges) == 10 and max(edges) <= 360, edges  # the first 10 of more, all on screen
    assert len(set(chunks)) <= 10
    # The page behind does not scroll, and has not moved.
    assert tab.evaluate("document.scrollingElement.scrollHeight") <= 640
    assert tab.evaluate("document.querySelector('.md-content').getBoundingClientRect().top") < 0
    # Closed (the arrow): the page scrolls again, from where the reader was.
    tab.tap(".react-search .md-search__icon[for=__search]")
    tab.wait_for_function("() => !document.body.hasAttribute('data-md-scrolllock')")
    assert tab.evaluate("[window.scrollY, innerWidth]") == [place, 360]
    # Opened again, then closed by a result on this page (theme.js closes it without a tap).
    tab.tap(".react-search__open")
    tab.fill(".react-search input", "адвокат")
    _settled(tab)
    link = tab.locator(f".react-search .md-search-result__link[href*='/{GUIDE}#']").first
    anchor = unquote(link.get_attribute("href").split("#")[1])
    link.tap()
    tab.wait_for_function("() => !document.body.hasAttribute('data-md-scrolllock')")
    assert tab.evaluate("[document.scrollingElement.scrollHeight > 640, innerWidth]") == [True, 360]
    top = tab.evaluate(f"document.getElementById({json.dumps(anchor)}).getBoundingClientRect().top")
    assert 0 <= top < 640
    context.close()


@pytest.mark.browser
def test_on_a_wide_screen_the_open_search_leaves_the_page_alone(browser, serve_site: str) -> None:
    """Above Material's phone and tablet layout (60em) the search is a box in the header: the
    page behind it is not locked and still scrolls; Escape closes the search."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    tab = context.new_page()
    tab.goto(serve_site + GUIDE)
    tab.click(".react-search input")
    tab.fill(".react-search input", "адвокат")
    _settled(tab)
    assert tab.evaluate("document.getElementById('__search').checked")
    assert tab.evaluate("document.body.hasAttribute('data-md-scrolllock')") is False
    tab.evaluate("window.scrollTo(0, 500)")
    assert tab.evaluate("window.scrollY") == 500
    tab.keyboard.press("Escape")
    assert tab.evaluate("document.getElementById('__search').checked") is False
    assert tab.evaluate("window.scrollY") == 500
    context.close()
