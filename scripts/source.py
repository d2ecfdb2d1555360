"""One source-location layer: front matter split and YAML parsed in one place, with lines.

Every reader (content documents, the YAML catalogs, aggregates, training and template checks),
`kb translations --stamp` and the link checks ask this module where a file's front matter
ends, where its body starts and on which line any value sits. The lines come from the YAML
parser's own marks, never from a second scanner, so what the reader accepts is what the
stamp and the checks see.

Values are built from the composed node tree by PyYAML's safe constructor, node by node, so
that a value YAML cannot build (an impossible date such as `2026-02-30`) is reported at its
own line instead of aborting the whole file, and so that a value that was meant as text but
reads as a number, date or boolean (`+992...`, `012`, `no`) can be named with its line and
the fix "put it in quotes".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import characters
from .errors import Problems

# libyaml's parser when it is there: the catalogs and front matter are most of what is read.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# A front matter boundary: a line of three or more dashes, trailing white space allowed
# (python-frontmatter's rule, which editors' files were written against).
BOUNDARY = re.compile(r"^-{3,}[ \t]*$")

Path_ = tuple[object, ...]  # keys and list indexes from the document's root to a value

_TYPED = {
    "tag:yaml.org,2002:int": "a number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:bool": "true or false (YAML reads yes, no, on and off that way)",
    "tag:yaml.org,2002:timestamp": "a date",
}


@dataclass
class Located:
    """Parsed YAML with the file line of every value (and of every mapping key).

    `lines[path]` is the 1-based file line where the value at `path` starts; `key_lines`
    the line of the key naming it. `reported` holds the paths whose value was already reported
    (an impossible date, a number meant as text), so that later checks stay quiet about them.
    """

    data: object = None
    lines: dict[Path_, int] = field(default_factory=dict)
    key_lines: dict[Path_, int] = field(default_factory=dict)
    scalars: dict[Path_, tuple[str, str, str]] = field(default_factory=dict)  # tag, raw, style
    keys: dict[Path_, tuple[str, str]] = field(default_factory=dict)  # key's tag, raw text
    end_lines: dict[Path_, int] = field(default_factory=dict)  # the value's last line
    reported: set[Path_] = field(default_factory=set)
    # a key written twice in one mapping: (path of the key, its second line, its first line)
    duplicates: list[tuple[Path_, int, int]] = field(default_factory=list)

    def line(self, *path: object) -> int | None:
        """The line of the key `path` (or of its value when it has no key), or None."""
        return self.key_lines.get(path) or self.lines.get(path)

    def value_line(self, *path: object) -> int | None:
        return self.lines.get(path)


class _Recursive(Exception):
    pass


def parse_yaml(text: str, first_line: int = 1) -> Located:
    """`text` parsed; `first_line` is the file line of its first line.

    Raises yaml.YAMLError (marks relative to `text`) when it is not valid YAML. An impossible
    date is not an error here: it is built as a `BadDate`, which `load` reports at its line.
    """
    loader = _LOADER(text)
    try:
        node = loader.get_single_node()
        located = Located()
        located.data = _build(loader, node, (), located, first_line, set()) if node is not None else None
        return located
    finally:
        loader.dispose()


class BadDate(str):
    """The text of a date YAML recognized by its form but which is not in the calendar."""


def _build(loader, node: yaml.Node, path: Path_, located: Located, offset: int,
           stack: set[int]) -> object:
    located.lines[path] = node.start_mark.line + offset
    end = node.end_mark
    at_line_start = end.column == 0 and end.line > node.start_mark.line
    located.end_lines[path] = end.line + offset - (1 if at_line_start else 0)
    if id(node) in stack:
        raise _Recursive(node.start_mark)
    if isinstance(node, yaml.ScalarNode):
        located.scalars[path] = (node.tag, node.value, node.style or "")
        if node.tag == "tag:yaml.org,2002:value":  # YAML 1.1's `=`: no one means it
            return node.value
        try:
            return loader.construct_object(node, deep=True)
        except (ValueError, KeyError, TypeError, OverflowError) as exc:
            if node.tag == "tag:yaml.org,2002:timestamp" and isinstance(exc, ValueError):
                return BadDate(node.value)
            kind = node.tag.rsplit(":", 1)[-1]
            raise yaml.constructor.ConstructorError(
                None, None, f"`{node.value}` is not a valid {kind}", node.start_mark) from exc
    stack = stack | {id(node)}
    if isinstance(node, yaml.SequenceNode):
        return [_build(loader, item, (*path, i), located, offset, stack)
                for i, item in enumerate(node.value)]
    if isinstance(node, yaml.MappingNode):
        written = {id(k) for k, _ in node.value if k.tag != "tag:yaml.org,2002:merge"}
        loader.flatten_mapping(node)  # `<<: *anchor` merge keys (which written keys override)
        result: dict = {}
        seen: dict[object, int] = {}  # written key -> its line
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise yaml.constructor.ConstructorError(
                    None, None, "a key must be a plain word, not a list or mapping",
                    key_node.start_mark)
            key = _build(loader, key_node, (*path, "\0key"), located, offset, stack)
            located.lines.pop((*path, "\0key"), None)
            located.end_lines.pop((*path, "\0key"), None)
            located.scalars.pop((*path, "\0key"), None)
            if isinstance(key, (list, dict)):
                raise yaml.constructor.ConstructorError(
                    None, None, "a key must be a plain word", key_node.start_mark)
            if id(key_node) in written:
                if key in seen:
                    located.duplicates.append(((*path, key), key_node.start_mark.line + offset,
                                               seen[key]))
                seen[key] = key_node.start_mark.line + offset
            located.key_lines[(*path, key)] = key_node.start_mark.line + offset
            located.keys[(*path, key)] = (key_node.tag, key_node.value)
            result[key] = _build(loader, value_node, (*path, key), located, offset, stack)
        return result
    return None


def yaml_mark(exc: Exception) -> yaml.Mark | None:
    """Where an editor should look: an unclosed quote or bracket is reported where the text
    ends, so point at where the unclosed value started instead."""
    context = getattr(exc, "context", "") or ""
    context_mark = getattr(exc, "context_mark", None)
    if context_mark is not None and context.startswith(("while scanning a quoted", "while parsing a flow")):
        return context_mark
    return getattr(exc, "problem_mark", None)


def load(text: str, path: Path | str, problems: Problems, *, first_line: int = 1,
         what: str = "not valid YAML", fix: str = "check quotes, colons and indentation on that line"
         ) -> Located | None:
    """Parsed YAML, or None after reporting why it is not valid YAML; also reports impossible
    dates (each at its own line) and mapping keys YAML read as something other than text."""
    text = characters.report_controls(text, path, problems, first_line)
    try:
        located = parse_yaml(text, first_line)
    except _Recursive as exc:
        mark = exc.args[0]
        problems.add(path, "yaml", f"{what}: an alias refers to itself",
                     "write the value out instead of `*alias`", line=mark.line + first_line)
        return None
    except yaml.YAMLError as exc:
        mark = yaml_mark(exc)
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        rows = text.split("\n")
        if mark is not None and mark.line < len(rows) and "\t" in rows[mark.line]:
            reason, fix = ("this line holds a tab, which YAML does not accept as indentation or "
                           "before a value", "replace each tab with spaces (two per level of "
                           "indentation); editors have a setting 'indent with spaces'")
        problems.add(path, "yaml", f"{what}: {reason}", fix,
                     line=mark.line + first_line if mark is not None else None)
        return None
    except (ValueError, TypeError, OverflowError) as exc:  # a value YAML's constructor refuses
        problems.add(path, "yaml", f"{what}: {exc}", fix, line=first_line)
        return None
    _report_dates(located, located.data, (), path, problems)
    for at, line, first in located.duplicates:  # YAML would silently keep the last one
        problems.add(path, "duplicate", f"`{at[-1]}` is written twice in one place (first on line "
                     f"{first}); only this last one would count", "keep one of the two and delete "
                     "the other", line=line)
    _report_keys(located, path, problems)
    for at, (_, raw, _) in located.scalars.items():  # "\f" written as an escape in quotes
        found = characters.controls(raw)
        if found:
            problems.add(path, "control-character",
                         "an invisible control character " + ", ".join(map(characters.describe, found))
                         + " is in this value", "remove the escape (`\\f`, `\\a`...) from the text",
                         line=located.value_line(*at))
            located.reported.add(at)
    for at in located.key_lines:  # names and codes: never Latin and Cyrillic letters mixed
        if characters.report_mixed(at[-1], path, problems, located.key_lines[at], "a name or code"):
            located.reported.add(at)
    return located


def require_codes(located: Located, patterns: Iterable[tuple[object, ...]], path: Path | str,
                  problems: Problems) -> None:
    """Report each value at one of `patterns` (codes, slugs, ids) that mixes Latin and
    Cyrillic look-alike letters."""
    patterns = tuple(patterns)
    for at, (_, raw, _) in located.scalars.items():
        if (at not in located.reported and any(_matches(at, p) for p in patterns)
                and characters.report_mixed(raw, path, problems, located.value_line(*at))):
            located.reported.add(at)


def _report_dates(located: Located, value: object, at: Path_, path: Path | str,
                  problems: Problems) -> None:
    if isinstance(value, BadDate):
        name = next((str(p) for p in reversed(at) if isinstance(p, str)), "the value")
        problems.add(path, "field-type", f"`{name}: {value}` is not a date in the calendar",
                     "write a date that exists, YYYY-MM-DD (April, June, September and November "
                     "have 30 days; February 28, or 29 in a leap year)",
                     line=located.value_line(*at))
        located.reported.add(at)
    elif isinstance(value, dict):
        for key, item in value.items():
            _report_dates(located, item, (*at, key), path, problems)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _report_dates(located, item, (*at, index), path, problems)


def _report_keys(located: Located, path: Path | str, problems: Problems) -> None:
    """Every mapping key in our files is text (a code, a language, a field name): a key YAML
    read as a number, date, boolean or nothing is reported, and becomes the text written."""
    for at, (tag, raw) in reversed(list(located.keys.items())):  # children before parents
        key = at[-1]
        if isinstance(key, str):
            continue
        if tag in _TYPED or tag == "tag:yaml.org,2002:null":
            what = _TYPED.get(tag, "nothing (an empty name)")
            problems.add(path, "field-type", f"`{raw}` was read as {what}, but a name or code is text",
                         f"put it in quotes: `\"{raw}\":`", line=located.key_lines.get(at))
        parent = _shown(located.data, at[:-1])
        if isinstance(parent, dict) and key in parent:
            items = [(raw if k is key else k, v) for k, v in parent.items()]
            parent.clear()
            parent.update(items)
        located.reported.add((*at[:-1], raw))
        located.key_lines.setdefault((*at[:-1], raw), located.key_lines.get(at, 0))


def _matches(at: Path_, pattern: tuple[object, ...]) -> bool:
    return len(at) == len(pattern) and all(p == "*" or p == a for a, p in zip(at, pattern, strict=True))


def require_text(located: Located, patterns: Iterable[tuple[object, ...]], path: Path | str,
                 problems: Problems) -> None:
    """Report each value at one of `patterns` (`*` for any key or index) that was meant as
    text but that YAML read as a number, date or boolean; it is replaced by the text the
    editor wrote, so that no later check reports it a second time.
    """
    patterns = tuple(patterns)
    for at, (tag, raw, style) in list(located.scalars.items()):
        if tag not in _TYPED or style or at in located.reported:
            continue
        if not any(_matches(at, p) for p in patterns):
            continue
        name = next((str(p) for p in reversed(at) if isinstance(p, str)), "the value")
        shown = _shown(located.data, at)
        became = f" ({shown})" if shown is not None and str(shown) != raw else ""
        # A stamp's hash is never typed: quoting a typed one made it look stamped.
        fix = ("never type the hash: run `kb translations --stamp` on this file once it matches "
               "the original" if at == ("translated_from", "hash") else f"put it in quotes: `\"{raw}\"`")
        problems.add(path, "field-type", f"`{name}: {raw}` was read as {_TYPED[tag]}{became}, "
                     "but it must be text", fix, line=located.value_line(*at))
        located.reported.add(at)
        _replace(located.data, at, raw)


def _shown(data: object, at: Path_) -> object:
    for step in at:
        try:
            data = data[step]  # type: ignore[index]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _replace(data: object, at: Path_, value: str) -> None:
    parent = _shown(data, at[:-1])
    if isinstance(parent, (dict, list)):
        try:
            parent[at[-1]] = value  # type: ignore[call-overload]
        except (IndexError, TypeError):
            pass


@dataclass
class FrontMatter:
    """A Markdown file split into front matter and body, by the one boundary rule."""

    yaml_text: str  # the lines between the boundaries
    close_index: int  # 0-based index of the closing boundary line
    body: str  # stripped of blank lines around it, as python-frontmatter does
    body_line: int  # the file line of the body's first line


class NoFrontMatter(Exception):
    """Why a file has no front matter, in words for an editor (line 1 or the opening line)."""


def split_front_matter(text: str) -> FrontMatter:
    """`text` (newlines already `\\n`) split at its front matter's boundary lines."""
    lines = text.split("\n")
    if not lines or not BOUNDARY.match(lines[0]):
        raise NoFrontMatter("the file does not start with front matter")
    close = next((i for i in range(1, len(lines)) if BOUNDARY.match(lines[i])), None)
    if close is None:
        raise NoFrontMatter("the front matter has no closing `---` line")
    rest = lines[close + 1:]
    start = next((i for i, line in enumerate(rest) if line.strip()), len(rest))
    body = "\n".join(rest[start:]).strip()
    return FrontMatter("\n".join(lines[1:close]), close, body, close + 2 + start)


def read_text(path: Path) -> str:
    """A text file's content, newlines as `\\n` (raises OSError, UnicodeDecodeError)."""
    text = path.read_bytes().decode("utf-8-sig")
    return text.replace("\r\n", "\n").replace("\r", "\n")
