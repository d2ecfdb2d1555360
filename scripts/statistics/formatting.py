"""Numbers, percentages, periods and markers as a reader of each language writes them."""

from __future__ import annotations

import re

from babel import Locale
from babel.numbers import format_decimal, format_percent

from ..catalogs import Catalogs
from ..markup import babel_locale
from .model import Period
from .publication import Figure


def number(value: int, lang: str) -> str:
    return format_decimal(value, locale=babel_locale(lang))


def shown(figure: Figure | None, lang: str) -> str:
    """A count as every chart, table, text and download shows it: the number, or its marker."""
    if figure is None:
        return "–"
    return number(figure.value, lang) if figure.value is not None else figure.marker


def percent(share: float | None, lang: str) -> str:
    return "" if share is None else format_percent(share, locale=babel_locale(lang))


# CLDR has "{0} va {1}" for Uzbek in Latin letters only; Cyrillic Uzbek (uz_Cyrl) inherits
# the root's bare "{0}, {1}". Its conjunction is the same word in Cyrillic.
LIST_FIXES = {"uz": {"2": "{0} ва {1}", "end": "{0} ва {1}"}}


def list_patterns(lang: str, semicolons: bool = False) -> dict[str, str]:
    """CLDR's "standard" list patterns of `lang` (Babel), corrected where CLDR is wrong.

    - CLDR gives Tajik a conjunction for two items only ("{0} ва {1}"), so a list of three
      ended with a bare comma ("a, b, c"). Where the `end` pattern has no word but the
      two-item pattern has, the two-item pattern ends longer lists too.
    - Cyrillic Uzbek has no conjunction in CLDR at all: `LIST_FIXES`.
    - `semicolons`: the items contain commas themselves (long labels such as "People who
      use drugs, ..."), so items are separated by semicolons instead of commas.
    """
    patterns = dict(Locale.parse(babel_locale(lang)).list_patterns["standard"].items())
    patterns.update(LIST_FIXES.get(lang, {}))
    def between(pattern: str) -> str:
        """What a list pattern puts between its two items: `{0}, и {1}` -> `, и `."""
        found = re.search(r"\{0\}(.*)\{1\}", pattern)
        return found[1] if found else ""

    if not re.search(r"\w", between(patterns["end"])) and re.search(r"\w", between(patterns["2"])):
        patterns["end"] = patterns["2"]
    if semicolons:
        patterns = {k: v.replace(",", ";") for k, v in patterns.items()}
    return patterns


def listing(items: list[str], lang: str) -> str:
    """`items` joined as a sentence of `lang` writes a list: "a, b and c" (Babel's
    `format_list` algorithm on `list_patterns`)."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    patterns = list_patterns(lang, semicolons=any("," in item for item in items))
    if len(items) == 2:
        return patterns["2"].format(*items)
    text = patterns["start"].format(items[0], items[1])
    for item in items[2:-1]:
        text = patterns["middle"].format(text, item)
    return patterns["end"].format(text, items[-1])


def period_label(code: str, lang: str, cats: Catalogs) -> str:
    period = Period.parse(code)
    assert period is not None
    if period.is_year:
        return str(period.year)
    key = "stat_period_half" if period.kind == "H" else "stat_period_quarter"
    return cats.t(key, lang, year=period.year, number=period.number)


def when(code: str, lang: str, cats: Catalogs) -> str:
    """A period as a phrase that starts a sentence: "За 2020 год", "Дар соли 2020", "In 2020"
    (never a bare year after a preposition)."""
    period = Period.parse(code)
    assert period is not None
    if period.is_year:
        return cats.t("stat_in_year", lang, year=period.year)
    key = "stat_in_half" if period.kind == "H" else "stat_in_quarter"
    return cats.t(key, lang, year=period.year, number=period.number)


def counted(code: str, figure: Figure, lang: str, cats: Catalogs) -> str:
    """A total as a count with its noun, agreeing by CLDR's plural rules ("149 клиентов",
    "1 case"), from the UI string `stat_n_<code>`; a marker or a total without such a string
    as "Label: shown"."""
    key = f"stat_n_{code}"
    if figure.value is not None and key in cats.ui:
        return cats.plural(key, lang, figure.value, count=number(figure.value, lang))
    return cats.t("stat_sum_marked", lang, label=cats.label("total", code, lang),
                  shown=shown(figure, lang))


def local(texts: dict | str | None, lang: str, fallback: str) -> tuple[str, str]:
    """A dataset text in `lang`, else in the default language, else any: (text, its language)."""
    if isinstance(texts, str):
        return texts, lang
    if not texts:
        return "", lang
    for code in (lang, fallback):
        if texts.get(code):
            return texts[code], code
    code = next(iter(texts))
    return texts[code], code
