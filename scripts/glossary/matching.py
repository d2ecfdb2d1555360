"""Finding a term in text: whole words, any case, any white space between its words.

Python's `re` is Unicode-aware: `\\w` covers every Cyrillic letter (ғ қ ҳ ҷ ӣ ӯ ў too) and
IGNORECASE folds Cyrillic case, so "Кумак" is found for "кумак" but not inside "кӯмак" or
"кумакрасон". Words are matched as written: an inflected form ("правовой помощи") is another
variant.

`phrase_pattern` is the definition of a match. `PhraseFinder` finds the same matches faster:
a case-insensitive alternation of thirty terms tried at every character of a guide costs
seconds per build, so it first looks (with plain substring search in the `fold`ed text) for
where a term's first word occurs and tries the pattern only there.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from functools import lru_cache
from itertools import accumulate


def phrase_pattern(phrases: list[str]) -> re.Pattern[str] | None:
    """One pattern for all `phrases`, longest first (so "free legal aid" wins over "legal aid");
    each match's `lastgroup` is `p<index>` of the phrase in `phrases`. None when empty."""
    if not phrases:
        return None
    order = sorted(range(len(phrases)), key=lambda i: -len(phrases[i]))
    parts = [f"(?P<p{i}>" + r"\s+".join(re.escape(w) for w in phrases[i].split()) + ")"
             for i in order]
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)", re.IGNORECASE)


def index_of(match: re.Match[str]) -> int:
    """The index in `phrases` of the phrase a match of `pattern(phrases)` found."""
    assert match.lastgroup is not None
    return int(match.lastgroup[1:])


# Letters that `re` with IGNORECASE takes for one another although their lower cases differ
# (CPython's re._casefix: i and dotless ı, s and long ſ, в and the old rounded ᲀ, ...).
# tests/test_glossary_matching.py checks this list against `re` itself.
_SAME_LETTERS = (
    "i\u0131", "s\u017f", "\u00b5\u03bc", "\u0345\u03b9\u1fbe", "\u0390\u1fd3", "\u03b0\u1fe3",
    "\u03b2\u03d0", "\u03b5\u03f5", "\u03b8\u03d1", "\u03ba\u03f0", "\u03c0\u03d6",
    "\u03c1\u03f1", "\u03c2\u03c3", "\u03c6\u03d5", "\u0432\u1c80", "\u0434\u1c81",
    "\u043e\u1c82", "\u0441\u1c83", "\u0442\u1c84\u1c85", "\u044a\u1c86", "\u0463\u1c87",
    "\u1c88\ua64b", "\u1e61\u1e9b", "\ufb05\ufb06",
)
# Each letter of a group but the first -> the first (the smallest code point).
_TO_FIRST = {ord(letter): min(group) for group in _SAME_LETTERS
             for letter in group if letter != min(group)}
_NOT_FIRST = re.compile("[" + "".join(chr(code) for code in _TO_FIRST) + "]")


def fold(text: str) -> str | None:
    """`text` with each character replaced, position for position, by one that stands for every
    character `re` with IGNORECASE takes it for: where a phrase of `phrase_pattern` matches
    `text`, `fold(text)` holds `fold(word)` of each of its words at the same position.

    None when lower case would change the text's length (no known character but İ does, and
    İ is replaced by the i `re` takes it for): then positions would not line up."""
    lower = text.replace("\u0130", "i").lower()
    if len(lower) != len(text):
        return None
    if _NOT_FIRST.search(lower):
        lower = lower.translate(_TO_FIRST)
    return lower


class PhraseFinder:
    """`phrase_pattern(phrases)` with a faster `finditer` giving the very same matches.

    A match starts where its phrase's first word does, so `fold`ed first words found by
    substring search give every position where a match can start; `finditer` tries the pattern
    at those positions only, in order, skipping the ones inside a match (as a scan would)."""

    def __init__(self, phrases: tuple[str, ...]) -> None:
        self.phrases = phrases
        self.pattern = phrase_pattern(list(phrases))
        firsts = [fold(words[0]) if words else None for words in map(str.split, phrases)]
        # None: some phrase has no word or no foldable first word, so every text is scanned.
        self._firsts: list[str] | None = (
            None if None in firsts else sorted({first for first in firsts if first is not None}))

    def _starts(self, text: str) -> list[int] | None:
        """Every position of `text` where a match may start, in order (more than the matches:
        where a first word is), or None when not known (then a match may start anywhere)."""
        folded = fold(text) if self._firsts is not None else None
        if folded is None or self._firsts is None:
            return None
        starts: set[int] = set()
        for first in self._firsts:
            at = folded.find(first)
            while at >= 0:
                starts.add(at)
                at = folded.find(first, at + 1)
        return sorted(starts)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """The matches of `self.pattern` in `text`, as `self.pattern.finditer(text)` gives them."""
        if self.pattern is None:
            return
        starts = self._starts(text)
        if starts is None:
            yield from self.pattern.finditer(text)
            return
        match = self.pattern.match  # at `start`, with the text before it seen by (?<!\w)
        end = 0
        for start in starts:
            if start < end:  # inside the last match, where a scan does not look
                continue
            found = match(text, start)
            if found is not None:
                yield found
                end = found.end()

    def candidates(self, texts: Sequence[str]) -> list[int]:
        """The indices of the `texts` in which a phrase may match, in order: every one with a
        match, and maybe others. One search over all of them instead of one per text."""
        if self.pattern is None:
            return []
        starts = self._starts("\n".join(texts))
        if starts is None:
            return list(range(len(texts)))
        begins = list(accumulate((len(text) + 1 for text in texts[:-1]), initial=0))
        return sorted({bisect_right(begins, start) - 1 for start in starts})


@lru_cache(maxsize=32)
def phrase_finder(phrases: tuple[str, ...]) -> PhraseFinder:
    """The `PhraseFinder` of `phrases`, made once (each page of a language asks for the same)."""
    return PhraseFinder(phrases)
