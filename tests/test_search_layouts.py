"""Search typed in the wrong script or keyboard layout (search.js's find(); README, "Search:
wrong layout, look-alikes, Latin letters").

On the Tajik, Russian and Uzbek pages (Cyrillic), a query that finds nothing as typed is
converted: Latin look-alikes in a Cyrillic word ("xуқуқ", "BИЧ"), the keys of the Russian
layout typed on QWERTY ("ghfdj" for "право"), a word in Latin letters (Uzbek by the official
1995 alphabet, Tajik and Russian as people write in messengers), and such a Latin word typed
with the Russian layout active ("нщквфь" for "yordam", ёрдам).
The conversion tables are checked against each language's whole alphabet (in Node, with
search.js itself), then the reader's browser searches the built sample site.
"""

from __future__ import annotations

import json
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from scripts.cli import main
from scripts.safety.search_shards import QWERTY, fold, typed_on_qwerty

from .conftest import REPO, MiniProject, PagesLikeHandler, serve_folder
from .test_safety_search import _index_words, _search

SEARCH_JS = REPO / "overrides/assets/javascripts/search.js"

# The alphabets (lower case), from each language's standard.
RUSSIAN = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
TAJIK = "абвгғдеёжзиӣйкқлмнопрстуӯфхҳчҷшъэюя"  # Tajik Cyrillic since 1998: 35 letters
UZBEK = "абвгдеёжзийклмнопрстуфхцчшъьэюяўқғҳ"  # Uzbek Cyrillic: 35 letters
ALPHABETS = {"ru": RUSSIAN, "tg": TAJIK, "uz": UZBEK}

# The Russian ЙЦУКЕН layout over the US QWERTY keys, row by row (a reference independent
# of search.js's LAYOUT table, which must agree with it).
QWERTY_ROWS = ["`", "qwertyuiop[]", "asdfghjkl;'", "zxcvbnm,."]
JCUKEN_ROWS = ["ё", "йцукенгшщзхъ", "фывапролджэ", "ячсмитьбю"]
SHIFTED = {"~": "ё", "{": "х", "}": "ъ", ":": "ж", '"': "э", "<": "б", ">": "ю"}

# Words in Latin letters and their Cyrillic spelling, which together hold every letter of the
# language. Uzbek: the official Latin alphabet (1995) and its correspondence with Cyrillic,
# with its apostrophe written in each way people type it. Tajik and Russian: informal spellings.
SPELLED = {
    "uz": [("huquq", "ҳуқуқ"), ("advokat", "адвокат"), ("oʻzbekiston", "ўзбекистон"),
           ("o'zbek", "ўзбек"), ("o`zbek", "ўзбек"), ("o‘zbek", "ўзбек"), ("o’zbek", "ўзбек"),
           ("gʻalaba", "ғалаба"), ("g'alaba", "ғалаба"), ("shikoyat", "шикоят"), ("chora", "чора"),
           ("jinoyat", "жиноят"), ("yordam", "ёрдам"), ("yuridik", "юридик"), ("erkin", "эркин"),
           ("poeziya", "поэзия"), ("yer", "ер"), ("maʼlumot", "маълумот"), ("ma'lumot", "маълумот"),
           ("fuqaro", "фуқаро"), ("xotin", "хотин"), ("politsiya", "полиция"), ("pul", "пул"),
           ("viloyat", "вилоят"), ("gap", "гап"), ("Is'hoq", "Исҳоқ"), ("qaytarish", "қайтариш")],
    "tg": [("huquq", "ҳуқуқ"), ("xuquq", "ҳуқуқ"), ("qonun", "қонун"), ("advokat", "адвокат"),
           ("ghayriimkon", "ғайриимкон"), ("jinoyat", "ҷиноят"), ("shikoyat", "шикоят"),
           ("chora", "чора"), ("zhurnal", "журнал"), ("yordam", "ёрдам"), ("yurist", "юрист"),
           ("e'lon", "эълон"), ("zan", "зан"), ("fuqaro", "фуқаро"), ("khizmat", "хизмат"),
           ("ravonī", "равонӣ"), ("zūrovarī", "зӯроварӣ"), ("bemor", "бемор"), ("pul", "пул"),
           ("gap", "гап"), ("sud", "суд"), ("vich", "вич"), ("militsiya", "милитсия"),
           ("politsiya", "политсия")],
    "ru": [("pravo", "право"), ("advokat", "адвокат"), ("zhaloba", "жалоба"), ("vich", "вич"),
           ("militsiya", "милиция"), ("politsiya", "полиция"), ("shtraf", "штраф"),
           ("shchit", "щит"), ("yurist", "юрист"), ("yolka", "ёлка"), ("ekspertiza", "экспертиза"),
           ("sud", "суд"), ("khranenie", "хранение"), ("gosudarstvo", "государство"),
           ("pravitel'stvo", "правительство"), ("pod''ezd", "подъезд"), ("vy", "вы"),
           ("moy", "мой"), ("yazyk", "язык"), ("zakon", "закон"), ("tsentr", "центр"),
           ("chelovek", "человек"), ("jaloba", "жалоба"), ("familiya", "фамилия")],
}
# The official Uzbek Latin alphabet writes ь as nothing: only the layout reaches it.
NOT_SPELLED = {"uz": "ь"}


