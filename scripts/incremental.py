"""Which pages of a language MkDocs renders again, and why: the rest is kept from the last build.

`digest.py` decides which languages are built at all. A language that is built usually changed
little: one guide edited, so one page of docs/<lang>/ changed (or, for an original, its page in
every language that shows it). Every other page of that language comes out of MkDocs exactly
as before, *if* nothing it shows changed:

- the shared inputs (mkdocs.yml, overrides/, hooks, code, packages, settings, the names of all
  files of docs/): any change there renders every page;
- the navigation, which every page carries: the pages of the language and their titles. The
  names are shared inputs already; the titles are the `title` (and `nav_order`) of each page's
  front matter in docs/<lang>/, fingerprinted as one inventory entry per language (`nav_inventory`), with
  every page's headings and explicit ids: MkDocs checks links to another page's anchors, and a
  page not rendered again does not check its links. A changed title or heading renders every
  page of that language. (Other front matter fields shape only their own page.)

When neither changed, only the changed files of docs/<lang>/ are rendered (pages) or copied
(downloads, images): `plan` returns them, relative to docs/, and `mkdocs_run` runs MkDocs'
own `dirty` build over a copy of the language's previous output, in which exactly those files
are missing. The search index keeps the entries of the pages not rendered
(`safety/plugin.py`). The result is the same, byte for byte, as a clean build
(tests/test_incremental.py).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass

from .project import Project

NAV_PREFIX = "nav "
NAV = NAV_PREFIX + "docs/{lang}"  # the inventory entry of a language's titles and headings
# The front matter fields the navigation shows: the title, and the order in a section
# (scripts/mkdocs_hooks.py).
_TITLE = re.compile(r"^(?:title|nav_order):[ \t]*(.*?)[ \t]*$", re.M)
# What makes an anchor another page may link to: headings (indented too: inside a note, a list
# item, a block of md_in_html), {#id} attributes, id="..." in HTML. The lookahead names the
# first character of each alternative: the same matches, found in less than half the time
# (Python's engine otherwise tries every alternative at every character). Too much is harmless
# (a `# comment` in code: its edit renders every page), too little is not (found by a tester:
# a heading inside a note renamed, the page linking to it was not checked again).
_ANCHORS = re.compile(r"(?=[ \t#{i])(?:^[ \t]*#{1,6}(?:[ \t].*)?$|\{[^}\n]*#[^}\n]*\}"
                      r"|\bid=[\"'][^\"']*[\"'])", re.M)
# The underline of a setext heading (`Title` over `-----` or `=====`): the heading is the line above.
_UNDERLINE = re.compile(r"\n[ \t]*(?:=+|-+)[ \t]*(?=\n|\Z)")
_RUN = re.compile(r"([=-])\1*")  # an underline's characters, one for the run

Inventory = dict[str, str]


def outline(text: str) -> str:
    """What of a generated page other pages depend on: the `title` and `nav_order` of its
    front matter (the navigation) and its headings and explicit ids (anchors others may link
    to)."""
    end = text.find("\n---", 4) if text.startswith("---\n") else -1
    fields = _TITLE.findall(text[4:end]) if end > 0 else []
    body = text[end + 1:]
    # White space at a line's end and an underline's length make no other anchor: an editor's
    # trailing space (found by an editor-side check: one re-rendered every Russian page, 19 s
    # instead of 5 at N = 400) changes no outline. An underline's indentation does (indented,
    # it is no underline: the heading is gone).
    setext = [body[body.rfind("\n", 0, found.start()) + 1:found.start()].rstrip()
              + _RUN.sub(r"\1", found[0].rstrip()) for found in _UNDERLINE.finditer(body)]
    return "\n".join([*fields, *(anchor.rstrip() for anchor in _ANCHORS.findall(body)), *setext])


def nav_inventory(project: Project, lang: str, docs: Mapping[str, str | bytes] | None = None) -> Inventory:
    """`{"nav docs/<lang>": SHA-256 of every page's outline}`: the inventory entry that
    changes when the navigation of `lang` or an anchor of one of its pages would change.
    `docs` (`{path relative to docs/: text or bytes}`): docs/ as just written; None: read it."""
    digest = hashlib.sha256()
    folder = project.docs_dir / lang
    if docs is None:
        pages = {path.relative_to(folder).as_posix(): path.read_text(encoding="utf-8")
                 for path in folder.rglob("*.md")}
    else:
        ours = f"{lang}/"
        pages = {rel.removeprefix(ours): text if isinstance(text, str) else text.decode("utf-8")
                 for rel, text in docs.items() if rel.startswith(ours) and rel.endswith(".md")}
    for rel in sorted(pages):
        digest.update(f"{rel}\0{outline(pages[rel])}\n".encode())
    return {NAV.format(lang=lang): digest.hexdigest()}


def kept_nav(lang: str, before: Inventory, after: Inventory, project: Project | None = None,
             docs: Mapping[str, str | bytes] | None = None) -> Inventory | None:
    """The `nav docs/<lang>` entry of the previous build (`before`: its stored inventory)
    when it is still right, else None (compute it: `nav_inventory`). Right when this module
    (its `outline`) is the same and the pages (`docs/<lang>/*.md`) are the same ones, each
    with the same bytes in `after` (the current inventory, pages hashed), or, given the
    `project` whose docs/ still holds the previous build's files and `docs` (docs/ about to
    be written, `{path relative to docs/: text or bytes}`), the same outline: for at most
    `OUTLINES_COMPARED` changed pages, each file of docs/ whose bytes are the ones `before`
    hashed is compared with its new text (an edit of a guide's text, not of its title or
    headings: 0.08 s of outlines of every page at N = 400 not computed)."""
    nav = NAV.format(lang=lang)
    code = "scripts/incremental.py"
    if nav not in before or code not in before or before.get(code) != after.get(code):
        return None
    ours = f"docs/{lang}/"

    def pages(inventory: Inventory) -> dict[str, str]:
        return {k: v for k, v in inventory.items() if k.startswith(ours) and k.endswith(".md")}

    old, new = pages(before), pages(after)
    if old == new:
        return {nav: before[nav]}
    changed = [key for key, sha in new.items() if old.get(key) != sha]
    if project is None or docs is None or old.keys() != new.keys() or len(changed) > OUTLINES_COMPARED:
        return None
    for key in changed:
        rel = key.removeprefix("docs/")
        try:
            previous = (project.docs_dir / rel).read_bytes()
        except OSError:
            return None
        text = docs.get(rel)
        if hashlib.sha256(previous).hexdigest() != old[key] or text is None:
            return None
        if isinstance(text, bytes):
            text = text.decode("utf-8")
        if outline(previous.decode("utf-8")) != outline(text):
            return None
    return {nav: before[nav]}


# Changed pages whose outline `kept_nav` compares with their previous file at most: more, and
# reading them costs about as much as the outlines of every page.
OUTLINES_COMPARED = 20


@dataclass(frozen=True)
class Plan:
    """What MkDocs renders of one language: `files` (paths relative to docs/, such as
    `en/guides/x.md`) or everything (`files` is None), and why."""

    files: tuple[str, ...] | None
    why: str

    @property
    def everything(self) -> bool:
        return self.files is None


def plan(lang: str, languages: tuple[str, ...], before: Inventory, after: Inventory) -> Plan:
    """What to render of `lang`, from the stored inventory of the previous build (`before`)
    and the current one (`after`), both covering every input (shared entries, every
    language's docs/ files and `nav docs/<lang>` entries; `digest.py`).

    Everything when there is no record, or when a shared input or this language's titles
    changed; else the changed files of docs/<lang>/. Other languages' files are not inputs
    of this language."""
    if not before:
        return Plan(None, "no record of the previous build")
    nav = NAV.format(lang=lang)
    if nav not in before:
        return Plan(None, "no record of the previous navigation")
    ours = f"docs/{lang}/"
    others = tuple(f"docs/{code}/" for code in languages if code != lang)
    others += tuple(NAV.format(lang=code) for code in languages if code != lang)
    changed = sorted(name for name in before.keys() | after.keys()
                     if before.get(name) != after.get(name)
                     and not name.startswith(("content/", "aggregates/", "library ")))
    shared = [name for name in changed if not name.startswith(ours) and not name.startswith(others)]
    if nav in shared:
        return Plan(None, "a page title or heading changed (in every page's navigation or links)")
    if shared:
        return Plan(None, f"{shared[0].removeprefix('name ')} changed (read by every page)")
    files = tuple(name.removeprefix("docs/") for name in changed if name.startswith(ours))
    if any(name not in before or name not in after for name in changed):
        return Plan(None, "a file was added or removed")  # covered by `name docs/...` too
    return Plan(files, f"{len(files)} changed file{'s' if len(files) != 1 else ''}")
