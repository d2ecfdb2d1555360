"""The neutral page the quick exit leads to when mkdocs.yml sets no `exit_url` (the fallback),
as a pipeline feature (see scripts/features.py).

The quick exit goes to an ordinary page on another site when `exit_url` is set (the
react-safety plugin, README "Quick exit"), so that the address bar no longer shows this one.
Without it, it comes here: `about:blank` would be allowed, but a blank tab is itself a sign
that someone left in a hurry. The exit page is an ordinary recipe, in the reader's language,
with no REAct name, logo, menu, script or link back: plain HTML written straight to
`exit/index.html` (a static file MkDocs copies as it is, so it is in no menu, no sitemap and
no search index). It is always built, so removing the setting never leaves a dead link. The
quick exit replaces the current history entry with it (`location.replace`), so Back does not
return to the page the reader left."""

from __future__ import annotations

import gzip
import json
import re
from html import escape
from pathlib import Path

from ..dist_refs import LOADS_MARK
from ..errors import Problems
from ..features import ReadServices, RenderServices
from ..project import Project
from .offline import write_offline_lists
from .plugin import SEARCH_DIR, catalog_path
from .policy import exit_policy, page_policy
from .search_shards import PAGES, first_search

EXIT_PAGE = "exit/index.html"
# Shown by the service worker (overrides/sw.js), without the internet, for a page never kept.
OFFLINE_PAGE = "offline.html"
OFFLINE_KEYS = ("offline_page_title", "offline_page_text")
# The global object search.js reads a search file loaded as a script from, by its path (a
# page opened as a file).
SEARCH_GLOBAL = "reactSearchData"
NEUTRAL_KEYS = ("neutral_title", "neutral_intro", "neutral_ingredients_heading",
                "neutral_ingredients", "neutral_steps_heading", "neutral_steps")


def neutral_page(lang: str, text: dict[str, str]) -> str:
    """The exit page's HTML: a recipe, nothing that points to this site."""
    def items(key: str) -> str:
        return "".join(f"<li>{escape(line.strip())}</li>\n" for line in text[key].splitlines()
                       if line.strip())

    return (
        "<!doctype html>\n"
        f'<html lang="{escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width,initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{exit_policy()}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="robots" content="noindex">\n'
        f"<title>{escape(text['neutral_title'])}</title>\n</head>\n<body>\n<main>\n"
        f"<h1>{escape(text['neutral_title'])}</h1>\n<p>{escape(text['neutral_intro'])}</p>\n"
        f"<h2>{escape(text['neutral_ingredients_heading'])}</h2>\n<ul>\n{items('neutral_ingredients')}</ul>\n"
        f"<h2>{escape(text['neutral_steps_heading'])}</h2>\n<ol>\n{items('neutral_steps')}</ol>\n"
        "</main>\n</body>\n</html>\n"
    )


def offline_page(lang: str, text: dict[str, str]) -> str:
    """The "no internet" page's HTML, in the reader's language: static, nothing loaded. It is
    served at whatever address the reader asked for, so it links nowhere."""
    return (
        "<!doctype html>\n"
        f'<html lang="{escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width,initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{page_policy()}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="robots" content="noindex">\n'
        f"<title>{escape(text['offline_page_title'])}</title>\n</head>\n<body>\n<main>\n"
        f"<h1>{escape(text['offline_page_title'])}</h1>\n<p>{escape(text['offline_page_text'])}</p>\n"
        "</main>\n</body>\n</html>\n"
    )


_SEARCH_SCRIPT = re.compile(r'data-react-search-script="([^"]+)"')


def search_script(site: Path) -> Path | None:
    """The search's own script (search.<hash>.js) that the default language's home page of
    the built `site` loads when the search is opened: the file its search box names in
    `data-react-search-script` (overrides/partials/react-search.html), not every file of
    assets/ that looks like it (a previous build's may still be there). None when the page or
    the attribute is missing, or names no file of `site`."""
    home = site / "index.html"
    found = _SEARCH_SCRIPT.search(home.read_text(encoding="utf-8")) if home.is_file() else None
    if found is None:
        return None
    path = (home.parent / found[1].split("?", 1)[0].split("#", 1)[0]).resolve()
    return path if path.is_file() and path.is_relative_to(site.resolve()) else None


