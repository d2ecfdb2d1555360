"""Decide which page every language gets, before anything is rendered.

Every document exists in every language: a translation when there is one, otherwise a
fallback showing the original. That keeps URLs stable across languages, so the language
switcher always stays on the same page, and links between pages never break.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from .content import Document
from .corpus import Corpus, page_path
from .fingerprint import fingerprint


class Status(StrEnum):
    ORIGINAL = "original"
    TRANSLATED = "translated"
    OUTDATED = "outdated"
    FALLBACK = "fallback"


@dataclass(frozen=True)
class PlannedPage:
    lang: str  # the reader's language, which decides the URL
    path: str  # inside the language folder, e.g. guides/police-detention.md
    doc: Document  # what is shown: the translation, or the original as fallback
    original: Document
    status: Status = Status.ORIGINAL


def status_of(doc: Document, original: Document,
              fingerprint_of: Callable[[Document], str] = fingerprint) -> Status:
    """Whether `doc` is the original, or a translation stamped with the original's current
    fingerprint (translated) or an older one (outdated). `fingerprint_of`: `fingerprint`,
    or a memo of it (`plan_site`'s: each original has three translations)."""
    if doc is original:
        return Status.ORIGINAL
    source = doc.translated_from or {}
    # A stamp made for another language's file (`into`: the file was copied) is no stamp of
    # this one (validate.py reports it; only kb serve's preview shows such a page).
    if source.get("into", doc.lang) != doc.lang:
        return Status.OUTDATED
    return Status.TRANSLATED if source.get("hash") == fingerprint_of(original) else Status.OUTDATED


def fallback_doc(docs: dict[str, Document], original: Document, order: tuple[str, ...],
                 fingerprint_of: Callable[[Document], str] = fingerprint) -> Document:
    """What a language without its own file shows: the first language of its fallback order
    (mkdocs.yml `extra.fallback_order`) with an up-to-date translation, else the original."""
    for code in order:
        doc = docs.get(code)
        if doc is original:
            return original
        if doc is not None and status_of(doc, original, fingerprint_of) is Status.TRANSLATED:
            return doc
    return original


def _memo(function: Callable[[Document], str]) -> Callable[[Document], str]:
    """`function` computed once per document (by identity: for documents alive meanwhile)."""
    known: dict[int, str] = {}

    def memo(doc: Document) -> str:
        found = known.get(id(doc))
        if found is None:
            found = known[id(doc)] = function(doc)
        return found
    return memo


def plan_site(corpus: Corpus, languages: tuple[str, ...],
              fallback_order: dict[str, tuple[str, ...]] | None = None) -> list[PlannedPage]:
    """Every document's page in every language: its translation, or a fallback (pages that
    are not documents, such as the guides index, are features'). `fallback_order`: see
    `Project.fallback_order`."""
    pages: list[PlannedPage] = []
    fallback_order = fallback_order or {}
    fingerprint_of = _memo(fingerprint)  # the corpus holds every document meanwhile
    for lang in languages:
        for key, docs in corpus.by_key.items():
            original = corpus.original(key)
            if original is None:
                continue
            doc = docs.get(lang)
            if doc is None:
                shown = fallback_doc(docs, original, fallback_order.get(lang, ()), fingerprint_of)
                pages.append(PlannedPage(lang, page_path(*key), shown, original,
                                         Status.FALLBACK))
            else:
                pages.append(PlannedPage(lang, page_path(*key), doc, original,
                                         status_of(doc, original, fingerprint_of)))
    return pages
