"""Editors' text as text in what the pipeline writes: Markdown, HTML, MkDocs page fields.

Every field of content and catalogs (titles, summaries, labels, UI strings...) is plain text:
`<`, `&`, `*` or `[` in it must show as those characters, never become markup. Each output
language has one function here, and everything that puts text into that language uses it:

- `md_text`: inline Markdown (headings, list items, link labels, paragraphs, table cells);
- `html_text`: HTML element text and attribute values written by the pipeline;
- `md_block_attr`: an attribute value of a block element carrying `markdown="..."` or
  inside one (not of an element inside a `<p>`, whose content Markdown keeps as written);
- `page_field`: `title` and `description` of a page's front matter, which MkDocs and
  Material write into the navigation, `<title>` and `<meta>` of every page without escaping
  (their templates do not autoescape: MkDocs treats titles as HTML, as the toc extension
  makes them). So they are given to MkDocs as HTML; `plain` turns them back into text.
"""

from __future__ import annotations

import html
import re

# Python-Markdown's escapable characters (markdown.Markdown.ESCAPED_CHARS with the `tables`
# extension's `|`): a backslash before any of them shows the character itself. `&` and `<`
# are not among them, and become entities instead.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()>#+\-.!|])")


def html_text(text: str) -> str:
    """`text` as HTML: element content or a double- or single-quoted attribute value."""
    return html.escape(text, quote=True)


def md_text(text: str) -> str:
    """`text` as one line of inline Markdown that renders as exactly these characters.

    Line breaks become spaces (a line break could start a new block). Safe as a heading, a
    list item, a link label or a table cell.
    """
    one_line = " ".join(text.splitlines())
    return _MD_SPECIAL.sub(r"\\\1", html.escape(one_line, quote=False))


def md_block_attr(text: str) -> str:
    """An attribute value of a block element that Python-Markdown's `md_in_html` parses.

    `md_in_html` reads such attributes with entities decoded and writes them back escaping
    only what does not already look like an entity, so `&amp;amp;` would come out as `&amp;`
    (shown as `&`): one more level of escaping keeps the text exact (Python-Markdown 3.x;
    tests/test_hostile_text.py checks it).
    """
    return html.escape(html_text(text), quote=True)


def page_field(text: str) -> str:
    """A page's `title` or `description` as MkDocs and Material expect it: HTML."""
    return html_text(text)


def plain(field: str) -> str:
    """The text of a `page_field` (as MkDocs hands it to plugins), e.g. for the search index."""
    return html.unescape(field)
