"""A placeholder's figure as the text of a brief: the published count or its marker.

The values come from the statistics feature's `Publication`, after disclosure control: a
withheld count has no value there, only its marker (`<5`, `<10`, `x`), so a brief cannot
show what the statistics pages may not. Numbers are written as readers of the brief's
language write them (`statistics.formatting.shown`, Babel).
"""

from __future__ import annotations

from babel.numbers import format_percent

from ..catalogs import Catalogs
from ..locales import babel_locale
from ..statistics.formatting import period_label, shown
from ..statistics.publication import Figure, Publication
from ..text import md_text
from .placeholders import Placeholder

# After an illustrative (made-up) figure, so that a printed brief says so at the figure.
ILLUSTRATIVE = "*"


def figures_of(placeholder: Placeholder, pub: Publication) -> list[Figure]:
    """The published figures a placeholder shows, one per period (checked to exist)."""
    found = [pub.figure(period, placeholder.region, placeholder.dimension, placeholder.category)
             for period in placeholder.periods]
    return [f for f in found if f is not None]


def figure_text(figure: Figure, pub: Publication, lang: str) -> str:
    """The count (or marker) as plain text, `*` after it when it is illustrative."""
    return shown(figure, lang) + (ILLUSTRATIVE if pub.illustrative(figure.key) else "")


def change(first: Figure, last: Figure, pub: Publication, lang: str) -> str | None:
    """The change from `first` to `last` as a signed percentage ("+13 %"), or None when either
    count is withheld or the first is below `percentages.min_denominator` (a percentage of a
    small count says little, and the statistics pages show none). CLDR's percent format of
    `lang` (Babel), with a plus sign for a rise."""
    if first.value is None or last.value is None or first.value < pub.rules.percent_min_denominator:
        return None
    ratio = (last.value - first.value) / first.value
    return ("+" if ratio > 0 else "") + format_percent(ratio, locale=babel_locale(lang))


def text(placeholder: Placeholder, pub: Publication, lang: str, cats: Catalogs) -> str:
    """The placeholder's text in `lang`, as Markdown that shows exactly these characters.

    `figure`: "187" or "<10"; `trend`: the UI string `brief_trend` ("165 (2020) → 187
    (2021)"), with `brief_trend_change` ("+13 %") when the change may be shown.
    """
    found = figures_of(placeholder, pub)
    if placeholder.function == "figure":
        return md_text(figure_text(found[0], pub, lang))
    first, last = found[0], found[-1]
    words = cats.t("brief_trend", lang, first=figure_text(first, pub, lang),
                   first_period=period_label(first.key.period, lang, cats),
                   last=figure_text(last, pub, lang),
                   last_period=period_label(last.key.period, lang, cats))
    delta = change(first, last, pub, lang)
    if delta is not None:
        words = cats.t("brief_trend_change", lang, trend=words, change=delta)
    return md_text(words)
