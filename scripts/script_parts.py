"""Scripts that run in parts, each at its own place in the page, from one file (issue 18).

Material's inline scripts, moved to files so that the security policy can forbid inline
scripts (overrides/partials/javascripts/), each must run at a given point of the page: its
helpers in `<head>`, the palette where the palette's inputs are (before the first paint),
the content's after the content. One file each cost a request each. The `react-assets`
plugin's `parts:` (mkdocs.yml) names a file joined from such scripts; every tag of a part
becomes a tag of the joined file with `data-react-part="<the part's name>"`, and the joined
file runs only that part for that tag:

    switch (document.currentScript.getAttribute("data-react-part")) {
      case "md-base": { ...md-base.js... } break;
      ...
    }

The first tag (in `<head>`, render-blocking) downloads it; the later ones take it from the
browser's cache (a content-hashed name, cached for a year): one request, and every part runs
where its tag is, as it did inline. Each part keeps its code (`var`s stay global: a block
scopes none) and its guard (tests/test_boundary.py compares each part's file with Material's
inline script).
"""

from __future__ import annotations

import json
import posixpath

ATTRIBUTE = "data-react-part"


def part_name(rel: str) -> str:
    """The name of the part a script file is: its file name without `.js`
    (`assets/javascripts/md-base.js` -> `md-base`)."""
    return posixpath.basename(rel).removesuffix(".js")


def joined(parts: list[tuple[str, bytes]]) -> bytes:
    """One script of `parts` ((site path, minified bytes), in order) that runs, for the tag
    loading it, only the part its `data-react-part` attribute names (nothing for another).

    Raises ValueError when two parts have the same name."""
    names = [part_name(rel) for rel, _ in parts]
    if len(set(names)) != len(names):
        raise ValueError(f"two parts of one name in {names}: rename one file")
    cases = "".join(f"case {json.dumps(name)}:{{\n{data.decode('utf-8').strip().rstrip(';')};\n}}break;\n"
                    for name, (_, data) in zip(names, parts, strict=True))
    return f'switch(document.currentScript.getAttribute("{ATTRIBUTE}")){{\n{cases}}}\n'.encode()
