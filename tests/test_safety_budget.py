"""Page-weight budget for readers on slow, metered connections.

A guide's first visit (empty cache) must transfer at most 120 KB gzip-compressed, search
index excluded (it is fetched only when the reader opens the search); the guide's HTML at
most 35 KB gzip-compressed. Sizes are what a compressing web server would send: every
response body the real Chromium received, gzip-compressed here (level 6, servers' default).
"""

from __future__ import annotations

import gzip
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser

TOTAL_BUDGET = 120 * 1024
HTML_BUDGET = 35 * 1024


@pytest.mark.parametrize("path", ["guides/police-detention/", "ru/guides/police-detention/",
                                  "uz/guides/free-legal-aid/"])
def test_guide_first_visit_fits_the_budget(serve_site: str, browser, path: str) -> None:
    # A first visit: fresh context (empty cache), and no service worker fetching on its own.
    context = browser.new_context(viewport={"width": 412, "height": 860}, service_workers="block")
    try:
        tab = context.new_page()
        responses = []
        tab.on("response", lambda response: responses.append(response))
        tab.goto(serve_site + path, wait_until="networkidle")
        sizes = {urlsplit(r.url).path: len(gzip.compress(r.body(), 6)) for r in responses}
    finally:
        context.close()
    html = sizes["/" + path]
    total = sum(sizes.values())
    report = ", ".join(f"{u} {s // 1024} KB" for u, s in sorted(sizes.items(), key=lambda i: -i[1])[:5])
    assert html <= HTML_BUDGET, f"HTML {html} bytes gzip"
    assert total <= TOTAL_BUDGET, f"first visit {total} bytes gzip: {report}"
    # The search index is not part of a visit: it is fetched only when the search is opened.
    assert not any(u.endswith("search/index.json") for u in sizes)
