"""A real build of the repository's content: files per language, lang, notices, Tajik UI."""

from __future__ import annotations

import re
from pathlib import Path

import material
import pytest

from scripts.build import build_site

from .conftest import REPO

LANGS = {"tg": "", "ru": "ru/", "en": "en/", "uz": "uz/"}
GUIDES = sorted({p.name.split(".")[0] for p in (REPO / "content" / "guides").glob("*.md")})
MATERIAL_EN = Path(material.__file__).parent / "templates/partials/languages/en.html"


def html(site: Path, rel: str) -> str:
    return (site / rel / "index.html").read_text(encoding="utf-8")


def test_every_language_has_every_page(built_site: Path) -> None:
    assert len(GUIDES) >= 6
    for lang, prefix in LANGS.items():
        pages = ["", "about/", "guides/", "organizations/"] + [f"guides/{g}/" for g in GUIDES]
        for page in pages:
            text = html(built_site, prefix + page)
            assert f'<html lang="{lang}"' in text, (lang, page)


def test_fallback_page_marks_original_language(built_site: Path) -> None:
    # Every guide is in Uzbek now (issue 15); the about page still falls back to its Russian original.
    text = html(built_site, "uz/about")
    assert "kb-fallback" in text
    assert "Ҳали таржима қилинмаган" in text  # the notice, in Uzbek
    assert re.search(r'<div lang="ru">\s*<h1', text), "the Russian original must carry lang=ru"
    translated = html(built_site, "uz/guides/police-detention")
    assert "kb-fallback" not in translated


def test_every_guide_awaits_legal_review(built_site: Path) -> None:
    for lang, prefix in LANGS.items():
        for guide in GUIDES:
            assert "kb-legal-review" in html(built_site, f"{prefix}guides/{guide}"), (lang, guide)


def test_tajik_pages_have_tajik_ui(built_site: Path) -> None:
    english = dict(re.findall(r'"([\w.]+)": "([^"]+)"', MATERIAL_EN.read_text()))
    tajik_page = html(built_site, "guides/police-detention")
    assert 'placeholder="Ҷустуҷӯ"' in tajik_page
    assert "Мундариҷа" in tajik_page  # table of contents
    leaks = [value for key, value in english.items()
             if not key.startswith(("search.config", "language", "direction"))
             and (f">{value}<" in tajik_page or f'"{value}"' in tajik_page)]
    assert leaks == []
    # Navigation sections take their index page's title, not the English folder name.
    for text in (tajik_page, html(built_site, "")):
        assert not re.search(r">\s*(Guides|Training|Templates|Statistics)\s*<", text)


def test_heading_anchors_stay_readable_cyrillic(built_site: Path) -> None:
    assert 'id="ҳуқуқҳои-шумо"' in html(built_site, "guides/police-detention")


def test_language_switcher_links_stay_on_the_same_page(built_site: Path) -> None:
    text = html(built_site, "guides/police-detention")
    for lang, prefix in LANGS.items():
        if lang != "tg":
            assert f'href="../../{prefix}guides/police-detention/" hreflang="{lang}"' in text


def test_guides_index_groups_by_topic_and_population(built_site: Path) -> None:
    text = html(built_site, "en/guides")
    assert "By topic" in text and "By community" in text
    assert "Police and detention" in text
    assert text.count('href="police-detention/"') >= 2  # under its topic and its populations


def test_organizations_grouped_by_region_without_invented_contacts(built_site: Path) -> None:
    text = html(built_site, "en/organizations")
    for region in ("Dushanbe", "Sughd", "Khatlon"):
        assert region in text
    assert "SPIN Plus" in text and "Network of Women Living with HIV" in text
    assert not re.search(r"\+992|tel:|mailto:", text)


@pytest.mark.slow
def test_outdated_translation_links_to_original(mini) -> None:
    mini.guide("police-detention", "ru", body="## Шаги\n\nНовый текст.\n")
    mini.guide("police-detention", "tg", extra='translated_from: {lang: ru, hash: "000000000000"}\n')
    build_site(mini.project)
    text = html(mini.root / "site", "guides/police-detention")
    assert "kb-outdated" in text
    assert re.search(r'<a href="../../ru/guides/police-detention/" hreflang="ru" lang="tg">'
                     r"Матни аслиро хонед \(русӣ\)</a>", text)


def test_navigation_follows_the_curriculum_and_hides_trainer_pages(built_site: Path) -> None:
    text = html(built_site, "en/training/police-and-detention")
    nav = text[text.index("md-nav--primary"):text.index("md-content")]
    slugs = re.findall(r'href="\.\./([a-z-]+)/"', nav)
    modules = [s for s in slugs if s in {"reactor-role-ethics", "documenting-cases", "human-rights-basics",
                                         "health-rights-hiv", "statements-and-appeals",
                                         "referrals-and-lawyers"}]
    assert modules == ["reactor-role-ethics", "documenting-cases", "human-rights-basics",
                       "health-rights-hiv", "statements-and-appeals", "referrals-and-lawyers"]
    assert "trainer/" not in nav and "handouts/" not in nav
