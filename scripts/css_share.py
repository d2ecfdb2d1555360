"""One stylesheet address for every language whose pruned stylesheet is the same (issue 18.1).

Each language's build prunes the joined stylesheet against its own pages
(scripts/page_assets.py, scripts/css_prune.py) and writes it under its own root
(`ru/assets/stylesheets/react.<hash>.css`), because a language's build knows only its pages.
On the sample the four languages' sheets are byte for byte the same (the same components on
every language's pages), so their content-hash names are the same too, but at four addresses:
a reader who switches language downloads the same ~11.5 KB (gzip) again.

After the languages are merged into one site (`features.finish_site`: kb build, kb serve,
`mkdocs build` by hand), `share_stylesheets` points every page of a language whose sheet has
the same bytes as the default language's (`assets/stylesheets/react.<hash>.css`) at that one,
so the browser's cache serves it to every language. A language whose sheet differs keeps its
own. The language's own copy stays beside its pages (never loaded while shared): a language
kept from an earlier build (its inputs unchanged) whose pages name the default language's
sheet falls back to it when the default language's sheet changes and the old one is gone.
Offline ZIPs hold only what their pages reference (scripts/dist_refs.py): the shared sheet.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable
from pathlib import Path

from .page_assets import BUNDLE_STEM

SHEET_FOLDER = "assets/stylesheets"
# A page's link to a joined stylesheet (page_assets.py writes it in this form).
_SHEET_LINK = re.compile(r'(<link rel="stylesheet" href=")([^"]*'
                         + re.escape(f"{SHEET_FOLDER}/{BUNDLE_STEM}.") + r'[0-9a-f]+\.css)(")')


def language_sheet(site: Path, lang: str, default: str) -> str | None:
    """Site path ('/'-separated) of the stylesheet the pages of `lang` should name: the default
    language's sheet when `lang`'s own (its only `<lang>/assets/stylesheets/react.*.css`) has
    the same bytes, else its own; None when it has not exactly one of its own."""
    own = sorted((site / lang / SHEET_FOLDER).glob(f"{BUNDLE_STEM}.*.css"))
    if lang == default or len(own) != 1:
        return None
    shared = site / SHEET_FOLDER / own[0].name
    if shared.is_file() and shared.read_bytes() == own[0].read_bytes():
        return f"{SHEET_FOLDER}/{own[0].name}"
    return f"{lang}/{SHEET_FOLDER}/{own[0].name}"


# {(page's path, inode, size, modification time in ns): the sheet its link names}: kb serve
# shares the sheets after every edit, and of a large site only the pages the edit replaced
# are new (pages are replaced, never changed in place: the same inode, size and time are the
# same page). Reading and relinking 560 pages was 0.1 s of each edit's wait at N = 400.
_LINKED: dict[tuple[str, int, int, int], str] = {}


def _status(page: Path) -> tuple[str, int, int, int]:
    found = page.stat()
    return (str(page), found.st_ino, found.st_size, found.st_mtime_ns)


def relink_page(page: Path, site: Path, lang: str, sheet: str) -> bool:
    """Point the joined-stylesheet link of the built `page` (a file of `site`, in the folder
    of `lang`) at `sheet` (a site path); an address from the root (`/...`) stays one. The page
    is replaced, never written through (it may be a hard link to an earlier site's,
    mkdocs_run.py). Whether it changed. A page this process relinked to `sheet` and that
    was not replaced since is not read again."""
    if _LINKED.get(_status(page)) == sheet:
        return False
    html = page.read_text(encoding="utf-8")
    page_dir = page.parent.relative_to(site).as_posix()

    def relinked(match: re.Match[str]) -> str:
        href = match.group(2)
        if href.startswith("/"):
            prefix = href[:href.rfind(SHEET_FOLDER)].removesuffix(f"{lang}/")
            new = prefix + sheet
        else:
            new = posixpath.relpath(sheet, page_dir)
        return match.group(1) + new + match.group(3)

    changed = _SHEET_LINK.sub(relinked, html)
    if changed != html:
        tmp = page.with_name(page.name + ".tmp")
        tmp.write_text(changed, encoding="utf-8")
        tmp.replace(page)
    _LINKED[_status(page)] = sheet
    return changed != html


def relink_pages(site: Path, pages: list[tuple[Path, str, str]]) -> int:
    """`relink_page` for each (page, language, sheet) of `pages`: a task a worker process can
    take (`share_stylesheets`' `spread`). Returns how many pages changed."""
    return sum(relink_page(page, site, lang, sheet) for page, lang, sheet in pages)


def share_stylesheets(site: Path, default: str, languages: Iterable[str],
                      spread: Callable[..., list] | None = None) -> dict[str, str]:
    """Point every page of each language other than `default` of the merged `site` at the
    default language's stylesheet when its own has the same bytes, else (again) at its own
    (`language_sheet`). `{language: site path of the sheet its pages name}`. `spread`: the
    pages are rewritten in parts by worker processes (`features.Spread`), else here."""
    named = {}
    pages: list[tuple[Path, str, str]] = []
    for lang in languages:
        sheet = language_sheet(site, lang, default)
        if sheet is None:
            continue
        pages += [(page, lang, sheet) for page in sorted((site / lang).rglob("*.html"))]
        named[lang] = sheet
    if spread is None:
        relink_pages(site, pages)
    else:
        spread(relink_pages, pages, site)
    return named
