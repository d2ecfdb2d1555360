"""The trainer-note leak check's faster letters (`leaks.plain`) are what the first ones were:
the same letters for every text."""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from scripts.bench import synthetic_guides
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
