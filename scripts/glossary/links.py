"""A Markdown extension that links a glossary term's first use in a guide to its definition.

It works on Python-Markdown's element tree, after inline Markdown is parsed and before MkDocs
checks and rewrites links, so it only ever sees text: never inside a heading, a link, code, a
raw HTML block or an admonition's title, and never inside the site's notices. The link is an
ordinary `<a href="../glossary.md#<id>">` that MkDocs validates and rewrites like any other.

Which terms a page links is decided by the build (`GlossaryFeature.page_meta`): the page's
front matter says `glossary: {href: ../glossary.md, terms: [[id, term], ...]}` in the language
of its text. `GlossaryFeature.before_page` (called by scripts/mkdocs_hooks.py) hands that to
`use_terms` before MkDocs renders the page; a page without it links nothing. (MkDocs renders
one page at a time in a process.)
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from .matching import index_of, phrase_pattern

SKIP_TAGS = {"a", "code", "pre", "kbd", "samp", "script", "style", "h1", "h2", "h3", "h4", "h5",
             "h6", "summary", "abbr", "svg", "button", "label", "textarea"}
SKIP_CLASSES = {"admonition-title", "kb-notice"}
LINK_CLASS = "kb-term"

_current: dict | None = None


def use_terms(setting: object) -> None:
    """The page about to be rendered: its front matter's `glossary` value (or None)."""
    global _current
    ok = isinstance(setting, dict) and isinstance(setting.get("terms"), list)
    _current = setting if ok else None  # type: ignore[assignment]


class GlossaryLinks(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        setting = _current
        if not setting or not setting["terms"]:
            return
        ids = [str(item[0]) for item in setting["terms"]]
        pattern = phrase_pattern([str(item[1]) for item in setting["terms"]])
        assert pattern is not None
        self.href = str(setting.get("href", "glossary.md"))
        self.linked: set[str] = set()
        self.ids = ids
        self.pattern = pattern
        self._walk(root)

    def _skipped(self, el: etree.Element) -> bool:
        classes = set((el.get("class") or "").split())
        return el.tag in SKIP_TAGS or bool(classes & SKIP_CLASSES)

    def _walk(self, el: etree.Element) -> None:
        if self._skipped(el):
            return
        # The element's own text comes before its children; each child's tail after it.
        new = self._link(el.text)
        if new is not None:
            el.text, nodes = new
            for i, node in enumerate(nodes):
                el.insert(i, node)
        index = 0
        while index < len(el):
            child = el[index]
            self._walk(child)
            new = self._link(child.tail)
            index += 1
            if new is not None:
                child.tail, nodes = new
                for node in nodes:
                    el.insert(index, node)
                    index += 1

    def _link(self, text: str | None) -> tuple[str, list[etree.Element]] | None:
        """`text` with the first use of each not yet linked term made a link: the text before
        the first link, and the link elements (each with the text after it as tail)."""
        if not text or isinstance(text, AtomicString) or len(self.linked) == len(self.ids):
            return None
        head: str | None = None
        nodes: list[etree.Element] = []
        position = 0
        for match in self.pattern.finditer(text):
            term_id = self.ids[index_of(match)]
            if term_id in self.linked:
                continue
            self.linked.add(term_id)
            before = text[position:match.start()]
            if nodes:
                nodes[-1].tail = (nodes[-1].tail or "") + before
            else:
                head = before
            link = etree.Element("a", {"href": f"{self.href}#{term_id}", "class": LINK_CLASS})
            link.text = AtomicString(match.group(0))
            nodes.append(link)
            position = match.end()
        if not nodes:
            return None
        nodes[-1].tail = text[position:]
        return head or "", nodes


class GlossaryExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        # After inline parsing (20) and attr_list (8); before MkDocs' link rewriting (0).
        md.treeprocessors.register(GlossaryLinks(md), "kb_glossary_links", 6)


def makeExtension(**kwargs: object) -> GlossaryExtension:  # noqa: N802 - Python-Markdown's name
    """The extension, as Python-Markdown loads it by module name (`scripts.glossary.links`)."""
    return GlossaryExtension(**kwargs)
