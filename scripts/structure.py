"""A translation has its original's structure: headings, notes, links, images, list items.

As FastAPI's documentation tooling does for its translations, the Markdown of a translation
that says it matches its original (stamped with the original's current fingerprint) is
compared with the original element by element: the same headings at the same levels, and in
each section (the text under one heading) the same notes of each type and the same number of
links, images and list items. Each difference names the translation's line. Outdated
translations are not compared: they are published with a notice until someone updates them.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from . import admonitions
from .content import Document
from .errors import Problems
from .memo import persistent

_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t#]*$")
# The underline of a setext heading (Python-Markdown's SetextHeaderProcessor): `=` level 1,
# `-` level 2, under a line of text that starts a block (after a blank line or a heading) and
# is not indented code. Under a paragraph's second line it is a rule, not a heading.
_UNDERLINE = re.compile(r"^(=+|-+)[ ]*$")
_LINK = re.compile(r"(?<!!)\[(?:[^\]\\]|\\.)*\]\(")
_IMAGE = re.compile(r"!\[(?:[^\]\\]|\\.)*\]\(")
_ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+\S")


@dataclass
class Section:
    heading: str  # as written, e.g. "## Steps"; "" before the first heading
    line: int  # the heading's file line (the body's first line for the part before it)
    counts: Counter = field(default_factory=Counter)
    end: int = 0  # its last file line that is not blank (the heading's for an empty section)


@persistent("sections", dump=lambda found: [(s.heading, s.line, dict(s.counts), s.end) for s in found],
            load=lambda found: [Section(heading, line, Counter(counts), end)
                                for heading, line, counts, end in found])
def sections(body: str, first_line: int) -> list[Section]:
    """The body cut at its headings, with what each part holds and its file lines."""
    result = [Section("", first_line)]
    types = {n.line: n.type for n in admonitions.find(body, first_line)}
    lines = body.split("\n")
    underline = -1  # the index of a setext heading's underline, once its text is seen
    starts_block = True  # the line after a blank line or a heading
    for index, line in enumerate(lines):
        number = first_line + index
        if index == underline:
            starts_block = True
            continue
        heading = _HEADING.match(line)
        if heading:
            result.append(Section(f"{heading[1]} {heading[2]}", number, end=number))
            starts_block = True
            continue
        below = _UNDERLINE.match(lines[index + 1]) if index + 1 < len(lines) else None
        if below and starts_block and line.strip() and not line.startswith(("    ", "\t")):
            level = "#" if below[1][0] == "=" else "##"  # `Title` over `---` is an `##` heading
            result.append(Section(f"{level} {line.strip()}", number, end=number + 1))
            underline = index + 1
            continue
        starts_block = not line.strip()
        if line.strip():
            result[-1].end = number
        part = result[-1].counts
        if number in types:
            part[f"`!!! {types[number]}` note"] += 1
        part["link"] += len(_LINK.findall(line))
        part["image"] += len(_IMAGE.findall(line))
        if _ITEM.match(line):
            part["list item"] += 1
    return result


def _plural(word: str, n: int) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _lines(section: Section, original: bool = False) -> str:
    """Where `section` is, for a message: "lines 12-17" ("its lines 12-17" in the `original`),
    "line 12", or for a part before the first heading that holds no text, "no text" ("no
    text there")."""
    if not section.heading and section.end < section.line:
        return "no text there" if original else "no text"
    where = f"line {section.line}" if section.end <= section.line else f"lines {section.line}-{section.end}"
    return f"its {where}" if original else where


def compare(translation: Document, original: Document, problems: Problems) -> None:
    """Report each structural difference of `translation` from `original`, at its line."""
    mine = sections(translation.body, translation.body_line)
    theirs = sections(original.body, original.body_line)
    levels = [s.heading.split(" ", 1)[0] for s in mine[1:]]
    other_levels = [s.heading.split(" ", 1)[0] for s in theirs[1:]]
    name = original.path.name
    if levels != other_levels:
        at = next((i for i, (a, b) in enumerate(zip(levels, other_levels, strict=False)) if a != b),
                  min(len(levels), len(other_levels)))
        line = mine[at + 1].line if at < len(levels) else (mine[-1].line if len(mine) > 1
                                                           else translation.body_line)
        expected = other_levels[at] if at < len(other_levels) else "no heading"
        found = levels[at] if at < len(levels) else "no heading"
        problems.add(translation.path, "translation-structure",
                     f"heading {at + 1}: `{found}` here, `{expected}` in the original {name} "
                     f"({_plural('heading', len(levels))} here, {len(other_levels)} there)",
                     "keep the original's headings, in its order and at its levels; translate only "
                     "their words", line=line)
        return  # sections cannot be paired: report the rest once the headings match
    for part, other in zip(mine, theirs, strict=True):
        for kind in sorted(set(part.counts) | set(other.counts)):
            if part.counts[kind] != other.counts[kind]:
                # Counts cannot say which element is missing or extra: the lines of both
                # sections to hold side by side.
                where = f"under `{part.heading}`" if part.heading else "before the first heading"
                problems.add(translation.path, "translation-structure",
                             f"{where} ({_lines(part)}): "
                             f"{_plural(kind, part.counts[kind])} here, {other.counts[kind]} in the "
                             f"original {name} ({_lines(other, original=True)})",
                             f"give this section the original's {kind}s: translate the words, keep "
                             "every heading, note, link, image and list item", line=part.line)
