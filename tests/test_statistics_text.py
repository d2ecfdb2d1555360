"""The words of the statistics pages: counts agreeing with their nouns by CLDR plural rules,
periods as whole phrases (no bare year after a preposition), lists joined as each language
does, illustrative figures marked in every table, chart and download, and the rule that
figures are not published before the end of the period they count."""

from __future__ import annotations

import csv
import io
import json
import re
import textwrap
from html import unescape
from pathlib import Path

import pytest

from scripts.build import read_inputs
from scripts.catalogs import read_catalogs
from scripts.errors import Problems
from scripts.locales import plural_categories, plural_category
from scripts.statistics.formatting import listing
from tests.conftest import REPO

LANGS = {"tg": "", "ru": "ru/", "en": "en/", "uz": "uz/"}


@pytest.fixture(scope="module")
def cats():
    problems = Problems(REPO)
    catalogs = read_catalogs(REPO, tuple(LANGS), problems)
    assert not problems, problems.report()
    return catalogs


@pytest.mark.parametrize(("lang", "expected"), [
    ("ru", {1: "1 клиент", 2: "2 клиента", 5: "5 клиентов", 11: "11 клиентов", 21: "21 клиент",
            22: "22 клиента", 111: "111 клиентов", 149: "149 клиентов"}),
    ("en", {1: "1 client", 2: "2 clients", 5: "5 clients", 21: "21 clients"}),
    ("uz", {1: "1 та мижоз", 2: "2 та мижоз", 21: "21 та мижоз"}),
    ("tg", {1: "1 мизоҷ", 2: "2 мизоҷ", 5: "5 мизоҷ", 21: "21 мизоҷ"}),
])
def test_counts_agree_with_their_noun_by_cldr_plural_rules(cats, lang: str, expected: dict) -> None:
    for n, text in expected.items():
        assert cats.plural("stat_n_clients", lang, n, count=n) == text


def test_cldr_plural_categories_per_language() -> None:
    assert [plural_category("ru", n) for n in (1, 2, 5, 21)] == ["one", "few", "many", "one"]
    assert plural_categories("ru") == ("one", "few", "many", "other")
    assert plural_categories("en") == ("one", "other") == plural_categories("uz")
    # CLDR has no plural rule for Tajik: the root's, every number `other` (nouns stay singular).
    assert plural_categories("tg") == ("other",)
    assert {plural_category("tg", n) for n in (1, 2, 5, 21)} == {"other"}


def test_wrong_plural_forms_are_reported(mini) -> None:
    (mini.root / "content/ui/extra.yml").write_text(textwrap.dedent("""\
        stat_n_people:
          tg: {other: "{count} нафар"}
          ru: {one: "{count} человек", few: "{count} человека", other: "{count} человека"}
          en: {one: "{count} person", few: "{count} persons", other: "{count} people"}
          uz: "{count} киши"
        """), encoding="utf-8")
    _, problems = read_inputs(mini.project)
    found = [(p.line, p.message) for p in problems if p.rule == "plural-forms"]
    assert found == [(3, "`stat_n_people` (ru): plural forms missing many"),
                     (4, "`stat_n_people` (en): plural forms not used in en: few")]


def test_lists_are_joined_as_each_language_does() -> None:
    assert listing(["a", "b", "c"], "ru") == "a, b и c"
    assert listing(["a", "b", "c"], "en") == "a, b, and c"
    # CLDR's Tajik has a conjunction for two items only, Cyrillic Uzbek none at all.
    assert listing(["a", "b", "c"], "tg") == "a, b ва c"
    assert listing(["a", "b"], "uz") == "a ва b"
    assert listing(["a", "b", "c"], "uz") == "a, b ва c"
    # Items with commas of their own are separated by semicolons.
    assert listing(["Люди, живущие с ВИЧ (71 — 48 %)", "Заключённые (5)", "Другое (4)"], "ru") == \
        "Люди, живущие с ВИЧ (71 — 48 %); Заключённые (5) и Другое (4)"


def summaries(site: Path, prefix: str) -> list[str]:
    found = []
    for page in sorted((site / prefix / "statistics").rglob("index.html")):
        html = page.read_text(encoding="utf-8")
        found += [unescape(s) for s in re.findall(r'<p class="kb-stat-summary">(.*?)</p>', html, re.S)]
    return found


# A year left bare after a preposition ("за 2020", "дар 2020"), or a year label inside a
# sentence with a second colon ("Клиенты: 2020: 149").
DANGLING = {
    "ru": re.compile(r"\b(?:за|в|во|по|до|от)\s+\d{4}\b(?!\s+(?:год|года|г\.))|:\s*\d{4}:\s*\d", re.I),
    "tg": re.compile(r"\b(?:дар|барои|аз|то)\s+\d{4}\b|:\s*\d{4}:\s*\d", re.I),
    "uz": re.compile(r"\b\d{4}\b(?!\s+(?:йил|—))|:\s*\d{4}:\s*\d"),
    "en": re.compile(r"\b\d{4}, (?:half|quarter)|:\s*\d{4}:\s*\d"),
}


