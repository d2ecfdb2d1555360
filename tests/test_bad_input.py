"""Bad input: each case gives one clear message, exits through BuildError, and leaves site/ as it was."""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest

from scripts.build import build_site
from scripts.errors import BuildError, Problems

# Builds whole sites with MkDocs.
pytestmark = pytest.mark.slow


def site_snapshot(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture
def built(mini):
    """A mini project with one good build published, to check that failures leave it alone."""
    mini.guide("police-detention", "ru")
    build_site(mini.project)
    return mini, site_snapshot(mini.root / "site")


def failing_build(mini) -> list[str]:
    with pytest.raises(BuildError) as info:
        build_site(mini.project)
    return [str(p) for p in info.value.problems]


CASES = {
    "broken-yaml": (
        lambda m: m.write("guides/bad.ru.md", '---\ntitle: "Задержание\nsummary: S\n---\n'),
        "content/guides/bad.ru.md:2: [yaml] the front matter is not valid YAML",
    ),
    "unknown-language": (
        lambda m: m.page("about", "fr"),
        "content/pages/about.fr.md: [unknown-language] unknown language suffix `.fr.md`",
    ),
    "missing-title": (
        lambda m: m.write("pages/about.en.md", "---\nsummary: S\n---\n\nText\n"),
        "content/pages/about.en.md:1: [missing-field] the required field `title` is missing",
    ),
    "two-originals": (
        lambda m: (m.page("about", "ru"), m.page("about", "en")),
        "content/pages/about.en.md:1: [two-originals] this file and about.ru.md are all originals of `about`",
    ),
    "missing-original": (
        lambda m: m.page("about", "tg", extra="translated_from: {lang: ru, hash: abc}\n"),
        "content/pages/about.tg.md:4: [missing-original] this is a translation from `ru`, "
        "but about.ru.md does not exist",
    ),
    "broken-link": (
        lambda m: m.guide("eviction", "ru", body="## A\n\nSee [the guide](no-such-guide.md).\n"),
        "content/guides/eviction.ru.md:11: [broken-link] the link `no-such-guide.md` leads to no page",
    ),
    "unknown-population": (
        lambda m: m.guide("eviction", "ru", extra="populations: [pwud, drug_addicts]\n"),
        "content/guides/eviction.ru.md:7: [unknown-code] `populations` has unknown value `drug_addicts`",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_gives_one_clear_message_and_keeps_site(built, case: str) -> None:
    mini, before = built
    make_bad, expected = CASES[case]
    make_bad(mini)
    messages = failing_build(mini)
    assert len(messages) == 1, messages
    first_line, fix_line = messages[0].split("\n")
    assert first_line.startswith(expected)
    assert fix_line.startswith("    fix: ") and len(fix_line) > 15
    assert site_snapshot(mini.root / "site") == before
    assert not list(mini.root.glob(".site-build-*")), "the staging folder must be cleaned up"


def test_all_problems_are_reported_at_once(built) -> None:
    mini, _ = built
    mini.write("guides/bad.ru.md", '---\ntitle: "Задержание\nsummary: S\n---\n')
    mini.page("about", "fr")
    mini.write("pages/contact.en.md", "---\nsummary: S\n---\n\nText\n")
    mini.page("help", "ru")
    mini.page("help", "en")
    mini.page("faq", "tg", extra="translated_from: {lang: ru, hash: abc}\n")
    mini.guide("eviction", "ru", body="## A\n\nSee [the guide](no-such-guide.md).\n",
               extra="populations: [drug_addicts]\n")
    rules = sorted(m.split("[", 1)[1].split("]", 1)[0] for m in failing_build(mini))
    assert rules == ["broken-link", "missing-field", "missing-original", "two-originals",
                     "unknown-code", "unknown-language", "yaml"]


def test_mkdocs_warning_fails_the_build_and_keeps_site(built) -> None:
    """A problem only MkDocs sees (a missing anchor) still fails the whole build."""
    mini, before = built
    mini.guide("eviction", "ru", body="## A\n\nSee [the steps](police-detention.md#no-such-heading).\n")
    messages = failing_build(mini)
    assert any("[mkdocs]" in m and "no-such-heading" in m for m in messages), messages
    # Languages build in parallel processes; every language's warning is reported at once
    # (the other languages show the Russian original as a fallback, with the same link).
    for lang in ("tg", "ru", "en", "uz"):
        assert any(f"[{lang}]" in m and "no-such-heading" in m for m in messages), (lang, messages)
    assert site_snapshot(mini.root / "site") == before


# --- One source-location layer (scripts/source.py): what the reader accepts, every user of
# --- the front matter (stamping, line numbers, link checks) reads the same way.

def test_stamp_accepts_every_front_matter_the_reader_accepts(mini) -> None:
    """A closing `--- ` with a trailing space, CRLF lines, and a block `translated_from` with a
    comment: the reader accepts them, so stamping must too (it raised a traceback)."""
    from click.testing import CliRunner

    from scripts.cli import main

    mini.guide("police-detention", "ru")
    path = mini.root / "content" / "guides" / "police-detention.tg.md"
    path.write_bytes(
        "---\r\ntitle: \"Боздошт\"\r\nsummary: \"Ҷамъбаст.\"\r\ntranslated_from:\r\n  lang: ru\r\n"
        "  # stamped by kb\r\n\r\nreviewed: 2026-11-01\r\n--- \r\n\r\n## Қадамҳо\r\n\r\nМатн.\r\n"
        .encode())
    result = CliRunner().invoke(main, ["--root", str(mini.root), "translations", "--stamp", str(path)])
    assert result.exit_code == 0, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    text = path.read_text(encoding="utf-8")
    assert 'translated_from: {lang: ru, hash: "' in text
    assert "reviewed: 2026-11-01\n--- \n" in text and "  lang: ru" not in text
    check = CliRunner().invoke(main, ["--root", str(mini.root), "check"])
    assert check.exit_code == 0, check.output


def test_lines_come_from_the_yaml_marks(mini) -> None:
    """A quoted key, a key after a multi-line value: the line is where YAML found the key."""
    mini.write("guides/eviction.ru.md",
               "---\ntitle: \"T\"\nsummary: >\n  one\n  two\nreviewed: 2026-11-01\n"
               "\"populations\": [drug_addicts]\n---\n\nText.\n")
    messages = failing_build(mini)
    assert any(m.startswith("content/guides/eviction.ru.md:7: [unknown-code] `populations`")
               for m in messages), messages


# --- Values YAML reads as something else (issue 11, point 2).

def test_impossible_date_in_front_matter_is_named_at_its_line(mini) -> None:
    mini.write("guides/eviction.ru.md",
               "---\ntitle: \"T\"\nsummary: \"S\"\nreviewed: 2026-02-30\ntopics: [police]\n---\n\nText.\n")
    messages = failing_build(mini)
    assert len(messages) == 1, messages
    assert messages[0].startswith("content/guides/eviction.ru.md:4: [field-type] `reviewed: 2026-02-30` "
                                  "is not a date in the calendar"), messages


def test_values_meant_as_text_are_named_with_the_fix(mini) -> None:
    """`no` in a list of codes, `012` in a quiz option, a number as a title: one message each,
    at its line, telling to put the value in quotes."""
    mini.write("guides/eviction.ru.md",
               "---\ntitle: 2020\nsummary: \"S\"\nreviewed: 2026-11-01\ntopics: [police, no]\n---\n\nText.\n")
    mini.write("training/first.ru.md",
               "---\ntitle: \"M\"\nsummary: \"S\"\norder: 1\nduration: 30\nobjectives: [\"Know.\"]\n"
               "quiz:\n  - question: \"Which?\"\n    options: [\"A\", 012]\n    answer: 0\n"
               "    explanation: \"Because.\"\n---\n\n## Part\n\nText.\n")
    messages = failing_build(mini)
    assert sorted(m.split("\n")[0] for m in messages) == [
        "content/guides/eviction.ru.md:2: [field-type] `title: 2020` was read as a number, "
        "but it must be text",
        "content/guides/eviction.ru.md:5: [field-type] `topics: no` was read as true or false (YAML reads "
        "yes, no, on and off that way) (False), but it must be text",
        "content/training/first.ru.md:9: [field-type] `options: 012` was read as a number (10), "
        "but it must be text",
    ], messages
    assert all(m.split("\n")[1].startswith("    fix: put it in quotes") for m in messages)


def test_values_meant_as_text_in_catalogs(mini) -> None:
    """A phone number loses its `+`, a category code `no` becomes a boolean: both reported."""
    orgs = mini.root / "content" / "organizations.yml"
    orgs.write_text(orgs.read_text(encoding="utf-8").replace(
        "  region: dushanbe\n", "  region: dushanbe\n  contacts: {phone: +992900000000}\n", 1),
        encoding="utf-8")
    vocabulary = mini.root / "aggregates" / "vocabulary.yml"
    vocabulary.write_text(vocabulary.read_text(encoding="utf-8").replace(
        "      other: {", "      no: {tg: \"Не\", ru: \"Нет\", en: \"No\", uz: \"Йўқ\"}\n      other: {", 1),
        encoding="utf-8")
    messages = [m.split("\n")[0] for m in failing_build(mini)]
    assert any(m.startswith("content/organizations.yml:") and
               "`phone: +992900000000` was read as a number (992900000000), but it must be text" in m
               for m in messages), messages
    assert any(m.startswith("aggregates/vocabulary.yml:") and
               "`no` was read as true or false" in m for m in messages), messages
    assert len(messages) == 2, messages


# --- One failure, one message (issue 11, point 3).

@pytest.mark.parametrize("broken", [
    '---\ntitle: "Задержание\nsummary: S\n---\n',  # invalid YAML
    "---\ntitle: T\nsummary: S\n",  # no closing line
    "no front matter at all\n",
])
def test_an_unreadable_original_is_not_also_missing_for_its_translations(mini, broken: str) -> None:
    mini.write("guides/eviction.ru.md", broken)
    for lang in ("tg", "en"):
        mini.guide("eviction", lang, extra="translated_from: {lang: ru, hash: abc}\n")
    (mini.root / "content/guides/eviction.ru.md").write_bytes(b"\xff\xfe" + broken.encode()) \
        if broken.startswith("no") else None
    messages = failing_build(mini)
    assert len(messages) == 1, messages
    assert messages[0].startswith("content/guides/eviction.ru.md"), messages


# --- Translations keep their original's structure (issue 11, point 6).

ORIGINAL_BODY = """\
Intro with [a link](police-detention.md).

## Steps

1. Call a lawyer.
2. Ask for the reason.

!!! tip "Remember"
    Stay calm.

## Help

- [Free legal aid](police-detention.md)
- ![a map](map.png)
"""


def _stamped_translation(mini, body: str) -> list[str]:
    from scripts.content import read_document
    from scripts.fingerprint import fingerprint

    mini.guide("police-detention", "en")
    original = mini.guide("eviction", "ru", body=ORIGINAL_BODY)
    (mini.root / "content" / "map.png").write_bytes(b"")
    doc = read_document(original, mini.root / "content", mini.project.codes, Problems())
    mini.guide("eviction", "tg", body=body,
               extra=f'translated_from: {{lang: ru, hash: "{fingerprint(doc)}"}}\n')
    from scripts.build import read_inputs

    _, problems = read_inputs(mini.project)
    return [str(p).split("\n")[0] for p in problems if p.rule == "translation-structure"]


def test_a_faithful_translation_has_no_structure_problem(mini) -> None:
    assert _stamped_translation(mini, ORIGINAL_BODY.replace("Steps", "Қадамҳо")) == []


@pytest.mark.parametrize(("body", "expected"), [
    (ORIGINAL_BODY.replace("## Help", "### Help"),
     "content/guides/eviction.tg.md:20: [translation-structure] heading 2: `###` here, `##` in the "
     "original eviction.ru.md (2 headings here, 2 there)"),
    (ORIGINAL_BODY.replace("\n## Help\n", "\n"),
     "content/guides/eviction.tg.md:12: [translation-structure] heading 2: `no heading` here, `##` in "
     "the original eviction.ru.md (1 heading here, 2 there)"),
    (ORIGINAL_BODY.replace("2. Ask for the reason.\n", ""),
     "content/guides/eviction.tg.md:12: [translation-structure] under `## Steps` (lines 12-17): 1 list "
     "item here, 2 in the original eviction.ru.md (its lines 11-17)"),
    (ORIGINAL_BODY.replace('!!! tip "Remember"', '!!! warning "Remember"'),
     "content/guides/eviction.tg.md:12: [translation-structure] under `## Steps` (lines 12-18): 0 "
     "`!!! tip` notes here, 1 in the original eviction.ru.md (its lines 11-17)"),
    (ORIGINAL_BODY.replace("[a link](police-detention.md)", "a link"),
     "content/guides/eviction.tg.md:10: [translation-structure] before the first heading (line 10): "
     "0 links here, 1 in the original eviction.ru.md (its line 9)"),
    (ORIGINAL_BODY.replace("- ![a map](map.png)", "- a map"),
     "content/guides/eviction.tg.md:20: [translation-structure] under `## Help` (lines 20-23): 0 images "
     "here, 1 in the original eviction.ru.md (its lines 19-22)"),
])
def test_each_structure_difference_names_the_translations_line(mini, body: str, expected: str) -> None:
    """At the section's heading, with the lines of both sections: counts cannot say which
    list item or link is the missing one (the original has one line less of front matter)."""
    assert expected in _stamped_translation(mini, body)


def test_a_setext_heading_is_the_heading_its_original_writes_with_hashes(mini) -> None:
    """`Help` over `----` is Python-Markdown's `## Help`: the same structure (found by a tester:
    it failed as "no heading"), and a setext heading added to a translation is a difference."""
    assert _stamped_translation(mini, ORIGINAL_BODY.replace("## Help", "Help\n----")) == []
    assert _stamped_translation(mini, ORIGINAL_BODY.replace("## Steps", "Steps\n=====")) == [
        "content/guides/eviction.tg.md:12: [translation-structure] heading 1: `#` here, `##` in the "
        "original eviction.ru.md (2 headings here, 2 there)"]
    # Under a paragraph's second line, `---` is a rule (Python-Markdown): no heading.
    rule = ORIGINAL_BODY.replace("Stay calm.\n", "Stay calm.\n\nOne\ntwo\n---\n")
    assert _stamped_translation(mini, rule) == []
    added = ORIGINAL_BODY.replace("Stay calm.\n", "Stay calm.\n\nMore\n---\n\nText.\n")
    assert _stamped_translation(mini, added) == [
        "content/guides/eviction.tg.md:25: [translation-structure] heading 3: `##` here, `no heading` "
        "in the original eviction.ru.md (3 headings here, 2 there)"]


@pytest.mark.parametrize("body", [
    "## A\nText\n---\n", "T\n---\nNext\n---\n", "a\n\nb\n---\n", "Para\n- item\n---\n",
    "a\nb\n---\n", "- item\n---\n", "Text\n===\n", "Text\n---  \n", "Text\n ---\n",
    '!!! note "T"\n    x\n---\n', "x\n\n    code\n---\n", "# One\n\nTwo\n=\n\n### Three ###\n"])
def test_the_structure_check_sees_the_headings_markdown_makes(body: str) -> None:
    """structure.sections' headings and levels are those Python-Markdown renders (with the
    site's extensions) at the top level of a body: ATX and setext, a setext underline only
    under a line that starts a block."""
    from scripts.parsed_body import EXTENSIONS
    from scripts.structure import sections

    html = markdown.markdown(body, extensions=list(EXTENSIONS))
    assert [s.heading.split(" ")[0] for s in sections(body, 1)[1:]] == \
        ["#" * int(level) for level in re.findall(r"<h([1-6])", html)]


def test_no_text_before_the_first_heading_is_said_so(mini) -> None:
    """The original has no text before its first heading: the message does not send the
    editor to the original's heading line (found by a tester)."""
    body = ORIGINAL_BODY.replace("Intro with [a link](police-detention.md).\n\n", "")
    from scripts.build import read_inputs
    from scripts.content import read_document
    from scripts.fingerprint import fingerprint

    mini.guide("police-detention", "en")
    original = mini.guide("eviction", "ru", body=body)
    (mini.root / "content" / "map.png").write_bytes(b"")
    doc = read_document(original, mini.root / "content", mini.project.codes, Problems())
    mini.guide("eviction", "tg", body="Intro [x](police-detention.md).\n\n" + body,
               extra=f'translated_from: {{lang: ru, hash: "{fingerprint(doc)}"}}\n')
    _, problems = read_inputs(mini.project)
    assert [str(p).split("\n")[0] for p in problems if p.rule == "translation-structure"] == [
        "content/guides/eviction.tg.md:10: [translation-structure] before the first heading (line 10): "
        "1 link here, 0 in the original eviction.ru.md (no text there)"]


def test_mkdocs_warnings_name_the_content_file_and_line(built) -> None:
    """MkDocs sees docs/<lang>/guides/eviction.md; the editor must fix content/guides/eviction.ru.md
    (the other languages show it as a fallback) at the line of the link."""
    mini, _ = built
    mini.guide("eviction", "ru",
               body="## A\n\nText.\n\nSee [the steps](police-detention.md#no-such-heading).\n")
    messages = failing_build(mini)
    mkdocs = [m for m in messages if "[mkdocs]" in m]
    assert len(mkdocs) == 4, messages
    assert all(m.startswith("content/guides/eviction.ru.md:13: [mkdocs] [") for m in mkdocs), mkdocs
    assert not any(m.startswith("mkdocs.yml") for m in messages), messages


# --- Characters an editor cannot see (issue 11, point 9).

def test_control_characters_in_content_are_named_at_their_line(mini) -> None:
    mini.guide("eviction", "ru", body="## Шаги\n\nТекст\x0cс разрывом.\n\nЕщё\x07.\n")
    mini.write("pages/about.ru.md", '---\ntitle: "О нас\\f"\nsummary: "S"\n---\n\nText.\n')
    messages = [m.split("\n")[0] for m in failing_build(mini)]
    assert messages == [
        "content/guides/eviction.ru.md:11: [control-character] an invisible control character "
        "U+000C (form feed) is in this line",
        "content/guides/eviction.ru.md:13: [control-character] an invisible control character "
        "U+0007 (bell) is in this line",
        "content/pages/about.ru.md:2: [control-character] an invisible control character "
        "U+000C (form feed) is in this value",
    ], messages


@pytest.mark.parametrize(("make", "expected"), [
    (lambda m: m.guide("eviction", "ru", extra="populations: [pwud, plhіv]\n"),  # і is Cyrillic
     "content/guides/eviction.ru.md:7: [mixed-script] `plhіv` mixes Latin letters with cyrillic "
     "look-alikes (і)"),
    (lambda m: m.guide("pоlice", "ru"),  # о is Cyrillic
     "content/guides/pоlice.ru.md: [mixed-script] the file name's slug `pоlice` mixes Latin letters"),
])
def test_codes_mixing_latin_and_cyrillic_look_alikes(mini, make, expected: str) -> None:
    make(mini)
    messages = [m.split("\n")[0] for m in failing_build(mini)]
    assert len(messages) == 1 and messages[0].startswith(expected), messages
