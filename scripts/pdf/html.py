"""Print HTML: a generated page's Markdown as an HTML fragment, and the whole print document.

The PDF shows what the page shows (notices, legal-review status, the trainer split, the
quiz worksheet), converted with the Markdown extensions of `mkdocs.yml` that shape text
(admonitions, attribute lists, Markdown in HTML, tables with `align`, editors' comments
dropped). Links become plain text: an address of this site printed or forwarded in a file
would name it, and a relative one leads nowhere from a PDF.
"""

from __future__ import annotations

import functools
import hashlib
import re
from html import escape
from pathlib import Path

import markdown

EXTENSIONS = ("admonition", "attr_list", "md_in_html", "scripts.comments", "toc")
EXTENSION_CONFIGS = {"tables": {"use_align_attribute": True}}

# The Markdown extension of ours among EXTENSIONS (editors' comments dropped).
_OWN_EXTENSION = Path(__file__).resolve().parents[1] / "comments.py"

_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
_LINK_OPEN = re.compile(r"<a\b[^>]*>")
_IMAGE_SRC = re.compile(r"<img\b[^>]*?\bsrc=\"([^\"]*)\"")


def strip_front_matter(page: str) -> str:
    """The page's Markdown without its `---` front matter."""
    return _FRONT_MATTER.sub("", page, count=1)


def page_html(page: str) -> str:
    """HTML of a generated page (Markdown with front matter), links turned into text.

    Raises nothing for any Markdown (Python-Markdown accepts every text).
    """
    md = markdown.Markdown(extensions=[*EXTENSIONS, "tables"], extension_configs=EXTENSION_CONFIGS)
    return unlink(md.convert(strip_front_matter(page)))


def unlink(html: str) -> str:
    """Every `<a ...>` of `html` as a `<span>`: the words stay, the address goes."""
    return _LINK_OPEN.sub("<span>", html).replace("</a>", "</span>")


def image_sources(html: str) -> list[str]:
    """The `src` of every `<img>` of `html`, as written (entities not decoded)."""
    return _IMAGE_SRC.findall(html)


def document(lang: str, title: str, subject: str, heading: str | None, body: str, style: str) -> str:
    """The print document: `<html lang>` (the PDF's `/Lang`), the neutral `title` and the
    `subject` (legal-review status) that become the PDF's properties, then the text."""
    head = f"<h1>{escape(heading)}</h1>\n" if heading else ""
    return (f'<!DOCTYPE html>\n<html lang="{escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{escape(title)}</title>\n"
            f'<meta name="description" content="{escape(subject)}">\n</head>\n'
            f'<body class="kb-print kb-print--{escape(style)}">\n<main>\n{head}{body}\n</main>\n'
            "</body>\n</html>\n")


@functools.cache
def fingerprint_of_code() -> str:
    """SHA-256 (hex) of what turns a page's text into print HTML here: Python-Markdown's
    version, this module's source and our Markdown extension's (a change to either makes
    every PDF again)."""
    digest = hashlib.sha256(markdown.__version__.encode())
    for path in (Path(__file__), _OWN_EXTENSION):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()
