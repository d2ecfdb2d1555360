"""Reaches into python-docx below its document API: the XML of paragraphs and styles.

python-docx has no public way to give a paragraph a style by its id (its `style=` looks the
name up among every style of the document, for each paragraph: a third of a build's time
with the appeal letters), nor to set a style's font for every script and its proofing
language. Both set the underlying XML elements (python-docx's `oxml` layer). Guard tests:
tests/test_boundary.py.
"""

from __future__ import annotations

from typing import Any

from . import Library

PYTHON_DOCX = Library("python-docx", (("python-docx", ">=1.2.0,<1.3"),), "scripts/boundary/python_docx.py")


def set_paragraph_style_id(paragraph: Any, style_id: str) -> None:
    """Give `paragraph` (a `docx.text.paragraph.Paragraph`) the paragraph style whose id
    (`style.style_id`, e.g. "LetterBody") is `style_id`, as `<w:pStyle w:val=...>`.

    Reach: the private `_p` (the paragraph's `CT_P` element) and its `style` property.
    Raises BoundaryError outside the known versions.
    """
    PYTHON_DOCX.check("a paragraph's style by id: paragraph._p.style")
    paragraph._p.style = style_id


def set_style_font(style: Any, font: str, language: str) -> None:
    """Make `font` the font of `style` (a `docx.styles.style.ParagraphStyle`) for every
    script (Latin, complex, East Asian) and `language` (a BCP 47 tag, "tg-Cyrl-TJ") its
    language for spelling and hyphenation (`<w:rFonts>`, `<w:lang>` in its `<w:rPr>`).

    Reach: `style.element.get_or_add_rPr()` and the `docx.oxml` element factory.
    Raises BoundaryError outside the known versions.
    """
    PYTHON_DOCX.check("a style's fonts and language: style.element.get_or_add_rPr, docx.oxml")
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), font)
    tag = OxmlElement("w:lang")
    tag.set(qn("w:val"), language)
    rpr.append(tag)
