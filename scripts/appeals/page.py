"""The Markdown of a template's page and of the templates index.

The form and the letter are raw HTML with every editor's word escaped: the letter is plain
text, so nothing in it may become markup. The page works without JavaScript: the blank letter
prints and the blank Word file downloads; appeal-form.js only adds the form that fills them.
Nothing here is inline script or inline event handler, so a strict Content-Security-Policy
can forbid both: the JavaScript reads its words from data- attributes. appeal.css and
appeal-form.js are listed in mkdocs.yml, so MkDocs writes their addresses right for the served
site and for the offline copy (`kb dist`, file names instead of folders); for the same reason
the Word library's address is given from the site root and resolved by the script.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from ..markup import html_text, md_block_attr, md_text
from .fields import FieldSpec
from .letter import Line
from .reader import Template

Translate = Callable[[str], str]
# Messages the script shows; `{fields}` is filled in by the script.
MESSAGES = ("preparing", "ready", "failed", "missing", "cleared")


def _attr(text: str, nested: bool = False) -> str:
    """An attribute value; `nested`: on an element that Markdown's md_in_html parses."""
    return md_block_attr(text) if nested else html_text(text)


def blank_name(slug: str) -> str:
    return f"{slug}-blank.docx"


def field_html(spec: FieldSpec, t: Translate) -> str:
    """One labeled control with its help; `required` is both an attribute and visible words."""
    control_id, help_id = f"appeal-{spec.id}", f"appeal-{spec.id}-help"
    # No autocomplete (the browser would keep what was typed) and no spellcheck (some
    # browsers send text to a spelling service).
    common = (f'id="{control_id}" name="{spec.id}" data-field="{spec.id}" aria-describedby="{help_id}" '
              f'autocomplete="off" spellcheck="false"' + (" required" if spec.required else ""))
    if spec.type == "textarea":
        control = f"<textarea {common} rows=\"4\"></textarea>"
    elif spec.type == "select":
        options = "".join(f"<option>{escape(o)}</option>" for o in spec.options)
        choose = f'<option value="">{escape(t("templates_choose"))}</option>'
        control = f"<select {common}>{choose}{options}</select>"
    else:
        kind = "date" if spec.type == "date" else "text"
        control = f'<input type="{kind}" {common} data-type="{spec.type}">'
    required = (f' <span class="appeal-required">({escape(t("templates_required"))})</span>'
                if spec.required else "")
    label = f'<label for="{control_id}">{escape(spec.label)}{required}</label>'
    return "\n".join([f'<div class="appeal-field">{label}',
                      f'<p class="appeal-help" id="{help_id}">{escape(spec.help)}</p>{control}</div>'])


def letter_html(template: Template) -> str:
    """The letter with a slot per field; a slot shows a labeled blank until it is filled."""
    labels = {f.id: f.label for f in template.fields}
    paragraphs = []
    for para in template.letter:
        paragraphs.append(f'<p class="appeal-letter__{para.kind}" data-kind="{para.kind}">'
                          + "<br>".join(_line(line, labels) for line in para.lines) + "</p>")
    return "\n".join([f'<div class="appeal-letter" data-appeal-letter lang="{template.doc.lang}">',
                      *paragraphs, "</div>"])


def _line(line: Line, labels: dict[str, str]) -> str:
    """A line of a paragraph: inside a `<p>`, which md_in_html keeps as it is."""
    out = []
    for seg in line:
        if seg.field is None:
            out.append(escape(seg.text, quote=False))
        else:
            label = labels[seg.field]
            out.append(f'<span class="appeal-slot is-blank" data-slot="{seg.field}" '
                       f'data-label="{_attr(label)}">'
                       f'<span class="appeal-slot__blank">{"_" * 16}</span> '
                       f'<span class="appeal-slot__label">({escape(label)})</span></span>')
    return "".join(out)


def page_body(template: Template, t: Translate, library: str, nested: bool = False) -> str:
    """The page's Markdown; `library` is the Word library's path from the site root.

    `nested`: the body goes inside a `<div markdown>` (a fallback page's original).
    """
    doc = template.doc
    messages = " ".join(f'data-msg-{m}="{_attr(t("templates_msg_" + m), nested)}"' for m in MESSAGES)
    form = "\n".join(field_html(spec, t) for spec in template.fields)
    # One block-level element per line: Markdown (md_in_html) keeps nested HTML intact only
    # when each block starts a line, e.g. inside the fallback notice's <div markdown>.
    widget = "\n".join([
        f'<div class="appeal" data-appeal data-lang="{doc.lang}" data-title="{_attr(doc.title, nested)}" '
        f'data-filename="{doc.slug}.docx" data-docx-lib="{_attr(library)}" {messages}>',
        '<div class="admonition info appeal-privacy" role="note">',
        f'<p class="admonition-title">{escape(t("templates_privacy_title"))}</p>',
        f'<p>{escape(t("templates_privacy"))}</p>',
        "</div>",
        f'<p class="appeal-nojs" data-appeal-nojs>{escape(t("templates_nojs"))}</p>',
        f'<div class="appeal-form" data-appeal-form role="group" '
        f'aria-label="{_attr(doc.title, nested)}" hidden>',
        form,
        "</div>",
        '<div class="appeal-actions" data-appeal-actions hidden>'
        '<button type="button" class="md-button md-button--primary" data-appeal-action="print">'
        f'{escape(t("templates_print"))}</button> '
        '<button type="button" class="md-button" data-appeal-action="docx">'
        f'{escape(t("templates_download_filled"))}</button> '
        '<button type="button" class="md-button" data-appeal-action="clear">'
        f'{escape(t("templates_clear"))}</button></div>',
        '<p class="appeal-status" data-appeal-status role="status"></p>',
        "</div>",
    ])
    blank = blank_name(doc.slug)
    return "\n".join([
        f"**{md_text(t('templates_addressee'))}:** {md_text(doc.meta['addressee'])}",
        "",
        f"[{md_text(t('templates_fill_heading'))} ↓](#fill)",
        "",
        template.explanation.strip(),
        "",
        f"## {md_text(t('templates_fill_heading'))} {{ #fill }}",
        "",
        widget,
        "",
        f"## {md_text(t('templates_letter_heading'))} {{ #letter }}",
        "",
        md_text(t("templates_letter_note")),
        "",
        letter_html(template),
        "",
        f"## {md_text(t('templates_downloads_heading'))} {{ #download }}",
        "",
        f'- [{md_text(t("templates_download_blank"))}]({blank}){{ download="{blank}" }}: '
        f'{md_text(t("templates_download_blank_note"))}',
        "",
    ])


def index_markdown(front_matter: str, t: Translate, lang: str, items: list[dict]) -> str:
    """The list of templates in one language; an item in another language says so."""
    lines = ["---", front_matter.rstrip("\n"), "---", "", md_text(t("templates_summary")), "",
             md_text(t("templates_index_privacy")), ""]
    if not items:
        lines += [md_text(t("templates_none")), ""]
    for item in items:
        marker = f'{{ lang="{item["lang"]}" }}' if item["lang"] != lang else ""
        lines.append(f"- [{item['title']}]({item['link']}){marker}: {item['summary']}")
    return "\n".join(lines) + "\n"

