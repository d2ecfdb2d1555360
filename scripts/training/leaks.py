"""The last check before anything is written: no trainer note's text on a participant page.

Trainer notes are cut from participant pages while they are generated (`trainer.py`); this
check does not trust that cut. It takes every line of every trainer note (long enough to be
specific: `TRAINER_MIN_CHARS` characters besides markup and white space) and looks for it in what is about
to be published: the generated Markdown of every page except the trainer edition, before
`docs/` is written, and the HTML of every built page and every search index except the
trainer edition's, before the build replaces `site/`. Any hit stops the build.
"""

from __future__ import annotations

import functools
import html
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from ..content import Document
from ..memo import remember
from ..text_digest import sha256_hex
from . import trainer

SECTION = "training"
TRAINER_DIR = "training/trainer/"  # the trainer edition and its handouts, in every language
TRAINER_MIN_CHARS = 20  # letters and signs; a shorter line ("10 min: pairs") may be said elsewhere too
_TAG = re.compile(r"<[^>]*>")
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_LIST_MARK = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_MARKUP = "*_`#>|[]"  # Markdown's marks, left out of `plain` letters


@dataclass(frozen=True)
class Fragment:
    path: Path  # the module file holding the note
    line: int  # the note's marker line
    text: str  # one line of the note, as `plain` letters


@dataclass(frozen=True)
class Leak:
    fragment: Fragment
    where: str  # the generated or built file that shows it


def plain(text: str) -> str:
    """Letters only: no tags, entities, Markdown marks or white space (where a tag or a line
    break falls differs between the Markdown, the HTML and the search index)."""
    text = _LINK_TARGET.sub("]", html.unescape(_TAG.sub("", text)))
    # One str.replace per mark and str.split for white space (the same characters as re's
    # \s): a third of the time of re.sub, which makes a piece per space of 18 MB at N = 400.
    for mark in _MARKUP:
        text = text.replace(mark, "")
    return "".join(text.split())


def fragments(documents: Iterable[Document]) -> list[Fragment]:
    """Every specific line of every trainer note of the training modules."""
    found = []
    for doc in documents:
        if doc.section != SECTION:
            continue
        for note in trainer.split(doc.body, "", doc.body_line).notes:
            for line in note.text.split("\n"):
                words = plain(_LIST_MARK.sub("", line))
                if len(words) >= TRAINER_MIN_CHARS:
                    found.append(Fragment(doc.path, note.line, words))
    return found


def in_sources(documents: Iterable[Document], notes: list[Fragment]) -> list[Leak]:
    """Leaks `kb check` can see before anything is rendered: a note's line in the participant
    text of any document (its body without trainer notes, and its fields: a quiz, a summary)."""
    if not notes:
        return []
    texts = []
    for doc in documents:
        body = trainer.split(doc.body, "", doc.body_line).participant if doc.section == SECTION \
            else doc.body
        texts.append((doc.path.name, "\n".join([body, *_walk(doc.meta)])))
    return _search(texts, notes)


def _participant(rel: str) -> bool:
    rel = "/" + rel.replace("\\", "/")
    return f"/{TRAINER_DIR}" not in rel


def _search(texts: Iterable[tuple[str, str]], notes: list[Fragment]) -> list[Leak]:
    leaks: list[Leak] = []
    wanted = [f.text for f in notes]
    # Which notes a text holds depends on the two texts only: kept between builds under
    # their SHA-256 (memo.py), so that an edit searches only the texts that changed; the
    # digest of a text hashed before in this process is not computed again (text_digest.py).
    notes_digest = sha256_hex(json.dumps(wanted, ensure_ascii=False))
    for where, text in texts:
        found = remember("leaks", f"{notes_digest} {sha256_hex(text)}",
                         functools.partial(_hits, text, wanted))
        leaks.extend(Leak(notes[i], where) for i in found)
    return leaks


def _hits(text: str, wanted: list[str]) -> list[int]:
    """The indexes of the `wanted` texts (`plain` letters) found in `text`'s letters, in order."""
    words = plain(text)
    pieces, short = _pieces(tuple(wanted))
    # Searching every note in every text took seconds at N = 400; a note is looked for only
    # where one of its pieces is. A note of m >= 2 * _PIECE - 1 letters found at letter p holds
    # the piece of `words` at the first multiple j of _PIECE from p (j - p < _PIECE), whole
    # (j + _PIECE <= p + m): the note's piece at j - p, one of those `_pieces` keeps.
    maybe = set(short)
    for piece in {words[j:j + _PIECE] for j in range(0, len(words), _PIECE)} & pieces.keys():
        maybe.update(pieces[piece])
    return [i for i in sorted(maybe) if wanted[i] in words]


_PIECE = 10  # letters


@functools.lru_cache(maxsize=8)
def _pieces(wanted: tuple[str, ...]) -> tuple[dict[str, list[int]], list[int]]:
    """The `_PIECE`-letter pieces starting at each of the first `_PIECE` letters of the wanted
    texts of at least 2 * `_PIECE` - 1 letters -> the indexes of the texts that have it; and
    the indexes of the shorter texts (searched in every text)."""
    pieces: dict[str, list[int]] = {}
    short = []
    for i, letters in enumerate(wanted):
        if len(letters) < 2 * _PIECE - 1:
            short.append(i)
            continue
        for start in range(_PIECE):
            pieces.setdefault(letters[start:start + _PIECE], []).append(i)
    return pieces, short


def in_docs(files: Mapping[str, str | bytes], notes: list[Fragment]) -> list[Leak]:
    """Leaks in the generated Markdown (`{docs path: text}`), before docs/ is written."""
    if not notes:
        return []
    return _search(((rel, text) for rel, text in files.items()
                    if isinstance(text, str) and rel.endswith(".md") and _participant(rel)), notes)


def in_site(site: Path, notes: list[Fragment], files: Iterable[Path] | None = None) -> list[Leak]:
    """Leaks in a built site: every page and search index outside the trainer edition, of
    `files` (paths inside `site`; None: every file of it)."""
    if not notes:
        return []
    texts = []
    for path in sorted(site.rglob("*")) if files is None else files:
        rel = path.relative_to(site).as_posix()
        if not path.is_file() or not _participant(rel):
            continue
        if path.suffix == ".html":
            texts.append((rel, path.read_text(encoding="utf-8", errors="replace")))
        elif "search" in rel.split("/")[:2] and path.suffix in (".json", ".js"):  # search/d/0.json
            raw = path.read_text(encoding="utf-8", errors="replace")
            texts.append((rel, " ".join(_strings(raw))))
    return _search(texts, notes)


def _strings(raw: str) -> list[str]:
    """Every string of a JSON index (or of the script that assigns it), unescaped."""
    start = raw.find("{") if raw.lstrip().startswith(("var", "window", "self")) else 0
    try:
        data = json.loads(raw[start:].rstrip().rstrip(";")) if start >= 0 else raw
    except ValueError:
        return [raw]
    return _walk(data)


def _walk(data: object) -> list[str]:
    """Every string inside nested lists and mappings."""
    out: list[str] = []
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return out
