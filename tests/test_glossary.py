"""The glossary: checking content/glossary.yml, variants to avoid in `kb check`, the glossary
page of each language, and links from a term's first use in a guide (real builds)."""

from __future__ import annotations

import re
import textwrap
from html import unescape
from pathlib import Path

import pytest
from click.testing import CliRunner

from scripts.build import build_site, read_inputs
from scripts.cli import main
from scripts.glossary.collation import sort_key

LINK = re.compile(r'<a class="kb-term" href="([^"]+)">([^<]+)</a>')


def glossary(mini, text: str) -> Path:
    path = mini.root / "content" / "glossary.yml"
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


SAMPLE = """
terms:
  - id: legal-aid
    tg: {term: "ёрии ҳуқуқӣ", definition: "Маслиҳат ва ҳимоя.", avoid: ["кумаки ҳуқуқӣ"]}
    ru: {term: "юридическая помощь", definition: "Консультация и защита.", avoid: ["правовая помощь"]}
    en: {term: "legal aid", definition: "Advice and defence.", avoid: ["legal assistance"]}
  - id: witness
    tg: {term: "гувоҳ", definition: "Шахсе, ки дидааст."}
    ru: {term: "свидетель", definition: "Человек, который видел."}
    en: {term: "witness", definition: "A person who saw it."}
    uz: {term: "гувоҳ", definition: "Кўрган одам."}
  - id: care
    tg: {term: "ғамхорӣ", definition: "Нигоҳубин."}
    en: {term: "care", definition: "Looking after someone."}
  - id: protection
    tg: {term: "ҳимоя", definition: "Ҳифз."}
    en: {term: "protection", definition: "Keeping safe."}
  - id: home
    tg: {term: "хона", definition: "Ҷойи зист."}
    en: {term: "home", definition: "Where one lives."}
"""


def test_glossary_problems_are_reported_with_their_lines(mini) -> None:
    glossary(mini, """
        terms:
          - id: Legal Aid
            ru: {term: "юридическая помощь", definition: "..."}
          - id: witness
            fr: {term: "témoin", definition: "..."}
            ru: {term: "свидетель", definition: "..."}
            en: {term: "witness"}
          - id: witness
            ru: {term: "очевидец", definition: "..."}
          - id: lawyer
            ru: {term: "адвокат", definition: "...", avoid: "защитник"}
          - id: defender
            ru: {term: "защитник", definition: "...", avoid: ["адвокат"], note: "x"}
        """)
    _, problems = read_inputs(mini.project)
    found = [(p.line, p.rule, p.message) for p in problems if p.file == "content/glossary.yml"]
    assert found == [
        (2, "glossary", "the term id `Legal Aid` is not lower-case Latin letters, digits and dashes"),
        (4, "unknown-language", "`witness` has `fr`, not a language of the site"),
        (7, "glossary", "`witness` (en): `definition` must be non-empty text"),
        (8, "duplicate", "the term `witness` is already defined on line 4"),
        (11, "glossary", "`lawyer` (ru): `avoid` must be a list of words"),
        (12, "glossary", "`defender` (ru) avoids `адвокат`, the preferred term of `lawyer`"),
        (13, "glossary", "`defender` (ru) has unknown fields: note"),
    ]


@pytest.mark.slow
def test_kb_check_reports_variants_to_avoid_but_the_build_goes_on(mini) -> None:
    glossary(mini, SAMPLE)
    mini.guide("rights", "ru", body="## Шаги\n\nПравовая помощь бесплатна.\n\n"
                                    "Текст про `правовая помощь` в коде.\n\nправовая\nпомощь\n")
    mini.guide("rights", "tg", extra="translated_from: {lang: ru, hash: \"000000000000\"}\n",
               body="## Қадамҳо\n\nКумаки ҳуқуқӣ. Кӯмаки ҳуқуқӣ ва кумаки ҳуқуқиро.\n")
    result = CliRunner().invoke(main, ["--root", str(mini.root), "check"])
    assert result.exit_code == 1
    found = [line for line in result.output.splitlines() if "[glossary-variant]" in line]
    assert found == [
        "content/guides/rights.ru.md:11: [glossary-variant] `Правовая помощь` is a variant to avoid: "
        "the preferred term is `юридическая помощь` (content/glossary.yml, `legal-aid`)",
        "content/guides/rights.tg.md:12: [glossary-variant] `Кумаки ҳуқуқӣ` is a variant to avoid: "
        "the preferred term is `ёрии ҳуқуқӣ` (content/glossary.yml, `legal-aid`)",
    ]
    # A variant is a word choice, not broken input: the site is still built.
    mini.guide("rights", "tg", extra="translated_from: {lang: ru}\n")
    CliRunner().invoke(main, ["--root", str(mini.root), "translations", "--stamp",
                              str(mini.root / "content/guides/rights.tg.md")])
    assert CliRunner().invoke(main, ["--root", str(mini.root), "build"]).exit_code == 0


