"""MkDocs hooks (listed under `hooks:` in mkdocs.yml).

A navigation section is named after its folder ("guides"), which would put English words in
the Tajik navigation. Each section takes the title of its own index page instead, which the
pipeline writes in the page's language. Pages whose front matter has `nav_order` (training
modules) are listed in that order rather than by file name. Before each page is rendered, the
features see its front matter (`on_page_markdown`; `before_page` in scripts/features.py:
e.g. the glossary terms a guide links, for scripts/glossary/links.py).

Material writes its settings and interface strings into every page as JSON (`__config`);
Jinja's `tojson` escapes every non-ASCII letter into six ASCII characters where UTF-8 needs
two, which made a Tajik page 1.3 KB heavier than it needs to be. The JSON keeps its
HTML-safe escaping of < > & ' (Jinja does that regardless of this setting).

The language menu's links (`extra.alternate`, set by mkdocs-static-i18n before each page) are
root-absolute on the home pages ("/ru/"), which MkDocs' `url` filter leaves as they are; each
page gets them relative to the site's root instead, which the filter makes relative to the
page, so the menu works under a sub-folder and from files (README, "Hosting under a
sub-folder").
"""

from __future__ import annotations

from mkdocs.plugins import event_priority
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from scripts.features import before_page_hooks
from scripts.urls import site_relative

_nav: Navigation | None = None
# The features' `before_page` hooks, found once per build process.
_before_page: list | None = None


@event_priority(-200)  # after mkdocs-static-i18n (-100) has built this language's navigation
def on_nav(nav: Navigation, config, files) -> Navigation:
    """MkDocs hook: remember the navigation, to arrange it once page titles are known."""
    global _nav
    _nav = nav
    return nav


def _arrange(items: list) -> None:
    for item in items:
        if isinstance(item, Section):
            index = next((c for c in item.children if isinstance(c, Page) and c.is_index), None)
            if index is not None and index.title:
                item.title = index.title
            # A stable sort: pages without nav_order keep their place after the ordered ones.
            item.children.sort(key=lambda c: (not (isinstance(c, Page) and c.is_index),
                                              _order(c)))
            _arrange(item.children)


def _order(item: object) -> float:
    order = (getattr(item, "meta", None) or {}).get("nav_order")
    return order if isinstance(order, int | float) else float("inf")


def on_page_markdown(markdown: str, page, config, files) -> str:
    """MkDocs event: the page's Markdown, unchanged; the features see its front matter."""
    global _before_page
    if _before_page is None:
        _before_page = before_page_hooks()
    for hook in _before_page:
        hook(page.meta or {})
    return markdown


def on_env(env, config, files):
    """MkDocs hook: name sections after their index pages, order them, and keep letters as
    letters in Material's settings JSON."""
    # Page titles are known only once every page has been read, which is just before on_env.
    if _nav is not None:
        _arrange(_nav.items)
    # Letters as letters in Material's `__config` JSON (see the module's docstring).
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}
    return env


def on_page_context(context, page, config, nav):
    """MkDocs hook (priority 0: after static-i18n (50) has set this page's language menu):
    the menu's links relative to the site's root, so that the theme's `url` filter makes
    them relative to the page."""
    links = getattr(config.extra, "alternate", None) or config.extra.get("alternate")
    if links:
        # An attribute, as static-i18n sets it before each page: the theme reads the attribute.
        config.extra.alternate = [{**link, "link": site_relative(str(link.get("link", "")), config.site_url)}
                                  for link in links]
    return context
