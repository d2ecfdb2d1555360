"""The language switcher, in a real Chromium, keeps the reader on the same page, also when
the site is published under a sub-folder (https://example.org/kb/)."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import LANGUAGE_ROOTS, serve_folder

pytestmark = pytest.mark.browser

NAMES = {"tg": "Тоҷикӣ", "ru": "Русский", "en": "English", "uz": "Ўзбекча"}


def switch_to(page, name: str) -> None:
    page.click(".md-header__option .md-select button, .md-header__option .md-select")
    page.click(f".md-select__link:text-is('{name}')")


@pytest.mark.parametrize(("start", "name", "lang", "expected"), [
    ("guides/police-detention/", "Русский", "ru", "ru/guides/police-detention/"),
    ("ru/guides/police-detention/", "Тоҷикӣ", "tg", "guides/police-detention/"),
    ("en/organizations/", "Ўзбекча", "uz", "uz/organizations/"),
    ("uz/guides/free-legal-aid/", "English", "en", "en/guides/free-legal-aid/"),
])
def test_switching_language_stays_on_the_page(serve_site: str, page, start, name, lang, expected) -> None:
    page.goto(serve_site + start)
    switch_to(page, name)
    page.wait_for_url(serve_site + expected)
    assert page.evaluate("document.documentElement.lang") == lang


@pytest.fixture(scope="module")
def subfolder_site(built_site: Path, tmp_path_factory: pytest.TempPathFactory):
    """The built site served under a sub-folder: a server rooted one level above `kb/`,
    the site built without `site_url` (README, "Hosting under a sub-folder")."""
    host = tmp_path_factory.mktemp("host")
    (host / "kb").symlink_to(built_site, target_is_directory=True)
    with serve_folder(host) as address:
        yield address + "kb/"


@pytest.mark.parametrize("page_path", ["", "guides/police-detention/"])
@pytest.mark.parametrize("start", list(LANGUAGE_ROOTS))
def test_switching_language_under_a_sub_folder(subfolder_site: str, page, start: str,
                                                page_path: str) -> None:
    """From each language's home page and a guide, every other language in the menu leads
    to that page in that language, inside kb/, with status 200; nothing the pages load
    (styles, scripts, images, the service worker) is asked for outside kb/ or fails."""
    strays: list[str] = []
    page.on("request", lambda r: strays.append(r.url) if not r.url.startswith(subfolder_site) else None)
    page.on("response", lambda r: strays.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    # (Requests the next navigation cuts short, net::ERR_ABORTED, are no failure of an address.)
    page.on("requestfailed", lambda r: strays.append(f"{r.failure} {r.url}")
            if r.failure != "net::ERR_ABORTED" else None)
    for lang, root in LANGUAGE_ROOTS.items():
        if lang == start:
            continue
        assert page.goto(subfolder_site + LANGUAGE_ROOTS[start] + page_path).status == 200
        with page.expect_navigation() as navigation:
            switch_to(page, NAMES[lang])
        assert navigation.value.status == 200, (start, lang, page.url)
        assert page.url == subfolder_site + root + page_path
        assert page.evaluate("document.documentElement.lang") == lang
    assert strays == []
