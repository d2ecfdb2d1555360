"""Layout problems as the editor should read them: one per content file and cause.

One content file is printed in several PDFs: a guide with no translation is the Tajik PDF and
the Russian, English and Uzbek fallback PDFs that print its text; a module is two handouts.
An over-wide table in it is one mistake, found in each of those PDFs; reported per PDF, it
was the same problem four times ("4 problems found"). So the problems WeasyPrint's layout
found (`layout.Layout.problems`) are grouped by content file and cause (the message without
its page number, and with the PDF's language folder taken out of an image's path), and each
group is one `pdf-layout` problem naming every PDF it affects, with the page in each.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from ..errors import Problems
from .kinds import PrintDocument

# The fix of each cause `layout.py` words: an image that is no file of the site (missing,
# or on another host), WeasyPrint failing, or something wider than the page (a table, an
# image, an unbroken word).
FIX_IMAGE = ("link only images that are files of the site: check the image's name and folder, "
             "or remove the image")
FIX_FAILED = ("simplify what is unusual in the document (a very large table, deeply nested "
              "lists); if the problem stays, report it to the developers with the file")
FIX_WIDE = "make the table narrower (fewer columns, or split it) or the image smaller"


def fix_of(cause: str) -> str:
    """The fix of a layout problem's cause (a message of `layout.py`, page number taken out)."""
    if cause.startswith("the image `"):
        return FIX_IMAGE
    if cause.startswith("WeasyPrint could not"):
        return FIX_FAILED
    return FIX_WIDE


_PAGE = re.compile(r"^page (\d+): ")


def report(found: Iterable[tuple[PrintDocument, list[str]]], problems: Problems) -> None:
    """Add one `pdf-layout` problem per content file and cause to `problems`; `found` holds
    each laid-out document with its layout's problems (messages as `layout.py` words them)."""
    groups: dict[tuple[Path, str], list[tuple[str, str | None]]] = {}
    for doc, messages in found:
        lang = doc.pdf.split("/", 1)[0]
        for message in messages:
            page = _PAGE.match(message)
            cause = message[page.end():] if page else message
            cause = cause.replace(f"`{lang}/", "`")  # an image's path, as in any language
            pdfs = groups.setdefault((doc.source, cause), [])
            entry = (doc.pdf, page.group(1) if page else None)
            if entry not in pdfs:
                pdfs.append(entry)
    for (source, cause), pdfs in groups.items():
        named = ", ".join(f"{pdf} (page {page})" if page else pdf for pdf, page in pdfs)
        where = f"in its PDF {named}" if len(pdfs) == 1 else f"in its {len(pdfs)} PDFs: {named}"
        problems.add(source, "pdf-layout", f"{cause}, {where}", fix_of(cause))
