"""One Markdown conversion per body for the raw-HTML and the notes checks (scripts/parsed_body.py).

The conversion reuses one `Markdown` per thread, reset between bodies. Its HTML must be what a
new `markdown.markdown` call gives, and its notes what a new parser with the recording
admonition processor records (the code before: `reference_html`, `reference_notes`), whatever
was converted before: every body of content/, every generated page with a note (the golden
docs/, as note_titles.py reads them), and bodies that leave state behind in a parser (reference
definitions, HTML stash placeholders, unclosed HTML) before each other one.
"""

from __future__ import annotations

import re
import threading
from concurrent.futures import ThreadPoolExecutor

import markdown
import pytest
from markdown.extensions.admonition import AdmonitionProcessor

from scripts import admonitions, parsed_body, rawhtml
from scripts.content import read_documents
from scripts.errors import Problems
from scripts.project import Project

from .conftest import REPO

EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables"]


def reference_html(body: str) -> str:
    """The raw-HTML check's rendering before parsed_body.py: a new parser per body."""
    return markdown.markdown(body, extensions=list(EXTENSIONS))


class _OldRecorder(AdmonitionProcessor):
    found: list[tuple[str, str | None]]

    def run(self, parent, blocks):
        match = self.RE.search(blocks[0]) if blocks else None
        if match:
            self.found.append((match.group(1), match.group(2)))
        return super().run(parent, blocks)


def reference_notes(body: str) -> tuple[tuple[str, str | None], ...]:
    """The notes check before parsed_body.py: a new parser per body, its admonition processor
    replaced by a recorder registered after the extensions (so after md_in_html's)."""
    md = markdown.Markdown(extensions=list(EXTENSIONS))
    recorder = _OldRecorder(md.parser)
    recorder.found = []
    md.parser.blockprocessors.register(recorder, "admonition", 105)
    md.convert(body)
    return tuple(recorder.found)


def reference(body: str) -> parsed_body.ParsedBody:
    return parsed_body.ParsedBody(reference_html(body), reference_notes(body))


def content_bodies() -> list[str]:
    """The body of every document of content/, each once, in file order."""
    project = Project(REPO)
    documents = read_documents(project.content_dir, project.codes, Problems(REPO))
    return list(dict.fromkeys(doc.body for doc in documents))


def generated_pages_with_notes() -> list[str]:
    """Every page of the golden docs/ with a note, as note_titles.py parses it (front matter off)."""
    pages = []
    for path in sorted((REPO / "tests" / "golden" / "docs").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        if "!!!" in text:
            pages.append(re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S))
    return pages


# Bodies that leave something in a parser that a reset must clear, or that read such state.
TRICKY = [
    "",
    "   \n\n",
    "[x]: https://evil.invalid/\n\nA definition only.",
    "See [this][x] and [x].",  # resolves only with the definition above
    "Raw <b onclick=x>bold</b> and <span>span</span>.\n\n<div>block</div>",
    # HTML stash placeholders written as text: resolved only from a stash not reset.
    "Text \x02wzxhzdk:0\x03 and \x02wzxhzdk:1\x03.\n\n\x02wzxhzdk:0\x03",
    "\x02klzzwxh:0000\x03 inline \x02klzzwxh:0001\x03",
    '<div markdown="1">\n\n## Steps { onclick="alert(1)" }\n\nnever closed',
    "<div markdown>\n!!! note\n    inside a div never closed",
    '<details markdown>\n<summary>S</summary>\n\n- a\n- b\n</details>\n\n<span markdown="span">*x*</span>',
    "<!-- a comment never closed\n\ntext",
    "<![CDATA[ never closed\n\n<b>x</b>",
    "<pre>\nraw never closed\n\n!!! tip\n    not a note",
    "<div><span>unclosed\n\ntext after",
    '!!! tip "Title"\n    The body of a note at the end',
    "    indented: a code block, not a note's text",
    "- item\n\n        indented under the item\n\n!!! warning\n    x",
    '!!! note\n    - item\n\n    !!! tip "Deep"\n        deeper\n\n    after\n\n'
    '    - a list\n\n            !!! tip\n                code',
    '!!!note\n    no space\n\n!!! note ""\n    empty title\n\n!!! Trainer тренер "T"\n    x',
    "| a | b |\n|---|--:|\n| 1 | 2 |\n\n| only a header |",
    "# Title {#id .class }\n\nParagraph\n{: .x onclick=y }",
    "**bold never closed and _emphasis\n\n***",
    "```\n!!! note\n    fenced, not a note\n```\n\n~~~\nunclosed fence",
    "A line  \nbreak &amp; &copy; <https://a.example/> <a@b.example>",
]


