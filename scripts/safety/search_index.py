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
        classes = (attr.get("class") or "").split()
        foreign = attr.get("lang") not in (None, "", self.lang)
        skip = tag in SKIPPED_TAGS or bool(SKIPPED_CLASSES.intersection(classes)) or foreign
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
    return re.sub(r"\s+", " ", INVISIBLE.sub("", text)).strip()


def page_entries(html: str, *, url: str, title: str, lang: str) -> list[dict]:
    """`[{"u": url#anchor, "t": page title, "h": heading, "x": text}]`; [] for a fallback page.

    The first entry is the page itself (the text before its first heading, maybe none).
    """
    if FALLBACK_MARK in html:
        return []
    title = _squash(title)
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
