"""Reach into WeasyPrint below its document API: the laid-out boxes of a page.

WeasyPrint lets a box wider than the page (a table with many columns, a wide image, a very
long word) run off the sheet without a word. The PDF step (scripts/pdf/layout.py) makes
that a problem of the content file, so it needs each page's box geometry, which WeasyPrint's
public `Page` (size, links, anchors, bookmarks) does not give: only its laid-out box tree,
the private `Page._page_box`. Guard tests: tests/test_boundary.py.

Its public API is used elsewhere, not here: `HTML`, `CSS`, `Document.write_pdf`,
`weasyprint.text.fonts.FontConfiguration`, `weasyprint.urls.URLFetcher` and
`URLFetcherResponse` (WeasyPrint's documentation: "API reference").
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from . import Library

WEASYPRINT = Library("WeasyPrint", (("weasyprint", ">=70.0,<71"),), "scripts/boundary/weasyprint.py")
# Boxes that may be as wide as the sheet: the root and body boxes span the page's margins.
PAGE_WIDE = ("html", "body")


def overflow_per_page(document: Any) -> list[float]:
    """For each page of `document` (a `weasyprint.Document`, from `HTML(...).render()`), in
    order: how far, in CSS px (1/96 inch), the right edge of its widest box reaches past the
    right edge of the page's content area (the page inside its margins); 0.0 when every box
    stays inside. Counted: every box of an element (a table, a cell, an image, a line or a
    run of text holding a long word), margins included; not the `html` and `body` boxes.

    Reach: the private `Page._page_box` (the page's laid-out box tree) and, on its boxes,
    `children`, `element_tag`, `position_x`, `margin_width()`, `content_box_x()` and `width`
    (`weasyprint.formatting_structure.boxes`). Raises BoundaryError outside the known
    versions.
    """
    WEASYPRINT.check("the laid-out boxes of a page: Page._page_box")
    overflows = []
    for page in document.pages:
        box = page._page_box
        right = box.content_box_x() + box.width
        widest = max((child.position_x + child.margin_width() for child in _descendants(box)
                      if child.element_tag not in PAGE_WIDE), default=0.0)
        overflows.append(max(0.0, float(widest - right)))
    return overflows


def _descendants(box: Any) -> Iterator[Any]:
    """Every box below `box` that belongs to an element and has a margin box."""
    for child in getattr(box, "children", ()):
        if getattr(child, "element_tag", None) is not None and hasattr(child, "margin_width"):
            yield child
        yield from _descendants(child)
