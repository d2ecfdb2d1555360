"""Characters the PDFs' fonts cannot print: a problem, never an empty box.

The PDFs embed only the fonts of `layout.FONTS` (DejaVu Sans for every style but the
letter's DejaVu Serif). A character none of them has, an emoji above all (🚨 📞 ✅), is
drawn by WeasyPrint as the font's empty box (`.notdef`), without a word; on a machine with
an emoji font, Pango would take that font instead, so the PDF would depend on the machine.
So every character a PDF prints must be in every face (upright, bold, italic, bold italic)
of its style's family; one that is not is a `pdf-glyphs` problem naming the content file,
the line, the character and its Unicode name, once however many PDFs print it (a fallback
PDF prints its original's text; a module's two handouts print the same notes).

Characters that draw nothing are not asked of the fonts: the default-ignorable ones
(Unicode's `Default_Ignorable_Code_Point`: variation selectors such as U+FE0F in "⚠️", the
zero-width joiner, soft hyphen, bidirectional marks...), which shaping leaves out, and
control characters (the `control-character` rule reports those). Coverage is read from
the font files' character maps with fontTools.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from html.parser import HTMLParser
from pathlib import Path

from ..errors import Problems
from ..memo import persistent
from . import layout
from .html import strip_front_matter
from .kinds import PrintDocument

FIX = ("write it in words or remove it (a PDF prints only what its fonts have: DejaVu Sans, "
       "and DejaVu Serif in letters)")

# Unicode 15.1's Default_Ignorable_Code_Point (DerivedCoreProperties.txt): never drawn.
_IGNORABLE = ((0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160),
              (0x17B4, 0x17B5), (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E),
              (0x2060, 0x206F), (0x3164, 0x3164), (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF),
              (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A),
              (0xE0000, 0xE0FFF))
_COMMENT = re.compile(r"<!--(?:>|->|.*?--!?>)", re.DOTALL)
_FAMILY = re.compile(r'(?:^|\n)html\s*\{[^}]*font-family:\s*"([^"]+)"')


@functools.cache  # a search of the whole style sheet: asked once per PDF
def family_of(style: str) -> str:
    """The font family (a key of `layout.FONTS`) a print style sets its text in: the last
    `html { font-family }` of its style sheet (`print.css`, then `<style>.css`)."""
    return _FAMILY.findall(layout.style_sheet(style))[-1]


@functools.cache
def _unprintable(family: str) -> re.Pattern[str]:
    """A pattern matching one character that some face of `family` lacks and that draws
    something (not default-ignorable, not a control character)."""
    allowed = set(_coverage(layout.fingerprint_of_tools(), family))
    allowed.update(range(0x00, 0x20))
    allowed.update(range(0x7F, 0xA0))
    for first, last in _IGNORABLE:
        allowed.update(range(first, last + 1))
    return re.compile("[^" + _ranges(sorted(allowed)) + "]")


@persistent("font-coverage")
def _coverage(tools: str, family: str) -> list[int]:
    """The code points (sorted) that every face of `family` has in its character map, read
    with fontTools (0.1 s a family: kept in the render cache). `tools`: the fingerprint of
    the fonts and styles (`layout.fingerprint_of_tools`), which keys the kept result."""
    from fontTools.ttLib import TTFont

    covered: set[int] | None = None
    for name in layout.FONTS[family].values():
        with TTFont(layout.FONT_DIR / name, lazy=True) as font:
            cmap = set(font.getBestCmap())
        covered = cmap if covered is None else covered & cmap
    return sorted(covered or ())


def _ranges(codes: list[int]) -> str:
    """A character class body for the sorted code points `codes`."""
    parts, start = [], None
    for index, code in enumerate(codes):
        if start is None:
            start = code
        if index + 1 == len(codes) or codes[index + 1] != code + 1:
            parts.append(re.escape(chr(start)) + ("" if start == code else "-" + re.escape(chr(code))))
            start = None
    return "".join(parts)


class _Text(HTMLParser):
    """The text an HTML fragment draws: its text nodes (not attributes, not comments)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def printed_text(doc: PrintDocument) -> str:
    """The text `doc`'s PDF draws: its heading and the text nodes of its print HTML (made
    with Python-Markdown: call it only for a document `suspect` found something in)."""
    parser = _Text()
    parser.feed(doc.body())
    parser.close()
    return "\n".join([doc.heading or "", *parser.parts])


