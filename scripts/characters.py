"""Characters an editor cannot see: control characters, and codes mixing look-alike scripts.

A control character (a form feed or a bell pasted from another program) is invisible in most
editors, breaks YAML and makes Word refuse a file. A code such as `pоlice` whose `о` is the
Cyrillic letter looks exactly like `police` and matches nothing. Both are problems with the
line; see README, rules `control-character` and `mixed-script`.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path

from .errors import Problems

# Unicode's control characters (category Cc: U+0000-001F, U+007F-009F, fixed by the
# standard) but tab and line feed; one regular expression instead of a look-up per character.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def controls(text: str) -> list[str]:
    """The control characters of `text` other than tab and line feed, in order."""
    return _CONTROL.findall(text)


def describe(char: str) -> str:
    """A control character's name for a message (`form feed`), or its code point (`U+0001`)."""
    names = {"\x0c": "form feed", "\x0b": "vertical tab", "\x07": "bell", "\x00": "null",
             "\x1b": "escape", "\x08": "backspace", "\x7f": "delete", "\r": "carriage return"}
    return f"U+{ord(char):04X}" + (f" ({names[char]})" if char in names else "")


def report_controls(text: str, path: Path | str, problems: Problems, first_line: int = 1) -> str:
    """Report each line of `text` holding control characters; returns `text` without them."""
    if not controls(text):
        return text
    lines = text.split("\n")
    for index, line in enumerate(lines):
        found = controls(line)
        if found:
            problems.add(path, "control-character",
                         "an invisible control character " + ", ".join(sorted(set(map(describe, found))))
                         + " is in this line", "delete it: retype the line, or the words around it, "
                         "by hand", line=first_line + index)
            lines[index] = "".join(c for c in line if c not in found)
    return "\n".join(lines)


@functools.lru_cache(maxsize=4096)
def _script(char: str) -> str | None:
    if not char.isalpha():
        return None
    name = unicodedata.name(char, "")
    return name.split(" ", 1)[0] if name.startswith(("LATIN", "CYRILLIC", "GREEK")) else "OTHER"


def mixed_script(code: object) -> str | None:
    """Why `code` is suspicious (Latin and Cyrillic look-alike letters mixed), or None (also
    for a value that is not text)."""
    if not isinstance(code, str) or code.isascii():  # ASCII letters are all Latin
        return None
    scripts = {s for s in map(_script, code) if s}
    if "LATIN" not in scripts or len(scripts) < 2:
        return None
    others = sorted({c for c in code if _script(c) not in (None, "LATIN")})
    return (f"`{code}` mixes Latin letters with {', '.join(sorted(scripts - {'LATIN'})).lower()} "
            f"look-alikes ({', '.join(others)})")


def report_mixed(code: object, path: Path | str, problems: Problems, line: int | None,
                 what: str = "a code") -> bool:
    """Report `code` when it mixes scripts; True when it did."""
    if not isinstance(code, str):
        return False
    why = mixed_script(code)
    if why:
        problems.add(path, "mixed-script", f"{why}: {what} is written in Latin letters only",
                     "retype it with the Latin keyboard layout", line=line)
    return why is not None
