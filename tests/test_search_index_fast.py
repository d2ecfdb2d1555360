"""The search index's fast reading of simple markup (`search_index._feed_simple`) against
`html.parser.HTMLParser`, which reads everything else: the same handler calls, so the same
entries, for every page of the sample's content, for odd markup written to trip it, and for
thousands of random mixes of both. Where the fast reader says "simple", its calls must be
HTMLParser's exactly; the entries must be equal whichever reader ran.
"""

from __future__ import annotations

import random
import re
from html.parser import HTMLParser
from pathlib import Path

import frontmatter
import markdown
import pytest

from scripts.safety import search_index
from scripts.safety.search_index import _feed_simple, _squash, page_entries

from .conftest import REPO

# The site's block extensions (mkdocs.yml: editors' comments left out), headings with their
# permalinks as MkDocs writes them.
EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", "toc", "scripts.comments"]
EXTENSION_CONFIGS = {"toc": {"permalink": True, "permalink_title": ""}}


class Calls:
    """The handler calls a reader makes, in order."""

    def __init__(self) -> None:
        self.calls: list[tuple] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.calls.append(("start", tag, attrs))

    def handle_endtag(self, tag: str) -> None:
        self.calls.append(("end", tag))

    def handle_data(self, data: str) -> None:
        self.calls.append(("data", data))


class Recorder(Calls, HTMLParser):
    """HTMLParser's own calls (comments, declarations... too, which the fast reader never
    makes: a page holding one must not be read fast)."""

    def __init__(self) -> None:
        HTMLParser.__init__(self, convert_charrefs=True)
        Calls.__init__(self)

    def handle_comment(self, data: str) -> None:
        self.calls.append(("comment", data))

    def handle_decl(self, decl: str) -> None:
        self.calls.append(("decl", decl))

    def handle_pi(self, data: str) -> None:
        self.calls.append(("pi", data))

    def unknown_decl(self, data: str) -> None:
        self.calls.append(("unknown", data))


def _slow_entries(html: str, **kwargs) -> list[dict]:
    """`page_entries` read by HTMLParser only."""
    real = search_index._feed_simple
    search_index._feed_simple = lambda parser, html: False  # type: ignore[assignment]
    try:
        return page_entries(html, **kwargs)
    finally:
        search_index._feed_simple = real


def _check(html: str, lang: str = "tg", title: str = "Title") -> bool:
    """Assert that both readers agree on `html`; whether the fast one read it."""
    fast = Calls()
    simple = _feed_simple(fast, html)  # type: ignore[arg-type]
    if simple:
        slow = Recorder()
        slow.feed(html)
        slow.close()
        assert fast.calls == slow.calls, html
    for url in ("x/", ""):
        kwargs = {"url": url, "title": title, "lang": lang}
        assert page_entries(html, **kwargs) == _slow_entries(html, **kwargs), html
    return simple


def _content_pages() -> list[tuple[str, str, str]]:
    """(HTML, language, title) of every Markdown page of the sample's content."""
    pages = []
    for path in sorted((REPO / "content").rglob("*.md")):
        post = frontmatter.loads(path.read_text(encoding="utf-8"))
        html = markdown.markdown(post.content, extensions=EXTENSIONS,
                                 extension_configs=EXTENSION_CONFIGS)
        lang = path.name.split(".")[-2] if path.name.count(".") >= 2 else "tg"
        pages.append((html, lang, str(post.get("title") or "")))
    return pages


def test_every_content_page_is_read_alike_and_most_of_them_fast() -> None:
    pages = _content_pages()
    assert len(pages) > 50
    fast = [_check(html, lang, title) for html, lang, title in pages]
    # Python-Markdown's markup is the simple kind: the fast reader really is what runs.
    assert sum(fast) >= 0.9 * len(pages), sum(fast)


