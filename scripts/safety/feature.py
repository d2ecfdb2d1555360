"""The neutral page the quick exit leads to, as a pipeline feature (see scripts/features.py).

Why a page of our own: the site loads nothing from another host, so the quick exit cannot go
to a weather or news site as GOV.UK's does. `about:blank` would be allowed, but a blank tab is
itself a sign that someone left in a hurry. The exit page is an ordinary recipe, in the
reader's language, with no REAct name, logo, menu, script or link back: plain HTML written
straight to `exit/index.html` (a static file MkDocs copies as it is, so it is in no menu, no
sitemap and no search index). The quick exit replaces the current history entry with it
(`location.replace`), so Back does not return to the page the reader left.
"""

from __future__ import annotations

from html import escape

from ..errors import Problems
from ..features import Context
from .policy import exit_policy

EXIT_PAGE = "exit/index.html"
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


class SafetyFeature:
    name = "safety"

    def read(self, ctx: Context, problems: Problems) -> None:
        # The strings are read and checked (every language) with the other UI catalogs.
        pass

    def link_targets(self) -> set[str]:
        return set()

    def render(self, ctx: Context, lang: str) -> dict[str, str | bytes]:
        if not all(key in ctx.catalogs.ui for key in NEUTRAL_KEYS):
            return {}  # a project without content/ui/safety.yml (the small test projects)
        return {EXIT_PAGE: neutral_page(lang, {k: ctx.catalogs.t(k, lang) for k in NEUTRAL_KEYS})}

    def render_document(self, ctx: Context, page) -> str | None:
        return None

    def see_also(self, ctx: Context, page) -> list[dict]:
        return []
