"""Appeal templates in the built site: pages in every language, links, Word files, no inline code.

Uses the session's one build of the repository's own content (`built_site`).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from docx import Document as read_docx
from docx.shared import Mm

from scripts.appeals.docx_blank import FONT, blank_docx
from scripts.appeals.fields import FieldSpec
from scripts.appeals.sandbox import compile_letter

REPO = Path(__file__).resolve().parents[1]
SLUGS = sorted({p.name.split(".")[0] for p in (REPO / "content" / "templates").glob("*.md")})
LANGS = ("tg", "ru", "en", "uz")
PREFIX = {"tg": "", "ru": "ru/", "en": "en/", "uz": "uz/"}


def page_html(site: Path, lang: str, slug: str) -> str:
    return (site / PREFIX[lang] / "templates" / slug / "index.html").read_text(encoding="utf-8")


def article(html: str) -> str:
    return html[html.index("<article"):html.index("</article>")]


class Tags(HTMLParser):
    """Every start tag with its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Tags()
    parser.feed(html)
    return parser.tags


def test_the_five_sample_templates_exist_in_tg_ru_en() -> None:
    assert len(SLUGS) >= 5
    for slug in SLUGS:
        for lang in ("tg", "ru", "en"):
            text = (REPO / "content" / "templates" / f"{slug}.{lang}.md").read_text(encoding="utf-8")
            assert "legal_review: pending" in text


@pytest.mark.parametrize("lang", LANGS)
def test_a_page_per_template_in_every_language(built_site: Path, lang: str) -> None:
    for slug in SLUGS:
        html = page_html(built_site, lang, slug)
        body = article(html)
        assert 'class="admonition warning kb-notice kb-legal-review"' in body  # awaiting legal review
        assert body.count('class="appeal-letter"') == 1 and "data-appeal-form" in body
        assert f'href="../{slug}-blank.docx"' in body  # the blank Word file, linked from its page
        assert (built_site / PREFIX[lang] / "templates" / f"{slug}-blank.docx").is_file()
        if lang == "uz":  # not translated: the original under a notice, marked as Russian
            assert "kb-fallback" in body and '<div lang="ru">' in body


@pytest.mark.parametrize("lang", LANGS)
def test_templates_index_lists_every_template(built_site: Path, lang: str) -> None:
    html = (built_site / PREFIX[lang] / "templates" / "index.html").read_text(encoding="utf-8")
    for slug in SLUGS:
        assert f'href="{slug}/"' in article(html)


def test_no_inline_script_or_event_handler(built_site: Path) -> None:
    """A strict Content-Security-Policy can forbid inline code: template pages have none."""
    for lang in LANGS:
        for slug in SLUGS:
            for tag, attrs in tags(page_html(built_site, lang, slug)):
                assert not [a for a in attrs if a.startswith("on")], (lang, slug, tag, attrs)
                if tag == "script":
                    assert attrs.get("src") or attrs.get("type") == "application/json", (lang, slug, attrs)


def test_the_form_is_accessible(built_site: Path) -> None:
    html = article(page_html(built_site, "tg", "prosecutor-complaint"))
    all_tags = tags(html)
    ids = {attrs.get("id") for _, attrs in all_tags}
    labels = {attrs.get("for") for tag, attrs in all_tags if tag == "label"}
    controls = [(tag, attrs) for tag, attrs in all_tags if "data-field" in attrs]
    assert len(controls) == 12  # incl. victim and forensic (issue 15)
    for _tag, attrs in controls:
        assert attrs["id"] in labels  # a visible label
        assert attrs["aria-describedby"] in ids  # its plain-language help
        assert attrs["autocomplete"] == "off" and attrs["spellcheck"] == "false"
    dates = [a for t, a in controls if a.get("type") == "date"]
    assert len(dates) == 2 and all("required" in a for a in dates)
    assert html.count('<span class="appeal-required">(ҳатмӣ)</span>') == \
        sum("required" in a for _, a in controls)
    assert "<form" not in html  # nothing to submit: Enter in a field sends nothing anywhere


def test_links_between_templates_and_guides(built_site: Path) -> None:
    guide = article((built_site / "ru" / "guides" / "police-detention" / "index.html").read_text())
    assert 'href="../../templates/prosecutor-complaint/"' in guide
    assert 'href="../../templates/free-legal-aid-request/"' in guide
    template = article(page_html(built_site, "ru", "prosecutor-complaint"))
    assert 'href="../../guides/police-detention/"' in template
    assert 'href="../../guides/free-legal-aid/"' in template


def test_the_word_library_is_copied_once_and_loaded_on_demand(built_site: Path) -> None:
    [library] = list((built_site / "templates" / "lib").glob("docx-*.js"))
    assert library.read_bytes().startswith(b"/* docx ")
    assert not list(built_site.glob("*/templates/lib"))  # not once per language
    assert not list((REPO / "overrides").rglob("docx*.js"))  # never copied into the repository
    html = page_html(built_site, "ru", "prosecutor-complaint")
    assert f'data-docx-lib="templates/lib/{library.name}"' in html
    assert html.count(library.name) == 1  # named for the script, not loaded with the page
    # The letter form's script (hashed name) once; appeal.css is part of the joined stylesheet.
    assert len(re.findall(r"assets/javascripts/appeal-form\.[0-9a-f]{10}\.js", html)) == 1
    [sheet] = re.findall(r'href="[./]*(assets/stylesheets/react\.[0-9a-f]{10}\.css)"', html)
    assert ".appeal-letter" in (built_site / sheet).read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ("tg", "ru", "en"))
def test_blank_word_file_layout(built_site: Path, lang: str) -> None:
    data = (built_site / PREFIX[lang] / "templates" / "prosecutor-complaint-blank.docx").read_bytes()
    document = read_docx(io.BytesIO(data))
    section = document.sections[0]
    assert (round(section.page_width / Mm(1)), round(section.page_height / Mm(1))) == (210, 297)
    styles = [p.style.name for p in document.paragraphs]
    assert styles[0] == "Letter Header" and "Letter Title" in styles and "Letter Body" in styles
    assert document.styles["Normal"].font.name == FONT
    text = "\n".join(p.text for p in document.paragraphs)
    assert "________________ (" in text
    if lang == "tg":
        assert "(Насаб, ном ва номи падари шумо)" in text
        assert set("ғқҳҷӣӯ") <= set(text)


def test_blank_word_file_bytes_depend_only_on_the_template() -> None:
    """So that the writer does not rewrite it, and `kb serve` does not reload, on every build."""
    fields = (FieldSpec("name", "Name", "text", True, "help"),)
    letter, issues = compile_letter("> To someone\n\n# Title\n\nFrom {{ name }}.\n", ["name"])
    assert issues == []
    first = blank_docx("T", "tg", tuple(letter), fields, dt.date(2026, 11, 28))
    second = blank_docx("T", "tg", tuple(letter), fields, dt.date(2026, 11, 28))
    assert first == second
    assert re.search(rb"docProps/core.xml", first)


def test_kb_build_loads_the_features_without_python_docx() -> None:
    """An edit's `kb build` takes the blank Word letters from the render cache: python-docx
    (0.1 s of the build's process) is imported only when one is made. A fresh interpreter,
    as `kb build` is; fails when python-docx is imported at the top of a module it loads."""
    import subprocess
    import sys

    code = ("import sys, scripts.cli, scripts.build\n"
            "from scripts.features import load_features\n"
            "load_features()\n"
            "print('docx' in sys.modules)\n")
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           cwd=REPO)
    assert shown.stdout.strip() == "False"
