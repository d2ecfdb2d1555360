"""Reach into WeasyPrint below its document API: the laid-out boxes of a page, and how its
C libraries are found when it is imported.

WeasyPrint lets a box wider than the page (a table with many columns, a wide image, a very
long word) run off the sheet without a word. The PDF step (scripts/pdf/layout.py) makes
that a problem of the content file, so it needs each page's box geometry, which WeasyPrint's
public `Page` (size, links, anchors, bookmarks) does not give: only its laid-out box tree,
the private `Page._page_box`.

Importing WeasyPrint loads its C libraries (GObject, Pango, HarfBuzz, fontconfig...) by
trying a list of names for each, Windows' and macOS' first; cffi asks
`ctypes.util.find_library` about each name that does not load as it is, which on Linux runs
`ldconfig`, then gcc and ld, for every miss: about 50 processes and 0.4 s of the 1 s import
(seen 2026-12-02; WeasyPrint issue 1125), paid by each PDF worker of an edit's build.
`import_weasyprint` imports it with that search answering "not found" at once, so each
library loads by the name the dynamic linker knows (`libpango-1.0.so.0`, in WeasyPrint's
list too), as the system's own programs find it. Guard tests: tests/test_boundary.py.

Its public API is used elsewhere, not here: `HTML`, `CSS`, `Document.write_pdf`,
`weasyprint.text.fonts.FontConfiguration`, `weasyprint.urls.URLFetcher` and
`URLFetcherResponse` (WeasyPrint's documentation: "API reference").
"""

from __future__ import annotations

import contextlib
import io
import sys
import threading
from collections.abc import Iterator
from typing import Any

from . import Library

WEASYPRINT = Library("WeasyPrint", (("weasyprint", ">=70.0,<71"),), "scripts/boundary/weasyprint.py")
# Boxes that may be as wide as the sheet: the root and body boxes span the page's margins.
PAGE_WIDE = ("html", "body")


def import_weasyprint() -> None:
    """Import WeasyPrint once in this process (nothing when it is), without the compiler runs of
    its library search on Linux (see the module's docstring). Where a required library loads
    only by the path that search gives (a folder the compiler searches and the dynamic linker
    does not), WeasyPrint is imported again the usual way, its "could not import" banner of the
    first try kept off the output. Its optional libraries (HarfBuzz's subsetter and vector
    drawing, `allow_fail` in WeasyPrint) are taken by their sonames only: the guard test
    compares what loads with WeasyPrint's own search. Raises what `import weasyprint` raises
    (OSError: a system library missing; BoundaryError outside the known versions).

    Reach: `ctypes.util.find_library`, which cffi's `FFI.dlopen` calls for a name that does not
    load as it is, replaced while WeasyPrint's modules load (`weasyprint.text.ffi`), one
    thread at a time (`_IMPORTING`); another thread's call meanwhile finds nothing."""
    WEASYPRINT.check("its C libraries loaded by their sonames (ctypes.util.find_library)")
    with _IMPORTING:
        if "weasyprint" in sys.modules:
            return
        if not sys.platform.startswith("linux"):
            import weasyprint  # noqa: F401
            return
        import ctypes.util

        search = ctypes.util.find_library
        ctypes.util.find_library = _not_searched
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                import weasyprint  # noqa: F401
        except OSError:
            for name in [name for name in sys.modules if name.partition(".")[0] == "weasyprint"]:
                del sys.modules[name]  # half imported: import it again with the search
            ctypes.util.find_library = search
            import weasyprint  # noqa: F401, F811
        finally:
            ctypes.util.find_library = search


# One import of WeasyPrint at a time (`import_weasyprint` swaps a function of ctypes.util).
_IMPORTING = threading.Lock()


def _not_searched(name: str) -> None:
    """`ctypes.util.find_library` while WeasyPrint is imported: not found, at once."""
    return None


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
