"""Evidence briefs in the real build (issue 17): every placeholder shows the protected figure
that the statistics download shows, a withheld cell its marker, translations fall back with a
notice, the statistics pages link to the briefs, and a brief prints on one or two A4 sheets.
"""

from __future__ import annotations

import csv
import io
import re
import subprocess
from pathlib import Path

import html5lib
import pytest

from scripts.briefs.placeholders import parse
from tests.conftest import REPO

pytestmark = pytest.mark.slow

PREFIX = {"tg": "", "ru": "ru/", "en": "en/", "uz": "uz/"}
BRIEFS = sorted({p.name.split(".")[0] for p in (REPO / "content" / "briefs").glob("*.md")})


def _html(site: Path, lang: str, path: str):
    """The page's element tree as a browser parses it (html5lib), `<article>` only."""
    root = html5lib.parse((site / PREFIX[lang] / path / "index.html").read_text(encoding="utf-8"),
                          namespaceHTMLElements=False)
    return next(root.iter("article"))


def _all(tree, css: str = "", tag: str = "*", **attrs: str) -> list:
    """Elements of `tree` (itself included) with class `css` and the attributes given."""
    return [e for e in tree.iter(tag) if (not css or css in (e.get("class") or "").split())
            and all(e.get(k.replace("_", "-")) == v for k, v in attrs.items())]


def _text(element) -> str:
    return re.sub(r"\s+", " ", " ".join(element.itertext()))


def _download(site: Path, lang: str) -> dict[tuple[str, ...], dict[str, str]]:
    """The statistics CSV of `lang` as a reader downloads it: {(period, region, dimension,
    category): row}."""
    text = (site / PREFIX[lang] / "statistics" / "cases.csv").read_bytes().decode("utf-8-sig")
    return {(r["period"], r["region"], r["dimension"], r["category"]): r
            for r in csv.DictReader(io.StringIO(text))}


def _expected(placeholder, rows) -> list[str]:
    """What a placeholder must show, from the download: `shown`, `*` when illustrative."""
    out = []
    for period in placeholder.periods:
        row = rows[(period, placeholder.region, placeholder.dimension, placeholder.category)]
        out.append(row["shown"] + ("*" if row["illustrative"] == "yes" else ""))
    return out


def test_there_are_sample_briefs_in_tajik_and_russian() -> None:
    assert len(BRIEFS) >= 3
    for slug in BRIEFS:
        for lang in ("ru", "tg"):
            assert (REPO / "content" / "briefs" / f"{slug}.{lang}.md").is_file(), (slug, lang)


@pytest.mark.parametrize("lang", ["tg", "ru", "en", "uz"])
def test_every_placeholder_shows_the_figure_of_the_statistics_download(built_site: Path, lang: str) -> None:
    rows = _download(built_site, lang)
    checked = 0
    for slug in BRIEFS:
        article = _html(built_site, lang, f"briefs/{slug}")
        text = _text(article)
        assert "{{" not in text and "figure(" not in text
        # The text shown (a translation, or the original on a fallback page) and its source file.
        fallback = _all(article, "kb-fallback")
        shown_lang = lang
        if fallback:
            shown_lang = next(e.get("lang") for e in article.iter("div") if e.get("lang"))
        source = (REPO / "content" / "briefs" / f"{slug}.{shown_lang}.md").read_text(encoding="utf-8")
        placeholders, issues = parse(source.split("---\n", 2)[2])
        assert placeholders and not issues
        at = 0
        for placeholder in placeholders:
            for value in _expected(placeholder, rows):
                found = text.find(value, at)
                assert found >= 0, \
                    f"{slug} ({lang}): {placeholder} should show {value!r} after {text[at:at + 80]!r}"
                at = found + len(value)
                checked += 1
    assert checked >= 28  # every placeholder of the three sample briefs


