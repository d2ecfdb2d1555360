"""The trainer-note leak check's faster letters (`leaks.plain`) and search (`leaks._hits`) give
what the first ones gave: the same letters for every text, the same notes found."""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from scripts.bench import synthetic_guides
from scripts.content import read_documents
from scripts.errors import Problems
from scripts.project import Project
from scripts.training import leaks

REPO = Path(__file__).resolve().parents[1]


def plain_by_regex(text: str) -> str:
    """`leaks.plain` as it was: a regular expression for each step."""
    text = html.unescape(re.sub(r"<[^>]*>", "", text))
    return re.sub(r"\s+", "", re.sub(r"[*_`#>|\[\]]", "", re.sub(r"\]\([^)]*\)", "]", text)))


def every_text() -> list[str]:
    """Every file of content/ and synthetic guides made as the benchmark makes them."""
    content = REPO / "content"
    texts = [path.read_text(encoding="utf-8") for path in sorted(content.rglob("*"))
             if path.is_file() and path.suffix in (".md", ".yml", ".yaml", ".json", ".html")]
    return texts + list(synthetic_guides(content / "guides", 2).values())


def test_plain_is_as_before_for_every_content_file() -> None:
    texts = every_text()
    assert len(texts) > 100
    for text in texts:
        assert leaks.plain(text) == plain_by_regex(text)


def test_white_space_is_what_re_calls_white_space() -> None:
    """`str.split()` and re's `\\s` take the same characters for white space."""
    every = "".join(chr(code) for code in range(sys.maxunicode + 1)
                    if not 0xD800 <= code < 0xE000)
    assert "".join(every.split()) == re.sub(r"\s+", "", every)
    assert leaks.plain(every) == plain_by_regex(every)


PIECES = st.sampled_from(["<", ">", "<b>", "</a>", "&amp;", "&lt;b&gt;", "&#93;", "&#x5b;",
                          "&rbrack;(", "&nbsp;", "&", ";", "](", "](x)", ")", "(", "[", "]", "*",
                          "_", "`", "#", "|", "\\", " ", "\t", "\n", "\u00a0", "\u2028", "\x1c",
                          "\u3000", "\u200b", "a", "Ӣ", "ё", "ß", "İ", "\U0001f600"])


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(), st.lists(st.one_of(PIECES, st.text(max_size=3))).map("".join)))
def test_plain_is_as_before_for_random_text(text: str) -> None:
    assert leaks.plain(text) == plain_by_regex(text)


def hits_by_search(text: str, wanted: list[str]) -> list[int]:
    """`leaks._hits` as it was: each wanted text searched in the whole text."""
    words = plain_by_regex(text)
    return [i for i, fragment in enumerate(wanted) if fragment in words]


def test_hits_are_as_before_in_every_content_file() -> None:
    project = Project(REPO)
    documents = read_documents(project.content_dir, project.codes, Problems())
    wanted = [note.text for note in leaks.fragments(documents)]
    assert len(wanted) > 10
    texts = every_text()
    # Texts that hold notes: a training module with its notes, the notes alone, each note
    # with a letter changed at either end or in the middle, cut into pieces.
    texts += [doc.body for doc in documents if doc.section == leaks.SECTION]
    texts += ["\n".join(wanted), "".join(wanted)]
    texts += [w[:i] + "#" + w[i + 1:] for w in wanted for i in (0, len(w) // 2, len(w) - 1)]
    texts += [w[:i] + " x " + w[i:] for w in wanted for i in range(0, len(w), 7)]
    wanted += ["short", "Аз", "", "x" * 18, "x" * 19, "xyz" * 20]  # shorter than the grams too
    found = 0
    for text in texts:
        expected = hits_by_search(text, wanted)
        assert leaks._hits(text, wanted) == expected
        found += bool(set(expected) - {len(wanted) - 4})  # more than the empty text
    assert found > len(wanted)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(st.sampled_from("ab ё*"), max_size=40), max_size=6),
       st.text(st.sampled_from("ab ё*\n"), max_size=400))
def test_hits_are_as_before_for_random_text(wanted: list[str], text: str) -> None:
    wanted = [leaks.plain(w) for w in wanted]
    assert leaks._hits(text, wanted) == hits_by_search(text, wanted)


def test_hits_at_every_offset_and_length() -> None:
    """A note of each length around the pieces' size, at every place against their grid."""
    alphabet = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяӣӯқғҳҷ"
    wanted = [(alphabet * 2)[length:2 * length] for length in range(1, 31)]
    texts = [f"{'.' * before}{note}{'.' * after}" for note in wanted
             for before in range(12) for after in (0, 1, 9)]
    for text in texts:
        expected = hits_by_search(text, wanted)
        assert expected and leaks._hits(text, wanted) == expected
