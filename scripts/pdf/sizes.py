"""The size in a PDF's download link ("PDF, 24 KB"), filled into the built pages last.

The PDFs are laid out beside the language builds (`step.py`), so a page is rendered before
its PDF's size is known. Its Markdown in docs/ carries a placeholder instead, an empty
`<span class="kb-pdf-size">` naming the PDF (its docs path), the PDF's fingerprint as far as
it is known before the layout (`step.py`: the document's source key and the images of its
language, so the page changes, and is built again, whenever its PDF may change) and the
size text of the page's language with a `{size}` slot. `fill` replaces each placeholder with
the text, "(PDF, 24 KB)", exactly what the page showed when the size was written into its
Markdown. One function for both ways of building:

- `kb build` (and `kb dist`, `kb serve`): the last pass (`fill_site`), once the PDFs are laid
  out, over the pages of the languages just built, before the site is finished
  (`mkdocs_run.run_mkdocs`, `last_pass`);
- `mkdocs build` by hand: the react-safety plugin's `on_post_page`, from the PDFs kb build
  left in docs/ (`docs_sizes`).

The search index is made from the page before this fill (`safety/plugin.py`); the
placeholder's class is one the index skips (`safety/search_index.py`), so the size text is in
no search shard either way. `check_site` fails a build that would publish a placeholder.
"""

from __future__ import annotations

import html
import math
import re
import string
from collections.abc import Callable, Iterable
from pathlib import Path

from babel.numbers import format_decimal

from ..errors import Problems
from ..markup import babel_locale
from ..write import write_atomically

CLASS = "kb-pdf-size"
# The slot of the size text where the number of kilobytes goes.
SLOT = "{size}"
_PLACEHOLDER = re.compile(r'<span class="kb-pdf-size" data-pdf="(?P<pdf>[^"<>]+)" '
                          r'data-fingerprint="[0-9a-f]+" data-text="(?P<text>[^"<>]*)"></span>')
# What check_site looks for in every published text file (as it is, or escaped in JSON): the
# class is on no other element, and no page's text names it.
MARKER = CLASS

# The files of a built site check_site reads: pages, search shards and lists, scripts, sitemaps.
TEXT_FILES = {".html", ".json", ".js", ".xml", ".txt"}

SizeOf = Callable[[str], "int | None"]


def placeholder(pdf: str, fingerprint: str, text: str) -> str:
    """The placeholder of one download link's size, as HTML for a page's Markdown.

    `pdf`: the PDF's docs path with its language folder (`tg/print/guide-tg-1a2b3c.pdf`);
    `fingerprint`: hex digits that change when the PDF may change; `text`: the size text in
    the page's language with `SLOT` where the number goes ("PDF, {size} KB")."""
    return (f'<span class="{CLASS}" data-pdf="{_inert(pdf)}" data-fingerprint="{fingerprint}" '
            f'data-text="{_inert(text)}"></span>')


def _inert(value: str) -> str:
    """`value` for an attribute of raw HTML in Markdown: every ASCII punctuation character but
    the slot's braces as a character reference. Python-Markdown runs its inline patterns
    (code spans, links, emphasis) before it keeps raw HTML as it is, so a `[d](x)` or a
    backtick in a size text would otherwise become markup inside the attribute; `fill`
    unescapes the references."""
    return "".join(f"&#{ord(char)};" if char in _ACTIVE else char for char in value)


_ACTIVE = frozenset(string.punctuation) - set(SLOT)


def size_words(text: str, lang: str, size: int) -> str:
    """`text` ("PDF, {size} KB") with the size of a PDF of `size` bytes in kibibytes, rounded
    up (at least 1), digits as Babel writes them in `lang`."""
    kb = max(1, math.ceil(size / 1024))
    return text.replace(SLOT, format_decimal(kb, locale=babel_locale(lang)))


def fill(page: str, size_of: SizeOf) -> str:
    """`page` (HTML) with every placeholder replaced by "(<size text>)", HTML-escaped as
    Python-Markdown escapes text; a placeholder whose PDF `size_of` (docs path -> bytes, or
    None when there is no such PDF) does not know is left as it is (`check_site` finds it)."""
    if CLASS not in page:
        return page

    def one(match: re.Match[str]) -> str:
        pdf = html.unescape(match["pdf"])
        size = size_of(pdf)
        if size is None:
            return match.group(0)
        words = size_words(html.unescape(match["text"]), pdf.split("/", 1)[0], size)
        return "(" + html.escape(words, quote=False) + ")"

    return _PLACEHOLDER.sub(one, page)


def named_pdfs(page: str) -> set[str]:
    """The docs paths of the PDFs whose size placeholders `page` (HTML) holds."""
    return {html.unescape(match["pdf"]) for match in _PLACEHOLDER.finditer(page)} if CLASS in page else set()


def docs_sizes(docs: Path) -> SizeOf:
    """The sizes of the PDFs in the folder `docs` (docs path -> bytes; None when missing)."""
    def size_of(pdf: str) -> int | None:
        path = docs / pdf
        return path.stat().st_size if path.is_file() else None
    return size_of


def language_pages(site: Path, languages: Iterable[str], default: str,
                   codes: Iterable[str]) -> list[Path]:
    """The HTML pages of `languages` in a built `site` (the default language's at its root,
    outside the other languages' folders)."""
    others = {code for code in codes if code != default}
    pages: list[Path] = []
    for lang in languages:
        if lang == default:
            pages += [path for path in site.rglob("*.html")
                      if path.relative_to(site).parts[0] not in others]
        elif (site / lang).is_dir():
            pages += list((site / lang).rglob("*.html"))
    return sorted(pages)


def fill_site(pages: Iterable[Path], size_of: SizeOf) -> int:
    """The last pass: `fill` each of `pages` (files of a built site) that holds a
    placeholder, writing it whole (a new file renamed over the old: the kept languages'
    files are links into the previous site/, which must not change). Returns how many pages
    were written."""
    written = 0
    for path in pages:
        text = path.read_text(encoding="utf-8")
        filled = fill(text, size_of)
        if filled != text:
            write_atomically(path, filled.encode("utf-8"))
            written += 1
    return written


def fill_pages(sizes: dict[str, int], pages: list[Path]) -> int:
    """`fill_site` with the sizes known ({docs path: bytes}): a task a worker process can
    take (`last_pass.fill_pass`, spread over the language builds' workers)."""
    return fill_site(pages, sizes.get)


def check_site(site: Path, problems: Problems, files: Iterable[Path] | None = None) -> None:
    """Add a problem for every file of `site` (pages, search shards, any text) that still
    holds a size placeholder: a page would show no size, or a shard hold markup. `files`:
    only these files of `site` (the ones its built languages wrote: `features.built_files`;
    a kept language's were checked when it was built); None: every file."""
    marker = MARKER.encode()
    for path in sorted(site.rglob("*") if files is None else files):
        if path.suffix not in TEXT_FILES or not path.is_file():
            continue
        if marker in path.read_bytes():
            problems.add(path, "pdf-size",
                         "a PDF's size was not filled into this built file (its PDF was not laid out)",
                         "a fault of kb's build, not of the content: report it with this message")
