"""The content reader: file names, front matter, field types, exact messages."""

from __future__ import annotations

from pathlib import Path

from scripts.content import parse_document, read_documents
from scripts.errors import Problems

LANGS = ("tg", "ru", "en", "uz")


def read(root: Path) -> tuple[list, list[str]]:
    problems = Problems(root.parent)
    docs = read_documents(root, LANGS, problems)
    return docs, [str(p) for p in problems]


def write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_reads_a_document_with_its_lines(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write(content, "guides/police-detention.ru.md",
          "---\ntitle: Задержание\nsummary: Кратко.\nreviewed: 2026-11-01\n---\n\n## Шаги\n")
    docs, problems = read(content)
    assert problems == []
    [doc] = docs
    assert (doc.section, doc.slug, doc.lang, doc.title) == ("guides", "police-detention", "ru", "Задержание")
    assert doc.is_original
    assert doc.line_of("reviewed") == 4
    assert doc.body_line == 7
    assert doc.body.startswith("## Шаги")


def test_unknown_language_suffix(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write(content, "guides/police-detention.fr.md", "---\ntitle: T\nsummary: S\n---\n")
    docs, problems = read(content)
    assert docs == []
    assert problems == [
        "content/guides/police-detention.fr.md: [unknown-language] unknown language suffix "
        "`.fr.md`\n    fix: use one of the languages of mkdocs.yml: tg, ru, en, uz"
    ]


def test_bad_file_name_and_location(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write(content, "guides/Police Detention.ru.md", "---\ntitle: T\nsummary: S\n---\n")
    write(content, "misc/note.ru.md", "---\ntitle: T\nsummary: S\n---\n")
    _, problems = read(content)
    assert [p.split(":")[0] for p in problems] == [
        "content/guides/Police Detention.ru.md", "content/misc/note.ru.md"]
    assert "[file-name]" in problems[0] and "[content-location]" in problems[1]


def test_broken_yaml_names_the_line(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write(content, "pages/about.ru.md", "---\ntitle: О программе\nsummary: \"unclosed\n---\n\nText\n")
    docs, problems = read(content)
    assert docs == []
    assert len(problems) == 1
    assert problems[0].startswith("content/pages/about.ru.md:3: [yaml] the front matter is not valid YAML")
    assert "text with a colon must be in quotes" in problems[0]


def test_missing_title_and_unknown_field(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write(content, "pages/about.en.md", "---\nsumary: S\n---\n\nText\n")
    _, problems = read(content)
    assert problems == [
        "content/pages/about.en.md:1: [missing-field] the required field `summary` is missing\n"
        "    fix: add `summary:` to the front matter: one or two sentences, shown in lists and "
        "in the page description",
        "content/pages/about.en.md:1: [missing-field] the required field `title` is missing\n"
        "    fix: add `title:` to the front matter: the page title",
        "content/pages/about.en.md:2: [unknown-field] unknown field `sumary` for pages\n"
        "    fix: remove it or correct its spelling; allowed: title, summary, translated_from",
    ]


def test_field_types(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write(content, "guides/g.en.md",
          "---\ntitle: T\nsummary: S\nreviewed: soon\nlegal_review: maybe\ntopics: police\n---\n")
    _, problems = read(content)
    assert [p.split("\n")[0] for p in problems] == [
        "content/guides/g.en.md:4: [field-type] `reviewed` must be a date written YYYY-MM-DD",
        "content/guides/g.en.md:5: [field-type] `legal_review` must be one of: pending, approved",
        "content/guides/g.en.md:6: [field-type] `topics` must be a list of codes, like [a, b]",
    ]


def test_translation_need_not_repeat_shared_fields(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write(content, "training/m.en.md",
          "---\ntitle: T\nsummary: S\ntranslated_from: {lang: ru}\nobjectives: [a]\n---\n")
    _, problems = read(content)
    assert problems == []  # order and duration come from the original


def test_text_is_normalized_to_nfc(tmp_path: Path) -> None:
    content = tmp_path / "content"
    # ӣ typed as и + combining macron (NFD), as some keyboards and converters produce it
    write(content, "pages/x.tg.md", "---\ntitle: Ҳуқуқ и\u0304\nsummary: S\n---\n\nқонуни\u0304\n")
    [doc], _ = read(content)
    assert doc.title == "Ҳуқуқ ӣ"
    assert doc.body == "қонунӣ"


def test_no_front_matter(tmp_path: Path) -> None:
    problems = Problems()
    assert parse_document("# Title only\n", Path("x.md"), "pages", "x", "en", problems) is None
    assert [p.rule for p in problems] == ["front-matter"]
