"""Evidence briefs as PDFs: the PDF step's kind for briefs (registered in scripts/pdf/kinds.py).

Each brief, in every language, is printed from the page the site generates for it, so the
PDF shows what the page shows: the legal-review status, the fallback notice, who the brief
is for, the dataset, periods and publication date, the illustrative-figures note, the text
with its filled figures and the charts of the dimensions it draws on. The print style
`brief` (scripts/pdf/brief.css) makes of it the one or two A4 sheets a coordinator hands
over, as the page prints from a browser (statistics.css): the charts two by two, which carry
every figure as text; the tables repeating them, their notes and the links left out; the
definition and source once, last.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..pdf.documents import page_documents
from ..pdf.html import page_html
from ..pdf.kinds import PrintContext, PrintDocument
from ..pdf.layout import FONTS
from .page import SECTION

# The charts' text (scripts/statistics/charts.py) is in the page's font (`inherit`), which
# WeasyPrint's SVG renderer does not take from the HTML: it would pick whatever font the
# machine has. In the PDF it is the print font, embedded like the text's.
_CHART_FONT = ('font-family="inherit"', f'font-family="{next(iter(FONTS))}"')


def print_charts(html: str) -> str:
    """`html` with the text of its SVG charts in the PDFs' sans-serif font ("KB Sans")."""
    return html.replace(*_CHART_FONT)


def brief_html(markdown: str) -> str:
    """Print HTML of a brief page's Markdown, its charts' text in the print font."""
    return print_charts(page_html(markdown))


class Briefs:
    """Every evidence brief in every language: the brief page's text and charts."""

    name = "briefs"

    def documents(self, ctx: PrintContext, files: Mapping[str, str | bytes]) -> list[PrintDocument]:
        """One PDF per planned brief page (`<lang>/print/brief-<lang>-<6 hex>.pdf`), linked
        from the top of that page. A fallback page's body has its own <h1> (the notice, then
        the original's title)."""
        return page_documents(ctx, files, SECTION, "brief", "pdf_download_brief", "pdf_title_brief",
                              style="brief", to_html=brief_html)
