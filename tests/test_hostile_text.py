"""No markup from content becomes markup (issue 19, point 5).

The site is built from a copy of the project whose every text field holds hostile markup
(tests/hostile.py). Every output is parsed as what it is (HTML with lxml, JSON, CSV, SVG and
Word XML) and must hold no element or attribute that the clean site does not have, and the
hostile text, character for character, where a reader sees it.
"""

from __future__ import annotations

import collections
import csv
import io
import json
import zipfile
from pathlib import Path

import lxml.etree
import lxml.html
import pytest
import yaml

from scripts.build import build_site
from scripts.project import Project
from scripts.safety.search_shards import join
from scripts.translations import stamp
from tests.conftest import SKELETON, copy_tree
from tests.hostile import HOSTILE, HOSTILE_UI, SENTINEL, spoil_project

# Builds whole sites with MkDocs.
pytestmark = pytest.mark.slow

# What a browser would show if an escape were missing (a level too few) or doubled.
DOUBLE_ESCAPED = ("&lt;", "&gt;", "&quot;", "&#", "&amp;amp;")
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile") / "project"
    copy_tree(SKELETON + ("content",), root)
    project = Project(root)
    # Translations that match their original now must match it after the change too, so that
    # the hostile site has the same notices (and elements) as the clean one.
    current = []
    for path in sorted(root.glob("content/*/*.md")):
        text = path.read_text(encoding="utf-8")
        if "translated_from" in text:
            if "already stamped" in stamp(project, path):
                current.append(path)
            path.write_text(text, encoding="utf-8")
    spoil_project(root)
    for path in current:
        stamp(project, path)
    build_site(project)
    return root / "site"


def _html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "/lib/" not in p.as_posix())


def _parse(path: Path) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(path.read_bytes())


def _elements(root) -> collections.Counter:
    """Each element with its attribute names, outside charts (whose labels wrap)."""
    found: collections.Counter = collections.Counter()
    for el in root.iter():
        if not isinstance(el.tag, str) or any(a.tag in ("svg", f"{SVG}svg") for a in el.iterancestors()):
            continue
        found[(el.tag, tuple(sorted(el.attrib)))] += 1
    return found


def test_every_page_has_exactly_the_elements_and_attributes_of_the_clean_site(
        hostile_site: Path, built_site: Path) -> None:
    pages = [p.relative_to(hostile_site) for p in _html_pages(hostile_site)]
    assert pages == [p.relative_to(built_site) for p in _html_pages(built_site)]
    assert len(pages) > 100
    for rel in pages:
        hostile, clean = _elements(_parse(hostile_site / rel)), _elements(_parse(built_site / rel))
        assert hostile == clean, (rel, hostile - clean, clean - hostile)


def _texts(root) -> tuple[list[str], list[str]]:
    """The text nodes a reader sees and every attribute value of a page."""
    texts, values = [], []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        values += list(el.attrib.values())
        if el.tag not in ("script", "style") and el.text:
            texts.append(el.text)
        if el.tail:
            texts.append(el.tail)
    return texts, values


def test_hostile_text_shows_literally_in_text_attributes_title_and_meta(hostile_site: Path) -> None:
    seen = 0
    for path in _html_pages(hostile_site):
        root = _parse(path)
        texts, values = _texts(root)
        for value in [*texts, *values]:
            assert not any(mark in value for mark in DOUBLE_ESCAPED), (path, value)
        # Wherever part of the hostile text is, all of it is, unbroken: not cut by an element,
        # an emphasis or a link made of it. (A chart wraps a long label onto lines of their
        # own, one <text> each: its lines are read as one text.)
        for svg in root.iter("svg"):
            lines = [" ".join(t.split()) for t in svg.itertext() if t.strip()]
            svg.clear()
            svg.text = " ".join(lines)
        text = root.text_content()
        assert text.count(SENTINEL) == text.count(HOSTILE_UI), path
        for value in values:
            assert value.count(SENTINEL) == value.count(HOSTILE_UI), (path, value)
        if path.name != "404.html":  # Material's 404 page is titled with the site's name only
            assert HOSTILE_UI in root.findtext(".//title"), path
        seen += text.count(HOSTILE_UI)
        description = root.find(".//meta[@name='description']")
        if description is not None and path.name != "404.html":
            assert HOSTILE_UI in description.get("content"), path
    assert seen > 1000


def _title(source: Path) -> str:
    return yaml.safe_load(source.read_text(encoding="utf-8").split("---\n")[1])["title"]


