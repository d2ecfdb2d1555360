"""The letter's structure: paragraphs of text and field slots, shared by the page and Word files.

The letter is plain text, not Markdown: what an editor writes is what is printed. Three kinds
of paragraph are enough for an official letter, and each maps to one Word paragraph style:

- lines starting with `>`: the header block (to whom, from whom), set to the right;
- a line starting with `# `: the title (e.g. "Complaint"), centered;
- anything else: body text. Paragraphs are separated by blank lines; a line break inside a
  paragraph is kept (addresses, lists of attachments).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# The line that separates the explanation (Markdown, shown on the page) from the letter.
MARKER = "<!-- letter -->"
HEADER, TITLE, BODY = "header", "title", "body"


@dataclass(frozen=True)
class Segment:
    """Literal text, or the slot of a field (`field` set, `text` empty)."""

    text: str = ""
    field: str | None = None


Line = tuple[Segment, ...]


@dataclass(frozen=True)
class Paragraph:
    kind: str  # header | title | body
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class Split:
    explanation: str
    letter: str
    marker_index: int | None  # 0-based line index of the marker inside the body; None if absent


def split_body(body: str) -> Split:
    """The explanation before the marker line and the letter after it."""
    lines = body.split("\n")
    for index, line in enumerate(lines):
        if line.strip() == MARKER:
            return Split("\n".join(lines[:index]).strip("\n"), "\n".join(lines[index + 1:]), index)
    return Split(body, "", None)


def paragraphs(rendered: str, slot: re.Pattern[str]) -> list[Paragraph]:
    """Cut the rendered letter into paragraphs; `slot` matches a field's sentinel (group 1: id)."""
    result = []
    for block in re.split(r"\n[ \t]*\n", rendered.strip("\n")):
        raw_lines = [line.strip() for line in block.split("\n") if line.strip()]
        if not raw_lines:
            continue
        kind = BODY
        if all(line.startswith(">") for line in raw_lines):
            kind = HEADER
            raw_lines = [line[1:].strip() for line in raw_lines]
        elif len(raw_lines) == 1 and raw_lines[0].startswith("# "):
            kind = TITLE
            raw_lines = [raw_lines[0][2:].strip()]
        result.append(Paragraph(kind, tuple(_segments(line, slot) for line in raw_lines)))
    return result


def _segments(line: str, slot: re.Pattern[str]) -> Line:
    segments: list[Segment] = []
    position = 0
    for match in slot.finditer(line):
        if match.start() > position:
            segments.append(Segment(line[position:match.start()]))
        segments.append(Segment(field=match[1]))
        position = match.end()
    if position < len(line):
        segments.append(Segment(line[position:]))
    return tuple(segments)


def used_fields(paras: list[Paragraph]) -> list[str]:
    """Field ids in the order the letter first uses them."""
    seen: dict[str, None] = {}
    for para in paras:
        for line in para.lines:
            for seg in line:
                if seg.field:
                    seen.setdefault(seg.field)
    return list(seen)
