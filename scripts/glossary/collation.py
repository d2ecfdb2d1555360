"""Alphabetical order of words as readers of each language expect it, without ICU.

Babel has no collation, and code-point order is wrong for Tajik and Uzbek (ғ қ ҳ ҷ ӣ ӯ ў
sort after я). Each language's order is its alphabet, letter by letter:

- Tajik: the Cyrillic Tajik alphabet of 1998 (ғ after г, ӣ after и, қ after к, ӯ after у,
  ҳ after х, ҷ after ч);
- Russian: the 33 letters, ё a letter of its own after е;
- Uzbek (Cyrillic): the 1940 alphabet as printed in Uzbek dictionaries, ў қ ғ ҳ after я;
- English: a-z.

Letters outside the reader's alphabet (another script, a Russian letter in Tajik) sort after
it by code point; digits, spaces and punctuation only break ties.
"""

from __future__ import annotations

import unicodedata

ALPHABETS = {
    "tg": "а б в г ғ д е ё ж з и ӣ й к қ л м н о п р с т у ӯ ф х ҳ ч ҷ ш ъ э ю я",
    "ru": "а б в г д е ё ж з и й к л м н о п р с т у ф х ц ч ш щ ъ ы ь э ю я",
    "uz": "а б в г д е ё ж з и й к л м н о п р с т у ф х ц ч ш ъ ь э ю я ў қ ғ ҳ",
    "en": "a b c d e f g h i j k l m n o p q r s t u v w x y z",
}
_ORDER = {lang: {letter: i for i, letter in enumerate(letters.split())}
          for lang, letters in ALPHABETS.items()}


def sort_key(text: str, lang: str) -> tuple:
    """A key that orders `text` as a dictionary of `lang` would: `sorted(words, key=...)`.

    Returns (letters, text): `letters` ranks each letter by its place in the alphabet (an
    unknown language falls back to code points); case is ignored except to break ties.
    """
    order = _ORDER.get(lang, {})
    folded = unicodedata.normalize("NFC", text).casefold()
    letters = tuple((0, order[c]) if c in order else (1, ord(c)) for c in folded if c.isalpha())
    return (letters, folded, text)
