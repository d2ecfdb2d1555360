"""Read every template document: its fields, explanation and letter, with exact lines.

The core reader has already checked the front matter's field types; what is here needs the
template's own rules: each field item, the marker line, the letter in the sandbox, the same
field ids in every language, and the guides a template belongs to.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..content import Document
from ..corpus import Corpus
from ..errors import Problems
from .fields import FieldSpec, differences, read_fields
from .letter import MARKER, Paragraph, split_body, used_fields
from .sandbox import compile_letter


@dataclass(frozen=True)
class Template:
    doc: Document
    fields: tuple[FieldSpec, ...]
    explanation: str
    letter: tuple[Paragraph, ...]

    @property
    def slug(self) -> str:
        return self.doc.slug


@dataclass(frozen=True)
class Lines:
    """Where things are in the file, for problems: 1-based lines."""

    field_items: tuple[int, ...]
    letter_start: int | None  # the first line after the marker
    placeholders_above: tuple[int, ...]  # lines of the explanation holding `{{` or `{%`


def locate(doc: Document) -> Lines:
    """Lines of the field items (from the front matter's YAML marks) and of the body's parts."""
    items = doc.meta.get("fields")
    field_items = tuple(doc.source.value_line("fields", i) or doc.line_of("fields") or 1
                        for i in range(len(items))) if isinstance(items, list) else ()
    lines = doc.body.split("\n")
    marker = next((i for i, line in enumerate(lines) if line.strip() == MARKER), None)
    above = tuple(doc.body_line + i for i in range(marker if marker is not None else 0)
                  if "{{" in lines[i] or "{%" in lines[i])
    return Lines(field_items, doc.body_line + marker + 1 if marker is not None else None, above)


def read_template(doc: Document, problems: Problems) -> tuple[Template | None, list[FieldSpec] | None]:
    """One template file (None once every problem in it has been reported), and its fields
    when they are well-formed, to compare languages even when a letter is broken."""
    where = locate(doc)
    fields_line = doc.line_of("fields")
    specs, field_issues = read_fields(doc.meta.get("fields"))
    for issue in field_issues:
        if ("fields", issue.index, "id") in doc.source.reported and "`id` must be" in issue.message:
            continue  # an id mixing Latin and Cyrillic letters: reported as mixed-script
        line = where.field_items[issue.index] if 0 <= issue.index < len(where.field_items) else fields_line
        problems.add(doc.path, "template-field", issue.message, issue.fix, line=line)
    good_fields = None if field_issues else specs
    split = split_body(doc.body)
    if split.marker_index is None:
        problems.add(doc.path, "template-marker", f"the letter is missing: no line `{MARKER}`",
                     f"write the explanation first, then a line `{MARKER}`, then the letter with "
                     "`{{ field_id }}` where each field's value goes", line=doc.body_line)
        return None, good_fields
    if not split.explanation.strip():
        problems.add(doc.path, "template-explanation", "there is no explanation before the letter",
                     "before the marker line, say what the letter is for, when to use it, where and how "
                     "to submit it, deadlines, and what to attach", line=doc.body_line)
    for line in where.placeholders_above:
        problems.add(doc.path, "template-placeholder",
                     "`{{` or `{%` in the explanation: placeholders work only in the letter",
                     f"move the placeholder below the line `{MARKER}`, or rephrase", line=line)
    if not split.letter.strip():
        problems.add(doc.path, "template-letter", f"the letter after `{MARKER}` is empty",
                     "write the letter below the marker line", line=where.letter_start)
        return None, good_fields
    base = (where.letter_start or 1) - 1
    letter, issues = compile_letter(split.letter, [s.id for s in specs])
    # A field whose id was refused (Cyrillic, a look-alike letter) is reported once, at its id:
    # its `{{ id }}` in the letter is not also an undeclared field.
    refused = {str(f["id"]) for f in doc.meta.get("fields") or [] if isinstance(f, dict) and "id" in f}
    issues = [i for i in issues if not (i.rule == "undeclared-field" and field_issues
                                        and any(f"`{{{{ {r} }}}}`" in i.message for r in refused))]
    for error in issues:
        problems.add(doc.path, error.rule, error.message, error.fix, line=base + error.line)
    if field_issues or issues:
        return None, good_fields
    unused = [s.id for s in specs if s.id not in used_fields(letter)]
    if unused:
        problems.add(doc.path, "unused-field",
                     "declared but never used in the letter: " + ", ".join(unused),
                     "put `{{ " + unused[0] + " }}` where its value belongs in the letter, or remove "
                     "the field", line=fields_line)
        return None, good_fields
    return Template(doc, tuple(specs), split.explanation, tuple(letter)), good_fields


def read_templates(corpus: Corpus, problems: Problems) -> dict[tuple[str, str], Template]:
    """`{(slug, lang): Template}` for every template that is valid, after all checks."""
    templates: dict[tuple[str, str], Template] = {}
    fields: dict[tuple[str, str], list[FieldSpec]] = {}
    for doc in corpus.documents:
        if doc.section != "templates":
            continue
        template, specs = read_template(doc, problems)
        if template is not None:
            templates[(doc.slug, doc.lang)] = template
        if specs is not None:
            fields[(doc.slug, doc.lang)] = specs
    guides = set(corpus.slugs("guides"))
    for (section, slug), docs in corpus.by_key.items():
        if section != "templates":
            continue
        original = corpus.original((section, slug))
        if original is None:
            continue
        _check_guides(original, guides, problems)
        source = fields.get((slug, original.lang))
        for lang, doc in docs.items():
            mine = fields.get((slug, lang))
            if doc is original or source is None or mine is None:
                continue
            words = differences(source, mine)
            if words:
                problems.add(doc.path, "template-fields-differ",
                             f"the fields differ from the original {original.path.name}: " + "; ".join(words),
                             "every language declares the same field ids, types, `required` and number "
                             "of options; translate only label, help and the options' text",
                             line=doc.line_of("fields"))
                templates.pop((slug, lang), None)
    return templates


def _check_guides(doc: Document, guides: set[str], problems: Problems) -> None:
    slugs = doc.meta.get("guides")
    if not isinstance(slugs, list):
        return  # a wrong type was reported by the core reader
    for slug in slugs:
        if slug not in guides:
            problems.add(doc.path, "unknown-code", f"`guides` has unknown value `{slug}`",
                         "use the slug of a file in content/guides/: " + (", ".join(sorted(guides))
                                                                            or "(none yet)"),
                         line=doc.line_of("guides"))
