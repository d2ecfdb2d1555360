"""Each offline ZIP holds what its pages reference, and everything they reference (issue 18.6).

The sample's real `kb dist`: in every language's ZIP, every file is reached from the
language's pages (through a stylesheet's url() too), and every address a page or stylesheet
gives resolves to a file of the same ZIP (the language selector's links to the other
languages aside: they lead to the other ZIPs). Material's search segmenters and stemmers, the
service worker, source maps and another language's Word letters are not in it.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from scripts.cli import main
from scripts.dist_refs import closure, references

from .conftest import SKELETON, copy_tree


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
            pages = [name for name in names if name.endswith(".html")]
            wanted, missing = closure(pages, names.__contains__, archive.read)
        assert missing == [], f"{lang}: {missing[:10]}"
        assert names - wanted == set(), f"{lang}: files no page references"
        assert not [n for n in names if "lunr/" in n or "workers/" in n or n.endswith((".map", "sw.js"))]
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
