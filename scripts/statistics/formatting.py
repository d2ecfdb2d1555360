"""Numbers, percentages, periods and markers as a reader of each language writes them."""

from __future__ import annotations

from babel.lists import format_list
from babel.numbers import format_decimal, format_percent

from ..catalogs import Catalogs
from ..render import babel_locale
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


def listing(items: list[str], lang: str) -> str:
    return format_list(items, locale=babel_locale(lang)) if items else ""


def period_label(code: str, lang: str, cats: Catalogs) -> str:
    period = Period.parse(code)
    assert period is not None
    if period.is_year:
        return str(period.year)
    key = "stat_period_half" if period.kind == "H" else "stat_period_quarter"
    return cats.t(key, lang, year=period.year, number=period.number)


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