ODD = [
    "", "text only &amp; &para; &#x41; &notanentity; a &", "trailing &amp",
    "<p>a</p><p>b</p>", "<P CLASS='kb-notice'>x</P>after", "<br/>a<br />b<hr>c",
    '<p class="a" class="headerlink">x</p>', '<p lang="ru">x</p><p lang="">y</p><p lang="tg">z</p>',
    '<p lang=ru>unquoted</p>', '<a href="x>y">gt in a value</a>', "<a title='it\"s'>q</a>",
    '<a b = "c"\n\tdata-x="&lt;p&gt;" hidden>a</a>', '<a b="c"d="e">no space</a>',
    '<p\xa0class="x">nbsp in a tag</p>', '<p\x0bclass="x">vt</p>', "<p / >x", "<br/ >", "<a/>",
    "<!-- comment --><p>x</p>", "<!doctype html><p>x</p>", "<?pi?><p>x</p>", "<![CDATA[x]]>",
    "a < b", "a <3 b", "a<", "<", "</", "</>", "</ p>", "</p x>", "</p\n>", "<p", '<p class="x',
    "<script>if (a < b) {}</script><p>after</p>", "<style>p > a {}</style>x", "<SCRIPT>x</script>",
    "<script/>x", "<script>never closed", "<svg><text>in svg</text></svg>after",
    "<h1>Title</h1><p>intro</p>", "<h2 id=\"a\">A<a class=\"headerlink\" href=\"#a\">&para;</a></h2>t",
    "<h2>unclosed heading<p>text", "<h2><h3>nested</h3></h2>", "</h2>stray end", "<div><p>x</div>y",
    '<div class="kb-notice"><h2>hidden</h2></div><h2 id="b">B</h2>', "<button>b</button>after",
    "<x-el>custom</x-el>", "<a:b c:d=\"e\">ns</a:b>", "<a _x=\"1\" .y=\"2\">dot</a>",
    '<img alt="&quot;q&quot;" src="i.png">', "soft\u00adhyphen and zero\u200bwidth",
    "<p>\u3000ideographic\u2028line\x1cseparators\x85</p>", "text\r\nwith\rcarriage returns",
    "<p>a</p>\n\n<p>b</p>", "<h1>Title</h1>", "<div class=\"kb-fallback\">x</div>",
    "<p>Write: <textarea>Dear <b>sir</b></textarea></p>", "<svg><title></svg></title><p>after</p>",
    "<p><iframe src=\"x\">Video: <a href=\"https://y\">watch</a></iframe></p>",
    "<plaintext><h2 id=\"s\">S</h2><p>t</p>", '<h2 id="a&notb">B</h2><p>x</p>',
]


@pytest.mark.parametrize("html", ODD)
def test_odd_markup_is_read_alike(html: str) -> None:
    _check(html)
    _check(html, lang="ru", title="A")


def test_what_the_fast_reader_leaves_to_htmlparser() -> None:
    for html in ["<!-- c -->", "<!doctype html>", "a < b", "<script>x</script>", "<style>x</style>",
                 "<p lang=ru>x</p>", '<a b="c"d="e">', "<p\xa0class=\"x\">", "<br/ >", "<p",
                 "<script/>",
                 # Read as text up to their end tag by later releases of HTMLParser
                 # (gh-118350, gh-137836), as markup by this one: left to the one running.
                 "<p>Write: <textarea rows=\"3\">Dear <b>sir</b></textarea></p>",
                 "<p>Intro <title>draft</p>\n<h2 id=\"section\">Section</h2>",
                 "<p><iframe src=\"x\">Tom &amp; Jerry</iframe></p>", "<xmp>a</xmp>",
                 "<noembed>a</noembed>", "<noframes>a</noframes>", "<plaintext><h2>S</h2>",
                 "<noscript><p>x</p></noscript>",
                 # A character reference in a value, decoded otherwise since 3.13 (gh-69426).
                 '<h2 id="a&notb">B</h2><p>x</p>', '<a href="?a=1&amp;b=2">q</a>']:
        assert not _feed_simple(Calls(), html), html  # type: ignore[arg-type]
    for html in ["<p>x</p>", "<br/>", '<a href="x>y">', "text &amp; more", "<b>&lt;title&gt;</b>"]:
        assert _feed_simple(Calls(), html), html  # type: ignore[arg-type]


