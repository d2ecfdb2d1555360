"""Pages without their source indentation: a fifth of a page's bytes, and nothing a reader sees.

Material's templates indent their HTML deeply; on a guide page the indentation alone was
7 KB of 44. A browser collapses any run of white space between words and tags to one space,
so a line's leading spaces never show, except where white space is kept: `<pre>`,
`<textarea>` (and `<script>`/`<style>`, left alone to stay out of their syntax). Those are
copied as they are; everywhere else leading white space of a line is dropped and blank lines
are removed. Attributes and text are untouched, unlike a full minifier, which also strips
attribute quotes and comments that tests and readers of the source rely on.

Declared in mkdocs.yml as the plugin `react-compact` (an entry point in pyproject.toml), so
`mkdocs build` by hand compacts too, as kb build, kb dist and kb serve do.
"""

from __future__ import annotations

import re

from mkdocs.plugins import BasePlugin, event_priority

PLUGIN_NAME = "react-compact"
_KEPT = re.compile(r"(<(pre|textarea|script|style)\b.*?</\2\s*>)", re.DOTALL | re.IGNORECASE)
_INDENT = re.compile(r"\n[ \t\r\n]+")


def compact(html: str) -> str:
    """`html` with each line's leading white space and every blank line removed, except
    inside elements that keep their white space."""
    parts = _KEPT.split(html)
    out = []
    # re.split with two groups yields: text, whole kept element, its tag name, text, ...
    for index in range(0, len(parts), 3):
        out.append(_INDENT.sub("\n", parts[index]))
        if index + 1 < len(parts):
            out.append(parts[index + 1])
    return "".join(out)


class Compact(BasePlugin):
    @event_priority(-200)  # last: after every plugin that rewrites the page
    def on_post_page(self, output: str, page, config) -> str:
        return compact(output)