def suspect(doc: PrintDocument) -> bool:
    """Whether `doc`'s source text (front matter and editors' comments left out) holds a
    character its fonts lack: cheap (a regular expression), no Markdown made. The answers of
    this process's last check are kept by text (`check`): kb serve's next edit searches only
    the texts that changed (0.15 s of 1,700 at N = 400)."""
    key = (layout.fingerprint_of_tools(), doc.style, doc.heading or "", doc.text)
    found = _SUSPECT_LAST.get(key)
    if found is None:
        pattern = _unprintable(family_of(doc.style))
        text = _COMMENT.sub("", strip_front_matter(doc.text))
        found = bool(pattern.search(text) or pattern.search(doc.heading or ""))
    _SUSPECT_NOW[key] = found
    return found


# `suspect`'s answers of the last check and of this one, by (tools, style, heading, text).
_SUSPECT_LAST: dict[tuple[str, str, str, str], bool] = {}
_SUSPECT_NOW: dict[tuple[str, str, str, str], bool] = {}


def unprintable(doc: PrintDocument) -> list[str]:
    """The characters `doc`'s PDF would draw as an empty box, in order of first use."""
    if not suspect(doc):
        return []
    pattern = _unprintable(family_of(doc.style))
    return list(dict.fromkeys(pattern.findall(printed_text(doc))))


def character_name(char: str) -> str:
    """`"🚨" (U+1F6A8 POLICE CARS REVOLVING LIGHT)`: the character, its code point, its name."""
    name = unicodedata.name(char, "")
    return f'"{char}" (U+{ord(char):04X}{" " + name if name else ""})'


def check(documents: Iterable[PrintDocument], root: Path, problems: Problems) -> None:
    """A `pdf-glyphs` problem per content file, line and character that a PDF of
    `documents` would draw as an empty box, naming the PDFs that print it.

    The line is where the content file (`doc.source`) has the character; when it does not
    (it came from a UI string or a catalog the page shows), the YAML files of content/
    that have it are named instead, and failing that the content file without a line.
    """
    global _SUSPECT_LAST, _SUSPECT_NOW
    _SUSPECT_LAST, _SUSPECT_NOW = _SUSPECT_NOW or _SUSPECT_LAST, {}
    found: dict[tuple[Path, int | None, str], tuple[str, list[str]]] = {}
    for doc in documents:
        for char in unprintable(doc):
            for place in _places(doc.source, root, char):
                font, pdfs = found.setdefault((*place, char), (_font_name(family_of(doc.style)), []))
                if doc.pdf not in pdfs:
                    pdfs.append(doc.pdf)
    for (path, line, char), (font, pdfs) in found.items():
        more = f", and {len(pdfs) - 1} more" if len(pdfs) > 1 else ""
        message = f"the PDF font ({font}) has no {character_name(char)}: it would print as an empty box"
        problems.add(path, "pdf-glyphs", f"{message}, in {pdfs[0]}{more}", FIX, line=line)


@functools.cache
def _font_name(family: str) -> str:
    """`DejaVu Sans` for `KB Sans`: the family name its upright font file gives itself."""
    from fontTools.ttLib import TTFont

    with TTFont(layout.FONT_DIR / layout.FONTS[family][("normal", "normal")], lazy=True) as font:
        return font["name"].getDebugName(1) or family


def _places(source: Path, root: Path, char: str) -> list[tuple[Path, int | None]]:
    """Where `char` is written: the lines of `source` that have it, else of the YAML files
    of content/ (UI strings, catalogs), else `source` without a line."""
    for files in ([source], sorted((root / "content").rglob("*.yml"))):
        places: list[tuple[Path, int | None]] = []
        for path in files:
            try:
                text = path.read_text("utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            places += [(path, number) for number, line in enumerate(text.split("\n"), start=1)
                       if char in line]
        if places:
            return places
    return [(source, None)]
