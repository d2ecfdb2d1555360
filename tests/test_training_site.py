"""The training pages in a real build: trainer text stays out of participant pages and search.

Two builds are checked: the repository's own curriculum (`built_site`, shared by the suite),
and a small project whose trainer notes carry a unique marker, which makes "absent
everywhere but the trainer edition" a plain string search over every built file.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import markdown
import pytest

from scripts.build import build_site
from scripts.content import read_documents
from scripts.errors import Problems
from scripts.training import quiz, trainer
from tests.conftest import REPO, MiniProject

LANGS = ("tg", "ru", "en", "uz")


def lang_dir(site: Path, lang: str) -> Path:
    return site if lang == "tg" else site / lang


def is_trainer_page(site: Path, page: Path) -> bool:
    rel = page.relative_to(site).as_posix()
    return re.match(r"^(?:(?:ru|en|uz)/)?training/trainer/", rel) is not None


def visible_text(raw: str) -> str:
    """What a page says, tags dropped and entities decoded, whitespace squashed."""
    text = re.sub(r"<[^>]+>", " ", raw)
    return re.sub(r"\s+", " ", html.unescape(text))


def search_indexes(site: Path) -> list[Path]:
    found = [p for p in site.rglob("*.json") if "search" in p.parts]
    assert found, "the build wrote no search index"
    return found


def strings(data: object) -> list[str]:
    """Every string in a JSON document (a search index, whatever its layout)."""
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        data = list(data.values())
    return [s for item in data for s in strings(item)] if isinstance(data, list) else []


def fragments(note_markdown: str) -> list[str]:
    """Sentences of a trainer note as they read on a page (long enough not to occur by chance)."""
    text = visible_text(markdown.markdown(note_markdown))
    return [f.strip() for f in re.split(r"(?<=[.!?:;])\s+", text) if len(f.strip()) >= 25]


# ---------------------------------------------------------------------------------------------
# The repository's own curriculum


@pytest.fixture(scope="module")
def modules(built_site: Path) -> dict[tuple[str, str], object]:
    root = built_site.parent
    problems = Problems(root)
    docs = read_documents(root / "content", LANGS, problems)
    return {(d.slug, d.lang): d for d in docs if d.section == "training"}


@pytest.fixture(scope="module")
def pages(built_site: Path) -> dict[Path, str]:
    return {p: visible_text(p.read_text(encoding="utf-8")) for p in built_site.rglob("*.html")}


def test_the_sample_curriculum_has_six_or_more_modules_in_tg_ru_en(modules) -> None:
    slugs = {slug for slug, _ in modules}
    assert len(slugs) >= 6
    for slug in slugs:
        for lang in ("tg", "ru", "en"):
            doc = modules[(slug, lang)]
            assert doc.meta.get("legal_review") == "pending", f"{slug}.{lang}: not marked for legal review"
            split = trainer.split(doc.body, "", doc.body_line)
            assert split.notes and not split.issues, f"{slug}.{lang}: no trainer note"
            assert 3 <= len(doc.meta["quiz"]) <= 5, f"{slug}.{lang}: 3-5 quiz questions"
            assert re.search(r"^## .*", doc.body, re.M), f"{slug}.{lang}: no content sections"


@pytest.fixture(scope="module")
def trainer_sentences(modules) -> set[str]:
    found = {f for doc in modules.values()
             for n in trainer.split(doc.body, "", doc.body_line).notes for f in fragments(n.text)}
    assert len(found) > 100, "too few trainer sentences found to make these tests meaningful"
    return found


def test_trainer_text_is_in_no_participant_page(built_site, pages, trainer_sentences) -> None:
    participant = {p: t for p, t in pages.items() if not is_trainer_page(built_site, p)}
    assert len(participant) > 50
    for page, text in participant.items():
        leaked = [f for f in trainer_sentences if f in text]
        assert not leaked, f"{page.relative_to(built_site)} shows trainer text: {leaked[:3]}"


def test_trainer_text_is_in_no_search_index(built_site, trainer_sentences) -> None:
    # Trainer pages say `search: {exclude: true}` in their front matter (Material's convention);
    # whatever builds the search index must leave such pages out.
    for index in search_indexes(built_site):
        text = visible_text(" ".join(strings(json.loads(index.read_text(encoding="utf-8")))))
        leaked = [f for f in trainer_sentences if f in text]
        assert not leaked, (f"{index.relative_to(built_site)} holds trainer text, e.g. {leaked[:2]}: "
                            "the search index must skip pages whose front matter says "
                            "`search: {exclude: true}`")
        assert "training/trainer/" not in text, f"{index.relative_to(built_site)} lists trainer pages"


def test_trainer_text_is_in_the_trainer_edition_and_trainer_handouts(built_site, modules, pages) -> None:
    for (slug, lang), doc in modules.items():
        for kind in ("", "handouts/"):
            page = lang_dir(built_site, lang) / "training" / "trainer" / kind / slug / "index.html"
            text = pages[page]
            for note in trainer.split(doc.body, "", doc.body_line).notes:
                for fragment in fragments(note.text):
                    assert fragment in text, f"{page.relative_to(built_site)} lacks {fragment!r}"
            assert 'class="admonition trainer"' in page.read_text(encoding="utf-8")


def test_uzbek_falls_back_by_its_fallback_order_with_its_trainer_notes(built_site, modules, pages) -> None:
    slug = next(slug for slug, _ in modules)
    original = next(d for (s, _), d in modules.items() if s == slug and d.is_original)
    # Uzbek readers get an up-to-date Russian translation before the original (mkdocs.yml's
    # fallback order `uz: [ru, tg]`; every translation here is stamped and up to date).
    shown = modules.get((slug, "ru")) or original
    module_html = (built_site / "uz" / "training" / slug / "index.html").read_text(encoding="utf-8")
    assert "kb-fallback" in module_html and f'lang="{shown.lang}"' in module_html
    trainer_text = pages[built_site / "uz" / "training" / "trainer" / slug / "index.html"]
    for note in trainer.split(shown.body, "", shown.body_line).notes:
        assert all(f in trainer_text for f in fragments(note.text))


def test_curriculum_lists_modules_in_order_with_durations_and_total(built_site, modules) -> None:
    originals = sorted((d.meta["order"], slug) for (slug, _), d in modules.items() if d.is_original)
    total = sum(d.meta["duration"] for (_, _), d in modules.items() if d.is_original)
    page = (built_site / "en" / "training" / "index.html").read_text(encoding="utf-8")
    page = page.split("<article", 1)[1]  # the content, not the site navigation
    positions = [page.find(f'href="{slug}/"') for _, slug in originals]
    assert all(p > 0 for p in positions) and positions == sorted(positions)
    hours = f"{total / 60:.1f}".rstrip("0").rstrip(".")
    assert f"Total time: {hours} h." in visible_text(page)
    assert 'href="trainer/"' in page and "Trainer edition" in page
    assert page.count("Awaiting legal review") >= len(originals)
    first = originals[0][1]
    original = next(d for (slug, _), d in modules.items() if slug == first and d.is_original)
    en = modules[(first, "en")]
    assert f"{original.meta['duration']} min" in visible_text(page)
    assert all(o in visible_text(page) for o in en.meta["objectives"])


def test_module_page_has_objectives_content_quiz_and_review_notice(built_site, modules) -> None:
    doc = modules[("reactor-role-ethics", "en")]
    page = (built_site / "en" / "training" / "reactor-role-ethics" / "index.html").read_text(encoding="utf-8")
    assert "kb-legal-review" in page
    text = visible_text(page)
    assert "Objectives" in text and all(o in text for o in doc.meta["objectives"])
    assert 'id="role-play-first-meeting"' in page
    items = quiz.questions(doc)
    assert page.count('class="kb-quiz__item"') == len(items)
    for q in items:
        assert f'data-answer="{q.answer}"' in page and q.question in text
    assert re.search(r"assets/javascripts/quiz\.[0-9a-f]{10}\.js", page)
    assert "<script>" not in page.split('class="kb-quiz"')[1]
    assert " on" + "click=" not in page
    # Without JavaScript the questions read as a list, and the answer is behind a disclosure.
    assert '<ol class="kb-quiz__options" type="A">' in page and "<details" in page
    assert 'href="../handouts/reactor-role-ethics/"' in page


def test_trainer_module_page_has_answer_key_and_timing(built_site, modules) -> None:
    doc = modules[("reactor-role-ethics", "ru")]
    page = (built_site / "ru" / "training" / "trainer" / "reactor-role-ethics" / "index.html")
    text = visible_text(page.read_text(encoding="utf-8"))
    assert "Ответы к самопроверке" in text and "Хронометраж (90 минут)" in text
    for q in quiz.questions(doc):
        assert f"Правильный ответ: {quiz.letter(q.answer)}. {q.options[q.answer]}" in text
        assert q.explanation in text


def test_handouts_are_print_pages_without_navigation(built_site) -> None:
    for path in ("training/handouts/police-and-detention/index.html",
                 "en/training/trainer/handouts/police-and-detention/index.html"):
        page = (built_site / path).read_text(encoding="utf-8")
        assert "kb-handout" in page and "kb-page-break" in page
        assert 'class="md-sidebar md-sidebar--primary"' in page and "hidden" in page.split(
            'md-sidebar--primary"', 1)[1][:200]
    # training.css is part of the one joined, minified stylesheet (scripts/page_assets.py).
    [css] = [sheet.read_text(encoding="utf-8")
             for sheet in (built_site / "assets" / "stylesheets").glob("react.*.css")]
    assert "@media print" in css and ".kb-page-break" in css and "break-inside:avoid" in css


# ---------------------------------------------------------------------------------------------
# A small project with a unique marker in every trainer note

MARK = "Zq7-TRAINER-ONLY"
MODULE = f'''---
title: "Роль"
summary: "Кратко."
order: 1
duration: 45
legal_review: pending
objectives: ["Понять роль."]
quiz:
  - question: "Вопрос?"
    options: ["Да", "Нет"]
    answer: 1
    explanation: "Потому что."
---

## Часть

Текст и [руководство](../guides/free-legal-aid.md).

!!! trainer "Хронометраж {MARK}-title"
    {MARK}-timing: 45 минут.

1. Шаг.

    !!! trainer
        {MARK}-nested

## Упражнение

Ролевая игра.

!!! trainer "Ответы"
    {MARK}-answers
'''


@pytest.fixture(scope="module")
def marked_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    mini = MiniProject(tmp_path_factory.mktemp("training") / "project")
    shutil.copytree(REPO / "content" / "ui", mini.root / "content" / "ui", dirs_exist_ok=True)
    mini.page("index", "tg", title="Саҳифаи асосӣ")
    mini.guide("free-legal-aid", "ru")
    mini.write("training/role.ru.md", MODULE)
    mini.write("training/role.en.md", MODULE.replace('title: "Роль"', 'title: "Role"\n'
                                                     "translated_from: {lang: ru, hash: \"000000000000\"}"))
    build_site(mini.project)
    return mini.root / "site"


def test_marked_trainer_text_reaches_only_the_trainer_edition_pages(marked_site: Path) -> None:
    files = [p for p in marked_site.rglob("*") if p.is_file() and p.suffix in (".html", ".xml", ".txt")]
    holders = {p.relative_to(marked_site).as_posix() for p in files if MARK in p.read_text(encoding="utf-8")}
    expected = {f"{prefix}training/trainer/{kind}role/index.html"
                for prefix in ("", "ru/", "en/", "uz/") for kind in ("", "handouts/")}
    assert holders == expected
    for path in expected:
        text = (marked_site / path).read_text(encoding="utf-8")
        for part in ("-title", "-timing", "-nested", "-answers"):
            assert MARK + part in text
    # The participant pages of the same module still have everything else.
    page = (marked_site / "ru" / "training" / "role" / "index.html").read_text(encoding="utf-8")
    assert "Ролевая игра." in page and "Шаг." in page and 'href="../../guides/free-legal-aid/"' in page


def test_marked_trainer_text_is_in_no_search_index(marked_site: Path) -> None:
    for index in search_indexes(marked_site):
        assert MARK not in index.read_text(encoding="utf-8"), (
            f"{index.relative_to(marked_site)} holds trainer text: the search index must skip pages "
            "whose front matter says `search: {exclude: true}`")


def test_an_outdated_translation_links_to_its_original(marked_site: Path) -> None:
    page = (marked_site / "en" / "training" / "role" / "index.html").read_text(encoding="utf-8")
    assert "kb-outdated" in page and 'href="../../../ru/training/role/"' in page
    trainer_page = (marked_site / "en" / "training" / "trainer" / "role" / "index.html").read_text(
        encoding="utf-8")
    assert 'href="../../../../ru/training/trainer/role/"' in trainer_page
