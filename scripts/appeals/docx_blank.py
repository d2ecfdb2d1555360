"""The blank Word file of a template: the letter with labeled blanks, built with python-docx.

Same layout as the filled file the browser makes (appeal-form.js): A4, one paragraph style per
kind of paragraph (so Word's style pane shows "Letter Header", "Letter Title", "Letter Body"),
and a font that has the Tajik letters. The bytes depend only on the template, so the writer
does not rewrite the file (and `kb serve` does not reload) when nothing changed.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import io
import zipfile

from docx import Document as new_document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Mm, Pt

from ..boundary.python_docx import set_paragraph_style_id, set_style_font
from ..memo import persistent
from .fields import FieldSpec
from .letter import BODY, HEADER, TITLE, Paragraph, Segment

# Times New Roman has ғ қ ҳ ҷ ӣ ӯ (Cyrillic Supplement) and is what offices in the region expect;
# LibreOffice substitutes the metric-compatible Liberation Serif, which has them too.
FONT = "Times New Roman"
BLANK = "_" * 16
STYLES = {HEADER: "Letter Header", TITLE: "Letter Title", BODY: "Letter Body"}
# The language Word uses for spelling and hyphenation.
WORD_LANGUAGE = {"tg": "tg-Cyrl-TJ", "ru": "ru-RU", "en": "en-GB", "uz": "uz-Cyrl-UZ"}
# A line of a letter as (text, field) pairs: `Segment`s in a form the render cache keys on.
_Line = tuple[tuple[str, str | None], ...]
_EPOCH = (1980, 1, 1, 0, 0, 0)
# python-docx refuses a core property (the file's title) longer than this many characters.
PROPERTY_LIMIT = 255


def _set_font(style, lang: str) -> None:
    style.font.name = FONT
    set_style_font(style, FONT, WORD_LANGUAGE.get(lang, lang))


def _styles(document, lang: str) -> None:
    normal = document.styles["Normal"]
    _set_font(normal, lang)
    normal.font.size = Pt(12)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    header = document.styles.add_style(STYLES[HEADER], WD_STYLE_TYPE.PARAGRAPH)
    header.base_style = normal
    header.paragraph_format.left_indent = Mm(85)
    header.paragraph_format.space_after = Pt(12)
    title = document.styles.add_style(STYLES[TITLE], WD_STYLE_TYPE.PARAGRAPH)
    title.base_style = normal
    title.font.bold = True
    title.font.size = Pt(14)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_before = Pt(12)
    title.paragraph_format.space_after = Pt(12)
    body = document.styles.add_style(STYLES[BODY], WD_STYLE_TYPE.PARAGRAPH)
    body.base_style = normal
    body.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    body.paragraph_format.first_line_indent = Mm(12.5)


def _page(document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)


def blank_docx(title: str, lang: str, letter: tuple[Paragraph, ...], fields: tuple[FieldSpec, ...],
               day: dt.date) -> bytes:
    """The letter as a Word file, each field a blank line followed by its label in brackets.
    During a build it is kept in the render cache under its inputs (`_blank`)."""
    return _blank(title, lang,
                  tuple((p.kind, tuple(tuple((s.text, s.field) for s in line) for line in p.lines))
                        for p in letter),
                  tuple((f.id, f.label) for f in fields), day.isoformat())


# Pure and slow (a tenth of a second a letter): kept between builds in the render cache
# (memo.py; its key holds the code's digest, python-docx's version among the packages), and
# in memory, as a fallback language shows the original's letter again and `kb serve`
# renders every letter on every edit. Arguments in JSON-able form: see `blank_docx`.
@persistent("blank-docx", dump=lambda data: base64.b64encode(data).decode("ascii"),
            load=base64.b64decode)
@functools.lru_cache(maxsize=256)
def _blank(title: str, lang: str, paragraphs: tuple[tuple[str, tuple[_Line, ...]], ...],
           field_labels: tuple[tuple[str, str], ...], date: str) -> bytes:
    letter = tuple(Paragraph(kind, tuple(tuple(Segment(text, field) for text, field in line)
                                         for line in lines)) for kind, lines in paragraphs)
    labels = dict(field_labels)
    day = dt.date.fromisoformat(date)
    document = new_document()
    _page(document)
    _styles(document, lang)
    # Style ids set on the paragraph element: python-docx's `style=` searches every style of
    # the document for each paragraph, which made the blank letters a third of a build.
    style_ids = {kind: document.styles[name].style_id for kind, name in STYLES.items()}
    for para in letter:
        out = document.add_paragraph()
        set_paragraph_style_id(out, style_ids[para.kind])
        for number, line in enumerate(para.lines):
            if number:
                out.add_run().add_break(WD_BREAK.LINE)
            for seg in line:
                if seg.field is None:
                    out.add_run(seg.text)
                    continue
                out.add_run(BLANK)
                label = out.add_run(f" ({labels[seg.field]})")
                label.italic = True
                label.font.size = Pt(9)
    props = document.core_properties
    if len(title) > PROPERTY_LIMIT:
        title = title[:PROPERTY_LIMIT - 1] + "…"
    props.title, props.author, props.last_modified_by = title, "", ""
    props.comments = props.keywords = props.subject = props.category = ""
    props.revision = 1
    props.created = props.modified = dt.datetime(day.year, day.month, day.day)
    buffer = io.BytesIO()
    document.save(buffer)
    return _stable_zip(buffer.getvalue())


def _stable_zip(data: bytes) -> bytes:
    """The same archive with fixed timestamps, so equal content gives equal bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_EPOCH)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()
