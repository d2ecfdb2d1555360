"""Small HTML pieces of the statistics pages: tables, notes, figures. All text is escaped."""

from __future__ import annotations

from html import escape


def table(caption: str, head: list[str], rows: list[tuple[str, list[str]]], css: str = "") -> str:
    """An accessible table: a caption, column headers, and a header cell starting each row."""
    lines = [f'<table class="{" ".join(("kb-stat-table", css)).strip()}">']
    lines.append(f"<caption>{escape(caption)}</caption>")
    lines.append("<thead><tr>" + "".join(f'<th scope="col">{escape(h)}</th>' for h in head)
                 + "</tr></thead>")
    lines.append("<tbody>")
    for label, cells in rows:
        lines.append(f'<tr><th scope="row">{escape(label)}</th>'
                     + "".join(f"<td>{escape(c)}</td>" for c in cells) + "</tr>")
    lines.append("</tbody>")
    lines.append("</table>")
    return "\n".join(lines)


def note(kind: str, title: str, text: str, lang: str | None = None) -> str:
    """An admonition as raw HTML, like the notices of other pages."""
    attr = f' lang="{lang}"' if lang else ""
    return (f'<div class="admonition {kind} kb-notice" role="note">\n'
            f'<p class="admonition-title">{escape(title)}</p>\n<p{attr}>{escape(text)}</p>\n</div>')


def paragraph(text: str, css: str, lang: str | None = None) -> str:
    attr = f' lang="{lang}"' if lang else ""
    return f'<p class="{css}"{attr}>{escape(text)}</p>'


def figure(svg: str, caption: str = "") -> str:
    """A chart; `caption` (e.g. "illustrative figures") is shown under it."""
    text = f'\n<figcaption class="kb-stat-caption">{escape(caption)}</figcaption>' if caption else ""
    return f'<figure class="kb-stat-figure">\n{svg.rstrip()}{text}\n</figure>'


def texts_in(text: str, shown_lang: str, lang: str, untranslated: str) -> str:
    """Escaped text, marked with its own language when it is not the page's."""
    if shown_lang == lang:
        return escape(text)
    return f'<span lang="{shown_lang}">{escape(text)}</span> {escape(untranslated)}'