def node(script: str, data: object) -> object:
    """Run `script` in Node with search.js's exports as `s` and `data` as `input`."""
    code = (f"const s = require({json.dumps(str(SEARCH_JS))});"
            "const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
            f"process.stdout.write(JSON.stringify(({script})));")
    out = subprocess.run(["node", "-e", code], input=json.dumps(data), capture_output=True,
                         text=True, check=True)
    return json.loads(out.stdout)


def test_the_layout_table_is_the_russian_keyboard() -> None:
    layout = node("s.LAYOUT", None)
    reference = {key: letter for keys, letters in zip(QWERTY_ROWS, JCUKEN_ROWS, strict=True)
                 for key, letter in zip(keys, letters, strict=True)} | SHIFTED
    assert layout == reference
    assert sorted(set(JCUKEN_ROWS[0] + "".join(JCUKEN_ROWS[1:]))) == sorted(RUSSIAN)


def test_python_types_on_qwerty_as_the_layout_reads() -> None:
    """search_shards.typed_on_qwerty (the bench's and tests' QWERTY-typed queries) is the
    same layout, the other way round."""
    reference = {letter: key for keys, letters in zip(QWERTY_ROWS, JCUKEN_ROWS, strict=True)
                 for key, letter in zip(keys, letters, strict=True)}
    assert reference == QWERTY
    assert typed_on_qwerty("Право ҳуқуқ") == "ghfdj [erer"


@pytest.mark.parametrize("lang", ["tg", "ru", "uz"])
def test_the_layout_reaches_every_letter_of_the_alphabet(lang: str) -> None:
    """Every letter, as the search folds it (Tajik ҳ as х, Uzbek ў as у...), has its key."""
    reached = {fold(letter) for letter in node("s.LAYOUT", None).values()}
    assert [letter for letter in ALPHABETS[lang] if fold(letter) not in reached] == []


@pytest.mark.parametrize("lang", ["tg", "ru", "uz"])
def test_transliteration_reaches_every_letter_of_the_alphabet(lang: str) -> None:
    pairs = SPELLED[lang]
    spelled = node("input.map(([latin]) => s.transliterate(latin.toLowerCase(), "
                   f"{json.dumps(lang)}))", pairs)
    # Letter for letter (ў, not у), but for an informal spelling that the search's fold
    # matches anyway (Tajik "xuquq" gives хуқуқ, which finds ҳуқуқ).
    exact = [cyrillic.lower() in options for (_, cyrillic), options in zip(pairs, spelled, strict=True)]
    wrong = [(latin, cyrillic, options) for (latin, cyrillic), options, same
             in zip(pairs, spelled, exact, strict=True)
             if not same and fold(cyrillic) not in {fold(o) for o in options}]
    assert wrong == []
    covered = {letter for (_, cyrillic), same in zip(pairs, exact, strict=True) if same
               for letter in cyrillic.lower()}
    assert set(ALPHABETS[lang]) - covered == set(NOT_SPELLED.get(lang, ""))
    assert [latin for (latin, _), same in zip(pairs, exact, strict=True) if not same] == \
        (["xuquq"] if lang == "tg" else [])


