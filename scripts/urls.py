"""The site's URL scheme: where a docs page is served, and links between served pages.

Directory-style URLs (`guides/x/`), the default language at the root and every other
language in its own folder (`ru/guides/x/`), as mkdocs-static-i18n publishes them.
"""

from __future__ import annotations

import posixpath


def url_of(lang: str, path: str, default_language: str) -> str:
    """The site URL (directory style, no leading slash) of a page inside a language."""
    prefix = "" if lang == default_language else f"{lang}/"
    stem = path[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        stem = stem[: -len("index")]
    else:
        stem += "/"
    return prefix + stem


def relative_url(from_url: str, to_url: str) -> str:
    """A link from one directory-style page to another that works on any host or from a file."""
    rel = posixpath.relpath(to_url or ".", from_url or ".")
    return "./" if rel == "." else rel.rstrip("/") + "/"
