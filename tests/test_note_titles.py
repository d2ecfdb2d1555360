"""An untitled note of each of Material's types and aliases is titled with its own word, in
the language of its text (scripts/note_titles.py, content/ui/notes.yml): `!!! caution` says
"Caution" (in the reader's language), as Material titles it, not its type's "Warning"."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from scripts import note_titles
from scripts.build import build_site, generate
from scripts.note_titles import ALIASES, TYPES

from .conftest import REPO, MiniProject

LANGUAGES = ("tg", "ru", "en", "uz")
KINDS = (*TYPES, *ALIASES)
# Material's title of an untitled note is its type word capitalized; ours in English is that
# word as English spells it.
SPELLED = {"tldr": "TL;DR", "todo": "To do", "faq": "FAQ"}
NOTES_YML = yaml.safe_load((REPO / "content/ui/notes.yml").read_text(encoding="utf-8"))


def title(kind: str, lang: str) -> str:
    return NOTES_YML[f"note_title_{kind}"][lang]


def test_every_type_and_alias_has_its_own_word_in_every_language() -> None:
    for kind in KINDS:
        assert set(NOTES_YML[f"note_title_{kind}"]) == set(LANGUAGES), kind
        assert title(kind, "en") == SPELLED.get(kind, kind.capitalize()) or kind in TYPES, kind
    for alias, kind in ALIASES.items():
        # An alias whose English word differs from its type's is told apart in every language.
        if title(alias, "en") != title(kind, "en"):
            for lang in LANGUAGES:
                assert title(alias, lang) != title(kind, lang), (alias, lang)


def notes_project(mini: MiniProject) -> None:
    """A Tajik guide with an untitled note of every type and alias, translated (stamped) into
    the other languages."""
    from scripts.translations import stamp

    body = "## Қадамҳо\n\n" + "".join(f"!!! {kind}\n    Матн {kind}.\n\n" for kind in KINDS)
    mini.guide("notes", "tg", body=body)
    for lang in LANGUAGES[1:]:
        stamp(mini.project, mini.guide("notes", lang, extra="translated_from: {lang: tg}\n", body=body))


def test_every_alias_is_titled_with_its_own_word_in_docs(mini: MiniProject, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KB_PDF_CACHE", str(tmp_path / "cache"))
    notes_project(mini)
    files = generate(mini.project)
    for lang in LANGUAGES:
        page = files[f"{lang}/guides/notes.md"]
        assert isinstance(page, str)
        for kind in KINDS:
            assert f'!!! {kind} "{title(kind, lang)}"\n    Матн {kind}.' in page, (lang, kind)


@pytest.mark.slow
def test_every_alias_is_titled_with_its_own_word_on_the_built_pages(
        mini: MiniProject, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KB_PDF_CACHE", str(tmp_path / "cache"))
    notes_project(mini)
    build_site(mini.project)
    for lang in LANGUAGES:
        html = (mini.root / "site" / ("" if lang == "tg" else lang) / "guides/notes/index.html"
                ).read_text("utf-8")
        found = dict(re.findall(r'<div class="admonition ([\w-]+)">\s*'
                                r'<p class="admonition-title">([^<]*)</p>', html))
        assert found == {kind: title(kind, lang) for kind in KINDS}, lang


@pytest.mark.parametrize("text", [
    "!!! warning\n    Text.", "  \t!!! warning\n", "Text\n!!!tip\n", "!!! tip \"Title\"\n",
    "!!!!warning\n", "a !!! warning\n", "  !!! !!! warning\n", "!!! note inline  \n",
    "x\n    !!! danger\n", "!!! ҳушдор\n", "", "!!!", "!!! \n",
])
def test_untitled_finds_what_the_line_expression_finds(text: str) -> None:
    """`untitled` searches the literal `!!!` and checks the line's start itself."""
    assert note_titles.untitled(text) == bool(note_titles._UNTITLED.search(text))


def test_untitled_agrees_on_every_generated_page(built_site: Path) -> None:
    pages = sorted((built_site.parent / "docs").rglob("*.md"))
    assert len(pages) > 100
    for page in pages:
        text = page.read_text(encoding="utf-8")
        for variant in (text, text.replace('!!! warning "', "!!! warning\n    \"")):
            assert note_titles.untitled(variant) == bool(note_titles._UNTITLED.search(variant)), page