class SafetyFeature:
    name = "safety"
    render_reads = ()  # UI strings alone
    # `kb dist`: browsers refuse fetch() of file:// addresses, so the ZIPs hold every file of
    # the split search index (search_shards.py) as a script (`dist_extra`) instead of JSON.
    dist_left_out = (f"/{SEARCH_DIR}/*.json",)

    @staticmethod
    def first_search(site: Path) -> tuple[int, str] | None:
        """`kb bench`: (gzip bytes, query) of the costliest first search in the default
        language of the built `site` (search_shards.first_search), the search's own script
        included (a page loads it when the search is opened: page_assets' `on_demand`); None
        without a split index."""
        folder = site / SEARCH_DIR
        if not (folder / PAGES).is_file():
            return None
        size, query = first_search(folder)
        script = search_script(site)
        if script is None:
            return size, query
        return size + len(gzip.compress(script.read_bytes(), compresslevel=6, mtime=0)), query

    @staticmethod
    def finish_site(project: Project, site: Path, changed: tuple[str, ...]) -> None:
        """What this deployment holds, for readers' offline copies (offline.py): the lists of
        the languages `changed` made again, the others' kept as they were."""
        write_offline_lists(site, project.default_language, list(project.codes), changed)

    @staticmethod
    def dist_extra(site: Path, root: str) -> dict[str, str]:
        """`{search/index.js: script, search/s/0.js: script, ...}`: every file of the search
        index of the language at `root` of the built `site` as a script that puts its JSON into
        `SEARCH_GLOBAL` under its path below `search/` (search.js loads the ones a query needs
        with a `<script>` element when the page is a file). The first, `index.js`, names the
        others on its first line (`/* kb-loads: ... */`, dist_refs.py), so the ZIP's reference
        check knows what the page's search loads."""
        folder = site / root / SEARCH_DIR
        scripts = {}
        names = sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*.json"))
        for name in names:
            data = (folder / name).read_text(encoding="utf-8")
            head = ""
            if name == PAGES:  # the table names the files search.js may load after it
                loads = " ".join(f"{n.removesuffix('.json')}.js" for n in names if n != PAGES)
                head = f"/* {LOADS_MARK} {loads} */\n"
            scripts[f"{root}{SEARCH_DIR}/{name.removesuffix('.json')}.js"] = \
                f"{head}window.{SEARCH_GLOBAL}[{json.dumps(name)}] = {data};\n"
        return scripts

    @staticmethod
    def mkdocs_reads(project: Project) -> list[Path]:
        """The catalog the plugin takes the quick exit's, search box's and 404 page's words
        from while MkDocs runs (found by a tester: its edit rebuilt nothing)."""
        return [catalog_path(project.config_file)]

    def read(self, ctx: ReadServices, problems: Problems) -> None:
        # The strings are read and checked (every language) with the other UI catalogs.
        pass

    def link_targets(self) -> set[str]:
        return set()

    def render(self, ctx: RenderServices, lang: str) -> dict[str, str | bytes]:
        files: dict[str, str | bytes] = {}
        # A project without content/ui/safety.yml (the small test projects) has neither.
        if all(key in ctx.catalogs.ui for key in NEUTRAL_KEYS):
            files[EXIT_PAGE] = neutral_page(lang, {k: ctx.catalogs.t(k, lang) for k in NEUTRAL_KEYS})
        if all(key in ctx.catalogs.ui for key in OFFLINE_KEYS):
            files[OFFLINE_PAGE] = offline_page(lang, {k: ctx.catalogs.t(k, lang) for k in OFFLINE_KEYS})
        return files

    def render_document(self, ctx: RenderServices, page) -> str | None:
        return None

    def see_also(self, ctx: RenderServices, page) -> list[dict]:
        return []
