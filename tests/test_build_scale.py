"""A page's size does not grow with the site: each page carries only the navigation it needs.

Material puts the whole navigation into every page; with hundreds of guides that is most of
every page and makes the build quadratic. A site with more guides than the limit shows, on a
guide page, the guides index and the neighbouring guides only; on a page of another section,
the guides section is one link (Material's `navigation.prune`).
"""

from __future__ import annotations

import re

import pytest

from scripts.build import build_site
from scripts.navtrim import LIMIT, WINDOW

from .conftest import MiniProject

# Builds whole sites with MkDocs.
pytestmark = pytest.mark.slow


def primary_nav(html: str) -> str:
    """The site navigation (it holds the page's table of contents, a nested <nav>)."""
    start = html.index("md-nav--primary")
    return html[start:html.index("md-content", start)]


def test_pages_carry_only_the_navigation_they_need(mini: MiniProject) -> None:
    count = LIMIT + 10
    for i in range(1, count + 1):
        mini.guide(f"guide-{i:02d}", "tg")
    mini.page("about", "tg", title="Дар бораи мо")
    build_site(mini.project)
    site = mini.root / "site"

    here = 20
    nav = primary_nav((site / f"guides/guide-{here:02d}/index.html").read_text(encoding="utf-8"))
    linked = {int(n) for n in re.findall(r'href="\.\./guide-(\d\d)/"', nav)}
    assert linked == set(range(here - WINDOW, here + WINDOW + 1)) - {here}
    assert 'href="../"' in nav  # the guides index, which lists every guide

    # Outside the guides section, none of the guides is in the navigation.
    about = primary_nav((site / "about/index.html").read_text(encoding="utf-8"))
    assert "guide-" not in about and 'href="../guides/"' in about
    # The same holds in every language (here, pages shown under a "not translated" notice).
    ru = primary_nav((site / f"ru/guides/guide-{here:02d}/index.html").read_text(encoding="utf-8"))
    assert len(re.findall(r'href="\.\./guide-\d\d/"', ru)) == 2 * WINDOW