def test_navigation_and_page_titles_are_the_titles_as_written(hostile_site: Path) -> None:
    content = hostile_site.parent / "content" / "guides"
    title = _title(content / "police-detention.ru.md")
    assert title.endswith(HOSTILE)
    page = _parse(hostile_site / "ru" / "guides" / "police-detention" / "index.html")
    links = [" ".join(a.text_content().split()) for a in page.iter("a")
             if "md-nav__link" in (a.get("class") or "")]
    assert title in links
    assert _title(content / "free-legal-aid.ru.md") in links  # another page's title
    assert page.findtext(".//title") == f"{title} - REAct: права и правовая помощь"
    assert page.find(".//meta[@name='description']").get("content") == yaml.safe_load(
        (content / "police-detention.ru.md").read_text(encoding="utf-8").split("---\n")[1])["summary"]


def test_search_index_holds_titles_and_text_as_text(hostile_site: Path) -> None:
    for index in hostile_site.rglob("search/index.json"):
        folder = index.parent
        entries = join({p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*.json")})
        assert entries
        for entry in entries:
            assert HOSTILE_UI in entry["t"], entry
            for value in entry.values():
                assert value.count(SENTINEL) == value.count(HOSTILE_UI), entry
                assert not any(mark in value for mark in DOUBLE_ESCAPED), entry


def _strings(value: object):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def test_downloads_hold_labels_as_written(hostile_site: Path) -> None:
    checked = 0
    for path in hostile_site.rglob("statistics/*.csv"):
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
        cells = [cell for row in rows[1:] for cell in row if SENTINEL in cell]
        assert cells and all(HOSTILE_UI in cell for cell in cells), path
        checked += 1
    for path in hostile_site.rglob("statistics/*.json"):
        values = [v for v in _strings(json.loads(path.read_text(encoding="utf-8"))) if SENTINEL in v]
        assert values and all(HOSTILE_UI in v for v in values), path
        checked += 1
    assert checked >= 8  # a CSV and a JSON per language


def test_charts_draw_labels_as_text(hostile_site: Path, built_site: Path) -> None:
    page = "statistics/cases/2020/index.html"
    charts = ".//figure[@class='kb-stat-figure']/svg"
    hostile, clean = _parse(hostile_site / page).findall(charts), _parse(built_site / page).findall(charts)
    assert hostile and len(hostile) == len(clean)
    allowed = {el.tag for svg in clean for el in svg.iter() if isinstance(el.tag, str)}
    for svg in hostile:
        # The chart as an XML parser reads an SVG file: well-formed, no element the clean has not.
        xml = lxml.etree.fromstring(lxml.html.tostring(svg))
        tags = {lxml.etree.QName(el).localname for el in xml.iter() if isinstance(el.tag, str)}
        assert tags <= allowed, tags - allowed
        assert not any(name.startswith("on") for el in xml.iter() for name in el.attrib)
        assert HOSTILE_UI in (xml.findtext(f"{SVG}title") or ""), xml.findtext(f"{SVG}title")
        words = " ".join(" ".join(t.split()) for t in xml.itertext())
        assert "<script>alert(1)</script>" in words
        assert not any(mark in words for mark in DOUBLE_ESCAPED)


def test_blank_word_letter_holds_the_text_as_written(hostile_site: Path) -> None:
    path = hostile_site / "ru" / "templates" / "prosecutor-complaint-blank.docx"
    with zipfile.ZipFile(path) as docx:
        body = lxml.etree.fromstring(docx.read("word/document.xml"))
        core = lxml.etree.fromstring(docx.read("docProps/core.xml"))
    namespaces = {el.tag.split("}")[0] for el in body.iter() if isinstance(el.tag, str)}
    assert namespaces == {"{http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
    paragraphs = ["".join(t.text or "" for t in p.iter("{*}t")) for p in body.iter("{*}p")]
    assert any(p.endswith(HOSTILE_UI) for p in paragraphs), paragraphs  # the letter's own line
    assert any(HOSTILE in p for p in paragraphs)  # a field's label
    assert "<script>" in "".join(core.itertext())  # the file's title


# -- in Chromium: what a reader's browser makes of the hostile site ---------------------------

# Runs before any script of a page: any alert() the hostile text could run is recorded.
ALERTS = "window.__alerts = []; window.alert = function (m) { window.__alerts.push(String(m)); };"
FROM_CONTENT = 'img[src="x"], meta[http-equiv="refresh"], a[href*="evil.invalid"], [onerror]'


@pytest.fixture(scope="module")
def hostile_server(hostile_site: Path):
    import functools
    import http.server
    import threading

    from tests.conftest import QuietHandler

    handler = functools.partial(QuietHandler, directory=str(hostile_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture
def tab(browser):
    context = browser.new_context(accept_downloads=True, viewport={"width": 412, "height": 860})
    context.add_init_script(ALERTS)
    tab = context.new_page()
    tab.foreign = []  # requests to any other host
    tab.on("request", lambda r: None if r.url.startswith(("http://127.0.0.1", "blob:", "data:"))
           else tab.foreign.append(r.url))
    yield tab
    context.close()


def _nothing_ran(tab, url: str) -> None:
    tab.wait_for_timeout(1500)  # a refresh of 0 s, an image's onerror: long past
    assert tab.url == url
    assert tab.evaluate("window.__alerts") == []
    assert tab.locator(FROM_CONTENT).count() == 0
    assert tab.foreign == []


@pytest.mark.browser
def test_in_chromium_titles_are_text_and_nothing_from_content_runs(tab, hostile_server: str,
                                                                  hostile_site: Path) -> None:
    title = _title(hostile_site.parent / "content" / "guides" / "police-detention.ru.md")
    url = hostile_server + "ru/guides/police-detention/"
    tab.goto(url)
    _nothing_ran(tab, url)
    assert tab.title() == f"{title} - REAct: права и правовая помощь"
    links = tab.eval_on_selector_all(".md-nav__link", "links => links.map(a => a.textContent.trim())")
    assert title in links
    assert tab.locator("h1").first.text_content().strip() == title


@pytest.mark.browser
def test_in_chromium_search_results_are_text(tab, hostile_server: str) -> None:
    url = hostile_server + "ru/"
    tab.goto(url)
    tab.click(".react-search__open")
    tab.fill(".react-search input", "задержание")
    results = tab.locator(".md-search-result__list")
    results.locator("li").first.wait_for()
    assert HOSTILE_UI in results.text_content()
    assert results.locator("li").count() == results.locator("a").count()  # one link each, ours
    assert results.locator("img, script, meta, form").count() == 0
    _nothing_ran(tab, url)


@pytest.mark.browser
def test_in_chromium_quiz_feedback_is_text(tab, hostile_server: str, hostile_site: Path) -> None:
    url = hostile_server + "ru/training/police-and-detention/"
    tab.goto(url)
    first = tab.locator(".kb-quiz fieldset").first
    legend = first.locator("legend").text_content()
    assert legend.endswith(HOSTILE)
    labels = first.locator("label").all_text_contents()
    assert len(labels) >= 2 and all(HOSTILE in label for label in labels)
    first.locator("input").nth(0).check()
    first.locator(".kb-quiz__check").click()
    feedback = first.locator(".kb-quiz__feedback").text_content()
    assert feedback.count(HOSTILE) >= 1 and HOSTILE_UI in feedback  # the answer, the explanation
    _nothing_ran(tab, url)


@pytest.mark.browser
def test_in_chromium_the_letter_form_and_filled_word_file_hold_text(tab, hostile_server: str,
                                                                    tmp_path: Path) -> None:
    url = hostile_server + "ru/templates/prosecutor-complaint/"
    tab.goto(url)
    label = tab.locator("label[for=appeal-full_name]").text_content()
    assert HOSTILE in label
    typed = "Иванов <b>И.</b> &amp; сын"
    tab.fill("#appeal-full_name", typed)
    letter = tab.locator("[data-appeal-letter]").text_content()
    assert typed in letter and HOSTILE_UI in letter
    with tab.expect_download() as download:
        tab.click("[data-appeal-action=docx]")
    path = tmp_path / "filled.docx"
    download.value.save_as(path)
    with zipfile.ZipFile(path) as docx:
        body = lxml.etree.fromstring(docx.read("word/document.xml"))
    words = "".join(t.text or "" for t in body.iter("{*}t"))
    assert typed in words and HOSTILE in words and HOSTILE_UI in words  # value, empty field's label
    namespaces = {el.tag.split("}")[0] for el in body.iter() if isinstance(el.tag, str)}
    assert all("openxmlformats" in ns or "microsoft" in ns for ns in namespaces), namespaces
    _nothing_ran(tab, url)


@pytest.mark.browser
def test_in_chromium_the_finder_shows_its_steps_in_place_as_text(tab, hostile_server: str) -> None:
    url = hostile_server + "ru/"
    tab.goto(url)
    box = tab.locator("[data-kb-finder]")
    assert HOSTILE in box.text_content()  # the first question, written by the build
    tab.click('a[data-kb-to="help/police"]')
    tab.click('a[data-kb-to="help/police/raid"]')
    tab.click('a[data-kb-to="help/police/raid/khatlon"]')
    tab.wait_for_selector(".kb-finder-summary")
    text = box.text_content()  # the result, written by finder.js from the build's data
    assert text.count(HOSTILE) >= 3 and HOSTILE_UI in text
    assert box.locator("img, script, meta, form, a[href*='evil']").count() == 0
    _nothing_ran(tab, url)
