"""The statistics pages of the real build: no small count anywhere, the same figures in every
chart, table, summary and download, in every language, and the same bytes on every build.

Uses the session's `built_site` (the repository's content built once into a copy).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import subprocess
import sys
from html import unescape
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO

LANGS = {"tg": "", "ru": "ru/", "en": "en/", "uz": "uz/"}
SENSITIVE = {("key_population", "lgbtiq"), ("key_population", "sex_worker"), ("key_population", "prisoner"),
             ("gender", "transgender_female"), ("gender", "transgender_male")}
TABLE = re.compile(r'<table class="kb-stat-table( kb-stat-matrix)?">(.*?)</table>', re.S)
FIGURE = re.compile(r'<figure class="kb-stat-figure">(.*?)</figure>', re.S)
CELL = re.compile(r"<t([hd])[^>]*>(.*?)</t[hd]>", re.S)
ROW = re.compile(r"<tr>(.*?)</tr>", re.S)
SVG_TEXT = re.compile(r"<text[^>]*>([^<]*)</text>")
FIGURE_LIKE = re.compile(r"^(?:<\d+|x|–|\d[\d\s\u00a0\u202f]*)$")


def number(text: str) -> int | None:
    digits = re.sub(r"[\s\u00a0\u202f]", "", text)
    return int(digits) if digits.isdigit() else None


def stat_pages(site: Path) -> list[Path]:
    return sorted(p for lang in LANGS.values() for p in (site / lang / "statistics").rglob("index.html")
                  if "dictionary" not in p.parts)


def tables(html: str) -> list[tuple[bool, list[str], list[list[str]]]]:
    """(is a region matrix, header cells, body rows) of each statistics table."""
    found = []
    for matrix, body in TABLE.findall(html):
        rows = [[unescape(c) for _, c in CELL.findall(row)] for row in ROW.findall(body)]
        found.append((bool(matrix), rows[0], rows[1:]))
    return found


@pytest.fixture(scope="module")
def pages(built_site: Path) -> dict[Path, str]:
    found = {p: p.read_text(encoding="utf-8") for p in stat_pages(built_site)}
    assert len(found) == 4 * 8  # overview, dataset, 3 periods, 3 region views, per language
    return found


def test_every_language_has_the_statistics_pages_and_downloads(built_site: Path) -> None:
    titles = {"tg": "Омор", "ru": "Статистика", "en": "Statistics", "uz": "Статистика"}
    for lang, prefix in LANGS.items():
        root = built_site / prefix / "statistics"
        assert f"<h1>{titles[lang]}</h1>" in (root / "index.html").read_text(encoding="utf-8")
        for rel in ("cases/index.html", "cases/2020/index.html", "cases/2021/index.html",
                    "cases/2021-H1/index.html", "cases/2020/regions/index.html",
                    "cases/dictionary/index.html", "cases.csv", "cases.json"):
            assert (root / rel).is_file(), root / rel


def test_no_table_shows_a_small_or_sensitive_count(pages: dict[Path, str]) -> None:
    checked = 0
    for path, html in pages.items():
        for matrix, head, rows in tables(html):
            for row in rows:
                label, cells = row[0], row[1:]
                for column, cell in enumerate(cells):
                    value = number(cell)
                    if value is None or "%" in cell:
                        continue
                    # In a region matrix the first column is the country, the others regions.
                    threshold = 10 if matrix and column > 0 else 5
                    assert value == 0 or value >= threshold, f"{path}: {label} / {head[column + 1]}: {cell}"
                    checked += 1
    assert checked > 500


def chart_figures(svg: str) -> list[str]:
    return [unescape(t) for t in SVG_TEXT.findall(svg) if FIGURE_LIKE.match(unescape(t))]


def test_charts_show_exactly_the_figures_of_their_table(pages: dict[Path, str]) -> None:
    sections = 0
    for path, html in pages.items():
        if path.parent.name == "statistics":  # the overview: the trend charts the headline table
            [svg], [(_, _, rows)] = FIGURE.findall(html), tables(html)
            years = [row for row in rows if re.fullmatch(r"\d{4}", row[0])]
            labels = [row[0] for row in years]  # the periods under the bars
            in_chart = [c for c in chart_figures(svg) if c not in labels]
            assert sorted(in_chart) == sorted(c for row in years for c in row[1:]), path
            continue
        for svg, (_, _, rows) in zip(FIGURE.findall(html), tables(html), strict=True):
            in_table = [c for row in rows for c in row[1:] if c and "%" not in c]
            assert chart_figures(svg) == in_table, path
            sections += 1
    assert sections == 4 * (3 * 8 + 3 * 5)


def test_markers_read_the_same_in_summaries(pages: dict[Path, str]) -> None:
    ui = yaml.safe_load((REPO / "content" / "ui" / "statistics.yml").read_text(encoding="utf-8"))
    periods = [ui[key][lang].format(year=year, number=n)
               for key in ("stat_period_half", "stat_period_quarter", "stat_in_half", "stat_in_quarter")
               for lang in LANGS for year in (2020, 2021) for n in (1, 2, 3, 4)]
    for path, html in pages.items():
        for summary in re.findall(r'<p class="kb-stat-summary">(.*?)</p>', html, re.S):
            text = unescape(summary)
            for period in periods:
                text = text.replace(period, "")
            for value in re.findall(r"(?<![\d<])(\d+)(?![\d%\u00a0])", text):
                number_ = int(value)
                assert number_ == 0 or number_ >= 5, f"{path}: {text}"
            assert not re.search(r"<\d", text) or re.search(r"<(5|10)\b", text), text


def test_charts_are_accessible_text_and_allowed_by_the_security_policy(pages: dict[Path, str]) -> None:
    for path, html in pages.items():
        for svg in FIGURE.findall(html):
            head = re.search(r"<svg [^>]*>", svg)[0]
            assert 'role="img"' in head
            title_id, desc_id = re.search(r'aria-labelledby="([^" ]+) ([^"]+)"', head).groups()
            assert re.search(fr'<title id="{title_id}">[^<]+</title>', svg), path
            assert re.search(fr'<desc id="{desc_id}">[^<]+</desc>', svg), path
            assert " style=" not in svg and "<style" not in svg, path
            assert "<text" in svg and "<image" not in svg, path
        ids = re.findall(r' id="(chart-[^"]+)"', html)
        assert len(ids) == len(set(ids)), f"{path}: duplicate ids"


def test_region_view_never_shows_a_sensitive_category(built_site: Path) -> None:
    for prefix in LANGS.values():
        rows = list(csv.DictReader(io.StringIO(
            (built_site / prefix / "statistics" / "cases.csv").read_text(encoding="utf-8-sig"))))
        for row in rows:
            if row["region"] != "tj" and (row["dimension"], row["category"]) in SENSITIVE:
                assert row["count"] == "" and row["shown"] == "x", row


def test_csv_downloads_are_utf8_with_a_byte_order_mark_for_excel(built_site: Path) -> None:
    """Excel on Windows reads a CSV without a BOM in the local code page: Cyrillic breaks."""
    for lang, prefix in LANGS.items():
        data = (built_site / prefix / "statistics" / "cases.csv").read_bytes()
        assert data.startswith(b"\xef\xbb\xbf"), lang
        text = data[3:].decode("utf-8")  # strictly: every byte after the mark is UTF-8
        assert "\ufeff" not in text and text.startswith("period,region,"), lang
        assert "\r" not in text
        assert re.search("[А-Яа-яЁёҒғҚқҲҳҶҷӢӣӮӯЎў]", text) or lang == "en", lang
        json_bytes = (built_site / prefix / "statistics" / "cases.json").read_bytes()
        assert not json_bytes.startswith(b"\xef\xbb\xbf"), lang
        dictionary = (built_site / prefix / "statistics" / "cases" / "dictionary" / "index.html")
        assert "UTF-8" in dictionary.read_text(encoding="utf-8") and "BOM" in dictionary.read_text(
            encoding="utf-8"), lang


def test_downloads_hold_no_small_count_and_agree_with_each_other(built_site: Path) -> None:
    raw = (REPO / "aggregates" / "cases.csv").read_bytes()
    for lang, prefix in LANGS.items():
        folder = built_site / prefix / "statistics"
        rows = list(csv.DictReader(io.StringIO((folder / "cases.csv").read_text(encoding="utf-8-sig"))))
        data = json.loads((folder / "cases.json").read_text(encoding="utf-8"))
        assert data["language"] == lang and data["illustrative"]
        assert len(rows) == len(data["figures"]) == len(raw.decode().splitlines()) - 1
        for row, figure in zip(rows, data["figures"], strict=True):
            assert (row["period"], row["region"], row["category"]) == \
                (figure["period"], figure["region"], figure["category"])
            assert row["shown"] == figure["shown"]
            if row["count"]:
                value = int(row["count"])
                assert value == figure["count"]
                assert value == 0 or value >= (5 if row["region"] == "tj" else 10), row
            else:
                assert figure["count"] is None and row["shown"] in ("<5", "<10", "x")
    # The raw data is never copied into the site.
    assert not [p for p in built_site.rglob("*") if p.is_file() and p.read_bytes() == raw]


def test_guides_link_to_the_statistics_of_their_topic(built_site: Path) -> None:
    html = (built_site / "en" / "guides" / "police-detention" / "index.html").read_text(encoding="utf-8")
    link = r'href="\.\./\.\./statistics/cases/2021/#perpetrator"[^>]*>Statistics: Perpetrator'
    assert re.search(link, html)
    target = (built_site / "en" / "statistics" / "cases" / "2021" / "index.html").read_text(encoding="utf-8")
    assert 'id="perpetrator"' in target


def test_numbers_and_words_are_localized(built_site: Path) -> None:
    ru = (built_site / "ru" / "statistics" / "cases" / "2020" / "index.html").read_text(encoding="utf-8")
    assert re.search(r"<td>\d+\u00a0%</td>", ru)  # Russian percentages: "48 %"
    en = (built_site / "en" / "statistics" / "cases" / "2020" / "index.html").read_text(encoding="utf-8")
    assert re.search(r"<td>\d+%</td>", en)
    uz = (built_site / "uz" / "statistics" / "cases" / "2021-H1" / "index.html").read_text(encoding="utf-8")
    assert "2021, 1-ярим йиллик" in uz and "Ҳамагӣ" not in uz
    tg = (built_site / "statistics" / "cases" / "2020" / "index.html").read_text(encoding="utf-8")
    assert "Дар соли 2020: 149 мизоҷ; 165 ҳодиса ва" in tg  # the summary, from the data, in Tajik


def test_the_overview_shows_the_trend_and_why_it_matters(built_site: Path) -> None:
    en = (built_site / "en" / "statistics" / "index.html").read_text(encoding="utf-8")
    assert "national coordinating committee" in en
    assert 'id="cases-trend"' in en and "From 2020 to 2021: +13%." in en
    assert "Illustrative figures" in en


def test_every_build_writes_the_same_bytes(built_site: Path) -> None:
    """Another process, with another hash seed, renders the statistics files again."""
    docs = built_site.parent / "docs"
    script = (
        "import hashlib, sys\n"
        "from pathlib import Path\n"
        "from scripts.build import read_inputs\n"
        "from scripts.plan import plan_site\n"
        "from scripts.project import Project\n"
        "from scripts.render import Renderer\n"
        "from scripts.statistics.feature import Statistics\n"
        "project = Project(Path(sys.argv[1]))\n"
        "inputs, problems = read_inputs(project)\n"
        "plan = plan_site(inputs.corpus, project.codes, project.fallback_order)\n"
        "services = Renderer(inputs.services, plan, inputs.features).services\n"
        "feature = next(f for f in inputs.features if isinstance(f, Statistics))\n"
        "for lang in ('tg', 'uz'):\n"
        "    for path, text in sorted(feature.render(services, lang).items()):\n"
        "        data = text if isinstance(text, bytes) else text.encode()\n"
        "        print(lang, path, hashlib.sha256(data).hexdigest())\n"
    )
    out = subprocess.run([sys.executable, "-c", script, str(built_site.parent)], check=True, cwd=REPO,
                         capture_output=True, text=True, env={"PYTHONHASHSEED": "12345", "PATH": ""}).stdout
    lines = out.strip().splitlines()
    assert len(lines) == 2 * 11
    for line in lines:
        lang, path, digest = line.split()
        assert hashlib.sha256((docs / lang / path).read_bytes()).hexdigest() == digest, path


CHART_TEXT = """() => [...document.querySelectorAll("svg.kb-chart")].map(svg => {
    const box = svg.getBoundingClientRect();
    const scale = svg.getScreenCTM().a;
    return {box: [box.left, box.right], texts: [...svg.querySelectorAll("text")].map(t => {
        const r = t.getBoundingClientRect();
        return {text: t.textContent, px: parseFloat(getComputedStyle(t).fontSize) * scale,
                left: r.left, right: r.right, top: r.top, bottom: r.bottom};
    })};
})"""


def _overlap(a: dict, b: dict) -> bool:
    return a["left"] < b["right"] - 1 and b["left"] < a["right"] - 1 and \
        a["top"] < b["bottom"] - 1 and b["top"] < a["bottom"] - 1


@pytest.mark.browser
@pytest.mark.parametrize("lang", list(LANGS))
def test_chart_text_is_readable_on_a_phone_and_not_oversized_on_a_desktop(serve_site: str, browser,
                                                                         lang: str) -> None:
    """At 360 px every chart's text is at least 12 px, inside its chart, clear of other text
    (long labels wrap rather than shrink or run off), and the page does not scroll sideways;
    at 1280 px it is not blown up."""
    paths = ["statistics/", "statistics/cases/2020/", "statistics/cases/2020/regions/"]
    for width, smallest, largest in ((360, 12, 16), (1280, 12, 16)):
        context = browser.new_context(viewport={"width": width, "height": 800})
        tab = context.new_page()
        try:
            for path in paths:
                tab.goto(serve_site + LANGS[lang] + path)
                charts = tab.evaluate(CHART_TEXT)
                assert charts, path
                for chart in charts:
                    left, right = chart["box"]
                    for t in chart["texts"]:
                        where = f"{width} px {lang}/{path} {t['text']!r}"
                        assert smallest <= t["px"] <= largest, f"{where}: {t['px']:.1f} px"
                        assert left - 1 <= t["left"] and t["right"] <= right + 1, f"{where} runs off"
                    texts = chart["texts"]
                    clashes = [(a["text"], b["text"]) for i, a in enumerate(texts)
                               for b in texts[i + 1:] if _overlap(a, b)]
                    assert clashes == [], f"{width} px {lang}/{path}: {clashes}"
                # A chart wider than the phone scrolls in its own region, never the page.
                assert tab.evaluate("document.documentElement.scrollWidth <= innerWidth"), path
        finally:
            context.close()


def test_long_labels_wrap_onto_lines_of_their_own(pages: dict[Path, str]) -> None:
    longest = "Шарикони одамоне, ки маводи мухаддирро тавассути сӯзандору истеъмол мекунанд"
    html = next(h for p, h in pages.items() if p.parts[-2:] == ("2020", "index.html")
                and "ru" not in p.parts and "en" not in p.parts and "uz" not in p.parts)
    [svg] = [s for s in FIGURE.findall(html) if "Шарикони" in s]
    lines = [unescape(t) for t in SVG_TEXT.findall(svg)]
    start = next(i for i, t in enumerate(lines) if t.startswith("Шарикони"))
    wrapped = []
    while " ".join(wrapped) != longest:
        wrapped.append(lines[start + len(wrapped)])
        assert len(wrapped) <= 4, wrapped
    assert len(wrapped) >= 2


def test_the_data_dictionary_gives_each_column_one_meaning_cell(built_site: Path) -> None:
    # Found by the type checker: each meaning was spread over one cell per letter.
    page = built_site / "en" / "statistics" / "cases" / "dictionary" / "index.html"
    html = page.read_text(encoding="utf-8")
    rows = re.findall(r'<tr><th scope="row">(\w+)</th>(.*?)</tr>', html)
    assert ("period", "<td>Period: YYYY (year), YYYY-H1/H2 (half year), YYYY-Q1..Q4 (quarter)</td>") in rows
    assert all(cells.count("<td>") == 1 for _, cells in rows[:9]), rows[:3]