# Pieces of markup for random pages: each list's first part is what the fast reader reads,
# the rest (after None) what it must leave to HTMLParser, or read just as HTMLParser does.
_NAMES = ["p", "h2", "H3", "h1", "div", "span", "br", "hr", "img", "svg", "button", "x-el", "a1",
          "li", None, "script", "style", "a:b", "a.b", "p\xa0"]
_ATTRIBUTE_NAMES = ["class", "CLASS", "lang", "id", "data-x", "_a", ":b", "x.y", "hidden", None,
                    "@c", "a$", "=x"]
_VALUES = ['"x"', "'y'", '""', "''", '"a>b"', "'a\"b'", '"&amp;"', '"&lt;p&gt;"', '"kb-notice"',
           '"headerlink x"', '"ru"', '"tg"', '"en"', "", '"a b"', '"&#x41;&para"', None,
           "z", "=\"x\"", '"open', "'"]
_SPACES = [" ", "  ", "\t", "\n", "\f", "\r\n", None, "\xa0", "\x0b", "\u3000"]
_TEXTS = ["a", " ", "Ҳуқуқ", "&amp;", "&", "&#x41;", "&para;", ">", "\u200b", "\n", "x y", "&lt;",
          "\xa0", "&#", "--", "/", "&amp", None, "<", "< ", "<3", "</", "<!-- c -->", "<!x>",
          "<?p?>", "<!doctype html>", "<![CDATA[x]]>"]


def _pick(rng: random.Random, pieces: list, wild: float) -> str:
    """One of `pieces`: of the first part (before None), or of all with probability `wild`."""
    first = pieces[:pieces.index(None)]
    return rng.choice([p for p in pieces if p is not None] if rng.random() < wild else first)


def _random_tag(rng: random.Random, wild: float) -> str:
    if rng.random() < 0.4:
        name = _pick(rng, _NAMES, wild) if rng.random() > wild else rng.choice(["", " p", "p x"])
        return f"</{name}{rng.choice(['', '', ' ']) if rng.random() > wild else _pick(rng, _SPACES, 1)}>"
    out = "<" + _pick(rng, _NAMES, wild)
    for _ in range(rng.choice([0, 0, 1, 1, 2, 3])):
        out += _pick(rng, _SPACES, wild) + (" " if rng.random() > wild else "")
        out += _pick(rng, _ATTRIBUTE_NAMES, wild)
        value = _pick(rng, _VALUES, wild)
        if value:
            out += rng.choice(["", " ", "\n"]) + "=" + rng.choice(["", " "]) + value
    out += rng.choice(["", "", " ", "\n"])
    return out + (rng.choice([">", ">", "/>"]) if rng.random() > wild else rng.choice(["/ >", "", "<"]))


def test_random_pages_are_read_alike() -> None:
    rng = random.Random(20240518)
    fast = 0
    for number in range(6000):
        wild = [0.0, 0.01, 0.05, 0.3][number % 4]
        html = "".join(_random_tag(rng, wild) if rng.random() < 0.5 else _pick(rng, _TEXTS, wild)
                       for _ in range(rng.randint(0, 40)))
        fast += _check(html, lang=rng.choice(["tg", "ru"]), title=rng.choice(["Title", "a", ""]))
    assert 1500 < fast < 5000, fast  # both readers really run


def test_squash_is_the_regex_squash() -> None:
    """str.split's white space is the regex `\\s`'s, character for character."""
    space = re.compile(r"\s")
    assert all((space.fullmatch(chr(code)) is not None) == chr(code).isspace()
               for code in range(0x110000))
    for text in ["  a \t b\n", "\u3000x\u2028y\x1c", "a\u200b \u00adb", "", " ", "\u200b"]:
        assert _squash(text) == re.sub(r"\s+", " ", search_index.INVISIBLE.sub("", text)).strip()


def test_every_built_page_is_read_alike(built_site: Path) -> None:
    """Whole pages as MkDocs writes them: head, scripts, SVG icons, comments."""
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 100
    for path in pages:
        html = path.read_text(encoding="utf-8")
        _check(html)
        article = re.search(r"<article[^>]*>(.*)</article>", html, re.S)
        if article:
            _check(article.group(1))
