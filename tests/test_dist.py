"""`kb dist`: a ZIP per language that a browser opens from the file system, with no server.

Real ZIPs, unzipped into a temporary folder and opened by Chromium at a file:// address;
the test clicks a link to a guide and checks that the guide loads with its stylesheet, and
that the search finds it. Unzipped into one folder in any order, the ZIPs keep each other's
start pages, and the language menu leads from one to another.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from click.testing import CliRunner

from scripts.cli import main

from .conftest import MiniProject
from .test_language_switcher import switch_to


def test_each_language_zip_opens_from_the_file_system(mini: MiniProject, tmp_path: Path, page) -> None:
    mini.page("index", "tg", title="Саҳифаи асосӣ", body="[Ҳангоми боздошт](guides/police-detention.md)\n")
    mini.guide("police-detention", "tg", body="## Қадамҳо\n\nМатни-роҳнамо.\n")
    # Russian has no translations: its pages are the Tajik originals under a notice.
    result = CliRunner().invoke(main, ["--root", str(mini.root), "dist", "--out", str(tmp_path / "dist")])
    assert result.exit_code == 0, result.output
    zips = {path.name for path in (tmp_path / "dist").iterdir()}
    assert zips == {"react-kb-tg.zip", "react-kb-ru.zip", "react-kb-en.zip", "react-kb-uz.zip"}
    assert not (mini.root / "site").exists()  # dist builds elsewhere; site/ is not touched

    with zipfile.ZipFile(tmp_path / "dist/react-kb-ru.zip") as archive:
        names = set(archive.namelist())
    assert "ru/guides/police-detention.html" in names
    assert "guides/police-detention.html" not in names and "en/index.html" not in names

    # Pages, styles, scripts and images must load from the files. (fetch() of file:// is
    # refused by browsers: Material's sitemap look-ups and search fail quietly offline.)
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(request.url)
            if request.resource_type in ("document", "stylesheet", "script", "image", "font") else None)
    for lang in ("tg", "ru"):
        folder = tmp_path / f"unzipped-{lang}"
        with zipfile.ZipFile(tmp_path / f"dist/react-kb-{lang}.zip") as archive:
            archive.extractall(folder)
        start = "index.html" if lang == "tg" else f"index-{lang}.html"
        page.goto((folder / start).as_uri())
        if lang != "tg":  # the ZIP's start page, its only page at the top, opens its home page
            assert [path.name for path in folder.glob("*.html")] == [start]
            page.wait_for_url(f"**/{lang}/index.html")
        page.wait_for_load_state("load")
        page.get_by_role("link", name="Ҳангоми боздошт").first.click()
        page.wait_for_load_state("load")
        assert page.url.startswith("file://") and page.url.endswith("guides/police-detention.html")
        assert "Матни-роҳнамо" in page.locator("article").inner_text()
        assert page.get_attribute("html", "lang") == lang
        # Material's stylesheet is loaded from the ZIP: its header is laid out, not unstyled.
        assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"

        # Search works from the files too (the index comes as a script, not by fetch()), in
        # the language's own index: Tajik finds the guide ("Матни-роҳнамо" typed with Russian
        # letters), Russian does not (its page is the Tajik original: not indexed as Russian).
        page.go_back()
        page.wait_for_load_state("load")
        page.click(".react-search__open")
        page.fill(".react-search input", "матни-рохнамо")
        if lang == "ru":
            none = page.eval_on_selector(".react-search", "b => b.dataset.reactTextNone")
            page.wait_for_function("t => document.querySelector('.react-search .md-search-result__meta')"
                                   ".textContent === t", arg=none)
            continue
        result = page.locator(".react-search .md-search-result__link").first
        result.wait_for()
        href = result.get_attribute("href").split("#")[0]  # the section's anchor aside
        assert href.startswith("file://") and href.endswith("/guides/police-detention.html"), href
        result.click()
        page.wait_for_url("**/guides/police-detention.html#*")
        assert "Матни-роҳнамо" in page.locator("article.md-content__inner").inner_text()
    assert failed == []

    # Unzipped side by side in any order (here the default language's first: before, the
    # Russian ZIP's top index.html then replaced the Tajik home page), the language menu
    # leads from ZIP to ZIP, from a home page and from a guide: its links are relative, never
    # root-absolute (file:///ru/index.html would be the disk's root).
    together = tmp_path / "unzipped-together"
    for lang in ("tg", "ru"):
        with zipfile.ZipFile(tmp_path / f"dist/react-kb-{lang}.zip") as archive:
            archive.extractall(together)
    page.goto((together / "index-ru.html").as_uri())
    page.wait_for_url(f"{together.as_uri()}/ru/index.html")
    for start, name, lang, expected in [("index.html", "Русский", "ru", "ru/index.html"),
                                        ("ru/index.html", "Тоҷикӣ", "tg", "index.html"),
                                        ("ru/guides/police-detention.html", "Тоҷикӣ", "tg",
                                         "guides/police-detention.html")]:
        page.goto((together / start).as_uri())
        switch_to(page, name)
        page.wait_for_load_state("load")
        assert page.url == (together / expected).as_uri()
        assert page.get_attribute("html", "lang") == lang
    assert failed == []
    with zipfile.ZipFile(tmp_path / "dist/react-kb-tg.zip") as archive:
        names = set(archive.namelist())
    assert "search/index.js" in names and "search/index.json" not in names
