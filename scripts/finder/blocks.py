"""A finder step as a few kinds of block, written out two ways from the same blocks:
Markdown for the page MkDocs builds (works without JavaScript), and HTML for finder.js,
which shows the next step in place (overrides/assets/javascripts/finder.js).

Every text is plain text, escaped by scripts/text.py: in the Markdown, text inside an inline
`<span>` is still parsed as Markdown, so it is escaped with `md_text` like any other inline
text. Links point at a docs path relative to the language folder
(`guides/police-detention.md`, `help/police/index.md`) or an anchor
(`#kb-finder-helping`): the Markdown gets a path relative to its page, which MkDocs checks
and turns into the site's or the offline copy's address; the HTML keeps the docs path in
`data-kb-href`, which finder.js turns into an address the same way.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field

from ..text import html_text, md_block_attr, md_text


@dataclass(frozen=True)
class Link:
    label: str
    href: str
    lang: str | None = None  # the label's language when it is not the page's
    to: str | None = None  # the finder step it opens, `help/<trail>` (finder.js shows it in place)
    note: str = ""
    note_lang: str | None = None


@dataclass(frozen=True)
class Heading:
    level: int  # relative: 0 is the step's own heading, 1 a section under it
    text: str
    lang: str | None = None
    id: str | None = None


@dataclass(frozen=True)
class Para:
    text: str
    cls: str = ""
    lang: str | None = None


@dataclass(frozen=True)
class Links:
    items: tuple[Link, ...]
    cls: str = ""


@dataclass(frozen=True)
class Steps:
    """An ordered list: (text, language or None)."""

    items: tuple[tuple[str, str | None], ...]


@dataclass(frozen=True)
class Box:
    """A titled box (an admonition of Material's kinds: danger, warning, info, note)."""

    kind: str
    title: str
    blocks: tuple[object, ...]
    cls: str = ""


@dataclass(frozen=True)
class Section:
    id: str
    blocks: tuple[object, ...]
    cls: str = ""


@dataclass
class Step:
    """What one step shows: its heading and its blocks."""

    heading: Heading
    blocks: list[object] = field(default_factory=list)


def _attrs(**values: str | None) -> str:
    """An attr_list `{ ... }` (empty when there is nothing to say)."""
    parts = []
    for name, value in values.items():
        if not value:
            continue
        if name == "id":
            parts.append(f"#{value}")
        elif name == "cls":
            parts.extend(f".{c}" for c in value.split())
        else:
            parts.append(f'{name.replace("_", "-")}="{value}"')
    return "{ " + " ".join(parts) + " }" if parts else ""


def to_markdown(blocks: list[object] | tuple[object, ...], base: int, page_path: str) -> str:
    """Markdown of `blocks`, headings from level `base`, links relative to `page_path` (the
    page's docs path inside its language folder)."""
    here = posixpath.dirname(page_path) or "."
    out: list[str] = []

    def href(target: str) -> str:
        return target if target.startswith("#") else posixpath.relpath(target, here)

    def link(item: Link) -> str:
        if not item.href:  # an item without a link (an organization)
            text = f"**{md_text(item.label)}**" + (f"{{ lang=\"{item.lang}\" }}" if item.lang else "")
        else:
            text = f"[{md_text(item.label)}]({href(item.href)})"
            text += _attrs(lang=item.lang, data_kb_to=item.to)
        if item.note:
            note = md_text(item.note)
            if item.note_lang:
                note = f'<span lang="{item.note_lang}">{note}</span>'
            text += f" — {note}"
        return text

    for block in blocks:
        if isinstance(block, Heading):
            attrs = _attrs(id=block.id, lang=block.lang)
            out.append("#" * (base + block.level) + " " + md_text(block.text)
                       + (" " + attrs if attrs else ""))
        elif isinstance(block, Para):
            attrs = _attrs(cls=block.cls, lang=block.lang)
            out.append(md_text(block.text) + ("\n" + attrs if attrs else ""))
        elif isinstance(block, Links):
            items = "\n".join(f"- {link(item)}" for item in block.items)
            out.append(f'<div class="{md_block_attr(block.cls)}" markdown="block">\n\n{items}\n\n'
                       "</div>" if block.cls else items)
        elif isinstance(block, Steps):
            out.append("\n".join(
                f"{n}. " + (f'<span lang="{lang}">{md_text(text)}</span>' if lang else md_text(text))
                for n, (text, lang) in enumerate(block.items, start=1)))
        elif isinstance(block, Box):
            inner = to_markdown(block.blocks, base + 1, page_path)
            out.append(f'<div class="admonition {block.kind} {block.cls}" markdown="block">\n'
                       f'<p class="admonition-title">{html_text(block.title)}</p>\n\n{inner}\n\n</div>')
        elif isinstance(block, Section):
            inner = to_markdown(block.blocks, base, page_path)
            out.append(f'<div id="{block.id}" class="{block.cls}" markdown="block">\n\n{inner}\n\n'
                       "</div>")
        else:
            raise TypeError(block)
    return "\n\n".join(out)


def _lang(lang: str | None) -> str:
    return f' lang="{lang}"' if lang else ""


def to_html(blocks: list[object] | tuple[object, ...], base: int) -> str:
    """HTML of `blocks` for finder.js, headings from level `base`; links keep their docs path
    in `data-kb-href` (finder.js gives them their address)."""
    out: list[str] = []

    def link(item: Link) -> str:
        if not item.href:
            text = f"<strong{_lang(item.lang)}>{html_text(item.label)}</strong>"
        else:
            attrs = f' data-kb-href="{html_text(item.href)}"{_lang(item.lang)}'
            if item.to is not None:
                attrs += f' data-kb-to="{html_text(item.to)}"'
            text = f"<a{attrs}>{html_text(item.label)}</a>"
        if item.note:
            note = html_text(item.note)
            text += " — " + (f'<span lang="{item.note_lang}">{note}</span>' if item.note_lang else note)
        return text

    for block in blocks:
        if isinstance(block, Heading):
            level = base + block.level
            ident = f' id="{block.id}"' if block.id else ""
            out.append(f"<h{level}{ident}{_lang(block.lang)}>{html_text(block.text)}</h{level}>")
        elif isinstance(block, Para):
            cls = f' class="{block.cls}"' if block.cls else ""
            out.append(f"<p{cls}{_lang(block.lang)}>{html_text(block.text)}</p>")
        elif isinstance(block, Links):
            items = "".join(f"<li>{link(item)}</li>" for item in block.items)
            ul = f"<ul>{items}</ul>"
            out.append(f'<div class="{block.cls}">{ul}</div>' if block.cls else ul)
        elif isinstance(block, Steps):
            out.append("<ol>" + "".join(f"<li{_lang(lang)}>{html_text(text)}</li>"
                                        for text, lang in block.items) + "</ol>")
        elif isinstance(block, Box):
            out.append(f'<div class="admonition {block.kind} {block.cls}">'
                       f'<p class="admonition-title">{html_text(block.title)}</p>'
                       f"{to_html(block.blocks, base + 1)}</div>")
        elif isinstance(block, Section):
            out.append(f'<div id="{block.id}" class="{block.cls}">{to_html(block.blocks, base)}</div>')
        else:
            raise TypeError(block)
    return "".join(out)
