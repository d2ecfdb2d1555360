"""The MkDocs plugin `react-safety` (registered in pyproject.toml, listed in mkdocs.yml).

Why a plugin: the theme (overrides/main.html, partials) shows the quick-exit button and the
search box on every page, in the page's language, from `content/ui/safety.yml`; only code
running inside MkDocs can hand those strings to the templates. The same plugin sees every
rendered page of each language build (mkdocs-static-i18n builds one language at a time), so it
also writes that language's search index, `search/index.json`, and the list of its pages for
offline reading, `offline.json`, under the language's root.

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
from mkdocs.plugins import BasePlugin

from ..markup import html_text, plain
from .policy import page_policy
from .search_index import page_entries

CATALOG = Path("content") / "ui" / "safety.yml"
# Used when a project has no catalog of its own (the small projects tests build).
SHIPPED_CATALOG = Path(__file__).resolve().parents[2] / CATALOG
INDEX_PATH = "search/index.json"
# The pages of one language, for "Save for offline reading" (offline.js).
OFFLINE_LIST = "offline.json"


def load_strings(config_file: str | None) -> dict[str, dict[str, str]]:
    """The safety UI strings; `kb build` has already validated the file (every language)."""
    candidates = [Path(config_file).parent / CATALOG] if config_file else []
    for path in [*candidates, SHIPPED_CATALOG]:
        if path.is_file():
            data = yaml.safe_load(path.read_text(encoding="utf-8-sig")) or {}
            return {str(k): v for k, v in data.items() if isinstance(v, dict)}
    return {}


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


class SafetyConfig(base.Config):
    exit_url = c.Optional(c.Type((str, dict)))


class SafetyPlugin(BasePlugin[SafetyConfig]):
    def __init__(self) -> None:
        super().__init__()
        self.strings: dict[str, dict[str, str]] = {}
        self.entries: dict[str, list[dict]] = {}
        self.pages: dict[str, list[str]] = {}
        self.seen: dict[str, set[tuple[str, str]]] = {}
        self.serving = False

    # -- which language is being built -------------------------------------------------
    @staticmethod
    def _languages(config: MkDocsConfig) -> tuple[str, str]:
        """(current language, default language) of this build."""
        i18n = config.plugins.get("i18n")
        current = getattr(i18n, "current_language", None) or config.theme.get("language") or "en"
        default = getattr(i18n, "default_language", None) or current
        return current, default

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
        lang = self._languages(config)[0]
        self.entries[lang] = []
        self.pages[lang] = []
        self.seen[lang] = set()

    def on_page_content(self, html: str, page, config: MkDocsConfig, files) -> str:
        lang, _ = self._languages(config)
        root = self._root(config)
        url = page.url[len(root):] if root and page.url.startswith(root) else page.url
        meta = page.meta or {}
        # Titles reach MkDocs as HTML (scripts/text.py); the index holds text.
        title = plain(str(meta.get("title") or page.title or ""))
        search = meta.get("search")
        if not (isinstance(search, dict) and search.get("exclude")):  # Material's convention
            entries = self.entries.setdefault(lang, [])
            seen = self.seen.setdefault(lang, set())
            for entry in page_entries(html, url=url, title=title, lang=lang):
                # The same section twice (a trainer's edition, a handout): the first is enough.
                key = (entry["h"], entry["x"])
                if entry["x"] and key in seen:
                    continue
                seen.add(key)
                entries.append(entry)
        self.pages.setdefault(lang, []).append(url or "./")
        return html

    def _context(self, context: Any, config: MkDocsConfig) -> Any:
        lang, default = self._languages(config)
        # Material's templates do not escape: the strings go in as HTML, fit for attributes too.
        context["safety"] = {key: html_text(texts.get(lang) or texts.get(default) or key)
                             for key, texts in self.strings.items()}
        context["safety_root"] = self._root(config)
        context["safety_exit_url"] = self.exit_url(lang)
        # Only the local preview may run inline script (its live reload); a build never does.
        context["safety_csp"] = page_policy(serving=self.serving)
        return context

    def _all_languages(self, config: MkDocsConfig) -> list[dict]:
        """[{"lang", "root", "site_name", "text": {key: string}}] of every language of the site,
        the current one first."""
        current, default = self._languages(config)
        i18n = config.plugins.get("i18n")
        codes = [lang.locale for lang in i18n.config.languages] if i18n else [current]
        names = {lang.locale: lang.site_name for lang in i18n.config.languages} if i18n else {}
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

    def on_post_build(self, config: MkDocsConfig) -> None:
        lang, _ = self._languages(config)
        target = Path(config.site_dir) / self._root(config) / INDEX_PATH
        target.parent.mkdir(parents=True, exist_ok=True)
        data = {"lang": lang, "entries": self.entries.get(lang, [])}
        target.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        pages = {"lang": lang, "pages": sorted(self.pages.get(lang, []))}
        (target.parent.parent / OFFLINE_LIST).write_text(
            json.dumps(pages, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
