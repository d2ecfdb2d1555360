"""HTML in Markdown bodies: only what an allow-list permits, checked with nh3 (ammonia).

Markdown passes HTML through as it is, and `attr_list` (`{ onclick=... }`) adds any attribute
to an element: an editor's paste could put a script, a form, a redirect or a link to another
host into a page. The check renders a body's Markdown with the site's extensions, sanitizes
the result with nh3 against `TAGS`, `ATTRIBUTES` and `URL_SCHEMES`, and reports as `raw-html`
every element or attribute the sanitizer would remove, with the line where it is written.
What Markdown itself makes (headings, lists, tables, links, notes...) is on the list, so only
what an editor wrote as HTML or as an attribute list can be refused. A template's letter
(after `<!-- letter -->`) is plain text, escaped when rendered, and is not checked here.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import markdown
import nh3

from .appeals.letter import MARKER
from .content import Document
from .errors import Problems

# What Markdown makes, and plain text-level HTML an editor may reasonably write.
TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "cite", "code", "dd", "del", "details", "dfn", "div",
    "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i",
    "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "small", "span", "strong",
    "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
})
ATTRIBUTES = {
    "*": {"class", "id", "lang", "dir", "title"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start", "type"},
    # style: Markdown's aligned table columns (`---:`); nh3 keeps only text-align in it.
    "td": {"colspan", "rowspan", "style"},
    "th": {"colspan", "rowspan", "scope", "style"},
    "details": {"open", "markdown"},
    "div": {"markdown"},  # Markdown inside the element (md_in_html, mkdocs.yml)
}
STYLE_PROPERTIES = {"text-align"}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# The Markdown extensions of mkdocs.yml that decide what is HTML; md_in_html is left out so
# that an editor's `<div markdown>` block is checked as written.
EXTENSIONS = ("admonition", "attr_list", "tables")
ALLOWED_TEXT = (", ".join(sorted(TAGS)) + "; attributes class, id, lang, dir, title, and a link's "
                "href (a page of the site, http(s), mailto or tel)")


class _Elements(HTMLParser):
    """Every element and attribute of an HTML fragment, in order: [(tag, attribute or None)]."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, None))
        self.found.extend((tag, name) for name, _ in attrs)


def _elements(html: str) -> list[tuple[str, str | None]]:
    parser = _Elements()
    parser.feed(html)
    parser.close()
    return parser.found


def refused(markdown_text: str) -> list[tuple[str, str | None]]:
    """The (tag, attribute) pairs nh3 removes from the rendered Markdown; attribute None:
    the element itself. Empty when the text keeps to the allow-list."""
    rendered = markdown.markdown(markdown_text, extensions=list(EXTENSIONS))
    clean = nh3.clean(rendered, tags=set(TAGS), attributes=ATTRIBUTES, url_schemes=URL_SCHEMES,
                      strip_comments=False, link_rel=None,
                      filter_style_properties=STYLE_PROPERTIES)
    kept = _elements(clean)
    out = []
    for item in _elements(rendered):
        if item in kept:
            kept.remove(item)
        elif item not in out:
            out.append(item)
    return out


def _line_of(lines: list[str], tag: str, attribute: str | None) -> int | None:
    """The 0-based index of the first line that writes `attribute` (or the element `<tag`)."""
    pattern = (re.compile(rf"(?<![\w-]){re.escape(attribute)}\s*=?", re.IGNORECASE) if attribute
               else re.compile(rf"<{re.escape(tag)}(?![\w-])", re.IGNORECASE))
    return next((i for i, line in enumerate(lines) if pattern.search(line)), None)


def check_raw_html(doc: Document, problems: Problems) -> None:
    """Report each element or attribute of `doc`'s Markdown outside the allow-list."""
    lines = doc.body.split("\n")
    marker = next((i for i, line in enumerate(lines) if line.strip() == MARKER), None)
    if doc.section == "templates" and marker is not None:
        lines = lines[:marker]
    text = "\n".join(lines)
    if "<" not in text and "{" not in text:
        return  # no HTML and no attribute list: nothing to refuse (most bodies)
    found = refused(text)
    for tag, attribute in found:
        if attribute is not None and (tag, None) in found:
            continue  # the element is refused already: one problem is enough
        index = _line_of(lines, tag, attribute)
        line = doc.body_line + index if index is not None else doc.body_line
        if attribute is None:
            what = f"the HTML element `<{tag}>` is not allowed in the text"
        else:
            what = f"the attribute `{attribute}` on `<{tag}>` is not allowed here (or not with this value)"
        problems.add(doc.path, "raw-html", what,
                     "write it in Markdown, or remove it; allowed HTML: " + ALLOWED_TEXT, line=line)
