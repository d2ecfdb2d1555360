"""Issue 14's PDFs as a new user broke them (breakit14), fixed as kinds.

- a character the PDF fonts lack (an emoji) is a `pdf-glyphs` problem naming the content
  file, line, character and its Unicode name, in every kind of printed document and
  language, once however many PDFs print it; characters the fonts have, or that draw
  nothing, are not;
- a note without a title gets one in its text's language, on the web page and in the PDF;
- `kb check` reports what `kb build` would, the PDFs' problems too, writing nothing to
  docs/ or site/.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from scripts.build import generate
from scripts.cli import main
from scripts.pdf import glyphs
from scripts.pdf.kinds import PrintDocument

from . import samples
from .conftest import MiniProject
from .samples import LETTER_HEAD, NAME_FIELD, module_text
from .test_pdf import WIDE_TABLE, problems_of


def module(mini: MiniProject, slug: str, lang: str, body: str, title: str = "Module") -> Path:
    return mini.write(f"training/{slug}.{lang}.md", module_text(body, title))


def template(mini: MiniProject, slug: str, lang: str, body: str) -> Path:
    """A template with one field (`full_name`) whose letter's body is `body`."""
    return samples.template(mini, lang, fields="fields:\n" + NAME_FIELD, letter=LETTER_HEAD + body + "\n",
                            slug=slug)


def line_of(path: Path, needle: str) -> int:
    return next(n for n, text in enumerate(path.read_text("utf-8").split("\n"), 1) if needle in text)


def pdf_text(files: dict[str, str | bytes], prefix: str, tmp_path: Path) -> list[str]:
    """The text (pdftotext) of every PDF of `files` whose docs path starts with `prefix`."""
    texts = []
    for name, value in sorted(files.items()):
        if name.startswith(prefix) and name.endswith(".pdf") and isinstance(value, bytes):
            path = tmp_path / name.replace("/", "_")
            path.write_bytes(value)
            texts.append(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                                        check=True).stdout)
    assert texts, f"no PDF under {prefix}"
    return texts


# -- 1. characters the fonts lack ---------------------------------------------------------------

