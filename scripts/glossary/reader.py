"""Read and check `content/glossary.yml`: every problem with its line, none raised.

The file:

    terms:
      - id: administrative-detention          # lower-case Latin letters, digits, dashes
        tg: {term: "...", definition: "...", avoid: ["...", "..."]}
        ru: {term: "...", definition: "...", avoid: []}
        uz: {term: "...", definition: "..."}   # `avoid` optional; a language may be missing

A term without an entry in a language is shown in that language from another one (the
language's fallback order, then the site's default language), marked as not yet translated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..catalogs import load_yaml, strip_lines
from ..errors import Problems

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ENTRY_KEYS = ("term", "definition", "avoid")
EXAMPLE = '`ru: {term: "...", definition: "...", avoid: ["..."]}`'


@dataclass(frozen=True)
class Entry:
    """A term in one language: the preferred word, a plain definition, variants to avoid."""

    term: str
    definition: str
    avoid: tuple[str, ...] = ()


@dataclass
class Term:
    id: str
    line: int
    entries: dict[str, Entry] = field(default_factory=dict)  # language -> entry

    def shown(self, lang: str, order: tuple[str, ...], default: str) -> tuple[Entry, str]:
        """The entry a reader of `lang` sees and its language: their own, else the first of
        `order` (the language's fallback order), the default language, or any."""
        for code in (lang, *order, default, *self.entries):
            if code in self.entries:
                return self.entries[code], code
        raise KeyError(self.id)  # the reader refuses a term without any entry


@dataclass
class Glossary:
    path: Path | None = None
    terms: list[Term] = field(default_factory=list)

    def in_language(self, lang: str) -> list[tuple[Term, Entry]]:
        """The terms that have an entry written in `lang`, with that entry."""
        return [(t, t.entries[lang]) for t in self.terms if lang in t.entries]


def read_glossary(path: Path, languages: tuple[str, ...], problems: Problems) -> Glossary:
    """The glossary at `path` (an empty one when the file does not exist: it is optional)."""
    glossary = Glossary(path)
    if not path.exists():
        return glossary
    data = load_yaml(path, problems, keep_lines=True)
    if data is None:
        return glossary
    items = data.get("terms") if isinstance(data, dict) else None
    if not isinstance(items, list):
        problems.add(path, "glossary", "the file must hold a list `terms:`",
                     "start the file with `terms:` and give each term as `- id: ...` with one "
                     "entry per language, " + EXAMPLE)
        return glossary
    seen_ids: dict[str, int] = {}
    preferred: dict[tuple[str, str], tuple[str, int]] = {}  # (lang, folded term) -> (id, line)
    for item in items:
        term = _read_term(path, item, languages, problems)
        if term is None:
            continue
        if term.id in seen_ids:
            problems.add(path, "duplicate", f"the term `{term.id}` is already defined on line "
                         f"{seen_ids[term.id]}", "keep one entry per id", line=term.line)
            continue
        seen_ids[term.id] = term.line
        for lang, entry in term.entries.items():
            key = (lang, entry.term.casefold())
            if key in preferred:
                other, line = preferred[key]
                problems.add(path, "duplicate", f"`{entry.term}` ({lang}) is already the term of "
                             f"`{other}` (line {line})", "give each term its own word, or merge "
                             "the two entries", line=term.line)
            preferred[key] = (term.id, term.line)
        glossary.terms.append(term)
    # A variant to avoid must not be another term's preferred word in the same language.
    for term in glossary.terms:
        for lang, entry in term.entries.items():
            for variant in entry.avoid:
                owner = preferred.get((lang, variant.casefold()))
                if owner is not None:
                    problems.add(path, "glossary", f"`{term.id}` ({lang}) avoids `{variant}`, the "
                                 f"preferred term of `{owner[0]}`",
                                 "remove it from `avoid`, or change one of the two terms",
                                 line=term.line)
    return glossary


def _read_term(path: Path, item: object, languages: tuple[str, ...],
               problems: Problems) -> Term | None:
    line = item.get("__line__") if isinstance(item, dict) else None

    def bad(rule: str, message: str, fix: str, at: int | None = None) -> None:
        problems.add(path, rule, message, fix, line=at or line)

    if not isinstance(item, dict):
        bad("glossary", "each term must be a mapping", "start it with `- id: lower-case-latin-id`")
        return None
    term_id = item.get("id")
    if not isinstance(term_id, str) or not SLUG.match(term_id):
        bad("glossary", f"the term id `{term_id}` is not lower-case Latin letters, digits and dashes"
            if term_id is not None else "a term has no `id`",
            "write `id: administrative-detention` (it is the term's address on the glossary page)")
        return None
    term = Term(term_id, line or 0)
    for key, value in item.items():
        if key in ("id", "__line__"):
            continue
        if key not in languages:
            bad("unknown-language", f"`{term_id}` has `{key}`, not a language of the site",
                "use the languages of mkdocs.yml: " + ", ".join(languages))
            continue
        at = value.get("__line__") if isinstance(value, dict) else None
        entry = strip_lines(value)
        if not isinstance(entry, dict):
            bad("glossary", f"`{term_id}`: `{key}` must be a mapping", f"write {EXAMPLE}", at)
            continue
        unknown = sorted(set(entry) - set(ENTRY_KEYS))
        if unknown:
            bad("glossary", f"`{term_id}` ({key}) has unknown fields: {', '.join(unknown)}",
                "use only `term`, `definition` and `avoid`", at)
        texts = {}
        for name in ("term", "definition"):
            text = entry.get(name)
            if not isinstance(text, str) or not text.strip():
                bad("glossary", f"`{term_id}` ({key}): `{name}` must be non-empty text",
                    f"write {EXAMPLE}", at)
            else:
                texts[name] = " ".join(text.split())
        avoid = entry.get("avoid", [])
        if not isinstance(avoid, list) or not all(isinstance(v, str) and v.strip() for v in avoid):
            bad("glossary", f"`{term_id}` ({key}): `avoid` must be a list of words",
                'write `avoid: ["variant one", "variant two"]` or leave it out', at)
            avoid = []
        if len(texts) == 2:
            term.entries[key] = Entry(texts["term"], texts["definition"],
                                      tuple(" ".join(v.split()) for v in avoid))
    if not term.entries:
        bad("glossary", f"`{term_id}` has no entry in any language",
            f"add at least the original language's entry, {EXAMPLE}")
        return None
    return term
