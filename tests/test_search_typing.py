"""A query typed key by key on a phone costs about what the same query pasted costs.

The search ranks each query as the reader types (its shards are small), but fetches the
texts of its results (`search/d/...`, one request each) only once the query has stood still
for a moment or is submitted: before, every letter fetched the texts of its own first 10
results ("адвокат" typed at 400 ms a key: 46 requests, 58.5 KB gzip; pasted: 29, 37 KB).
Counted on the built site in Chromium, in gzip bytes of the files fetched; not timed.
"""

from __future__ import annotations

import gzip
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from .test_safety_search import GUIDE, PHONE, _settled


def _run(browser, serve_site: str, query: str, delay: int) -> tuple[list[str], str, list[str]]:
    """Open the search on a fresh phone, enter `query` (pasted when `delay` is 0, else typed
    key by key `delay` ms apart): the results' links, the result line, the search files fetched."""
    context = browser.new_context(**PHONE)
    tab = context.new_page()
    fetched: list[str] = []
    tab.on("response", lambda r: fetched.append(unquote(urlsplit(r.url).path))
           if "/search/" in r.url else None)
    tab.goto(serve_site + GUIDE)
    tab.tap(".react-search__open")
    box = tab.locator(".react-search input")
    if delay:
        box.press_sequentially(query, delay=delay)
    else:
        box.fill(query)
    _settled(tab)
    tab.wait_for_timeout(1500)  # anything still coming
    links = tab.eval_on_selector_all(".react-search .md-search-result__link", "els => els.map(e => e.href)")
    meta = tab.inner_text(".react-search .md-search-result__meta")
    context.close()
    return links, meta, fetched


def _gzip_bytes(built_site: Path, paths: list[str]) -> int:
    return sum(len(gzip.compress((built_site / p.lstrip("/")).read_bytes(), 9)) for p in paths)


@pytest.mark.browser
@pytest.mark.parametrize("query, delay", [("адвокат", 400), ("адвокат", 150), ("ҳуқуқи инсон", 250)])
def test_typing_a_query_costs_about_what_pasting_it_costs(browser, serve_site: str, built_site: Path,
                                                          query: str, delay: int) -> None:
    pasted_links, pasted_meta, pasted = _run(browser, serve_site, query, 0)
    typed_links, typed_meta, typed = _run(browser, serve_site, query, delay)
    assert pasted_links and (typed_links, typed_meta) == (pasted_links, pasted_meta)
    chunks = [p for p in typed if "/search/d/" in p]
    assert len(chunks) == len(set(chunks)) <= len([p for p in pasted if "/search/d/" in p]) + 1, typed
    # The shards of the words' first letters come on top (a sum shard for one letter).
    assert len(typed) <= len(pasted) + 4, (typed, pasted)
    assert _gzip_bytes(built_site, typed) <= _gzip_bytes(built_site, pasted) + 8 * 1024, (typed, pasted)