def test_each_body_of_content_converts_as_a_new_parser_would() -> None:
    bodies = content_bodies()
    assert len(bodies) > 50
    expected = {body: reference(body) for body in bodies}
    for order in (bodies, bodies[::-1]):  # each body after another one, both ways
        for body in order:
            assert parsed_body.parse(body) == expected[body], body[:200]


def test_each_generated_page_with_notes_converts_as_a_new_parser_would() -> None:
    pages = generated_pages_with_notes()
    assert len(pages) > 50
    for body in pages:
        assert parsed_body.parse(body) == reference(body), body[:200]


@pytest.mark.parametrize("before", range(len(TRICKY)))
def test_a_body_after_any_other_converts_as_alone(before: int) -> None:
    for body in TRICKY:
        parsed_body.parse(TRICKY[before])
        assert parsed_body.parse(body) == reference(body), (TRICKY[before], body)


def test_the_tricky_bodies_find_what_they_are_meant_to() -> None:
    """The tricky bodies test what they say: a definition not reset would resolve, a stash
    not reset would put HTML in place of the placeholders, notes are found."""
    assert "href" not in parsed_body.parse(TRICKY[3]).html
    assert "<b" not in parsed_body.parse(TRICKY[5]).html
    assert parsed_body.parse(TRICKY[17]).notes == (("note", None), ("tip", "Deep"))
    assert parsed_body.parse(TRICKY[18]).notes == (("note", None), ("note", ""), ("Trainer тренер", "T"))


def test_a_conversion_stopped_by_an_error_leaves_nothing_behind(monkeypatch) -> None:
    parsed_body.parse(TRICKY[2])
    before = parsed_body._LOCAL.parser

    def fail(self, parent, blocks):
        raise RuntimeError("stopped halfway")

    with monkeypatch.context() as patch:
        patch.setattr(parsed_body._Recorder, "run", fail)
        with pytest.raises(RuntimeError):
            parsed_body.parse("<div markdown>\n\n[y]: /z\n\n!!! note\n    x")
    assert parsed_body._LOCAL.parser is None  # built again for the next body
    for body in TRICKY:
        assert parsed_body.parse(body) == reference(body)
    assert parsed_body._LOCAL.parser is not before


def test_threads_convert_with_their_own_parser() -> None:
    bodies = TRICKY * 4
    with ThreadPoolExecutor(4) as pool:
        got = list(pool.map(parsed_body.parse, bodies))
    assert got == [reference(body) for body in bodies]
    assert threading.active_count() >= 1


@pytest.fixture
def parses(monkeypatch) -> list[str]:
    """The bodies parsed (converted) from here on; nothing kept from before."""
    parsed_body.forget()
    admonitions._parsed.__wrapped__.cache_clear()  # type: ignore[attr-defined]
    seen: list[str] = []
    parse = parsed_body.parse

    def counting(body: str) -> parsed_body.ParsedBody:
        seen.append(body)
        return parse(body)

    monkeypatch.setattr(parsed_body, "parse", counting)
    yield seen
    parsed_body.forget()


def test_the_two_checks_of_a_body_convert_it_once(parses: list[str]) -> None:
    body = '!!! tip "T"\n    See [this](javascript:x).\n\n<script>x</script>'
    assert admonitions.find(body, 5)[0].line == 5
    assert [tag for tag, _, _ in rawhtml.refused(body)] == ["a", "script"]
    assert parses == [body]
    assert not parsed_body._KEPT  # let go once the raw-HTML check took it


def test_the_html_is_kept_only_for_a_body_the_raw_html_check_reads(parses: list[str]) -> None:
    """Not for a body without `<`, `{`, `]` (check_raw_html skips it)."""
    assert parsed_body.notes("!!! note\n    no link, no tag") == (("note", None),)
    assert not parsed_body._KEPT
    assert parsed_body.notes("!!! note\n    [a](b)") == (("note", None),)
    assert list(parsed_body._KEPT) == ["!!! note\n    [a](b)"]


def test_at_most_keep_bodies_html_waits_for_the_raw_html_check(parses: list[str], monkeypatch) -> None:
    monkeypatch.setattr(parsed_body, "KEEP", 2)
    bodies = [f"!!! note\n    [{i}](x)" for i in range(4)]
    for body in bodies:
        parsed_body.notes(body)
    assert list(parsed_body._KEPT) == bodies[2:]  # the oldest let go
    for body in bodies:
        assert parsed_body.html(body) == reference_html(body)
    assert parses == bodies + bodies[:2]  # converted again: those let go
    assert not parsed_body._KEPT
