"""Each offline ZIP holds what its pages reference, and everything they reference (issue 18.6).

The sample's real `kb dist`: in every language's ZIP, every file is reached from the ZIP's
start page (`index.html`, `index-ru.html`...) through links from page to page and the files
they load (through a stylesheet's url() too), and every address a page or stylesheet gives
resolves to a file of the same ZIP (the language selector's links to the other languages
aside: they lead to the other ZIPs). Material's search segmenters and stemmers, the service
worker with its "no internet" page and list, source maps and another language's Word letters
are not in it. The ZIPs unzip into one folder in any order: no path in two of them with
different bytes.
"""

from __future__ import annotations

import json
import zipfile
from collections import defaultdict
from pathlib import Path

import pytest
from click.testing import CliRunner

from scripts.cli import main
from scripts.dist_refs import closure, references

from .conftest import SKELETON, MiniProject, copy_tree
from .test_safety_exit import _without_exit_url

# The page a reader opens at the top of each language's unzipped ZIP.
START = {"tg": "index.html", "ru": "index-ru.html", "en": "index-en.html", "uz": "index-uz.html"}


@pytest.fixture(scope="module")
def zips(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("dist") / "project"
    copy_tree(SKELETON + ("content",), root)
    out = root.parent / "out"
    result = CliRunner().invoke(main, ["--root", str(root), "dist", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return {path.stem.removeprefix("react-kb-"): path for path in out.glob("*.zip")}


@pytest.mark.slow
def test_every_file_is_referenced_and_every_reference_resolves(zips: dict[str, Path]) -> None:
    assert set(zips) == {"tg", "ru", "en", "uz"}
    for lang, path in zips.items():
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            wanted, missing = closure([START[lang]], names.__contains__, archive.read)
        assert missing == [], f"{lang}: {missing[:10]}"
        assert names - wanted == set(), f"{lang}: files the start page does not lead to"
        assert not [n for n in names if "lunr/" in n or "workers/" in n or n.endswith((".map", "sw.js"))]
        # Only the service worker shows `offline.html` and reads `offline.json`; the sample's
        # quick exit leads to another site (exit_url), so no page links to the own exit page.
        assert not [n for n in names if n.endswith(("offline.html", "offline.json", "exit/index.html"))]
        docx = [n for n in names if n.endswith(".docx")]
        assert docx and all(n.startswith(f"{lang}/") == (lang != "tg") for n in docx), (lang, docx)


def test_references_are_read_from_pages_and_stylesheets() -> None:
    page = (b'<link rel="stylesheet" href="../assets/s.css">'
            b'<a href="../ru/x.html" hreflang="ru">ru</a>'
            b'<a href="https://example.org/">x</a><a href="#top">top</a>'
            b'<div data-docx-lib="templates/lib/d.js" data-lang="ru"'
            b' data-react-search="../search/index.json">')
    found = dict(references("guides/x.html", page))
    assert found == {"../assets/s.css": ["assets/s.css"],
                     "templates/lib/d.js": ["guides/templates/lib/d.js",
                                            "templates/lib/d.js"],
                     "../search/index.json": ["search/index.js"]}
    sheet = b"a{background:url('../img/a.png')}b{x:url(data:image/png;base64,AA)}"
    css = dict(references("assets/s.css", sheet))
    assert found and css == {"../img/a.png": ["img/a.png"]}


def test_a_script_references_only_the_files_it_declares_it_loads() -> None:
    # search/index.js (kb dist) names the shards search.js loads from file:// on its first line.
    table = b'/* kb-loads: s/0.js d/0.js */\nwindow.reactSearchData["index.json"] = {};\n'
    assert dict(references("search/index.js", table)) == {"s/0.js": ["search/s/0.js"],
                                                          "d/0.js": ["search/d/0.js"]}
    # Any other script is not read for addresses, however many it names.
    assert references("assets/x.js", b'load("s/0.js"); /* kb-loads: s/1.js */') == []


@pytest.mark.slow
def test_the_zips_unzip_into_one_folder_in_any_order(zips: dict[str, Path]) -> None:
    """No path is in two ZIPs with different bytes, so no ZIP unzipped after another replaces
    one of its files (before, each non-default ZIP's `index.html` opened its own language, and
    the last one unzipped became the Tajik home page). A ZIP alone has its start page at its
    top, and only the default language's opens no other page."""
    contents: dict[str, dict[str, bytes]] = defaultdict(dict)
    for lang, path in zips.items():
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                contents[name][lang] = archive.read(name)
    differing = {name: sorted(by_lang) for name, by_lang in contents.items()
                 if len(set(by_lang.values())) > 1}
    assert differing == {}
    assert set(contents["index.html"]) == {"tg"}
    for lang in ("ru", "en", "uz"):
        assert set(contents[START[lang]]) == {lang}
        assert f'url={lang}/index.html"' in contents[START[lang]][lang].decode("utf-8")


@pytest.mark.slow
def test_without_exit_url_each_zip_holds_its_own_exit_page(mini: MiniProject, tmp_path: Path) -> None:
    """The quick exit leads to the site's own neutral page when mkdocs.yml sets no `exit_url`
    (a reader in danger must land somewhere, also from the files): every page links to it, so
    every ZIP holds its language's, and it is a page without scripts or files of its own."""
    mini.guide("police-detention", "tg")
    _without_exit_url(mini.root, None)
    result = CliRunner().invoke(main, ["--root", str(mini.root), "dist", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    for lang, start in START.items():
        root = "" if lang == "tg" else f"{lang}/"
        with zipfile.ZipFile(tmp_path / f"react-kb-{lang}.zip") as archive:
            names = set(archive.namelist())
            # (The mini site's menus name pages it lacks: those references stay unresolved.)
            wanted, _ = closure([start], names.__contains__, archive.read)
            home = archive.read(f"{root}index.html").decode("utf-8")
        assert f"{root}exit/index.html" in names and names == wanted, lang
        assert 'href="exit/index.html"' in home
        assert not [n for n in names if n.endswith(("offline.html", "offline.json"))], lang


@pytest.mark.slow
def test_every_page_a_reader_can_save_offline_is_in_its_zip(zips: dict[str, Path], built_site: Path) -> None:
    """The ZIP holds the pages reached from its start page: every page of the language (those
    the served site lists for saving offline, built_site's `offline.json`) must be reached,
    so that a page linked from nowhere but a search result would be noticed here."""
    roots = {"tg": "", "ru": "ru/", "en": "en/", "uz": "uz/"}
    for lang, path in zips.items():
        listed = json.loads((built_site / roots[lang] / "offline.json").read_text(encoding="utf-8"))["pages"]
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
        missing = []
        for page in listed:
            rel = roots[lang] + ("" if page == "./" else page)
            forms = {rel + "index.html", rel.rstrip("/") + ".html"} if rel.endswith("/") or not rel else {rel}
            if not forms & names:
                missing.append(page)
        assert missing == [], f"{lang}: pages of the site not in its ZIP: {missing[:10]}"
