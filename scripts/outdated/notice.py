"""The parts of an outdated translation's notice that name what changed in the original.

Under the notice "the original of this page has changed" a reader gets one line per part of
the original that changed since the translation was stamped: the title and summary, the text
before the first heading, or a section ("The section 'Your rights' has changed since this
translation"), in the reader's language (UI strings `outdated_changed_*`, content/ui/
outdated.yml), each linking to that place of the original. A section is named with the
translation's own heading where the translation has the stamped original's headings (so the
reader recognises it), else with the original's, marked with its language. A part with a
safety-critical change (a warning or danger note, a number, a date) says so
(`outdated_safety`), and the notice is then a `danger` note.

Nothing is added when no snapshot of the stamped original was kept (the notice stays as it
was), and for pages that are not outdated translations.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..content import Document
from ..text import html_text
from .blocks import FIELD, body_blocks, headings, plain_heading
from .diff import heading_map
from .drift import drift

Translate = Callable[..., str]


@dataclass(frozen=True)
class Part:
    """A part of the original that changed: `fields`, `intro` or `section`."""

    kind: str
    label: str = ""  # a section's heading words
    label_lang: str = ""  # the language of `label`
    anchor: str = ""  # the heading's id on the original's page
    critical: bool = False


def changed_parts(content_dir: Path, translation: Document, original: Document) -> list[Part] | None:
    """The parts of `original` that changed since `translation` was stamped, in page order;
    None when there is no snapshot to compare with."""
    found = drift(content_dir, translation, original)
    if found.old is None or not found.outdated:
        return None
    new_headings = headings(found.new)
    old_count = len(headings(found.old))
    mine = headings(body_blocks(translation.body))
    to_old = heading_map(found.old, found.new)
    parts: dict[tuple[int, int], Part] = {}
    for change in found.changes:
        if change.block.kind == FIELD:
            key, part = (0, 0), Part("fields")
        elif change.heading is None:
            key, part = (1, 0), Part("intro")
        else:
            heading = new_headings[change.heading]
            old_index = to_old.get(change.heading)
            if old_index is not None and len(mine) == old_count:
                label, lang = plain_heading(mine[old_index].text), translation.lang
            else:
                label, lang = plain_heading(heading.text), original.lang
            key, part = (2, change.heading), Part("section", label, lang, heading.anchor)
        before = parts.get(key, part)
        parts[key] = Part(before.kind, before.label, before.label_lang, before.anchor,
                          before.critical or change.critical)
    return [parts[key] for key in sorted(parts)]


def notice_html(parts: list[Part], t: Translate, lang: str, original_url: str,
                original_lang: str) -> str:
    """The list of changed parts as HTML for the outdated notice (every text escaped)."""
    items = []
    for part in parts:
        href = html_text(original_url + (f"#{part.anchor}" if part.anchor else ""))
        if part.kind == "section":
            mark = f' lang="{part.label_lang}"' if part.label_lang != lang else ""
            link = (f'<a href="{href}" hreflang="{original_lang}"{mark}>'
                    f"{html_text(part.label)}</a>")
            sentence = html_text(t("outdated_changed_section", section="\x00")).replace("\x00", link)
        else:
            key = "outdated_changed_fields" if part.kind == "fields" else "outdated_changed_intro"
            sentence = (f'<a href="{href}" hreflang="{original_lang}">'
                        f"{html_text(t(key))}</a>")
        if part.critical:
            sentence += f' <strong class="kb-safety-critical">{html_text(t("outdated_safety"))}</strong>'
        items.append(f"<li>{sentence}</li>")
    return f'<ul class="kb-changed">\n{chr(10).join(items)}\n</ul>' if items else ""


def outdated_notice(content_dir: Path, translation: Document, original: Document, t: Translate,
                    lang: str, original_url: str) -> tuple[str, bool]:
    """(the HTML list of changed parts, whether any is safety-critical) for a page showing
    the outdated `translation`; ("", False) when nothing can be named."""
    parts = changed_parts(content_dir, translation, original)
    if not parts:
        return "", False
    return (notice_html(parts, t, lang, original_url, original.lang),
            any(part.critical for part in parts))