def test_keys_is_the_layout_the_other_way_round() -> None:
    """KEYS (a Cyrillic letter's QWERTY key) is LAYOUT inverted, each letter's key without Shift."""
    reference = {letter: key for keys, letters in zip(QWERTY_ROWS, JCUKEN_ROWS, strict=True)
                 for key, letter in zip(keys, letters, strict=True)}
    assert node("s.KEYS", None) == reference


def _typed_with_jcuken(latin: str) -> str:
    """`latin` typed with the Russian layout active: each key's Cyrillic letter."""
    layout = {key: letter for keys, letters in zip(QWERTY_ROWS, JCUKEN_ROWS, strict=True)
              for key, letter in zip(keys, letters, strict=True)}
    return "".join(layout.get(c, c) for c in latin.lower())


# Latin words of SPELLED not converted back when typed with ЙЦУКЕН active: fewer than one Latin
# vowel in four letters, as the keys of Cyrillic words give (search.js latinKeys).
FEW_VOWELS = {"shtraf", "shchit", "tsentr"}


@pytest.mark.parametrize("lang", ["tg", "ru", "uz"])
def test_a_latin_word_typed_with_the_russian_layout_active_is_converted(lang: str) -> None:
    """"нщквфь" is "yordam" typed with ЙЦУКЕН active: its spellings hold ёрдам (search.js
    spellings(): a Cyrillic word, as the Latin word at its keys, transliterated), and the
    Latin word itself. Words with a character no key gives (ī, ū, ʻ, ’...) are left out."""
    keys = set("".join(QWERTY_ROWS))
    pairs = [(latin.lower(), cyrillic) for latin, cyrillic in SPELLED[lang]
             if set(latin.lower()) <= keys and latin.lower() not in FEW_VOWELS]
    typed = [_typed_with_jcuken(latin) for latin, _ in pairs]
    assert len(pairs) >= 15 and not [t for t in typed if re.search("[a-z]", t)]  # all Cyrillic
    found = node(f"input.map(w => s.spellings(w, {json.dumps(lang)}))", typed)
    wrong = [(latin, word, options)
             for (latin, cyrillic), word, options in zip(pairs, typed, found, strict=True)
             if options[0] != word or fold(cyrillic) not in {fold(o) for o in options}
             or latin.replace("`", "'") not in {o.replace("`", "'") for o in options}]
    assert wrong == []
    few = [_typed_with_jcuken(latin) for latin, _ in SPELLED[lang] if latin in FEW_VOWELS]
    assert node(f"input.map(w => s.spellings(w, {json.dumps(lang)}))", few) == [[w] for w in few]


def test_a_cyrillic_word_whose_keys_are_no_latin_word_is_only_itself() -> None:
    """Misspelt or Tajik words cost no shard beyond their own: their keys give few Latin vowels
    ("адвакат": fl,fkfn), or keys no Latin word has (х "[", ж ";"), or they hold letters no
    key of the Russian layout gives (ҳ, қ)."""
    typed = [("адвакат", "ru"), ("право", "ru"), ("хукук", "ru"), ("нужно", "ru"), ("ҳуқуқ", "tg"),
             ("юю", "uz")]
    assert node("input.map(([w, lang]) => s.spellings(w, lang))", typed) == [[w] for w, _ in typed]


