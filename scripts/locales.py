"""Babel's locale for each site language, and CLDR plural categories (via Babel).

Plural rules: Babel carries CLDR's. CLDR has none for Tajik, so Babel gives Tajik the root
rule, where every number is `other`. That is right for Tajik, whose nouns stay singular
after a numeral ("1 ҳодиса", "165 ҳодиса"), as Persian's do in counting. Uzbek (Cyrillic)
has `one` and `other` in CLDR; Russian `one`, `few`, `many` and `other`; English `one` and
`other`.
"""

from __future__ import annotations

from functools import cache

from babel import Locale

# Babel's locale for each site language where the two differ (Uzbek is written in Cyrillic).
BABEL_LOCALES = {"uz": "uz_Cyrl"}
PLURAL_CATEGORIES = ("zero", "one", "two", "few", "many", "other")


def babel_locale(lang: str) -> str:
    """Babel's locale name for a site language (`uz` is `uz_Cyrl`: the site's Uzbek is Cyrillic)."""
    return BABEL_LOCALES.get(lang, lang)


@cache
def _locale(lang: str) -> Locale:
    return Locale.parse(babel_locale(lang))


def plural_categories(lang: str) -> tuple[str, ...]:
    """The CLDR plural categories `lang` needs, in CLDR's order, `other` always last."""
    tags = _locale(lang).plural_form.tags
    return tuple(c for c in PLURAL_CATEGORIES if c in tags or c == "other")


def plural_category(lang: str, count: int | float) -> str:
    """The CLDR plural category of `count` in `lang`: 'one', 'few', 'many', 'other'..."""
    return _locale(lang).plural_form(count)