def test_no_year_dangles_in_any_summary(built_site: Path) -> None:
    for lang, prefix in LANGS.items():
        sentences = summaries(built_site, prefix)
        assert len(sentences) >= 40, lang
        bad = [s for s in sentences if DANGLING[lang].search(s)]
        assert bad == [], (lang, bad[:3])


def test_summaries_count_with_plural_nouns_and_whole_period_phrases(built_site: Path) -> None:
    expected = {
        "ru": ("За 2020 год: 149 клиентов; 165 случаев и 139 случаев, квалифицированных как "
               "нарушения прав.", "За 1-е полугодие 2021 года: 80 клиентов."),
        "tg": ("Дар соли 2020: 149 мизоҷ;", "Дар нимсолаи 1-уми соли 2021: 80 мизоҷ."),
        "en": ("In 2020: 149 clients, 165 cases, and 139 cases qualified as rights violations.",
               "In half 1 of 2021: 80 clients."),
        "uz": ("2020 йилда: 149 та мижоз, 165 та ҳодиса ва", "2021 йилнинг 1-ярмида: 80 та мижоз."),
    }
    for lang, prefix in LANGS.items():
        text = " ".join(summaries(built_site, prefix)).replace("\u00a0", " ")
        for sentence in expected[lang]:
            assert sentence in text, (lang, sentence)
        assert "(71, 48" not in text or lang == "en"  # a share after a comma reads as a decimal


def test_illustrative_figures_are_marked_in_every_table_chart_and_download(built_site: Path) -> None:
    marks = {"tg": "рақамҳои намунавӣ", "ru": "иллюстративные данные", "en": "illustrative figures",
             "uz": "намунавий рақамлар"}
    for lang, prefix in LANGS.items():
        root = built_site / prefix / "statistics"
        pages = [p for p in root.rglob("index.html") if "dictionary" not in p.parts]
        captions = charts = 0
        for page in pages:
            html = page.read_text(encoding="utf-8")
            for caption in re.findall(r"<caption>(.*?)</caption>", html, re.S):
                assert unescape(caption).endswith(f"({marks[lang]})"), (page, caption)
                captions += 1
            for figure in re.findall(r'<figure class="kb-stat-figure">(.*?)</figure>', html, re.S):
                assert f'<figcaption class="kb-stat-caption">{marks[lang]}</figcaption>' in figure
                assert re.search(rf"<title [^>]*>[^<]*\({marks[lang]}\)</title>", figure), page
                charts += 1
        assert captions >= 40 and charts >= 40, lang
        overview = (root / "index.html").read_text(encoding="utf-8")
        assert re.search(r'<p class="kb-stat-note">[^<]*2020[^<]*165', overview), lang
        rows = list(csv.DictReader(io.StringIO((root / "cases.csv").read_text(encoding="utf-8-sig"))))
        real = [(r["period"], r["region"], r["dimension"], r["category"]) for r in rows
                if r["illustrative"] == "no"]
        assert real == [("2020", "tj", "total", "cases")]
        assert {r["illustrative"] for r in rows} == {"yes", "no"}
        data = json.loads((root / "cases.json").read_text(encoding="utf-8"))
        assert [f for f in data["figures"] if not f["illustrative"]] == [
            {"period": "2020", "region": "tj", "dimension": "total", "category": "cases",
             "count": 165, "shown": "165", "illustrative": False}]
        assert "illustrative" in data["columns"]


def write_meta(mini, text: str) -> Path:
    path = mini.root / "aggregates" / "cases.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_published_before_the_end_of_a_period_it_counts_is_a_problem(mini) -> None:
    path = mini.root / "aggregates" / "cases.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^published: .*$", "published: 2021-12-31", text, flags=re.M),
                    encoding="utf-8")
    line = next(i for i, row in enumerate(path.read_text().splitlines(), 1) if row.startswith("published:"))
    _, problems = read_inputs(mini.project)
    found = [str(p) for p in problems if p.rule == "published-date"]
    assert found == [
        f"aggregates/cases.yml:{line}: [published-date] `published: 2021-12-31` is before the end of "
        "the period 2021 (2021-12-31), which the data counts\n"
        "    fix: write the date the figures were published, after 2021-12-31, or leave out the "
        "rows of 2021"]
    path.write_text(re.sub(r"^published: .*$", "published: 2022-01-01", text, flags=re.M),
                    encoding="utf-8")
    _, problems = read_inputs(mini.project)
    assert not problems, problems.report()


def test_real_figures_must_be_figures_of_the_data(mini) -> None:
    path = mini.root / "aggregates" / "cases.yml"
    text = path.read_text(encoding="utf-8").replace('"2020/tj/total/cases"', '"2020/tj/total/people"')
    path.write_text(text, encoding="utf-8")
    _, problems = read_inputs(mini.project)
    assert [p.message for p in problems if p.rule == "real-figures"] == [
        "`2020/tj/total/people` is not a figure of cases.csv"]
