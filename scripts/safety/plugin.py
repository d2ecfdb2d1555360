"""The MkDocs plugin `react-safety` (registered in pyproject.toml, listed in mkdocs.yml).

Why a plugin: the theme (overrides/main.html, partials) shows the quick-exit button and the
search box on every page, in the page's language, from `content/ui/safety.yml`; only code
running inside MkDocs can hand those strings to the templates. The same plugin sees every
rendered page of each language build (mkdocs-static-i18n builds one language at a time), so it
also writes that language's search index, split into small files under `search/`
(`search_shards.py`: `search/index.json` is the table a search reads first), and the list of
its pages and search files for offline reading, `offline.json`, under the language's root.

Template context it adds: `safety` (UI strings in the page's language) and `safety_root`
("" for the default language, "ru/" etc. otherwise) to build links inside the language,
`safety_exit_url` (the quick exit's destination on another site, or None: the language's own
neutral page), `safety_csp`, the page's security policy (`policy.py`), and `safety_languages`:
every language's root, site name and strings, the page's own language first, for the 404 page
(overrides/404.html), which a static host may serve for a missing address in any language.

Setting (mkdocs.yml, under `- react-safety:`): `exit_url`, the neutral page on another site
the quick exit leads to: one `https://` address for every language, or a mapping from
language code to address (a language left out gets this site's own neutral page, `exit/`).
Without it every language gets `exit/`. README, "Quick exit", says what to choose.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority

from ..boundary.static_i18n import build_languages, sequence_step, site_languages
from ..by_hand import ByHand
from ..markup import html_text, plain
from ..pdf import sizes
from ..write import sync_tree, unchanged, write_atomically
from .policy import page_policy
from .search_index import page_entries
from .search_shards import PAGES, join, split

CATALOG = Path("content") / "ui" / "safety.yml"
# Used when a project has no catalog of its own (the small projects tests build).
SHIPPED_CATALOG = Path(__file__).resolve().parents[2] / CATALOG
SEARCH_DIR = "search"  # each language's split index (search_shards.py)
INDEX_PATH = f"{SEARCH_DIR}/{PAGES}"
# The pages of one language, for "Save for offline reading" (offline.js).
OFFLINE_LIST = "offline.json"


def catalog_path(config_file: str | Path | None) -> Path:
    """The catalog of safety UI strings the plugin reads for the project whose mkdocs.yml is
    `config_file`: its own, else the one shipped with the code (which may not exist)."""
    own = Path(config_file).parent / CATALOG if config_file else None
    return own if own is not None and own.is_file() else SHIPPED_CATALOG


def load_strings(config_file: str | None) -> dict[str, dict[str, str]]:
    """The safety UI strings; `kb build` has already validated the file (every language)."""
    path = catalog_path(config_file)
    if not path.is_file():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8-sig")) or {}
    return {str(k): v for k, v in data.items() if isinstance(v, dict)}


def exit_url_problem(url: object) -> str | None:
    """Why `url` cannot be the quick exit's destination, or None when it can.

    It must be a whole `https://` address of another site: a plain-http page would let anyone
    on the network see (and change) where the reader went, and a relative one would stay on
    this site, whose name the address bar would keep showing.
    """
    if not isinstance(url, str):
        return f"{url!r} is not an address"
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.netloc or any(ch.isspace() for ch in url):
        return f"{url!r} is not a whole https:// address (https://example.org/weather)"
    return None


_Status = tuple[tuple[int, int, int], ...]


def _status(*paths: Path) -> _Status:
    """(inode, size, modification time in ns) of each file: what changes when it is replaced."""
    found = [path.stat() for path in paths]
    return tuple((stat.st_ino, stat.st_size, stat.st_mtime_ns) for stat in found)


class SafetyConfig(base.Config):
    exit_url = c.Optional(c.Type((str, dict)))


class SafetyPlugin(BasePlugin[SafetyConfig]):
    def __init__(self) -> None:
        super().__init__()
        self.strings: dict[str, dict[str, str]] = {}
        self.entries: dict[str, dict[str, list[dict]]] = {}  # {lang: {page address: entries}}
        self.pages: dict[str, list[str]] = {}
        self.order: dict[str, list[str]] = {}  # {lang: every page's address, in build order}
        # {lang: (status of the index's table and offline list, entries by page, pages)} as
        # this process last wrote them: kb serve's worker builds over its own output, which
        # `_previous` then need not read back (0.05-0.1 s of each edit's render at N = 400).
        self._written: dict[str, tuple[_Status, dict[str, list[dict]], list[str]]] = {}
        self.serving = False
        # `mkdocs build` by hand: what kb build does when it makes one site of the languages.
        self.by_hand = ByHand()

    # -- which language is being built -------------------------------------------------
    @staticmethod
    def _languages(config: MkDocsConfig) -> tuple[str, str]:
        """(current language, default language) of this build."""
        return build_languages(config)

    def _root(self, config: MkDocsConfig) -> str:
        current, default = self._languages(config)
        return "" if current == default else f"{current}/"

    # -- events ----------------------------------------------------------------------------
    def on_startup(self, *, command: str, dirty: bool) -> None:
        # `kb serve` (mkdocs serve) injects an inline live-reload script into every page.
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.strings = load_strings(config.config_file_path)
        setting = self.config.exit_url
        urls = setting.values() if isinstance(setting, dict) else [] if setting is None else [setting]
        bad = [problem for url in urls if (problem := exit_url_problem(url))]
        if bad:
            raise PluginError("react-safety: exit_url: " + "; ".join(bad) + ": set the address "
                              "of an ordinary page on another site (README, 'Quick exit'), or "
                              "leave exit_url out to use the site's own neutral page")
        return config

    def exit_url(self, lang: str) -> str | None:
        """The quick exit's destination for `lang` on another site, or None (use `exit/`)."""
        setting = self.config.exit_url
        if isinstance(setting, dict):
            setting = setting.get(lang)
        return setting if isinstance(setting, str) else None

    def on_pre_build(self, config: MkDocsConfig) -> None:
        self.by_hand.before_language(config)
        lang = self._languages(config)[0]
        self.entries[lang] = {}
        self.pages[lang] = []
        self.order[lang] = []

    def _url(self, page: Any, config: MkDocsConfig) -> str:
        """The page's address relative to its language's root."""
        root = self._root(config)
        return page.url[len(root):] if root and page.url.startswith(root) else page.url

    def on_env(self, env: Any, /, *, config: MkDocsConfig, files: Any) -> Any:
        # The pages in the order MkDocs writes them: the index's order, also of the pages a
        # partial build (scripts/incremental.py) does not render again.
        self.order[self._languages(config)[0]] = [self._url(f.page, config)
                                                  for f in files.documentation_pages() if f.page]
        return env

    def on_page_content(self, html: str, page, config: MkDocsConfig, files) -> str:
        lang, _ = self._languages(config)
        url = self._url(page, config)
        meta = page.meta or {}
        # Titles reach MkDocs as HTML (scripts/text.py); the index holds text.
        title = plain(str(meta.get("title") or page.title or ""))
        search = meta.get("search")
        found = self.entries.setdefault(lang, {}).setdefault(url, [])
        if not (isinstance(search, dict) and search.get("exclude")):  # Material's convention
            found += page_entries(html, url=url, title=title, lang=lang)
        self.pages.setdefault(lang, []).append(url or "./")
        return html

    def _previous(self, root: Path, lang: str) -> tuple[dict[str, list[dict]], list[str]]:
        """A partial build's previous entries of each page (by address) and pages, read from
        the previous output it builds over; nothing when every page was rendered."""
        rendered = self.entries.get(lang, {})
        folder = root / SEARCH_DIR
        if all(url in rendered for url in self.order.get(lang, [])) or not (folder / PAGES).is_file():
            return {}, []
        kept = self._written.get(lang)
        if kept is not None and kept[0] == _status(folder / PAGES, root / OFFLINE_LIST):
            return kept[1], kept[2]  # this process wrote them (kb serve's worker)
        files = {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*.json")}
        entries: dict[str, list[dict]] = {}
        for entry in join(files):
            entries.setdefault(entry["u"].split("#", 1)[0], []).append(entry)
        listed = json.loads((root / OFFLINE_LIST).read_text(encoding="utf-8"))
        return entries, list(listed["pages"])

    def _context(self, context: Any, config: MkDocsConfig) -> Any:
        lang, default = self._languages(config)
        # Material's templates do not escape: the strings go in as HTML, fit for attributes too.
        context["safety"] = {key: html_text(texts.get(lang) or texts.get(default) or key)
                             for key, texts in self.strings.items()}
        context["safety_root"] = self._root(config)
        context["safety_exit_url"] = self.exit_url(lang)
        # Only the local preview may run inline script (its live reload); a build never does.
        context["safety_csp"] = page_policy(serving=self.serving)
        # The preview runs no service worker (offline.js): on an editor's machine it answered
        # the live reload's requests and pages from its copies, and a save made after a pause
        # no longer reloaded the page (found by timing edits a few seconds apart).
        context["safety_preview"] = self.serving
        return context

    def _all_languages(self, config: MkDocsConfig) -> list[dict]:
        """[{"lang", "root", "site_name", "text": {key: string}}] of every language of the site,
        the current one first."""
        current, default = self._languages(config)
        languages = site_languages(config)
        codes = [code for code, _ in languages] or [current]
        names = dict(languages)
        codes.sort(key=lambda code: code != current)
        return [{"lang": code, "root": "" if code == default else f"{code}/",
                 "site_name": names.get(code) or config.site_name,
                 "text": {key: texts.get(code) or texts.get(default) or key
                          for key, texts in self.strings.items()}}
                for code in codes]

    # The theme's context carries keys of Material's and ours, beyond MkDocs' TemplateContext.
    def on_page_context(self, context: Any, /, *, page: Any, config: MkDocsConfig, nav: Any) -> Any:
        return self._context(context, config)

    def on_template_context(self, context: Any, /, *, template_name: str, config: MkDocsConfig) -> Any:
        context = self._context(context, config)
        if template_name == "404.html":
            context["safety_languages"] = self._all_languages(config)
        return context

    @event_priority(-200)  # last: the page as written, as kb build's last pass sees it
    def on_post_page(self, output: str, /, *, page: Any, config: MkDocsConfig) -> str:
        """`mkdocs build` by hand: each PDF's size into its download link, from the PDF kb
        build left in docs/ (kb build, one language per process, fills its pages in a last
        pass once the PDFs are laid out: scripts/pdf/sizes.py)."""
        if sequence_step(config) is not None:
            output = sizes.fill(output, sizes.docs_sizes(Path(config.docs_dir)))
        return output

    # Priority 0: in `mkdocs build` by hand, before static-i18n (-100) builds the next language.
    def _post_build(self, config: MkDocsConfig) -> None:
        lang, _ = self._languages(config)
        root = Path(config.site_dir) / self._root(config)
        folder = root / SEARCH_DIR
        previous, listed = self._previous(root, lang)
        rendered = self.entries.get(lang, {})
        entries: list[dict] = []
        seen: set[tuple[str, str]] = set()
        for url in self.order.get(lang, []):
            for entry in rendered[url] if url in rendered else previous.get(url, []):
                # The same section twice (a trainer's edition, a handout): the first is enough.
                key = (entry["h"], entry["x"])
                if entry["x"] and key in seen:
                    continue
                seen.add(key)
                entries.append(entry)
        index = split(entries, lang)
        # Only the files whose bytes changed are written (an edit changes a few of a
        # language's 140), the previous build's others removed: kb serve publishes what its
        # worker wrote (serve_session.py), and a kept file may be a hard link to the
        # previous site's (replaced, never written through).
        if folder.is_file():
            folder.unlink()
        sync_tree(folder, dict(index.files))
        # offline.js saves every page of the language and every file of its search.
        every = sorted({*listed, *self.pages.get(lang, [])})
        pages = {"lang": lang, "pages": every, "search": [f"{SEARCH_DIR}/{rel}" for rel in index.paths]}
        listing = json.dumps(pages, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        if not unchanged(root / OFFLINE_LIST, listing):
            write_atomically(root / OFFLINE_LIST, listing)
        by_page: dict[str, list[dict]] = {}
        for entry in entries:
            by_page.setdefault(entry["u"].split("#", 1)[0], []).append(entry)
        self._written[lang] = (_status(folder / PAGES, root / OFFLINE_LIST), by_page, every)
        self.by_hand.after_language(config, lang)

    @event_priority(-150)  # after static-i18n (-100) has built every language by hand
    def _after_every_language(self, config: MkDocsConfig) -> None:
        self.by_hand.after_every_language(config)

    on_post_build = CombinedEvent(_post_build, _after_every_language)
