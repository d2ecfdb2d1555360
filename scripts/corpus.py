"""The corpus model: every document, grouped by (section, slug) and language, and where
each document's page sits inside a language folder.

Read by every stage after reading: validation, the plan, rendering, features.
"""

from __future__ import annotations

import posixpath
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from .content import Document


@dataclass
class Corpus:
    """All documents, grouped by (section, slug) and then by language."""

    documents: list[Document]
    by_key: dict[tuple[str, str], dict[str, Document]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        grouped: dict[tuple[str, str], dict[str, Document]] = defaultdict(dict)
        for doc in self.documents:
            grouped[doc.key][doc.lang] = doc
        self.by_key = dict(sorted(grouped.items()))

    def original(self, key: tuple[str, str]) -> Document | None:
        """The one original of (section, slug); None when there is none or more than one."""
        originals = [d for d in self.by_key.get(key, {}).values() if d.is_original]
        return originals[0] if len(originals) == 1 else None

    def slugs(self, section: str) -> list[str]:
        """The slugs of a section, sorted."""
        return [slug for (sec, slug) in self.by_key if sec == section]

    def shared(self, doc: Document, name: str, default: Any = None) -> Any:
        """A shared field's value: the original's, whatever the translation says."""
        original = self.original(doc.key) or doc
        return original.meta.get(name, default)


def page_dir(section: str) -> str:
    """Where a section's pages sit inside a language, as links see it."""
    return "" if section == "pages" else section


def page_path(section: str, slug: str) -> str:
    """The language-relative docs path of a document (`guides/x.md`; pages sit at the root)."""
    return posixpath.join(page_dir(section), f"{slug}.md")
