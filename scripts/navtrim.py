"""Each page carries only the navigation it needs, so that page size does not grow with the site.

Material renders the whole navigation into every page: with hundreds of guides per language
that is most of each page's bytes, and rendering it for every page makes the build grow with
the square of the site. Material's `navigation.prune` (mkdocs.yml) already leaves out the
pages of the sections the reader is not in. What remains is the reader's own section: a
section with more than LIMIT pages is shown as its index page (which lists all of them, by
topic) and a window of WINDOW pages before and after the current one.

Declared in mkdocs.yml as the plugin `react-nav-trim` (an entry point in pyproject.toml), so
`mkdocs build` by hand trims too, as kb build, kb dist and kb serve do.
"""

from __future__ import annotations

import copy

from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.nav import Section

PLUGIN_NAME = "react-nav-trim"
LIMIT = 30
WINDOW = 5


def trim(items: list, page) -> list:
    """`items` with every large active section cut to its index and the page's neighbours."""
    out = []
    changed = False
    for item in items:
        if isinstance(item, Section) and item.active:
            children = trim(item.children, page)
            if len(children) > LIMIT:
                here = next((i for i, child in enumerate(children) if child is page or
                             (isinstance(child, Section) and child.active)), 0)
                keep = {i for i, child in enumerate(children) if getattr(child, "is_index", False)}
                keep.update(range(max(0, here - WINDOW), here + WINDOW + 1))
                children = [child for i, child in enumerate(children) if i in keep]
            if children is not item.children:
                item = copy.copy(item)
                item.children = children
                changed = True
        out.append(item)
    return out if changed else items


class NavTrim(BasePlugin):
    @event_priority(-150)  # after static-i18n (-100 and 50) has set this language's navigation
    def on_page_context(self, context, page, config, nav):
        current = context.get("nav")
        if current is None:
            return context
        items = trim(current.items, page)
        if items is not current.items:
            trimmed = copy.copy(current)
            trimmed.items = items
            context["nav"] = trimmed
        return context

