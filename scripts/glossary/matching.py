"""Finding a term in text: whole words, any case, any white space between its words.

Python's `re` is Unicode-aware: `\\w` covers every Cyrillic letter (ғ қ ҳ ҷ ӣ ӯ ў too) and
IGNORECASE folds Cyrillic case, so "Кумак" is found for "кумак" but not inside "кӯмак" or
"кумакрасон". Words are matched as written: an inflected form ("правовой помощи") is another
variant.
"""

from __future__ import annotations

import re


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
