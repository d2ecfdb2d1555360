"""Every page's links work wherever the site is put: at a host's root, under a sub-folder
(https://example.org/kb/), or opened from files (the offline ZIPs).

So no page links or loads a root-absolute address ("/ru/", "/assets/..."), which would leave
the site's folder. The one exception, by design: the 404 pages (README, "Hosting under a
sub-folder"). A host serves 404.html at every missing address, at any depth, where a
relative link would resolve against the missing address; MkDocs writes it without a page,
with addresses from `site_url`'s path ("/kb/..." for https://example.org/kb/, "/" without
it), which is why a site under a sub-folder is built with `--site-url`.
The browser side (following the language menu under a sub-folder) is
tests/test_language_switcher.py; from files, tests/test_dist.py.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from scripts.build import build_site
from scripts.urls import site_relative

from .conftest import LANGUAGE_ROOTS, MiniProject

# Attributes that hold an address a browser follows or loads, and the site's own data-*
# addresses (the search index, the offline list, the language roots the scripts read).
ADDRESS = re.compile(r'\s(href|src|action|poster|srcset|data-[a-z0-9-]+)="([^"]*)"')
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)")
# Pages MkDocs renders without a page, whose links are built from site_url's path.
SITE_URL_BASED = "404.html"


def root_absolute(address: str) -> bool:
    """An address that starts at the host's root ("/x"), not another host's ("//host/x")."""
    return address.startswith("/") and not address.startswith("//")


def root_absolute_addresses(site: Path) -> Iterator[tuple[str, str]]:
    """(file relative to `site`, address) of every root-absolute address in the site's HTML,
    CSS and JSON files."""
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        if path.suffix == ".html":
            text = path.read_text(encoding="utf-8")
            for name, value in ADDRESS.findall(text):
                values = [part.split()[0] for part in value.split(",") if part.strip()] \
                    if name == "srcset" else [value]
                yield from ((rel, f"{name}={v}") for v in values if root_absolute(v))
            yield from ((rel, f"url({v})") for v in CSS_URL.findall(text) if root_absolute(v))
        elif path.suffix == ".css":
            text = path.read_text(encoding="utf-8")
            yield from ((rel, f"url({v})") for v in CSS_URL.findall(text) if root_absolute(v))
        elif path.suffix == ".json":  # offline lists, search shards: addresses as strings
            yield from ((rel, v) for v in _strings(json.loads(path.read_text(encoding="utf-8")))
                        if root_absolute(v))


def _strings(data: object) -> Iterator[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield key
            yield from _strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from _strings(value)


def test_no_page_links_outside_the_sites_folder(built_site: Path) -> None:
    """Every page of every kind in every language (home pages and their language menu
    included), every stylesheet and every JSON file of the sample."""
    found = list(root_absolute_addresses(built_site))
    outside = [(rel, address) for rel, address in found if not rel.endswith(SITE_URL_BASED)]
    assert outside == []
    # The exception is real and only the 404 pages: each language's has site_url-based links.
    assert {rel for rel, _ in found} == {f"{root}404.html" for root in LANGUAGE_ROOTS.values()}
    # Every kind of page was looked at (a page left out would pass unseen).
    checked = {p.relative_to(built_site).as_posix() for p in built_site.rglob("*.html")}
    assert len(checked) > 400 and {"index.html", "ru/index.html", "en/index.html",
                                   "uz/index.html", "ru/guides/police-detention/index.html"} <= checked


@pytest.mark.slow
def test_under_a_site_url_with_a_folder_only_404_pages_use_its_path(mini: MiniProject) -> None:
    """With `--site-url https://example.org/kb/`, the 404 pages' links start with /kb/ (what
    a host serving the site under kb/ needs) and every other page's links stay relative."""
    mini.guide("police-detention", "tg")
    build_site(mini.project, site_url="https://example.org/kb/")
    site = mini.root / "site"
    found = list(root_absolute_addresses(site))
    assert [(rel, a) for rel, a in found if not rel.endswith(SITE_URL_BASED)] == []
    not_found = [a for rel, a in found if rel.endswith(SITE_URL_BASED)]
    assert not_found and all(a.split("=", 1)[-1].startswith("/kb/") for a in not_found), not_found
    home = (site / "ru/index.html").read_text(encoding="utf-8")
    assert 'href=".." hreflang="tg"' in home and 'href="../en/" hreflang="en"' in home


@pytest.mark.parametrize(("link", "site_url", "expected"), [
    ("/", None, ""),
    ("/ru/", None, "ru/"),
    ("/ru/index.html", None, "ru/index.html"),  # use_directory_urls: false (kb dist)
    ("/kb/ru/", "https://example.org/kb/", "ru/"),
    ("/kb/", "https://example.org/kb", ""),
    ("/other/ru/", "https://example.org/kb/", "/other/ru/"),  # outside the site: as it is
    ("https://example.org/ru/", None, "https://example.org/ru/"),
    ("//example.org/ru/", None, "//example.org/ru/"),
    ("ru/", None, "ru/"),  # already relative
])
def test_site_relative(link: str, site_url: str | None, expected: str) -> None:
    assert site_relative(link, site_url) == expected
