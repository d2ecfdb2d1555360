"""One paragraph per chart, written from the published figures in the reader's language.

The sentences are UI strings (content/ui/statistics.yml) with the figures filled in, so
translators own the wording; numbers, lists and percentages are formatted by Babel. Only
the publication is read: a withheld count appears as its marker, as everywhere else.
"""

from __future__ import annotations

from ..catalogs import Catalogs
from .audit import Mark
from .formatting import counted, listing, number, percent, period_label, shown, when
from .model import COUNTRY, TOTAL
from .publication import Publication

TOP = 3  # categories named in a summary


def dimension_summary(pub: Publication, period: str, region: str, dimension: str, lang: str,
                      cats: Catalogs) -> str:
    t = cats.t
    phrase = when(period, lang, cats)
    figures = [f for c in pub.categories(dimension, period)
               if (f := pub.figure(period, region, dimension, c)) is not None]
    if dimension == TOTAL:
        if not figures:
            return ""
        return t("stat_sum_lead", lang, when=phrase, items=listing(
            [counted(f.key.category, f, lang, cats) for f in figures], lang))
    sentences = []
    splits = pub.vocabulary[dimension].get("splits")
    total = pub.figure(period, region, TOTAL, splits) if splits else None
    if total is not None:
        sentences.append(t("stat_sum_lead", lang, when=phrase,
                           items=counted(splits, total, lang, cats)))
    top = sorted((f for f in figures if f.value), key=lambda f: (-(f.value or 0), f.key.category))[:TOP]
    if top:
        items = []
        for f in top:
            share = percent(pub.share(f), lang)
            label = cats.label(dimension, f.key.category, lang)
            items.append(t("stat_sum_item_share", lang, label=label, count=number(f.value or 0, lang),
                           share=share) if share else
                         t("stat_sum_item", lang, label=label, count=number(f.value or 0, lang)))
        sentences.append(t("stat_sum_top", lang, items=listing(items, lang)))
    small = [f for f in figures if f.mark is Mark.SMALL]
    if small:
        sentences.append(t("stat_sum_small", lang, marker=small[0].marker, items=listing(
            [cats.label(dimension, f.key.category, lang) for f in small], lang)))
    hidden = [f for f in figures if f.mark in (Mark.SENSITIVE, Mark.COMPLEMENT)]
    if hidden:
        sentences.append(t("stat_sum_hidden", lang, items=listing(
            [cats.label(dimension, f.key.category, lang) for f in hidden], lang)))
    if not pub.vocabulary[dimension].get("exclusive"):
        sentences.append(t("stat_overlap_note", lang))
    return " ".join(sentences)


def region_summary(pub: Publication, period: str, dimension: str, lang: str, cats: Catalogs) -> str:
    """The country's largest category, and how it is spread over the regions."""
    codes = pub.categories(dimension, period)
    national = [(c, pub.figure(period, COUNTRY, dimension, c)) for c in codes]
    ranked = sorted(((f.value or -1, -i, c, f) for i, (c, f) in enumerate(national) if f is not None),
                    reverse=True)
    if not ranked:
        return ""
    _, _, code, figure = ranked[0]
    items = [f"{region_short(r, lang, cats)} ({shown(pub.figure(period, r, dimension, code), lang)})"
             for r in pub.regions(period) if r != COUNTRY]
    return cats.t("stat_sum_region", lang, category=cats.label(dimension, code, lang),
                  total=shown(figure, lang), items=listing(items, lang))


def trend_summary(pub: Publication, lang: str, cats: Catalogs) -> str:
    years = [p for p in pub.periods if "-" not in p]
    sentences = []
    for code in pub.categories(TOTAL):
        figures = [(y, pub.figure(y, COUNTRY, TOTAL, code)) for y in years]
        items = [cats.t("stat_trend_item", lang, period=period_label(y, lang, cats),
                        value=shown(f, lang)) for y, f in figures if f is not None]
        if not items:
            continue
        sentences.append(cats.t("stat_sum_trend", lang, label=cats.label(TOTAL, code, lang),
                                items=listing(items, lang)))
        given = [(y, f.value) for y, f in figures if f is not None and f.value]
        if len(given) >= 2 and given[0][0] != given[-1][0]:
            (start, first), (end, last) = given[0], given[-1]
            change = percent((last - first) / first, lang)
            sentences.append(cats.t("stat_sum_change", lang, start=start, end=end,
                                    change=("+" if last > first else "") + change))
    return " ".join(sentences)


def region_short(code: str, lang: str, cats: Catalogs) -> str:
    key = f"stat_region_short_{code}"
    return cats.t(key, lang) if key in cats.ui else cats.label("region", code, lang)
