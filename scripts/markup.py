"""What every page writer uses, core and features alike: Markdown, HTML and locale helpers.

A feature imports these from here (and nothing from `render.py`):

- text as Markdown or HTML (`md_text`, `html_text`, `md_block_attr`, `page_field`, `plain`;
  defined in `text.py`, the one escaping function per output language);
- a page's front matter (`front_matter`);
- dates, language names and Babel locales in the reader's language (`format_day`,
  `language_name`, `babel_locale`; plural categories in `locales.py`);
- a Jinja environment whose `|md` filter is `md_text` (`jinja_env`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import jinja2
import yaml
from babel import Locale
from babel.dates import format_date

from .locales import BABEL_LOCALES, babel_locale, plural_categories, plural_category
from .text import html_text, md_block_attr, md_text, page_field, plain

__all__ = [
    "BABEL_LOCALES", "PAGE_FIELDS", "babel_locale", "format_day", "front_matter", "html_text",
    "jinja_env", "language_name", "md_block_attr", "md_text", "page_field", "plain",
    "plural_categories", "plural_category",
]

# Front matter fields that MkDocs and Material write into pages as HTML (scripts/text.py).
PAGE_FIELDS = ("title", "description")

# libyaml's emitter when it is there: front matter of every page was a third of rendering.
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def format_day(day: dt.date, lang: str) -> str:
    """`day` written out in `lang` (CLDR's long format, e.g. "28 November 2026")."""
    return format_date(day, format="long", locale=babel_locale(lang))


def language_name(code: str, in_lang: str) -> str:
    """A language's name as readers of `in_lang` write it (CLDR, via Babel)."""
    names = Locale.parse(babel_locale(in_lang)).languages
    return names.get(code) or code


def front_matter(**fields: object) -> str:
    """A page's YAML front matter for MkDocs; `title` and `description` are given as text."""
    for name in PAGE_FIELDS:
        if name in fields:
            fields[name] = page_field(str(fields[name]))
    return yaml.dump(fields, Dumper=_DUMPER, allow_unicode=True, sort_keys=True, width=1000)


def jinja_env(folder: Path) -> jinja2.Environment:
    """Jinja templates of `folder` that write Markdown: text goes in through `|md`
    (`md_text`), HTML bits through `|e`; an undefined name is an error."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder),
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["md"] = md_text
    return env
