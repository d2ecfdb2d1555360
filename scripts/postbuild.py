"""What MkDocs and static-i18n leave in site/ that is wrong or differs between two builds.

- `404.html`: static-i18n builds every language into the same site root, so the root
  `404.html` ended up in the language built last (Uzbek). The site's default language is
  Tajik: a plugin keeps each language's 404 page as it is rendered, and after the build the
  root gets the default language's and `<lang>/404.html` each other language's.
- `sitemap.xml(.gz)`: without `site_url` in mkdocs.yml its addresses are the string "None"
  and it carries the build date (in `<lastmod>` and in the gzip header), so two builds on
  different days differ. Without `site_url` it is removed; with one, set SOURCE_DATE_EPOCH
  (MkDocs honours it; the deployment workflow sets it to the commit's time).
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.plugins import BasePlugin

PLUGIN_NAME = "react-error-pages"


class ErrorPages(BasePlugin):
    """Remembers the rendered 404 page of each language as static-i18n builds them in turn."""

    def __init__(self) -> None:
        super().__init__()
        self.pages: dict[str, str] = {}

    def on_post_template(self, output_content: str, template_name: str, config) -> str:
        if template_name == "404.html":
            i18n = config.plugins.get("i18n")
            language = getattr(i18n, "current_language", None) or config.theme.get("language", "")
            self.pages[language] = output_content
        return output_content


def install(config) -> ErrorPages:
    """Add the plugin to a loaded MkDocs config (PluginCollection registers its events)."""
    plugin = ErrorPages()
    config.plugins[PLUGIN_NAME] = plugin
    return plugin


def finish(site: Path, config, error_pages: ErrorPages, default_language: str) -> None:
    """Put each language's 404 page in its place and drop a sitemap that cannot be right."""
    for language, html in error_pages.pages.items():
        target = site / "404.html" if language == default_language else site / language / "404.html"
        if target.parent.is_dir():
            target.write_text(html, encoding="utf-8")
    if not config.site_url:
        for name in ("sitemap.xml", "sitemap.xml.gz"):
            (site / name).unlink(missing_ok=True)