def test_alphabetical_order_follows_each_alphabet() -> None:
    tajik = ["ҳимоя", "хона", "ғамхорӣ", "дастгир", "гувоҳ", "Ӯстод", "устод"]
    assert sorted(tajik, key=lambda w: sort_key(w, "tg")) == \
        ["гувоҳ", "ғамхорӣ", "дастгир", "устод", "Ӯстод", "хона", "ҳимоя"]
    uzbek = ["ҳуқуқ", "ғалаба", "қонун", "ўқиш", "адвокат", "яшаш"]
    assert sorted(uzbek, key=lambda w: sort_key(w, "uz")) == \
        ["адвокат", "яшаш", "ўқиш", "қонун", "ғалаба", "ҳуқуқ"]
    russian = ["ёж", "еда", "жук", "Ель"]
    assert sorted(russian, key=lambda w: sort_key(w, "ru")) == ["еда", "Ель", "ёж", "жук"]


def definitions(html: str) -> list[tuple[str, str, str]]:
    """(id, lang attribute, term) of each entry of a glossary page, in page order."""
    return [(i, lang, unescape(term)) for i, lang, term in
            re.findall(r'<dt id="([a-z-]+)"(?: lang="(\w+)")?>([^<]+)</dt>', html)]


@pytest.mark.slow
def test_glossary_page_per_language_in_order_with_fallback(mini) -> None:
    glossary(mini, SAMPLE)
    build_site(mini.project)
    site = mini.root / "site"
    tg = (site / "glossary/index.html").read_text(encoding="utf-8")
    assert "<h1>Луғати истилоҳот</h1>" in tg
    assert [term for _, _, term in definitions(tg)] == ["гувоҳ", "ғамхорӣ", "ёрии ҳуқуқӣ", "хона",
                                                       "ҳимоя"]
    en = (site / "en/glossary/index.html").read_text(encoding="utf-8")
    assert [term for _, _, term in definitions(en)] == ["care", "home", "legal aid", "protection",
                                                       "witness"]
    # Uzbek has one entry of its own; the others come by its fallback order (ru, then tg),
    # sorted in the Uzbek alphabet (ғ and ҳ after я).
    uz = (site / "uz/glossary/index.html").read_text(encoding="utf-8")
    assert definitions(uz) == [("witness", "", "гувоҳ"), ("home", "tg", "хона"),
                               ("legal-aid", "ru", "юридическая помощь"), ("care", "tg", "ғамхорӣ"),
                               ("protection", "tg", "ҳимоя")]
    assert uz.count("(ҳали таржима қилинмаган)") == 4
    assert '<span lang="ru">Консультация и защита.</span>' in uz
    # The glossary is in every language's navigation.
    for prefix, title in (("", "Луғати истилоҳот"), ("en/", "Glossary"), ("uz/", "Атамалар луғати")):
        home = (site / prefix / "index.html").read_text(encoding="utf-8")
        assert re.search(r'href="glossary/" class="md-nav__link">\s*(<[^>]+>\s*)*' + title, home), prefix


@pytest.mark.slow
def test_a_guide_links_the_first_use_of_a_term_only(mini) -> None:
    glossary(mini, SAMPLE)
    mini.guide("rights", "en", body=textwrap.dedent("""\
        ## Legal aid, in a heading

        Ask for it: `legal aid` in code, and [legal aid](index.md) as a link.

        !!! tip "Legal aid in a title"
            A Witness saw it. You have a right to legal
            aid from the state.

        Legal aid again, and a witness again.

        Homeless is not home.
        """))
    build_site(mini.project)
    site = mini.root / "site"
    html = (site / "en/guides/rights/index.html").read_text(encoding="utf-8")
    assert LINK.findall(html) == [("../../glossary/#witness", "Witness"),
                                  ("../../glossary/#legal-aid", "legal\naid"),
                                  ("../../glossary/#home", "home")]
    assert '<h2 id="legal-aid-in-a-heading">Legal aid, in a heading' in html
    assert '<p class="admonition-title">Legal aid in a title</p>' in html
    assert "<code>legal aid</code>" in html
    assert 'id="legal-aid"' in (site / "en/glossary/index.html").read_text(encoding="utf-8")
    # The same guide read in Tajik (a fallback to the English text) links the English terms
    # to the Tajik glossary; its notice links nothing.
    tg = (site / "guides/rights/index.html").read_text(encoding="utf-8")
    assert LINK.findall(tg)[0] == ("../../glossary/#witness", "Witness")
