"""Move a module's relative links to another folder of the site.

Editors write links relative to the module's own page (`training/<slug>.md`), e.g.
`../guides/free-legal-aid.md`. The trainer edition and the handouts live deeper
(`training/trainer/<slug>.md`), so the same Markdown needs its links rewritten there, or
MkDocs (strict) rejects them as broken.
"""

from __future__ import annotations

import posixpath
import re

# An inline link or image target: ](target) or ](<target> "title").
_INLINE = re.compile(r"(\]\(\s*<?)([^)\s>]+)")
# A reference definition: [label]: target
_REFERENCE = re.compile(r"^(\s{0,3}\[[^\]]+\]:\s*<?)(\S+?)(>?(?:\s|$))")
_FENCE = re.compile(r"^\s*(```|~~~)")
_ABSOLUTE = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|/|#)")


def move(target: str, from_dir: str, to_dir: str) -> str:
    """`target` as written on a page in `from_dir`, rewritten for a page in `to_dir`."""
    if _ABSOLUTE.match(target):
        return target
    path, hash_, anchor = target.partition("#")
    resolved = posixpath.normpath(posixpath.join(from_dir, path))
    return posixpath.relpath(resolved, to_dir) + hash_ + anchor


def relink(markdown: str, from_dir: str, to_dir: str) -> str:
    if from_dir == to_dir:
        return markdown
    out, in_code = [], False
    for line in markdown.split("\n"):
        if _FENCE.match(line):
            in_code = not in_code
        if not in_code:
            line = _INLINE.sub(lambda m: m[1] + move(m[2], from_dir, to_dir), line)
            line = _REFERENCE.sub(lambda m: m[1] + move(m[2], from_dir, to_dir) + m[3], line)
        out.append(line)
    return "\n".join(out)
