"""The notices above a document, in every language: legal review (pending and approved) and
the fallback order of a language without its own file (mkdocs.yml `extra.fallback_order`)."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

from scripts.build import build_site, read_inputs
from scripts.errors import BuildError
from scripts.translations import stamp

PREFIX = {"tg": "", "ru": "ru/", "en": "en/", "uz": "uz/"}
# Babel's long date of 2026-11-01 in each language, as the notice prints it.
DAY = {"tg": "01 Ноябр 2026", "ru": "1 ноября 2026 г.", "en": "November 1, 2026", "uz": "1 ноябр, 2026"}
PENDING = {
    "tg": "Матн навишта ё охирин бор нав карда шуд: 01 Ноябр 2026",
    "ru": "Текст написан или последний раз обновлён: 1 ноября 2026 г.",
    "en": "Text written or last updated: November 1, 2026",
    "uz": "Матн ёзилган ёки охирги марта янгиланган сана: 1 ноябр, 2026",
}
ROLE = {"tg": "ҳуқуқшиноси барнома", "ru": "юрист программы", "en": "program lawyer",
        "uz": "дастур юристи"}
APPROVED = {
    "tg": ("Аз ҷониби ҳуқуқшинос санҷида шудааст", "Санҷиш: ҳуқуқшиноси барнома, 01 Ноябр 2026."),
    "ru": ("Проверено юристом", "Проверка: 1 ноября 2026 г., юрист программы."),
    "en": ("Checked by a lawyer", "Reviewed by: program lawyer, November 1, 2026."),
    "uz": ("Юрист томонидан текширилган", "Текширув: дастур юристи, 1 ноябр, 2026."),
}
# What a pending text must never say: that it was checked, or when it was "last checked".
NEVER = ("Last checked", "Последняя проверка", "Санаи санҷиши охирин", "Охирги текширув",
         "Checked by a lawyer", "Проверено юристом")


def page_text(site: Path, rel: str) -> str:
    return (site / rel / "index.html").read_text(encoding="utf-8")


def notice(html: str, css: str) -> str:
    """The text of the notice with class `css`, tags removed and white space collapsed."""
    match = re.search(rf'<div class="admonition [a-z]+ kb-notice {css}"[^>]*>(.*?)</div>', html, re.S)
    assert match, css
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", match[1])).split())


@pytest.mark.slow
def test_pending_and_approved_review_notices_in_every_language(mini) -> None:
    for lang in PREFIX:
        mini.guide(f"pending-{lang}", lang)  # reviewed 2026-11-01, pending
        mini.guide(f"approved-{lang}", lang, extra=f'reviewed_by: "{ROLE[lang]}"\n')
        path = mini.root / f"content/guides/approved-{lang}.{lang}.md"
        path.write_text(path.read_text(encoding="utf-8").replace(
            "legal_review: pending", "legal_review: approved"), encoding="utf-8")
    build_site(mini.project)
    site = mini.root / "site"
    for lang, prefix in PREFIX.items():
        pending = page_text(site, f"{prefix}guides/pending-{lang}")
        text = notice(pending, "kb-legal-review")
        assert text.endswith(PENDING[lang]), text
        assert not any(word in pending for word in NEVER), lang
        assert "kb-legal-reviewed" not in pending
        approved = page_text(site, f"{prefix}guides/approved-{lang}")
        assert "kb-legal-review\"" not in approved
        title, sentence = APPROVED[lang]
        text = notice(approved, "kb-legal-reviewed")
        assert text.startswith(title) and sentence in text, text
        # Read in another language (a fallback), the role keeps its own language's mark.
        other = next(code for code in PREFIX if code != lang)
        fallback = page_text(site, f"{PREFIX[other]}guides/approved-{lang}")
        assert f'<span lang="{lang}">{ROLE[lang]}</span>' in fallback
        text = notice(fallback, "kb-legal-reviewed")
        assert text.startswith(APPROVED[other][0]) and DAY[other] in text, text


def test_approved_text_must_say_who_reviewed_it(mini) -> None:
    mini.guide("police", "en")
    path = mini.root / "content/guides/police.en.md"
    path.write_text(path.read_text().replace("legal_review: pending", "legal_review: approved"))
    _, problems = read_inputs(mini.project)
    found = [p for p in problems if p.rule == "missing-field"]
    assert [(p.file, p.line, p.message) for p in found] == [
        ("content/guides/police.en.md", 5, "`legal_review: approved` needs `reviewed_by`")]
    assert "never a name" in found[0].fix


def translated(mini, lang: str, original: str = "tg") -> Path:
    path = mini.guide("rights", lang, extra=f"translated_from: {{lang: {original}}}\n",
                      body=f"## Steps\n\nText in {lang}.\n")
    stamp(mini.project, path)
    return path


@pytest.mark.slow
def test_uzbek_reader_gets_the_russian_translation_before_the_tajik_original(mini) -> None:
    mini.guide("rights", "tg", body="## Қадамҳо\n\nМатни тоҷикӣ.\n")
    translated(mini, "ru")
    build_site(mini.project)
    uz = page_text(mini.root / "site", "uz/guides/rights")
    assert "Text in ru." in uz and "Матни тоҷикӣ" not in uz
    assert re.search(r'<div lang="ru">\s*<h1', uz)
    text = notice(uz, "kb-fallback")
    assert "таржима тили: русча; асл тил: тожикча" in text, text
    # English has no fallback order: it shows the Tajik original.
    en = page_text(mini.root / "site", "en/guides/rights")
    assert "Матни тоҷикӣ" in en and "Below is the original text in Tajik." in notice(en, "kb-fallback")


@pytest.mark.slow
def test_an_outdated_translation_is_skipped_by_the_fallback_order(mini) -> None:
    mini.guide("rights", "tg", body="## Қадамҳо\n\nМатни тоҷикӣ.\n")
    translated(mini, "ru")
    mini.guide("rights", "tg", body="## Қадамҳо\n\nМатни нави тоҷикӣ.\n")  # the original changed
    build_site(mini.project)
    uz = page_text(mini.root / "site", "uz/guides/rights")
    assert "Матни нави тоҷикӣ" in uz and "Text in ru." not in uz
    assert "асл тил: тожикча" in notice(uz, "kb-fallback")


def test_a_wrong_fallback_order_is_reported(mini) -> None:
    config = mini.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("uz: [ru, tg]", "uz: [fr, uz]"),
                      encoding="utf-8")
    mini.project.__dict__.pop("mkdocs_config", None)
    with pytest.raises(BuildError) as error:
        build_site(mini.project)
    messages = [p.message for p in error.value.problems if p.rule == "fallback-order"]
    assert messages == ["`extra.fallback_order.uz` names `fr`, which is not a language of the site",
                        "`extra.fallback_order.uz` names `uz`, which is the language itself"]