def test_a_russian_spelling_is_respelled_as_tajik_writes_it_on_tajik_pages_only() -> None:
    """Tajik has had no ц, щ, ы, ь since 1998: "милиция" is written милитсия (search.js RESPELL)."""
    typed = [("милиция", "tg"), ("конституция", "tg"), ("борщ", "tg"), ("сентябрь", "tg"),
             ("цыц", "tg"), ("милиция", "ru"), ("милиция", "uz"), ("ҳуқуқ", "tg"), ("ьа", "tg"),
             ("ыь", "tg")]
    assert node("input.map(([w, lang]) => s.spellings(w, lang))", typed) == [
        ["милиция", "милитсия", "милисия"], ["конституция", "конститутсия", "конститусия"],
        ["борщ", "борш"], ["сентябрь", "сентябр"],
        ["цыц", "тситс", "тсис", "ситс", "сис"],  # at most 4 spellings
        ["милиция"], ["милиция"], ["ҳуқуқ"],
        ["ьа"], ["ыь"]]  # no spelling of one letter: it would find every word starting with it


def test_lookalikes_are_read_as_cyrillic_in_a_cyrillic_word() -> None:
    typed = [("xуқуқ", "tg", "хуқуқ"), ("bич", "ru", "вич"), ("пpаво", "ru", "право"),
             ("aдвокат", "uz", "адвокат"), ("cekc", "ru", "секс")]
    found = node("input.map(([w, lang]) => s.spellings(w, lang))", typed)
    for (word, _, meant), options in zip(typed, found, strict=True):
        assert options[0] == word and meant in options, (word, options)
    # English pages convert nothing.
    assert node("[s.spellings('ghfdj', 'en'), s.spellings('нщквфь', 'en')]", None) == [["ghfdj"], ["нщквфь"]]


# Browser: (language prefix, as typed, the word meant, the query the page says it searched)
# for each kind in each language.
CONVERTED = [
    ("", "xуқуқ", "ҳуқуқ", "хуқуқ"),  # look-alikes: Latin x
    ("", "fldjrfn", "адвокат", "адвокат"),  # the Russian layout's keys on QWERTY
    ("", "huquq", "ҳуқуқ", "ҳуқуқ"),  # Latin letters, informal Tajik
    ("", "qonun", "қонун", "қонун"),
    ("ru/", "BИЧ", "вич", "ВИЧ"),  # Latin B
    ("ru/", "пpаво", "право", "право"),  # Latin p
    ("ru/", "ghfdj", "право", "право"),
    ("ru/", "pravo", "право", "право"),
    ("ru/", "zhaloba", "жалоба", "жалоба"),
    ("ru/", "vich", "вич", "вич"),
    ("ru/", "militsiya", "милиция", "милиция"),
    ("", "милиция", "милитсия", "милитсия"),  # Russian spelling, Tajik page (RESPELL)
    ("", "конституция", "конститутсия", "конститутсия"),
    ("uz/", "aдвокат", "адвокат", "адвокат"),  # Latin a
    ("uz/", "[erer", "ҳуқуқ", "хукук"),  # х у к у к on QWERTY keys, "[" included
    ("uz/", "huquq", "ҳуқуқ", "ҳуқуқ"),  # the official Uzbek Latin alphabet
    ("uz/", "yordam", "ёрдам", "ёрдам"),
    # A Latin word typed with the Russian layout active: its keys, transliterated.
    ("uz/", "нщквфь", "ёрдам", "ёрдам"),  # yordam
    ("uz/", "фвмщлфе", "адвокат", "адвокат"),  # advokat
    ("uz/", "ьшдшеышнф", "милиция", "милиция"),  # militsiya
    ("uz/", "ргйгй", "ҳуқуқ", "ҳуқуқ"),  # huquq
    ("", "ргйгй", "ҳуқуқ", "ҳуқуқ"),
    ("", "йщтгт", "қонун", "қонун"),  # qonun
    ("ru/", "зкфмщ", "право", "право"),  # pravo
]


def _find(page, url: str, query: str) -> list[str]:
    """Open the search on `url`, type `query`, return the result links' paths once the page
    has answered (nothing found, a count, or what was searched)."""
    return _search(page, url, query, answers=("none", "count", "converted"))


def _meta(page) -> str:
    return page.inner_text(".react-search .md-search-result__meta")


def _shards(page) -> set[str]:
    return {f for f in page.__fetched if "/search/s/" in f}


@pytest.mark.browser
@pytest.mark.parametrize(("prefix", "typed", "meant", "said"), CONVERTED,
                         ids=[f"{p or 'tg/'}{t}" for p, t, _, _ in CONVERTED])
