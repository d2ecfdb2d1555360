"""An editor's HTML comments stay in the source: a Markdown extension that drops them.

`<!-- ... -->` in a Markdown body hides text from the page but Markdown passes it into the
HTML every reader downloads (view source, a saved page, a shared phone's cache): a note meant
for the team ("ask <name> first") would be published. This extension removes every comment
(a block, or inline in a paragraph) from the HTML Markdown makes, so none reaches `site/`. A
comment in a code block is text (`&lt;!--`) and stays. Registered in mkdocs.yml as
`scripts.comments`.
"""

from __future__ import annotations

import re

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor

# A comment as browsers end it: at `-->` or `--!>`, or right after `<!--` / `<!---` when `>`
# follows (WHATWG HTML, "comment start state").
_COMMENT = r"<!--(?:>|->|.*?--!?>)"
# A block comment arrives wrapped in a paragraph of its own: it goes with the comment.
_ALONE = re.compile(rf"<p>\s*(?:{_COMMENT}\s*)+</p>\n?", re.DOTALL)
_ANY = re.compile(_COMMENT, re.DOTALL)


class _DropComments(Postprocessor):
    """Runs on the page's HTML once raw HTML is back in it. Markdown escapes `<` in text and
    code (`&lt;!--`), so every `<!--` left is a comment an editor wrote as HTML."""

    def run(self, text: str) -> str:
        return _ANY.sub("", _ALONE.sub("", text))


class CommentsExtension(Extension):
    """Drops HTML comments written in Markdown from the rendered page."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        # After `raw_html` (priority 30), which puts the editor's HTML back into the page.
        md.postprocessors.register(_DropComments(md), "drop_comments", 25)


def makeExtension(**kwargs: object) -> CommentsExtension:  # noqa: N802 (Python-Markdown's name)
    """The entry point Python-Markdown calls for `scripts.comments`."""
    return CommentsExtension(**kwargs)
