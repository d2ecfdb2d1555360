"""Search entries of one rendered page: one per section (the text under an `h2`/`h3`).

The site's search is ours rather than Material's (whose single index mixes every language and
runs a Russian stemmer over Tajik text). Each language gets its own small JSON index; the
browser folds letters (ҳ->х, қ->к, ...) on the index text and on the query alike, so folding
lives in one place (`search.js`) and the index keeps the real text for result snippets.

Text in another language than the page's (a fallback page's original, a link marked
`lang=`) is left out: search covers only the reader's language.
"""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

SKIPPED_TAGS = {"script", "style", "svg", "template", "noscript", "button", "form", "select"}
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
             "track", "wbr"}
SECTION_TAGS = {"h1", "h2", "h3"}
FALLBACK_MARK = "kb-fallback"  # the class of the "not yet translated" notice (scripts/templates)
# Permalink signs, and the notices every guide repeats (legal review...): not worth finding.
SKIPPED_CLASSES = {"headerlink", "kb-notice"}


class _Sections(HTMLParser):
    def __init__(self, lang: str) -> None:
        super().__init__(convert_charrefs=True)
        self.lang = lang
        self.sections: list[dict] = [{"id": "", "heading": "", "text": []}]
        self._stack: list[tuple[str, bool]] = []  # (tag, starts a skipped subtree)
        self._skip_depth = 0
        self._heading: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID_TAGS:
            return
        attr = dict(attrs)
        skip = tag in SKIPPED_TAGS
        if attrs and not skip:  # most tags have no attribute (<p>, <li>, <strong>)
            classes = (attr.get("class") or "").split()
            foreign = attr.get("lang") not in (None, "", self.lang)
            skip = bool(SKIPPED_CLASSES.intersection(classes)) or foreign
        self._stack.append((tag, skip))
        if skip:
            self._skip_depth += 1
        elif tag in SECTION_TAGS and not self._skip_depth:
            self.sections.append({"id": attr.get("id") or "", "heading": "", "text": []})
            self._heading = []

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID_TAGS:
            return
        # Close up to the matching tag, tolerating unclosed elements.
        while self._stack:
            open_tag, skip = self._stack.pop()
            if skip:
                self._skip_depth -= 1
            if open_tag in SECTION_TAGS and self._heading is not None and not self._skip_depth:
                self.sections[-1]["heading"] = _squash(" ".join(self._heading))
                self._heading = None
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._skip_depth:
            return
        if self._heading is not None:
            self._heading.append(data)
        else:
            self.sections[-1]["text"].append(data)


# Soft hyphens and zero-width characters: invisible, and they must not split a word in search
# (search.js removes them from what the reader types, too).
INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")


def _squash(text: str) -> str:
    """`text` without invisible characters, its runs of white space one space, stripped
    (str.split's white space is the regex `\\s`'s: tests/test_search_index_fast.py)."""
    return " ".join(INVISIBLE.sub("", text).split())


# The markup Python-Markdown and the templates write, which `HTMLParser` reads in one way only:
# text without "<", start tags whose attributes are all quoted (`<a href="x" hidden>`, `<br />`)
# and end tags, each as one match. `_feed_simple` hands them to the parser's handlers as
# `HTMLParser.feed` + `close` would, at a fraction of its cost (its tolerant start-tag regexes
# and per-tag bookkeeping are most of the index's time); anything else (a comment, a
# declaration, a stray "<", an unquoted value, `<script>` or `<style>`, whose content is not
# markup) leaves the whole page to `HTMLParser`. Only ASCII white space separates the parts of
# a tag: HTMLParser ends a tag name at these only (`<p\xa0class="x">` is one odd name).
_WS = r"[ \t\n\r\f]"
_ATTRIBUTE = re.compile(f"""([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:{_WS}*(=){_WS}*(?:"([^"]*)"|'([^']*)'))?""")
_TOKEN = re.compile(
    "([^<]+)"  # text
    f"|(<([a-zA-Z][a-zA-Z0-9-]*)((?:{_WS}+[a-zA-Z_:][-a-zA-Z0-9_:.]*"
    f"""(?:{_WS}*={_WS}*(?:"[^"]*"|'[^']*'))?)*){_WS}*(/?)>)"""  # start tag
    f"|(</([a-zA-Z][a-zA-Z0-9-]*){_WS}*>)")  # end tag
# Elements whose text a parser may read as text up to their end tag, markup or not: this
# Python's (CDATA_CONTENT_ELEMENTS, and RCDATA_CONTENT_ELEMENTS where it has them) and what
# later releases read so (textarea, title: gh-118350; iframe, xmp, noembed, noframes,
# plaintext: gh-137836). A page with one is left to HTMLParser, whichever release runs.
_RAW_TEXT = frozenset({"script", "style", "textarea", "title", "iframe", "xmp", "noembed",
                       "noframes", "plaintext", "noscript",
                       *HTMLParser.CDATA_CONTENT_ELEMENTS,
                       *getattr(HTMLParser, "RCDATA_CONTENT_ELEMENTS", ())})


def _feed_simple(parser: HTMLParser, html: str) -> bool:
    """Feed `html` to `parser`'s handlers as `parser.feed(html); parser.close()` would, if it
    is made only of the simple markup `_TOKEN` reads; False when it is not (what was fed so
    far is then in `parser`: the caller takes a new one)."""
    covered = 0  # the matches follow each other: a gap is a "<" none of them reads
    # findall, not finditer: no match objects, a third of the time.
    for text, start, tag, attributes, closed, end, end_tag in _TOKEN.findall(html):
        if text:
            covered += len(text)
            parser.handle_data(unescape(text))
        elif end:
            covered += len(end)
            parser.handle_endtag(end_tag.lower())
        else:
            covered += len(start)
            tag = tag.lower()
            if tag in _RAW_TEXT or "&" in attributes:
                # Raw text (above); a character reference in a value, which releases of
                # HTMLParser decode differently (gh-69426: only complete ones since 3.13).
                return False
            # (name, value): None without a value, as HTMLParser's; findall gives "" for
            # the quotes not used.
            attrs = [(name.lower(), unescape(double or single) if equals else None)
                     for name, equals, double, single in _ATTRIBUTE.findall(attributes)]
            parser.handle_starttag(tag, attrs)
            if closed:
                parser.handle_endtag(tag)
    return covered == len(html)


def page_entries(html: str, *, url: str, title: str, lang: str) -> list[dict]:
    """`[{"u": url#anchor, "t": page title, "h": heading, "x": text}]`; [] for a fallback page.

    The first entry is the page itself (the text before its first heading, maybe none).
    """
    if FALLBACK_MARK in html:
        return []
    title = _squash(title)
    parser = _Sections(lang)
    if not _feed_simple(parser, html):
        parser = _Sections(lang)
        parser.feed(html)
        parser.close()
    entries = []
    sections = parser.sections
    if len(sections) > 1 and sections[1]["heading"] == title and not "".join(sections[0]["text"]).strip():
        sections = sections[1:]  # the page starts with its title as <h1>: that is its own entry
    for number, section in enumerate(sections):
        text = _squash(" ".join(section["text"]))
        heading = section["heading"]
        if not text and not heading and number:
            continue  # the page's own entry (number 0) is kept: its title is searched
        anchor = f"#{section['id']}" if section["id"] and heading != title else ""
        entries.append({"u": url + anchor, "t": title, "h": "" if heading == title else heading,
                        "x": text})
    return entries
