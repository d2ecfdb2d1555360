"""What a printable document is, and the registry of kinds that make them.

A *kind* (guides, handouts, letters, evidence briefs) is a class with a `name` and
`documents(ctx, files)`, which returns one `PrintDocument` per PDF: its text (usually the
generated page's Markdown) and the function that makes print HTML of it (default
`html.page_html`), where the PDF goes, which pages link it and which content file to name in
a problem. The print HTML is made only for a PDF that is not in the cache: the fingerprint
is taken from the text (`step.py`). The PDF step
(`step.py`) does the rest: layout, fingerprints, cache, the download link with its size.
To add a kind: write the class (anywhere, e.g. `scripts/briefs/print.py`) and add its
"module:Class" to `KINDS`.
"""

from __future__ import annotations

import hashlib
import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from ..catalogs import Catalogs
from ..plan import PlannedPage
from ..project import Project
from .html import page_html

# "module:Class" of every kind, in the order their PDFs are made.
KINDS: tuple[str, ...] = (
    "scripts.pdf.documents:Guides",
    "scripts.pdf.documents:Handouts",
    "scripts.pdf.documents:Letters",
    "scripts.briefs.print:Briefs",
)

# The print styles a document can ask for (`style`): a file `<style>.css` beside this module
# is added to `print.css`.
STYLES = ("document", "letter", "brief")


@dataclass(frozen=True)
class PrintContext:
    """What a kind gets: the project, the catalogs (UI strings) and every planned page."""

    project: Project
    catalogs: Catalogs
    plan: tuple[PlannedPage, ...]


@dataclass(frozen=True)
class PrintDocument:
    """One PDF to make.

    - `pdf`: its docs path, with the language folder (`tg/print/guide-tg-1a2b3c.pdf`); use
      `neutral_path`, so the file name names no topic;
    - `links`: docs paths of the pages that offer it for download, each with the link's
      words (plain text);
    - `source`: the content file a problem names (a fallback page's: the original's file);
    - `lang`: the language of the text (`/Lang`); `title`: the neutral title of the PDF's
      properties (`pdf_title_*`); `subject`: the legal-review status, in the properties;
    - `heading`: the document's own title, printed first (plain text), or None when `body`
      already has its `<h1>`;
    - `text`: what the PDF is made from, usually the generated page's Markdown (front matter
      and all); `to_html`: a module-level function making the print HTML fragment of `text`
      (default `html.page_html`; its module's source is part of the fingerprint, so a change
      to it makes the PDFs again); `base`: the docs path its relative image addresses are
      relative to; `style`: one of `STYLES`;
    - `insert_link`: optional; puts the download paragraph into a linking page's Markdown
      (default: right after the front matter).
    """

    pdf: str
    links: tuple[tuple[str, str], ...]
    source: Path
    lang: str
    title: str
    subject: str
    heading: str | None
    text: str
    base: str
    style: str = "document"
    to_html: Callable[[str], str] = page_html
    insert_link: Callable[[str, str], str] | None = field(default=None, compare=False)

    def body(self) -> str:
        """The print HTML fragment: `to_html(text)` (Python-Markdown: tens of ms a page)."""
        return self.to_html(self.text)


class PrintKind(Protocol):
    name: str

    def documents(self, ctx: PrintContext, files: Mapping[str, str | bytes]) -> list[PrintDocument]: ...


def neutral_path(lang: str, word: str, key: str) -> str:
    """`<lang>/print/<word>-<lang>-<6 hex>.pdf`: a file name that names no topic.

    `word` is a plain kind word (guide, handout, notes, letter); the hex digits are the first
    six of SHA-256 of `key` (e.g. `guides/police-detention`), so the name is stable while the
    text changes and says nothing of the subject. (A Downloads folder listing
    `hiv-status.pdf` is a trace on a shared phone.)
    """
    digest = hashlib.sha256(key.encode()).hexdigest()[:6]
    return f"{lang}/print/{word}-{lang}-{digest}.pdf"


def load_kinds() -> list[PrintKind]:
    """A fresh instance of every kind of `KINDS`."""
    kinds = []
    for spec in KINDS:
        module, _, name = spec.partition(":")
        kinds.append(getattr(importlib.import_module(module), name)())
    return kinds