# Each kind of printed document, in another language: where the emoji is written.
KINDS = {
    "guide-tg": lambda mini: mini.guide("emoji", "tg", body="## 🚨 Ёрдам\n\nМатн бо ⚠️ ва 📞.\n"),
    "guide-ru": lambda mini: mini.guide("emoji", "ru", body="## Помощь\n\nЗвоните 📞 сразу.\n"),
    "module-en": lambda mini: module(mini, "emoji", "en",
                                     'Text.\n\n!!! trainer "Timing"\n    Call 📞 at the end.\n'),
    "letter-uz": lambda mini: template(mini, "emoji", "uz", "Мен 📞 орқали хабар бердим.\n"),
}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_a_character_the_fonts_lack_is_one_problem_naming_file_line_and_character(
        mini: MiniProject, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    monkeypatch.setenv("KB_PDF_CACHE", str(tmp_path / "cache"))
    path = KINDS[kind](mini)
    report = problems_of(mini)
    rel = path.relative_to(mini.root).as_posix()
    line = line_of(path, "📞")
    # One problem for the line, however many PDFs print it (fallbacks, both handout editions).
    found = re.findall(rf"^{re.escape(rel)}:(\d+): \[pdf-glyphs\] (.*)$", report, re.M)
    assert (str(line), ) == tuple(n for n, message in found if "U+1F4DE" in message), report
    assert 'no "📞" (U+1F4DE TELEPHONE RECEIVER)' in report and "empty box" in report
    assert "write it in words or remove it" in report
    assert "U+26A0" not in report and "U+FE0F" not in report and "Traceback" not in report
    if kind == "guide-tg":  # a heading too, on its own line
        assert f"{rel}:{line_of(path, '🚨')}: [pdf-glyphs]" in report and "U+1F6A8" in report
    if kind == "letter-uz":  # the letter's font is DejaVu Serif
        assert "(DejaVu Serif)" in report


def test_what_the_fonts_have_or_what_draws_nothing_or_is_not_printed_is_no_problem(
        mini: MiniProject, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # ⚠ is in DejaVu; U+FE0F (emoji presentation), the zero-width joiner and the soft hyphen
    # draw nothing; an emoji in an editor's comment or on a page without a PDF is not printed.
    monkeypatch.setenv("KB_PDF_CACHE", str(tmp_path / "cache"))
    mini.page("about", "tg", title="Дар бораи мо", body="Салом 🚨 📞 ✅\n")
    mini.guide("fine", "tg", body="## ⚠️ Огоҳӣ\n\nғ қ ҳ ҷ ӣ ӯ ў, a\u200db, hy\u00adphen.\n\n"
               "<!-- 🚨 a note for the team -->\n")
    files = generate(mini.project)
    texts = pdf_text(files, "tg/print/guide-", tmp_path)
    assert "⚠" in texts[0] and "ғ қ ҳ ҷ ӣ ӯ ў" in texts[0]


def test_coverage_is_read_from_the_fonts_each_style_prints_in() -> None:
    def doc(text: str, style: str = "document") -> PrintDocument:
        return PrintDocument(pdf="tg/print/x.pdf", links=(), source=Path("x.md"), lang="tg", title="T",
                             subject="S", heading=None, text=text, base="tg/x.md", style=style)

    assert glyphs.family_of("document") == "KB Sans" and glyphs.family_of("letter") == "KB Serif"
    assert glyphs.unprintable(doc("Огоҳ ⚠️ ✓ № ғқҳҷӣӯў \u200d\u00ad")) == []
    assert glyphs.unprintable(doc("a 🚨 b ✅ c 🚨")) == ["🚨", "✅"]
    # Ѡ (U+0460) is in DejaVu Sans, not in DejaVu Serif: only a letter cannot print it.
    assert glyphs.unprintable(doc("Ѡ")) == [] and glyphs.unprintable(doc("Ѡ", "letter")) == ["Ѡ"]
    assert glyphs.character_name("🚨") == '"🚨" (U+1F6A8 POLICE CARS REVOLVING LIGHT)'


def test_the_fonts_coverage_kept_in_the_render_cache_is_the_fonts_own(mini: MiniProject) -> None:
    """`glyphs._coverage` is kept in the render cache (memo.py) under the fingerprint of the
    fonts: taken from the cache it is what fontTools reads, and another fingerprint reads
    the fonts again."""
    from fontTools.ttLib import TTFont

    from scripts.memo import using
    from scripts.pdf import layout
    from scripts.render_cache import RenderCache

    faces = [TTFont(layout.FONT_DIR / name, lazy=True) for name in layout.FONTS["KB Serif"].values()]
    expected = sorted(set.intersection(*(set(face.getBestCmap()) for face in faces)))
    tools = layout.fingerprint_of_tools()
    cache = RenderCache.of(mini.project, {})
    with using(cache):
        assert glyphs._coverage(tools, "KB Serif") == expected
    cache.save()
    again = RenderCache.of(mini.project, {})
    with using(again):
        assert glyphs._coverage(tools, "KB Serif") == expected
        assert glyphs._coverage("another fingerprint", "KB Serif") == expected
    assert (again.found["font-coverage"], again.computed["font-coverage"]) == (1, 1)
    assert 0x0460 in glyphs._coverage(tools, "KB Sans") and 0x0460 not in expected


# -- 2. a note without a title --------------------------------------------------------------

# Untitled notes in every language (and a module's), and the title each must get: on the
# Tajik guide's English page (a fallback) the Tajik text's title, on its Uzbek page (falls
# back to the Russian translation) the Russian one.
NOTES = {
    ("guides/note", "tg"): ("!!! warning\n    Огоҳии бесарлавҳа.\n", "Огоҳӣ"),
    ("guides/note", "ru"): ("!!! warning\n    Предупреждение без заголовка.\n", "Внимание"),
    ("guides/other", "en"): ("!!! danger\n    An untitled danger note.\n", "Danger"),
    ("guides/third", "uz"): ("!!! caution\n    Сарлавҳасиз огоҳлантириш.\n", "Эҳтиёт бўлинг"),
    ("training/mod", "ru"): ("!!! tip\n    Совет без заголовка.\n", "Совет"),
}
# (language of the page, section/slug) -> the note title it shows.
SHOWN = {("tg", "guides/note"): "Огоҳӣ", ("ru", "guides/note"): "Внимание",
         ("en", "guides/note"): "Огоҳӣ", ("uz", "guides/note"): "Внимание",
         ("en", "guides/other"): "Danger", ("uz", "guides/third"): "Эҳтиёт бўлинг",
         ("tg", "guides/other"): "Danger", ("ru", "training/mod"): "Совет",
         ("tg", "training/mod"): "Совет", ("en", "training/mod"): "Совет"}
ENGLISH_DEFAULTS = ("Warning", "Danger", "Caution", "Tip")


def write_notes(mini: MiniProject) -> None:
    from scripts.translations import stamp

    for (name, lang), (body, _) in NOTES.items():
        section, slug = name.split("/")
        first = next(code for (other, code) in NOTES if other == name)
        extra = f"translated_from: {{lang: {first}}}\n" if lang != first else ""
        if section == "guides":
            path = mini.guide(slug, lang, extra=extra, body=f"## Қадамҳо\n\n{body}")
        else:
            path = module(mini, slug, lang, body)
        if extra:
            stamp(mini.project, path)


def test_an_untitled_note_is_titled_in_its_texts_language_in_every_pdf(
        mini: MiniProject, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KB_PDF_CACHE", str(tmp_path / "cache"))
    write_notes(mini)
    files = generate(mini.project)
    for (lang, name), title in SHOWN.items():
        pdf = _pdf_of(files, lang, name)
        assert pdf in files, (lang, name)
        text = pdf_text({pdf: files[pdf]}, pdf, tmp_path)[0]
        assert title in text, (lang, name, text)
        assert not any(word in text.split() for word in ENGLISH_DEFAULTS if word != title), (lang, name, text)


def _pdf_of(files: dict[str, str | bytes], lang: str, name: str) -> str:
    from scripts.pdf.kinds import neutral_path

    section, slug = name.split("/")
    if section == "guides":
        return neutral_path(lang, "guide", name)
    return neutral_path(lang, "handout", f"training/{slug}/participant")


def test_a_titled_note_keeps_its_title_and_an_empty_title_stays_empty() -> None:
    from scripts.note_titles import titled

    def titles(code: str) -> dict[str, str]:
        return {"warning": f"W-{code}", "tip": f"T-{code}", "trainer": f"TR-{code}"}

    page = ("---\ntitle: x\n---\n!!! warning\n    a\n\n!!! tip \"Mine\"\n    b\n\n!!! tip \"\"\n    c\n\n"
            '<div lang="tg" markdown="block">\n\n- item\n\n    !!! warning\n        d\n\n</div>\n\n'
            "!!! tip\n    e\n")
    out = titled(page, "ru", titles)
    assert '!!! warning "W-ru"\n    a' in out and '!!! tip "Mine"' in out and '!!! tip ""' in out
    assert '    !!! warning "W-tg"\n        d' in out and '!!! tip "T-ru"\n    e' in out


@pytest.mark.slow
def test_an_untitled_note_is_titled_in_its_texts_language_on_every_web_page(
        mini: MiniProject, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from scripts.build import build_site

    monkeypatch.setenv("KB_PDF_CACHE", str(tmp_path / "cache"))
    write_notes(mini)
    build_site(mini.project)
    for (lang, name), title in SHOWN.items():
        root = mini.root / "site" / ("" if lang == "tg" else lang)
        html = (root / name / "index.html").read_text("utf-8")
        found = re.findall(r'<p class="admonition-title">([^<]*)</p>', html)
        assert title in found, (lang, name, found)
        assert not set(found) & set(ENGLISH_DEFAULTS) - {title}, (lang, name, found)
        # In the PDF linked from that page too.
        pdf = root / "print" / _pdf_of({}, lang, name).split("/")[-1]
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
        assert title in text, (lang, name, text)


# -- 3. kb check reports what kb build would --------------------------------------------------


def test_kb_check_reports_the_pdf_problems_kb_build_would_and_writes_no_docs_or_site(
        mini: MiniProject, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KB_PDF_CACHE", str(tmp_path / "cache"))
    mini.guide("wide", "tg", body=f"## Ҷадвал\n\n{WIDE_TABLE}")
    path = module(mini, "emoji", "ru", "Звоните 📞.\n", title="Модуль")
    result = CliRunner().invoke(main, ["--root", str(mini.root), "check"])
    assert result.exit_code == 1, result.output
    # Every problem at once, as `kb build` prints them: the layout and the glyph.
    assert "content/guides/wide.tg.md: [pdf-layout]" in result.output, result.output
    assert f"content/training/emoji.ru.md:{line_of(path, '📞')}: [pdf-glyphs]" in result.output
    assert "Traceback" not in result.output
    assert not (mini.root / "docs").exists() and not (mini.root / "site").exists()


@pytest.mark.slow
def test_kb_check_and_kb_build_report_the_same_problems(
        mini: MiniProject, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # kb build reports the PDFs' problems after MkDocs has built the languages (pdfpar).
    monkeypatch.setenv("KB_PDF_CACHE", str(tmp_path / "cache"))
    mini.guide("wide", "tg", body=f"## Ҷадвал\n\n{WIDE_TABLE}")
    module(mini, "emoji", "ru", "Звоните 📞.\n", title="Модуль")
    checked = CliRunner().invoke(main, ["--root", str(mini.root), "check"])
    built = CliRunner().invoke(main, ["--root", str(mini.root), "build"])
    assert checked.exit_code == built.exit_code == 1, (checked.output, built.output)
    assert sorted(_problems(built.output)) == sorted(_problems(checked.output)) != []


def test_kb_check_does_not_lay_out_pdfs_when_the_content_has_problems(
        mini: MiniProject, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # As `kb build`: the content's problems first; nothing is rendered or laid out.
    monkeypatch.setenv("KB_PDF_CACHE", str(tmp_path / "cache"))
    mini.guide("wide", "tg", body=f"## Ҷадвал\n\n{WIDE_TABLE}", extra="topics: [nonsense]\n")
    result = CliRunner().invoke(main, ["--root", str(mini.root), "check"])
    assert result.exit_code == 1 and "[pdf-layout]" not in result.output, result.output
    assert "The pages and PDFs were not made, so not checked" in result.output
    assert "content/guides/wide.tg.md" in result.output and not (tmp_path / "cache").exists()


def test_kb_check_says_ok_for_a_good_project_without_writing_docs_or_site(
        mini: MiniProject, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KB_PDF_CACHE", str(tmp_path / "cache"))
    mini.guide("fine", "tg")
    result = CliRunner().invoke(main, ["--root", str(mini.root), "check"])
    assert result.exit_code == 0 and "no problems" in result.output, result.output
    assert list((tmp_path / "cache").glob("*.pdf"))  # the PDFs were laid out, into the cache
    assert not (mini.root / "docs").exists() and not (mini.root / "site").exists()


def _problems(output: str) -> list[str]:
    return [line for line in output.splitlines() if re.match(r"^content/\S+: \[", line)]


# -- 4. one layout problem per content file and cause ----------------------------------------


def test_one_wide_table_is_one_problem_naming_every_pdf_it_breaks(
        mini: MiniProject, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A Tajik guide with no translation is printed four times (tg, and the ru/en/uz
    # fallbacks); a Russian module twice (participant and trainer handouts), in every language.
    monkeypatch.setenv("KB_PDF_CACHE", str(tmp_path / "cache"))
    mini.guide("wide", "tg", body=f"## Ҷадвал\n\n{WIDE_TABLE}")
    module(mini, "wide", "ru", f"Таблица:\n\n{WIDE_TABLE}", title="Модуль")
    report = problems_of(mini)
    assert report.count("content/guides/wide.tg.md") == 1, report
    assert report.count("content/training/wide.ru.md") == 1, report
    assert "2 problems found" in report
    guide = next(line for line in report.splitlines() if line.startswith("content/guides/wide.tg.md"))
    assert "in its 4 PDFs: " in guide and all(f"{lang}/print/guide-{lang}-" in guide
                                               for lang in ("tg", "ru", "en", "uz")), guide
    assert "(page 1)" in guide and "wider than the page" in guide
    handouts = next(line for line in report.splitlines() if line.startswith("content/training/wide.ru.md"))
    assert "in its 8 PDFs: " in handouts and "/print/notes-" in handouts, handouts
