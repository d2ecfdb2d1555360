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

import html5lib
import nh3

from . import parsed_body
from .content import Document
from .errors import Problems
from .memo import persistent

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
# An image loads with the page: from another host, it would tell that host who reads what.
# Its `src` is a file of the site: no scheme, not `//host` (browsers read `\\` as `/`).
_OTHER_HOST = re.compile(r"^\s*([a-z][a-z0-9+.\-]*:|[/\\]{2})", re.IGNORECASE)


def _site_images_only(tag: str, attribute: str, value: str) -> str | None:
    """nh3's attribute filter: drops an image's `src` that is not a file of the site."""
    # Browsers remove tabs and line breaks from an address before reading it.
    if tag == "img" and attribute == "src" and _OTHER_HOST.match(re.sub(r"[\t\n\r]", "", value)):
        return None
    return value


ALLOWED_TEXT = (", ".join(sorted(TAGS)) + "; attributes class, id, lang, dir, title, and a link's "
                "href (a page of the site, http(s), mailto or tel); an image's src is a file of the site")


def _local(name: str) -> str:
    """A tag or attribute name without html5lib's `{namespace}` (SVG, MathML, xlink)."""
    return name.rpartition("}")[2]


def _elements(html: str) -> list[tuple[str, str | None, str]]:
    """Every element and attribute of an HTML fragment as a browser reads it (the WHATWG
    parsing rules, by html5lib), in order: [(tag, attribute or None, attribute value)].

    Not Python's `html.parser`: it ends comments and CDATA otherwise than browsers do
    (`<!-->`, `--!>`, `<![CDATA[>`), so an element a browser sees could hide from it.
    """
    fragment = html5lib.parseFragment(html, treebuilder="etree", namespaceHTMLElements=False)
    found: list[tuple[str, str | None, str]] = []
    for element in fragment.iter():
        if not isinstance(element.tag, str) or element.tag == "DOCUMENT_FRAGMENT":
            continue  # a comment
        tag = _local(element.tag)
        found.append((tag, None, ""))
        found.extend((tag, _local(name), value) for name, value in element.attrib.items())
    return found


@persistent("raw-html", load=lambda found: [tuple(item) for item in found])
def refused(markdown_text: str) -> list[tuple[str, str | None, str]]:
    """The (tag, attribute, value) of what nh3 removes from the rendered Markdown; attribute
    None (value ""): the element itself. Empty when the text keeps to the allow-list."""
    # With the site's Markdown extensions (parsed_body.EXTENSIONS); one conversion for this
    # check and the notes check (admonitions.py) when both read the same text.
    rendered = parsed_body.html(markdown_text)
    clean = nh3.clean(rendered, tags=set(TAGS), attributes=ATTRIBUTES, url_schemes=URL_SCHEMES,
                      strip_comments=False, link_rel=None,
                      filter_style_properties=STYLE_PROPERTIES,
                      attribute_filter=_site_images_only)
    if clean == rendered:
        return []  # nothing removed (most texts): no need to parse either
    # nh3 may rewrite a kept value (a style's spacing): compare names, keep values for lines.
    kept = [(tag, attribute) for tag, attribute, _ in _elements(clean)]
    out: list[tuple[str, str | None, str]] = []
    for tag, attribute, value in _elements(rendered):
        if (tag, attribute) in kept:
            kept.remove((tag, attribute))
        elif not any(found[:2] == (tag, attribute) for found in out):
            out.append((tag, attribute, value))
    return out


def _line_of(lines: list[str], tag: str, attribute: str | None, value: str) -> int | None:
    """The 0-based index of the first line that writes the address of a refused `href` or
    `src` (a Markdown link writes it with no `href`), else `attribute`, else the element `<tag`."""
    address = value.strip() if attribute in ("href", "src") else ""
    patterns = [re.compile(re.escape(address), re.IGNORECASE)] if address else []
    patterns.append(re.compile(rf"(?<![\w-]){re.escape(attribute)}\s*=?", re.IGNORECASE)
                    if attribute else re.compile(rf"<{re.escape(tag)}(?![\w-])", re.IGNORECASE))
    for pattern in patterns:
        index = next((i for i, line in enumerate(lines) if pattern.search(line)), None)
        if index is not None:
            return index
    return None


def check_raw_html(doc: Document, problems: Problems, body: str | None = None) -> None:
    """Report each element or attribute of `doc`'s Markdown outside the allow-list.

    `body`: the part of `doc.body` (from its first line) that is Markdown, when not all of
    it (features.markdown_body: a template's letter is checked by its sandbox instead).
    """
    lines = (doc.body if body is None else body).split("\n")
    text = "\n".join(lines)
    if not parsed_body.may_have_html(text):
        return  # no HTML, attribute list or link: nothing to refuse
    found = refused(text)
    elements = {(tag, attribute) for tag, attribute, _ in found}
    for tag, attribute, value in found:
        if attribute is not None and (tag, None) in elements:
            continue  # the element is refused already: one problem is enough
        index = _line_of(lines, tag, attribute, value)
        line = doc.body_line + index if index is not None else doc.body_line
        if attribute is None:
            what = f"the HTML element `<{tag}>` is not allowed in the text"
        else:
            what = f"the attribute `{attribute}` on `<{tag}>` is not allowed here (or not with this value)"
        problems.add(doc.path, "raw-html", what,
                     "write it in Markdown, or remove it; allowed HTML: " + ALLOWED_TEXT, line=line)
