"""Reaches into Material for MkDocs: its templates, overridden in `overrides/`.

The theme's `custom_dir` (overrides/) holds templates of the same path as Material's, which
Material then uses instead of its own (partials/header.html, palette.html, the inline scripts
of partials/javascripts/, main.html, 404.html), and partials of the site's own that
Material's classes and strings style (partials/react-search.html ...). A copy does not follow
Material when it changes, and an override whose Material file was renamed is silently never
used. So every template in overrides/ opens with a label, in its leading Jinja comment (which
writes nothing into pages):

    Material for MkDocs 9.8.1: copy of partials/header.html; changed: ...
    Material for MkDocs 9.8.1: in place of partials/javascripts/base.html; changed: ...
    Material for MkDocs 9.8.1: new partial; ...

`copy of` is Material's file with changes, `in place of` a file written anew under the path of
one of Material's, `new partial` a file Material does not have. `changed:` says what differs.
`partial_problems` checks the labels against the installed Material (tests/test_boundary.py
runs it): a Material upgrade fails the test until every template was compared with the new
Material's and its label names the new version.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from . import Library, installed_version

MATERIAL = Library("Material for MkDocs", (("mkdocs-material", ">=9.8.1,<9.9"),),
                   "scripts/boundary/material.py")
DISTRIBUTION = "mkdocs-material"
LABEL = re.compile(r"Material for MkDocs (?P<version>[0-9][0-9A-Za-z.+-]*): "
                   r"(?:(?P<kind>copy of|in place of) (?P<path>[\w./-]+\.html); changed: (?P<change>\S[^\n]*)"
                   r"|(?P<new>new partial); \S)")
# Only a comment at the very start of the file, closed with `-#}`, writes nothing at all.
LEADING_COMMENT = re.compile(r"\A\{#-(?P<text>.*?)-#\}", re.DOTALL)


def theme_dir() -> Path:
    """The folder of Material's own templates (base.html, partials/...), of the installed
    Material, which the templates of overrides/ replace or extend.

    Reach: Material's package layout (`material/templates/`), and the names of its partials
    and blocks that overrides/ relies on (checked by `partial_problems` and the guard tests).
    Raises BoundaryError outside the known versions.
    """
    MATERIAL.check("Material's templates folder: material/templates")
    import material

    return Path(material.__file__).resolve().parent / "templates"


@dataclass(frozen=True)
class Label:
    """The label of one template of overrides/: Material's version, the kind of override
    ("copy of", "in place of", "new partial") and the path of Material's file it stands for."""

    version: str
    kind: str
    path: str | None


def read_label(text: str) -> Label | None:
    """The label in the leading `{#- ... -#}` comment of a template's text, or None."""
    comment = LEADING_COMMENT.match(text)
    found = LABEL.search(" ".join(comment["text"].split())) if comment else None
    if found is None:
        return None
    return Label(found["version"], found["kind"] or found["new"], found["path"])


def partial_problems(overrides: Path) -> list[str]:
    """One line per template (`*.html`) of the theme folder `overrides` whose label is missing,
    names another Material version than the installed one, or stands for a file Material does
    not have (or, for a new partial, has). [] when every label holds."""
    installed = installed_version(DISTRIBUTION)
    material = theme_dir()
    problems = []
    for path in sorted(overrides.rglob("*.html")):
        rel = path.relative_to(overrides).as_posix()
        label = read_label(path.read_text(encoding="utf-8"))
        fix = (f"compare it with Material {installed}'s templates/{rel} (if any) and open it with "
               f"`{{#- Material for MkDocs {installed}: copy of {rel}; changed: ... -#}}` (or "
               f"`in place of {rel}; changed: ...`, or `new partial; ...`): see scripts/boundary/material.py")
        if label is None:
            problems.append(f"overrides/{rel}: no Material label in its leading {{#- -#}} comment: {fix}")
            continue
        if label.version != installed:
            problems.append(f"overrides/{rel}: labelled for Material {label.version}, but Material "
                            f"{installed} is installed: {fix}")
        if label.path is not None and label.path != rel:
            problems.append(f"overrides/{rel}: its label names {label.path}, but Material uses an "
                            f"override only under the same path: {fix}")
        exists = (material / rel).is_file()
        if label.path is not None and not exists:
            problems.append(f"overrides/{rel}: Material {installed} has no templates/{rel} any more, "
                            f"so this override is never used: find what replaced it in Material")
        if label.kind == "new partial" and exists:
            problems.append(f"overrides/{rel}: labelled a new partial, but Material {installed} has "
                            f"templates/{rel}, which this file now replaces: {fix}")
    return problems
