"""The site's URL scheme: where a docs page is served, and links between served pages.

Directory-style URLs (`guides/x/`), the default language at the root and every other
language in its own folder (`ru/guides/x/`), as mkdocs-static-i18n publishes them.
"""

from __future__ import annotations

import posixpath
from urllib.parse import urlsplit


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


def site_relative(link: str, site_url: str | None) -> str:
    """`link` relative to the site's root ("ru/", "" for the root itself) when it is a
    root-absolute address inside the site ("/ru/", or "/kb/ru/" for a site_url of
    "https://example.org/kb/"); any other link (another host, already relative, a root-absolute
    address outside the site's folder) unchanged.

    MkDocs' `url` filter leaves root-absolute addresses as they are, and those break when the
    site is published under a sub-folder without `site_url`, or opened from files (file://);
    an address relative to the site's root it makes relative to each page (README, "Hosting
    under a sub-folder").
    """
    base = urlsplit(site_url or "").path.rstrip("/") + "/"
    if link.startswith(base) and not link.startswith("//"):
        return link[len(base):]
    return link
