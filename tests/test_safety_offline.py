"""Offline reading: visited pages stay readable, "save for offline" per language, "remove".

Real Chromium with the site's own service worker (/sw.js) on the served site; the network is
cut with Playwright's offline mode, which the service worker's fetches also obey.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser


def _controlled(page, url: str) -> None:
    """Open `url` and wait until the service worker controls the page."""
    page.goto(url)
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    page.wait_for_function("() => !!navigator.serviceWorker.controller")


def _available(page, url: str) -> bool:
    """Whether the controlled page can fetch `url` now (through the service worker).

    `no-store`: the browser's own HTTP cache must not answer; only the network or the
    service worker's copy can.
    """
    return page.evaluate("url => fetch(url, {cache: 'no-store'}).then(r => r.ok, () => false)", url)


def _styled(page) -> bool:
    """Material's stylesheet is applied (the header sticks): the page is not bare HTML."""
    return page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"


def test_pages_visited_stay_readable_offline(serve_site: str, page) -> None:
    _controlled(page, serve_site + "guides/police-detention/")
    page.goto(serve_site + "guides/free-legal-aid/")  # visited while the worker is in control
    title = page.title()
    page.context.set_offline(True)
    try:
        response = page.goto(serve_site + "guides/free-legal-aid/")
        assert response is not None and response.ok
        assert page.title() == title
        assert _styled(page)
        assert not _available(page, serve_site + "guides/domestic-violence/")  # never opened
    finally:
        page.context.set_offline(False)


def test_save_a_language_for_offline_then_remove_it(serve_site: str, page, built_site: Path) -> None:
    _controlled(page, serve_site + "en/stay-safe/")
    save = page.get_by_role("button", name="Save for reading offline")
    assert save.is_visible()
    save.click()
    page.wait_for_function("() => !document.querySelector('.react-offline__save').disabled",
                           timeout=60_000)
    status = page.inner_text(".react-offline__status")
    assert status.startswith("Files saved:"), status
    assert page.evaluate("(() => { const p = document.querySelector('.react-offline progress');"
                         " return p.value === p.max && p.max > 10; })()")
    pages = json.loads((built_site / "en" / "offline.json").read_text(encoding="utf-8"))["pages"]
    assert "guides/domestic-violence/" in pages and not any(p.startswith("ru/") for p in pages)

    page.context.set_offline(True)
    try:
        # Never opened, but saved with its language: readable, styled, searchable.
        response = page.goto(serve_site + "en/guides/domestic-violence/")
        assert response is not None and response.ok and _styled(page)
        assert _available(page, serve_site + "en/organizations/")
        assert not _available(page, serve_site + "ru/guides/domestic-violence/")  # not this language
        page.get_by_role("button", name="Remove offline copy").click()
        page.wait_for_function("() => document.querySelector('.react-offline__status').textContent"
                               ".startsWith('The offline copy was removed')")
        assert page.evaluate("() => caches.keys()") == []
        assert not _available(page, serve_site + "en/guides/free-legal-aid/")
    finally:
        page.context.set_offline(False)


def test_offline_controls_are_in_every_language(built_site: Path) -> None:
    labels = {"": "Нигоҳ доштан барои хондан бе интернет", "ru/": "Сохранить для чтения без интернета",
              "uz/": "Интернетсиз ўқиш учун сақлаш"}
    for prefix, label in labels.items():
        html = (built_site / prefix / "guides" / "index.html").read_text(encoding="utf-8")
        assert label in html and 'data-react-offline="../offline.json"' in html
    assert (built_site / "sw.js").is_file() and not (built_site / "ru" / "sw.js").exists()