def test_a_query_typed_in_the_wrong_script_or_layout_finds_what_the_word_finds(
        built_site: Path, serve_site: str, page, prefix: str, typed: str, meant: str, said: str) -> None:
    words = _index_words(built_site, prefix)
    assert [w for w in words if w.startswith(meant)], f"{meant!r} is not in the index"
    expected = _find(page, serve_site + prefix, meant)
    expected_shards = _shards(page)
    assert expected and "«" not in _meta(page)
    found = _find(page, serve_site + prefix, typed)
    assert found == expected  # the same pages, in the same order
    text = page.eval_on_selector(".react-search", "b => b.dataset.reactTextConverted")
    assert _meta(page).startswith(text.replace("{query}", said)), _meta(page)
    # The converted query's shards, and any a spelling tried before it needed.
    assert expected_shards <= _shards(page), (expected_shards, _shards(page))
    assert all(f.startswith(f"/{prefix}search/") for f in page.__fetched)


@pytest.mark.browser
@pytest.mark.parametrize(("prefix", "word"), [("", "Shift"), ("ru/", "no"), ("ru/", "PLHIV"),
                                              ("uz/", "Excel")])
def test_a_latin_word_in_a_cyrillic_page_is_found_as_typed(built_site: Path, serve_site: str,
                                                           page, prefix: str, word: str) -> None:
    assert word.lower() in _index_words(built_site, prefix)
    found = _find(page, serve_site + prefix, word)
    assert found and "«" not in _meta(page), _meta(page)
    if word == "no":  # "но" (its transliteration) finds other pages: as typed comes first
        assert set(found) != set(_find(page, serve_site + prefix, "но"))
    page.goto(serve_site.rstrip("/") + found[0])
    assert re.search(rf"\b{word}\b", page.inner_text("body"), re.IGNORECASE)


@pytest.mark.browser
def test_english_pages_are_not_converted(serve_site: str, page) -> None:
    none = None
    for typed in ("ghfdj", "pravo", "xуқуқ"):
        assert _find(page, serve_site + "en/", typed) == []
        none = none or page.eval_on_selector(".react-search", "b => b.dataset.reactTextNone")
        assert _meta(page) == none
    assert _find(page, serve_site + "en/", "lawyer")
    assert "“" not in _meta(page)


@pytest.mark.browser
def test_the_page_for_a_missing_address_says_what_was_searched_in_its_language(
        built_site: Path, page) -> None:
    """The host serves the root 404.html (Tajik) for /ru/...: its search speaks Russian."""
    with serve_folder(built_site, PagesLikeHandler) as address:
        _find(page, address + "ru/no-such-page/", "ghfdj")
    assert _meta(page).startswith("Результаты по запросу «право»"), _meta(page)


def test_a_converted_query_works_from_the_offline_zip(mini: MiniProject, tmp_path: Path, page) -> None:
    """kb dist's ZIP, opened from file://: the conversion loads its shards as scripts too."""
    mini.page("index", "tg", title="Саҳифаи асосӣ", body="Матн.\n")
    mini.guide("police-detention", "tg", body="## Қадамҳо\n\nҲуқуқи шумо.\n")
    result = CliRunner().invoke(main, ["--root", str(mini.root), "dist", "--out", str(tmp_path / "dist")])
    assert result.exit_code == 0, result.output
    folder = tmp_path / "unzipped"
    with zipfile.ZipFile(tmp_path / "dist/react-kb-tg.zip") as archive:
        archive.extractall(folder)
    # Spelled in Latin letters; typed on QWERTY keys and in capitals (Caps Lock).
    for typed, searched in (("huquqi", "«ҳуқуқи»"), ("[ERER", "«"), ("HUQUQ", "«")):
        page.goto((folder / "index.html").as_uri())
        page.click(".react-search__open")
        page.fill(".react-search input", typed)
        result_link = page.locator(".react-search .md-search-result__link").first
        result_link.wait_for()
        assert result_link.get_attribute("href").startswith("file://")
        assert searched in _meta(page), (typed, _meta(page))
