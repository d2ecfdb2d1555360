"""What changed in an original since a translation was stamped, block by block.

The stamped blocks and the current blocks are aligned with difflib's SequenceMatcher on
their fingerprints: runs of equal blocks are unchanged. Inside a run that differs, blocks
of the same kind are paired as *changed* when their words are similar (difflib's ratio over
words, at least `SIMILAR`; over characters for blocks of fewer than `SHORT` words), choosing
the pairs in order that are most similar in total; an old block left unpaired was *removed*,
a new one *added*. A moved block is reported as removed and added.

A change is *safety-critical* when it touches a block inside a `warning` or `danger`
admonition (or the admonition itself), or changes a number or date: the numbers of the old
and new text (digits, with their separators: `72`, `2026-11-28`, `1.5`, `10:00`) differ as
multisets. Numbers written as words are not recognised.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass

from .blocks import Block

SIMILAR = 0.5
SHORT = 4
CHANGED, ADDED, REMOVED = "changed", "added", "removed"
_NUMBER = re.compile(r"\d+(?:[.,:/\-]\d+)*")


@dataclass(frozen=True)
class Change:
    """One block of the original that changed, was added or was removed."""

    kind: str  # changed | added | removed
    old: Block | None  # the stamped block (None when added)
    new: Block | None  # the current block (None when removed)
    heading: int | None  # the current original's heading the change is under (None: before any)
    old_heading: int | None  # the stamped original's heading it was under

    @property
    def block(self) -> Block:
        """The block as it is now, or as it was if it was removed."""
        return self.new or self.old  # type: ignore[return-value]

    @property
    def id(self) -> str:
        """The id `--accept --block` takes: the fingerprints, stamped then current, `-` for none."""
        return f"{self.old.fingerprint if self.old else '-'}:{self.new.fingerprint if self.new else '-'}"

    @property
    def in_warning(self) -> bool:
        """Inside (or is) a warning or danger admonition, before or after."""
        return any(b is not None and b.critical for b in (self.old, self.new))

    @property
    def numbers(self) -> tuple[list[str], list[str]]:
        """The numbers and dates only the old text has, and only the new text has."""
        old = Counter(_NUMBER.findall(self.old.text if self.old else ""))
        new = Counter(_NUMBER.findall(self.new.text if self.new else ""))
        return sorted((old - new).elements()), sorted((new - old).elements())

    @property
    def critical(self) -> bool:
        """Safety-critical: in a warning or danger admonition, or a number or date changed."""
        gone, came = self.numbers
        return self.in_warning or bool(gone or came)

    def words(self) -> list[tuple[str, str]]:
        """The words that differ, as (old words, new words) pairs in order (difflib over
        words): what a translator looks for in a long paragraph whose diff is one line."""
        old = self.old.text.split() if self.old else []
        new = self.new.text.split() if self.new else []
        matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
        return [(" ".join(old[i1:i2]), " ".join(new[j1:j2]))
                for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]

    def unified(self) -> list[str]:
        """The unified diff of the block's text, stamped -> current (difflib), without the
        `---`/`+++` header."""
        old = self.old.text.split("\n") if self.old else []
        new = self.new.text.split("\n") if self.new else []
        return list(difflib.unified_diff(old, new, lineterm="", n=3))[2:]


def similarity(a: Block, b: Block) -> float:
    """How alike two blocks' texts are, 0..1 (difflib ratio over words, or characters for
    short blocks); 0 for blocks of different kinds."""
    if a.kind != b.kind or a.field is not None and b.field is not None and \
            a.field.split(" ")[0] != b.field.split(" ")[0]:
        return 0.0
    words_a, words_b = a.text.split(), b.text.split()
    if min(len(words_a), len(words_b)) < SHORT:
        return difflib.SequenceMatcher(None, a.text, b.text, autojunk=False).ratio()
    return difflib.SequenceMatcher(None, words_a, words_b, autojunk=False).ratio()


def _pairs(old: list[Block], new: list[Block]) -> list[tuple[int, int]]:
    """Pairs (i, j) of similar blocks, increasing in both, with the greatest total similarity."""
    rows, cols = len(old), len(new)
    best = [[0.0] * (cols + 1) for _ in range(rows + 1)]
    for i in range(rows - 1, -1, -1):
        for j in range(cols - 1, -1, -1):
            score = similarity(old[i], new[j])
            paired = best[i + 1][j + 1] + score if score >= SIMILAR else -1.0
            best[i][j] = max(paired, best[i + 1][j], best[i][j + 1])
    pairs, i, j = [], 0, 0
    while i < rows and j < cols:
        score = similarity(old[i], new[j])
        if score >= SIMILAR and best[i][j] == best[i + 1][j + 1] + score:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            i += 1
        else:
            j += 1
    return pairs


def compare(old: list[Block], new: list[Block]) -> list[Change]:
    """The changes from the stamped blocks `old` to the current blocks `new`, in the order of
    the current original (a removed block where it was)."""
    matcher = difflib.SequenceMatcher(None, [b.fingerprint for b in old],
                                      [b.fingerprint for b in new], autojunk=False)
    changes: list[Change] = []

    def at(blocks: list[Block], index: int) -> int | None:
        """The heading a block inserted at `index` of `blocks` would be under."""
        return blocks[index - 1].heading if index > 0 else None

    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        pairs = [(i1 + a, j1 + b) for a, b in _pairs(old[i1:i2], new[j1:j2])]
        i, j = i1, j1
        for pi, pj in [*pairs, (i2, j2)]:
            changes.extend(Change(REMOVED, old[k], None, at(new, j), old[k].heading)
                           for k in range(i, pi))
            changes.extend(Change(ADDED, None, new[k], new[k].heading, at(old, i))
                           for k in range(j, pj))
            if pi < i2:
                changes.append(Change(CHANGED, old[pi], new[pj], new[pj].heading, old[pi].heading))
            i, j = pi + 1, pj + 1
    return changes


def heading_map(old: list[Block], new: list[Block]) -> dict[int, int]:
    """{current heading index: stamped heading index} for headings that are unchanged or
    changed (not added)."""
    result = {}
    old_headings = [b for b in old if b.kind == "heading"]
    new_headings = [b for b in new if b.kind == "heading"]
    matcher = difflib.SequenceMatcher(None, [b.fingerprint for b in old_headings],
                                      [b.fingerprint for b in new_headings], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
            for k in range(i2 - i1):
                result[j1 + k] = i1 + k
    return result
