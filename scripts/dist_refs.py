"""What an offline ZIP's pages reference: the files it must hold, and nothing more (issue 18.6).

A language's ZIP starts from its start page (`index.html`, or `index-<lang>.html` that opens
`<lang>/index.html`: dist.py) and takes every page and file it references, and every file
those reference in turn (a linked page's links and files, a stylesheet's `url()`), from the
built site, as a reader's browser opening the files would reach them: so no Material search
segmenter or stemmer the site never loads, no other language's Word letters, no source maps,
and nothing only a service worker uses (it cannot run from file://): not the worker, not its
"no internet" page (`offline.html`, linked from no page), not the list of pages to save
(`offline.json`). A page no page links to is not in the ZIP (the quick exit's own neutral
page is, when the quick exit leads there: mkdocs.yml without `exit_url`).

References read from the HTML: `href`, `src` and `data-*` attributes with a relative address
(a `data-*` value is one when it has no spaces and names a file, `data.js` or `a/b.json`, with
`NOT_ADDRESSES` aside; a folder, such as the site's root that `data-md-scope` and
`data-react-root` give scripts to build addresses on, is loaded by no one; a `data-*` address
is tried relative to the page, then to the site's root, as appeal-form.js does with
`data-docx-lib`); from CSS: `url()`. Not references: addresses with a scheme (`https:`,
`mailto:`, `data:`), fragments alone, and the language selector's links (`<a hreflang>`),
which lead to the other languages' ZIPs' pages.

Files a script loads at run time (the split search index's shards, which search.js loads
with a `<script>` element from file://) are named by that script itself, on its first line:
`/* kb-loads: s/0.js d/0.js */`, addresses relative to the script (`kb dist` writes it into
`search/index.js`, safety/feature.py). No other script is read: a file no page, stylesheet
or declaring script names is not referenced.
"""

from __future__ import annotations

import html as html_lib
import posixpath
import re
from collections.abc import Callable, Iterable
from urllib.parse import unquote, urlsplit

_ATTRIBUTE = re.compile(r'\s(href|src|data-[a-z0-9-]+)="([^"]*)"')
_TAG = re.compile(r"<[a-zA-Z][^>]*>")
# A data-* value that is the address of a file: no spaces or braces, a file name at its end.
_ADDRESS = re.compile(r"[^\s{}<>]*\.[a-z0-9]{1,5}(#\S*)?")
# data-* attributes whose value looks like a file's address but is nothing a page opened
# from file:// loads.
NOT_ADDRESSES = {
    "data-filename",  # the name a download is saved under (appeal-form.js)
    # The list of pages to save for offline reading (`offline.json`): offline.js fetch()es it
    # once the site's service worker is registered; from file:// neither works.
    "data-react-offline",
}
# The first line of a script that declares the files it loads at run time.
LOADS_MARK = "kb-loads:"
_LOADS = re.compile(rb"/\* " + re.escape(LOADS_MARK.encode()) + rb" ([^*]*)\*/")
_CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")
# The search index: search.js asks for `.json` on a server, loads the `.js` twin from files.
SEARCH_JSON = "search/index.json"


def _local(address: str) -> str | None:
    """The path part of a relative address of a file, or None (scheme, fragment, empty)."""
    address = html_lib.unescape(address.strip())
    parts = urlsplit(address)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    return unquote(parts.path)


def references(name: str, data: bytes) -> list[tuple[str, list[str]]]:
    """(address as written, candidate archive paths) of each file `name` references;
    the first candidate that exists is the one meant."""
    base = posixpath.dirname(name)
    found: list[tuple[str, list[str]]] = []

    def add(address: str, roots: Iterable[str]) -> None:
        path = _local(address)
        if path is None:
            return
        candidates = []
        for root in roots:
            target = posixpath.normpath(posixpath.join(root, path))
            if target in (".", ""):
                target = "index.html"  # a folder: its page (the ZIP has file addresses)
            elif path.endswith("/"):
                target = posixpath.join(target, "index.html")
            if target.endswith(SEARCH_JSON):
                target = target.removesuffix(".json") + ".js"
            if not target.startswith("../"):
                candidates.append(target)
        found.append((address, candidates))

    if name.endswith(".html"):
        text = data.decode("utf-8", "replace")
        for tag in _TAG.findall(text):
            if tag.startswith("<a") and " hreflang=" in tag:
                continue  # the language selector: another language's ZIP
            for attribute, value in _ATTRIBUTE.findall(tag):
                if attribute.startswith("data-"):
                    if attribute in NOT_ADDRESSES or not _ADDRESS.fullmatch(value):
                        continue  # words, a number, a template: not an address
                    add(value, [base, ""])
                else:
                    add(value, [base])
    elif name.endswith(".css"):
        for address in _CSS_URL.findall(data.decode("utf-8", "replace")):
            add(address, [base])
    elif name.endswith(".js"):
        declared = _LOADS.match(data)
        for address in declared.group(1).decode("utf-8").split() if declared else ():
            add(address, [base])
    return found


def closure(roots: Iterable[str], exists: Callable[[str], bool],
            read: Callable[[str], bytes]) -> tuple[set[str], list[str]]:
    """Every file reachable from `roots` (archive paths: the start pages) by references,
    pages through their links included, and the references that resolve to no file
    ("page: address"). `exists`/`read` look into the site."""
    wanted: set[str] = set()
    missing: list[str] = []
    todo = [root for root in roots if exists(root)]
    while todo:
        name = todo.pop()
        if name in wanted:
            continue
        wanted.add(name)
        for address, candidates in references(name, read(name)):
            hit = next((c for c in candidates if exists(c)), None)
            if hit is None:
                missing.append(f"{name}: {address}")
            elif hit not in wanted:
                todo.append(hit)
    return wanted, missing