def test_a_withheld_cell_shows_its_marker_and_never_its_value(built_site: Path) -> None:
    rows = _download(built_site, "ru")
    row = rows[("2021", "gbao", "perpetrator", "healthcare")]
    assert (row["count"], row["shown"]) == ("", "<10")
    text = _text(_html(built_site, "ru", "briefs/health-care-violations"))
    assert "ГБАО <10*" in text
    raw = next(line for line in (REPO / "aggregates" / "cases.csv").read_text().splitlines()
               if line.startswith("2021,gbao,perpetrator,healthcare,"))
    assert raw.endswith(",4") and "ГБАО 4" not in text


def test_a_brief_page_has_its_charts_definition_source_date_and_illustrative_flag(built_site: Path) -> None:
    article = _html(built_site, "ru", "briefs/health-care-violations")
    [head] = _all(article, "kb-brief-head")
    assert "Для кого: Руководители медицинских учреждений" in _text(head)
    assert "Дата публикации: 1 марта 2022" in _text(head)
    assert "Иллюстративные данные" in _text(head) and "отмечены знаком *" in _text(head)
    [figures] = _all(article, "kb-brief-figures")
    assert [svg.get("aria-labelledby").split()[0] for svg in _all(figures, "kb-chart")] == \
        ["chart-2021-perpetrator-title", "chart-2021-violation-title"]
    meta = _text([e for e in figures if "kb-stat-meta" in (e.get("class") or "")][-1])
    assert "Что считается:" in meta and "Источник: Система мониторинга REAct в Таджикистане" in meta
    # The national overview: the totals' trend over both years; the real 2020 total unmarked.
    overview = _html(built_site, "en", "briefs/national-overview")
    assert any(svg.get("aria-labelledby", "").startswith("chart-brief-trend")
               for svg in _all(overview, "kb-chart"))
    assert "165 (2020) → 187* (2021), +13" in _text(overview)


def test_an_untranslated_brief_falls_back_with_a_notice(built_site: Path) -> None:
    article = _html(built_site, "uz", "briefs/police-detention-violence")
    assert _all(article, "kb-fallback")
    [text] = [e for e in article.iter("div") if e.get("lang") == "ru"]
    # The parts in the reader's language are marked as such inside the Russian text.
    [head] = _all(text, "kb-brief-head")
    assert head.get("lang") == "uz" and "Милиция раҳбарияти" in _text(head)
    assert _all(text, "kb-brief-figures")[0].get("lang") == "uz"


@pytest.mark.parametrize("lang", ["tg", "ru", "en", "uz"])
def test_statistics_overview_and_dataset_page_link_every_brief(built_site: Path, lang: str) -> None:
    for path in ("statistics", "statistics/cases", "briefs"):
        links = {a.get("href", "").rstrip("/").rsplit("/", 1)[-1]
                 for a in _html(built_site, lang, path).iter("a")}
        assert set(BRIEFS) <= links, (lang, path)


def _pdf(page, url: str, path: Path) -> tuple[str, str]:
    page.goto(url)
    page.emulate_media(media="print")
    page.pdf(path=str(path), prefer_css_page_size=True)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    return info, text


@pytest.mark.browser
@pytest.mark.parametrize(("lang", "slug"), [
    ("ru", "health-care-violations"), ("tg", "police-detention-violence"), ("en", "national-overview"),
    ("uz", "health-care-violations")])
def test_a_brief_prints_on_one_or_two_a4_sheets(serve_site: str, page, tmp_path: Path, lang: str,
                                                slug: str) -> None:
    info, text = _pdf(page, serve_site + PREFIX[lang] + f"briefs/{slug}/", tmp_path / "brief.pdf")
    assert re.search(r"Page size:\s+59[45]\.\d+ x 841\.\d+ pts \(A4\)", info), info
    pages = int(re.search(r"Pages:\s+(\d+)", info)[1])
    assert 1 <= pages <= 2, f"{slug} ({lang}) prints on {pages} sheets"
    flat = re.sub(r"\s+", " ", text)
    assert "<10*" in flat or slug == "national-overview"
    assert "REAct:" not in flat  # the site's name (SPEC §5: printed pages name nothing)
    assert serve_site.split("//")[1].rstrip("/") not in flat
