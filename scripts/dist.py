"""`kb dist`: one ZIP per language of a site that opens from the file system (file://).

Paralegals carry the site to places with no network: unzip, open `index.html`. Served
sites use folder addresses (`guides/x/`), which a browser opening files cannot resolve to
`index.html`; so the ZIPs come from a separate build with `use_directory_urls: false`
(`guides/x.html`), made in a temporary folder: docs/ and site/ are not touched beyond
regenerating docs/ as `kb build` does.

Each ZIP holds the pages a reader reaches from its start page and the files they load
(scripts/dist_refs.py: no search segmenter the site never loads, no other language's Word
letters, no service worker or its "no internet" page and list), at the same places as on the
site, so every relative link between them works. The start page is `index.html`, the default
language's home, at the top of that language's ZIP; any other language's ZIP has
`index-<lang>.html` at its top instead, a small page that opens `<lang>/index.html`. So the
ZIPs unzip into one folder in any order: no two of them hold the same path with different
bytes (the language menu then leads from one ZIP's pages to another's).
Browsers refuse `fetch()` of file:// addresses, so the language's search index goes into the
ZIP as a script instead (`search/index.js`; search.js loads it with a `<script>` element
when the page is a file).
The ZIPs are reproducible: sorted entries, fixed times and permissions.
"""

from __future__ import annotations

import fnmatch
import html
import os
import tempfile
import time
import zipfile
from pathlib import Path

from .build import render_docs, write_docs
from .dist_refs import closure
from .errors import BuildError, Problems
from .features import dist_extra, dist_left_out
from .mkdocs_run import run_mkdocs
from .pdf import sizes
from .pdf.last_pass import last_pass
from .project import Project

# Fixed entry time (ZIP cannot store dates before 1980); SOURCE_DATE_EPOCH wins if set.
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
# Not useful offline: the error page of a web server; source maps (a megabyte, for developers).
# Features leave out more (`dist_left_out`: the search index as JSON, which the safety
# feature puts into the ZIP as a script instead, `dist_extra`).
SKIPPED = {"404.html"}
SKIPPED_SUFFIXES = (".map",)


def zip_time() -> tuple[int, int, int, int, int, int]:
    """The date stamped on every ZIP entry: SOURCE_DATE_EPOCH in UTC, never before 1980
    (the earliest a ZIP can hold)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return ZIP_EPOCH
    return max(ZIP_EPOCH, time.gmtime(int(epoch))[:6])


def language_files(site: Path, lang: str, project: Project,
                   left_out: tuple[str, ...] = ()) -> list[str]:
    """Relative paths of one language's ZIP: the shared folders plus that language's files.

    The default language's files are everything outside the other languages' folders. Any
    other language's are its own folder plus every file outside the language folders that
    is not an HTML page: shared files (assets/, libraries copied to the site root) are
    found that way without a list to keep up to date. Files whose path ends with one of
    `left_out` (glob patterns: `*` also matches `/`) are left out, as are `SKIPPED` and
    `SKIPPED_SUFFIXES`.
    """
    others = {code for code in project.codes if code != project.default_language}
    wanted = []
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        top = rel.split("/", 1)[0]
        skipped = path.name in SKIPPED or rel.endswith(SKIPPED_SUFFIXES) or top.startswith(".") \
            or any(fnmatch.fnmatchcase(f"/{rel}", f"*{end}") for end in left_out)
        if not path.is_file() or skipped:
            continue
        if lang == project.default_language:
            keep = top not in others
        else:
            # PDFs (print/) belong to their language, like its pages.
            keep = top == lang or (top not in others and not rel.endswith((".html", ".pdf")))
        if keep:
            wanted.append(rel)
    return wanted


def start_file(lang: str, project: Project) -> str:
    """The page a reader opens at the top of `lang`'s unzipped ZIP: the default language's home,
    `index.html`; for any other language `index-<lang>.html` (`start_page`), a name no other
    ZIP uses, so that unzipping several ZIPs into one folder never replaces another's file."""
    return "index.html" if lang == project.default_language else f"index-{lang}.html"


def referenced_files(site: Path, candidates: list[str], extra: dict[str, str],
                     start: str) -> list[str]:
    """The files of `candidates` (site paths) a ZIP needs: the pages reached from `start` (the
    ZIP's start page, a path of `extra` or of the site) by links, and every file those pages
    load, directly or through a stylesheet (dist_refs.py). A page nothing links to (the
    service worker's "no internet" page, an unused quick-exit page) is left out.
    `extra`: files the ZIP gets besides the site's ({name: text}); the result leaves them out."""
    available = set(candidates) | set(extra)

    def read(name: str) -> bytes:
        return extra[name].encode("utf-8") if name in extra else (site / name).read_bytes()

    wanted, _ = closure([start], available.__contains__, read)
    return sorted(name for name in wanted if name not in extra)


def start_page(lang: str, title: str) -> str:
    """A language's start page (`index-<lang>.html` at the top of its ZIP): opens
    `<lang>/index.html` at once, and links to it for a browser that does not follow the
    refresh."""
    target = f"{lang}/index.html"
    return (f'<!doctype html>\n<html lang="{lang}"><head><meta charset="utf-8">\n'
            f'<meta http-equiv="refresh" content="0; url={target}">\n'
            f"<title>{html.escape(title)}</title></head>\n"
            f'<body><p><a href="{target}">{html.escape(title)}</a></p></body></html>\n')


def write_zip(target: Path, site: Path, names: list[str], extra: dict[str, str]) -> None:
    """Write `target`: the files `names` of `site` plus `extra` ({name: text}), in name
    order with fixed dates and modes, so the same input gives the same bytes."""
    stamp = zip_time()
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        entries = {name: (site / name).read_bytes() for name in names}
        entries.update({name: text.encode("utf-8") for name, text in extra.items()})
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, entries[name])
    os.replace(tmp, target)


def site_name(project: Project, lang: str) -> str:
    """The site name in `lang`: the i18n plugin's `site_name` of that language, else mkdocs.yml's."""
    for plugin in project.mkdocs_config.get("plugins", []):
        if isinstance(plugin, dict) and "i18n" in plugin:
            for item in plugin["i18n"]["languages"]:
                if item.get("locale") == lang:
                    return str(item.get("site_name") or project.mkdocs_config.get("site_name", ""))
    return str(project.mkdocs_config.get("site_name", ""))


def build_dist(project: Project, out: Path) -> list[Path]:
    """Build the file:// site and write `react-kb-<lang>.zip` for every language into `out`."""
    files, pdfs = render_docs(project)
    made = []
    left_out = dist_left_out()
    with pdfs, tempfile.TemporaryDirectory(prefix="kb-dist-") as tmp:
        write_docs(project, files)
        site = Path(tmp) / "site"
        # The PDFs are laid out meanwhile; the last pass adds them and their sizes.
        run_mkdocs(project, site, later=pdfs.later, last_pass=last_pass(project, pdfs),
                   use_directory_urls=False)
        problems = Problems(project.root)
        sizes.check_site(site, problems)
        if problems:
            raise BuildError(problems)
        for lang in project.codes:
            root = "" if lang == project.default_language else f"{lang}/"
            extra = dist_extra(site, root)
            start = start_file(lang, project)
            if root:
                extra[start] = start_page(lang, site_name(project, lang))
            target = out / f"react-kb-{lang}.zip"
            candidates = language_files(site, lang, project, left_out)
            write_zip(target, site, referenced_files(site, candidates, extra, start), extra)
            made.append(target)
    return made
