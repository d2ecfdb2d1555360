"""One Markdown conversion of a body serves both checks that read it: its HTML (the raw-HTML
check, rawhtml.py) and the notes the parser opens in it (admonitions.py).

Both used to render the same body with the same extensions, each on a new `markdown.Markdown`
(at N = 400 guides per language, more than half of reading the inputs). Here a body is converted
once, by a `Markdown` that is built once per thread and reset between bodies, with the
admonition processor wrapped to record every note it opens. The notes check asks first
(`notes`), and the HTML is kept until the raw-HTML check asks for it (`html`), then let go:
the checks of one document run one after the other (validate.py), a translation's notes a
little earlier (structure.py).

The HTML is the one `markdown.markdown(body, extensions=list(EXTENSIONS))` gives, and the notes
those a fresh parser records (tests/test_parsed_body.py: every body of content/, every
generated page with a note, and bodies that leave state in a parser, each after the others).
"""

from __future__ import annotations

import collections
import threading
from dataclasses import dataclass

import markdown
from markdown.extensions.admonition import AdmonitionExtension, AdmonitionProcessor

# The Markdown extensions of mkdocs.yml that decide what is HTML and where notes are (the
# site's toc and the others add neither). md_in_html renders the Markdown inside
# `<div markdown>`, whose attribute lists and links become HTML too.
EXTENSIONS = ("admonition", "attr_list", "md_in_html", "tables")
# Bodies' HTML waiting for the raw-HTML check, at most: a translation's notes are taken before
# the documents' checks (validate.py), so about as many as there are bodies with notes (773 at
# N = 400 guides per language). A body's HTML is 6 KB on average there, so this keeps at most
# ~6 MB, each only until the check asks for it; beyond it the oldest is let go (and converted
# again if asked).
KEEP = 1024

Note = tuple[str, str | None]  # (the note's type words as written, its title or None)


@dataclass(frozen=True)
class ParsedBody:
    html: str  # the rendered HTML, as markdown.markdown gives it
    notes: tuple[Note, ...]  # every note the parser opens, in document order


class _Recorder(AdmonitionProcessor):
    """The admonition processor, noting each note it opens (type words, title) in `found`."""

    def __init__(self, parser, found: list[Note]):
        super().__init__(parser)
        self.found = found

    def run(self, parent, blocks):
        match = self.RE.search(blocks[0]) if blocks else None
        if match:
            self.found.append((match.group(1), match.group(2)))
        return super().run(parent, blocks)


class _RecordingAdmonitions(AdmonitionExtension):
    """The admonition extension with `_Recorder` for its processor, in its place among the
    block processors (the same order as "admonition", so the same HTML)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[Note] = []
        self.processor: _Recorder | None = None
        self.md: markdown.Markdown | None = None

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.registerExtension(self)  # Markdown.reset calls `reset`
        self.md = md
        self.processor = _Recorder(md.parser, self.found)
        md.parser.blockprocessors.register(self.processor, "admonition", 105)

    def reset(self) -> None:
        """The state a new `Markdown` starts with, where `Markdown.reset` does not reach: the
        notes recorded, the admonition processor's pending sibling, the block parser's state.
        (A finished conversion leaves the last two as they were; one stopped by an error
        may not, and the instance is dropped then anyway: `parse`.)"""
        self.found.clear()
        if self.processor is not None:
            self.processor.current_sibling = None
            self.processor.content_indent = 0
        if self.md is not None:
            self.md.parser.state.clear()


class _Parser:
    """A `Markdown` with the site's extensions and the recorder: one per thread."""

    def __init__(self) -> None:
        self.notes = _RecordingAdmonitions()
        self.md = markdown.Markdown(extensions=[self.notes if name == "admonition" else name
                                                for name in EXTENSIONS])


_LOCAL = threading.local()


def parse(body: str) -> ParsedBody:
    """Convert `body` (Markdown) once: its HTML and its notes. Not kept: see `html`, `notes`.

    Raises what Python-Markdown raises (nothing is known to); the thread's parser is then
    built again for the next body."""
    parser: _Parser | None = getattr(_LOCAL, "parser", None)
    if parser is None:
        parser = _LOCAL.parser = _Parser()
    parser.md.reset()  # references, the HTML stash, md_in_html's parser, the recorder
    try:
        html = parser.md.convert(body)
    except BaseException:
        _LOCAL.parser = None  # stopped halfway: whatever it holds is not a fresh parser's
        raise
    return ParsedBody(html, tuple(parser.notes.found))


def may_have_html(text: str) -> bool:
    """False when nothing in `text` can make HTML the raw-HTML check could refuse: no tag or
    autolink (`<`), attribute list (`{`), link or image (`]`). The check skips it."""
    return "<" in text or "{" in text or "]" in text


# {body: its HTML}, oldest first: from the notes check, for the raw-HTML check. A lock: kb
# serve may check in more than one thread.
_KEPT: collections.OrderedDict[str, str] = collections.OrderedDict()
_KEPT_LOCK = threading.Lock()


def notes(body: str) -> tuple[Note, ...]:
    """Every note the parser opens in `body`, in document order: (type words as written,
    title or None), e.g. ("tip", "Before you go") for `!!! tip "Before you go"`.

    The body's HTML is kept for `html` when the raw-HTML check reads the body: it asks after
    the notes check (validate.py: a document's notes are checked first, and a translation's
    notes are compared with its original's before any document is checked)."""
    parsed = parse(body)
    if may_have_html(body):
        with _KEPT_LOCK:
            _KEPT[body] = parsed.html
            _KEPT.move_to_end(body)
            while len(_KEPT) > KEEP:
                _KEPT.popitem(last=False)
    return parsed.notes


def html(body: str) -> str:
    """The HTML of `body` as `markdown.markdown(body, extensions=list(EXTENSIONS))` renders
    it: the one `notes` kept (then let go), else converted now."""
    with _KEPT_LOCK:
        kept = _KEPT.pop(body, None)
    return kept if kept is not None else parse(body).html


def forget() -> None:
    """Let go of every HTML kept for the raw-HTML check (tests)."""
    with _KEPT_LOCK:
        _KEPT.clear()
