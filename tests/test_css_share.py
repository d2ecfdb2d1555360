"""Languages whose pruned stylesheets are the same bytes name one address (scripts/css_share.py).

On the built sample every language's pages name the default language's sheet; when the
default language's sheet changes (its pages changed, another language kept from the earlier
build), the other language falls back to its own copy, and back to the shared one when they
are the same again. The browser's side (a second language's visit downloads no stylesheet)
is tests/test_page_weight.py::test_another_language_reuses_the_cached_stylesheet.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from scripts.css_share import share_stylesheets

from .conftest import LANGUAGE_ROOTS

_LINK = re.compile(r'<link rel="stylesheet" href="([^"]+)"')


def named_sheets(site: Path, root: str) -> set[Path]:
    """The stylesheet files the pages of the language at `root` name (resolved)."""
    found = set()
    pages = sorted((site / root).rglob("*.html")) if root else sorted(site.glob("*.html"))
    for page in pages:
        for href in _LINK.findall(page.read_text(encoding="utf-8")):
            base = site if href.startswith("/") else page.parent
            found.add((base / href.lstrip("/")).resolve())
    return found


def test_every_language_names_the_default_language_sheet(built_site: Path) -> None:
    [shared] = named_sheets(built_site, "")
    assert shared.parent == (built_site / "assets" / "stylesheets").resolve()
    for lang, root in LANGUAGE_ROOTS.items():
        if root:
            assert named_sheets(built_site, root) == {shared}, lang
            assert (built_site / root / "assets" / "stylesheets" / shared.name).read_bytes() \
                == shared.read_bytes()


def test_a_language_falls_back_to_its_own_sheet_when_the_default_language_changes(
        built_site: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    [shared] = named_sheets(site, "")
    # The default language rebuilt with another stylesheet: its old one is gone.
    changed = shared.with_name("react.0123456789.css")
    changed.write_bytes(shared.read_bytes() + b"\n.only-in-tajik{color:red}\n")
    shared.unlink()
    for page in site.glob("**/*.html"):
        if page.relative_to(site).parts[0] not in {"ru", "en", "uz"}:
            page.write_text(page.read_text(encoding="utf-8").replace(shared.name, changed.name),
                            encoding="utf-8")
    named = share_stylesheets(site, "tg", list(LANGUAGE_ROOTS))
    assert named["ru"] == f"ru/assets/stylesheets/{shared.name}"
    assert named_sheets(site, "ru/") == {(site / named["ru"]).resolve()}
    assert named_sheets(site, "") == {changed.resolve()}
    # The same bytes at the root again: shared again (and a second run changes nothing).
    shutil.copy2(site / named["ru"], shared)
    for _ in range(2):
        named = share_stylesheets(site, "tg", list(LANGUAGE_ROOTS))
        assert named == {lang: f"assets/stylesheets/{shared.name}" for lang in ("ru", "en", "uz")}
        assert named_sheets(site, "en/") == {shared.resolve()}


def test_the_workers_relink_the_pages_as_this_process_does(built_site: Path, tmp_path: Path, mini) -> None:
    """Spread over the language builds' worker processes (as kb build does), the pages are
    rewritten to the same bytes as here: every language falls back to its own sheet."""
    from scripts.mkdocs_run import LanguageWorkers

    sites = [tmp_path / "here", tmp_path / "there"]
    for site in sites:
        shutil.copytree(built_site, site)
        [shared] = named_sheets(site, "")
        shared.unlink()  # the default language's sheet gone: the others name their own
    here = share_stylesheets(sites[0], "tg", list(LANGUAGE_ROOTS))
    with LanguageWorkers(mini.project) as workers:
        there = share_stylesheets(sites[1], "tg", list(LANGUAGE_ROOTS), workers.spread)
    assert here == there == {lang: f"{lang}/assets/stylesheets/{shared.name}" for lang in ("ru", "en", "uz")}
    pages = sorted(path.relative_to(sites[0]) for path in sites[0].rglob("*.html"))
    assert pages == sorted(path.relative_to(sites[1]) for path in sites[1].rglob("*.html"))
    for page in pages:
        assert (sites[0] / page).read_bytes() == (sites[1] / page).read_bytes()
    assert named_sheets(sites[1], "en/") == {(sites[1] / there["en"]).resolve()}


def test_a_page_replaced_since_the_last_share_is_relinked(built_site: Path, tmp_path: Path) -> None:
    """kb serve shares the sheets after every edit and reads again only the pages replaced
    since (their status): a page an edit published, naming its language's own sheet, is
    pointed at the shared one again; the pages not replaced keep theirs."""
    import os

    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    named = share_stylesheets(site, "tg", list(LANGUAGE_ROOTS))
    [shared] = named_sheets(site, "en/")
    page = site / "en" / "index.html"
    own = f"assets/stylesheets/{shared.name}"  # the English copy, from en/index.html
    assert (site / "en" / own).is_file()
    text = page.read_text(encoding="utf-8")
    published = _LINK.sub(lambda m: m.group(0).replace(m.group(1), own), text)
    assert published != text
    fresh = page.with_name("index.html.new")
    fresh.write_text(published, encoding="utf-8")
    os.replace(fresh, page)  # as kb serve publishes a page
    assert named_sheets(site, "en/") == {shared.resolve(), (site / "en" / own).resolve()}
    assert share_stylesheets(site, "tg", list(LANGUAGE_ROOTS)) == named
    assert named_sheets(site, "en/") == {shared.resolve()}
    assert page.read_text(encoding="utf-8") == text
