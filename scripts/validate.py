"""Rules that need more than one file: originals and translations, codes, links.

Per-file rules (file names, field types) live in the reader; what is here sees the whole
corpus. Everything is reported, nothing raises.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from collections.abc import Callable, Collection
from pathlib import Path

from . import admonitions, structure
from .catalogs import Catalogs
from .content import Document
from .corpus import Corpus, page_dir, page_path
from .errors import Problems
from .fingerprint import LENGTH, fingerprint
from .project import Project
from .rawhtml import check_raw_html
from .schema import KINDS

REVIEW_MAX_AGE = dt.timedelta(days=365)
_LINK = re.compile(r"(?<!!)\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_FENCE = re.compile(r"^\s*(```|~~~)")


def validate(
    corpus: Corpus,
    cats: Catalogs,
    languages: tuple[str, ...],
    generated: set[str],
    problems: Problems,
    markdown_body: Callable[[Document], str] | None = None,
    only: Collection[Path] | None = None,
) -> None:
    """Check the corpus as a whole; `generated` are the pages the pipeline adds itself;
    `markdown_body(doc)`: the part of a body that is Markdown (default: all of it).
    `only`: check just these documents (paths) and the originals and translations of each
    (an edit's, when the rest of the corpus was checked before: build.read_inputs)."""
    documents = corpus.documents if only is None else [d for d in corpus.documents if d.path in only]
    _check_translations(corpus, languages, problems, None if only is None else {d.key for d in documents})
    _check_codes(documents, cats, corpus, problems)
    targets = {page_path(sec, slug) for (sec, slug) in corpus.by_key} | generated
    for doc in documents:
        _check_links(doc, targets, problems)
        admonitions.check(doc.body, doc.body_line, doc.path, problems)
        check_raw_html(doc, problems, markdown_body(doc) if markdown_body else None)


def _check_translations(corpus: Corpus, languages: tuple[str, ...], problems: Problems,
                        keys: set[tuple[str, str]] | None = None) -> None:
    for key, docs in corpus.by_key.items():
        if keys is not None and key not in keys:
            continue
        originals = [d for d in docs.values() if d.is_original]
        if len(originals) > 1:
            first, *others = sorted(originals, key=lambda d: d.path.name)
            problems.add(first.path, "two-originals",
                         f"this file and {', '.join(d.path.name for d in others)} are all originals "
                         f"of `{key[1]}` (none says `translated_from`)",
                         "keep one original; in every other language file add "
                         "`translated_from: {lang: <code of the original>}`, then stamp it with "
                         "`kb translations --stamp <that file>`", line=1)
        for doc in docs.values():
            if doc.is_original:
                continue
            source = doc.translated_from
            if source is None:
                continue  # the reader already reported the wrong type
            line = doc.line_of("translated_from")
            src_lang = source.get("lang")
            if src_lang not in languages:
                problems.add(doc.path, "translated-from",
                             f"`translated_from.lang` is `{src_lang}`, not a language of the site",
                             "write the code of the original's language: " + ", ".join(languages),
                             line=line)
                continue
            if src_lang == doc.lang:
                problems.add(doc.path, "translated-from",
                             f"`translated_from.lang` is `{src_lang}`, this file's own language: a "
                             "file cannot be a translation of itself",
                             "if this is the original, remove `translated_from`; otherwise write "
                             "the language of the original", line=line)
                continue
            original = docs.get(src_lang)
            if original is None and doc.path.with_name(f"{doc.slug}.{src_lang}.md").exists():
                continue  # the original is there but could not be read: reported on its own
            if original is None:
                problems.add(doc.path, "missing-original",
                             f"this is a translation from `{src_lang}`, but "
                             f"{doc.slug}.{src_lang}.md does not exist",
                             "restore the original, or correct `translated_from.lang`", line=line)
                continue
            if not original.is_original:
                problems.add(doc.path, "missing-original",
                             f"{original.path.name} is itself a translation, not an original",
                             "point `translated_from.lang` at the file without `translated_from`",
                             line=line)
                continue
            stamped = source.get("hash")
            valid = False  # a stamp kb wrote, for this file
            if not isinstance(stamped, str) or not stamped:
                problems.add(doc.path, "not-stamped",
                             "this translation has not been stamped",
                             f"when it matches the original, run `kb translations --stamp "
                             f"{problems.show(doc.path)}`", line=line)
            elif not re.fullmatch(f"[0-9a-f]{{{LENGTH}}}", stamped):
                # Typed by hand ("abc", "done"): it was read as an old stamp, and the
                # translation was published as outdated without ever being stamped.
                problems.add(doc.path, "not-stamped",
                             f"`{stamped}` is not a stamp kb wrote ({LENGTH} digits and letters a-f): "
                             "the hash is never typed by hand",
                             f"when it matches the original, run `kb translations --stamp "
                             f"{problems.show(doc.path)}`", line=line)
            elif "into" in source and source.get("into") != doc.lang:
                # A translation started from a copy of another language's file keeps that
                # file's stamp: it was published as up to date, half translated.
                problems.add(doc.path, "not-stamped",
                             f"this stamp was made for the `{source.get('into')}` file, not for this "
                             f"`{doc.lang}` one: was it copied from {doc.slug}.{source.get('into')}.md?",
                             f"translate it; when it matches the original, run `kb translations --stamp "
                             f"{problems.show(doc.path)}`", line=line)
            else:
                valid = True
            _check_shared_fields(doc, original, problems)
            if valid and stamped == fingerprint(original):  # stamped as matching the original
                structure.compare(doc, original, problems)
        # Only a cycle (each file pointing at another translation) needs this extra message;
        # a translation of a missing file was reported above.
        sources = {(d.translated_from or {}).get("lang") for d in docs.values()}
        unread = any(d.path.with_name(f"{d.slug}.{lang}.md").exists()
                     for d in docs.values() for lang in languages if lang not in docs)
        itself = any((d.translated_from or {}).get("lang") == d.lang for d in docs.values())
        if not originals and docs and sources <= set(docs) and not unread and not itself:
            for doc in docs.values():
                problems.add(doc.path, "no-original",
                             f"every file of `{key[1]}` says it is a translation; none is the original",
                             "remove `translated_from` from the file that was written first", line=1)


def _check_shared_fields(doc: Document, original: Document, problems: Problems) -> None:
    for spec in KINDS[doc.section]:
        if spec.shared and spec.name in doc.meta and doc.meta[spec.name] != original.meta.get(spec.name):
            problems.add(doc.path, "shared-field",
                         f"`{spec.name}` differs from the original {original.path.name}",
                         f"`{spec.name}` is the same in every language: remove it here or make it "
                         "equal to the original's", line=doc.line_of(spec.name))


def _check_codes(documents: list[Document], cats: Catalogs, corpus: Corpus, problems: Problems) -> None:
    references = {
        "topics": (set(cats.topics), "a topic id of content/topics.yml"),
        "populations": (set(cats.codes("key_population")),
                        "a key_population code of aggregates/vocabulary.yml"),
        "templates": (set(corpus.slugs("templates")), "the slug of a file in content/templates/"),
        "training": (set(corpus.slugs("training")), "the slug of a file in content/training/"),
    }
    for doc in documents:
        for name, (allowed, what) in references.items():
            values = doc.meta.get(name)
            if name not in {f.name for f in KINDS[doc.section]} or not isinstance(values, list):
                continue
            for index, value in enumerate(values):
                if (name, index) in doc.source.reported:
                    continue  # YAML read it as a number or boolean: reported at its line
                if value not in allowed:
                    choices = ", ".join(sorted(allowed)) or "(none yet)"
                    problems.add(doc.path, "unknown-code", f"`{name}` has unknown value `{value}`",
                                 f"use {what}: {choices}", line=doc.line_of(name))


def _check_links(doc: Document, targets: set[str], problems: Problems) -> None:
    base = page_dir(doc.section)
    in_code = False
    for number, line in enumerate(doc.body.split("\n"), start=doc.body_line):
        if _FENCE.match(line):
            in_code = not in_code
            continue
        if in_code:
            continue
        for match in _LINK.finditer(line):
            target = match[1]
            path = target.split("#", 1)[0]
            if not path.endswith(".md") or re.match(r"^[a-z]+:", path):
                continue
            resolved = posixpath.normpath(posixpath.join(base, path))
            if resolved not in targets:
                problems.add(doc.path, "broken-link", f"the link `{target}` leads to no page",
                             "link to an existing page relative to this page's place on the site, "
                             "e.g. `other-guide.md`, `../organizations.md`, `../guides/index.md`",
                             line=number)


def stale_reviews(corpus: Corpus, today: dt.date) -> list[str]:
    """Approved documents whose last legal review (`reviewed`) is more than 12 months old.

    A pending text has had no legal review: its `reviewed` date says when it was written or
    updated, so it is never reported as a stale review.
    """
    notes = []
    for doc in corpus.documents:
        reviewed = doc.meta.get("reviewed")
        if doc.meta.get("legal_review") == "approved" and isinstance(reviewed, dt.date) and \
                not isinstance(reviewed, dt.datetime) and today - reviewed > REVIEW_MAX_AGE:
            notes.append(f"{doc.path.name}: last legal review {reviewed.isoformat()} is more than "
                         "12 months old: ask the coordinator for a review, then update `reviewed`")
    return notes


def validate_fallback_order(project: Project, problems: Problems) -> None:
    """`extra.fallback_order` of mkdocs.yml: `{reader language: [language, ...]}`, site codes only."""
    setting = project.fallback_setting
    if setting is None:
        return
    codes = project.codes
    fix = ("write it as `fallback_order: {uz: [ru, tg]}` under `extra:`, with language codes of "
           "the i18n plugin: " + ", ".join(codes))
    if not isinstance(setting, dict):
        problems.add(project.config_file, "fallback-order",
                     "`extra.fallback_order` must map a language to a list of languages", fix)
        return
    for lang, order in setting.items():
        if lang not in codes:
            problems.add(project.config_file, "fallback-order",
                         f"`extra.fallback_order` names `{lang}`, not a language of the site", fix)
        if not isinstance(order, list) or not all(isinstance(c, str) for c in order):
            problems.add(project.config_file, "fallback-order",
                         f"`extra.fallback_order.{lang}` must be a list of language codes", fix)
            continue
        for code in order:
            if code not in codes or code == lang:
                problems.add(project.config_file, "fallback-order",
                             f"`extra.fallback_order.{lang}` names `{code}`, which is "
                             + ("the language itself" if code == lang else "not a language of the site"),
                             fix)
