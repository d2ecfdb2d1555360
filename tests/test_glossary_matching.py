"""The fast way of finding glossary terms (`PhraseFinder`, scripts/glossary/matching.py) finds
exactly what the one regular expression of `phrase_pattern` finds: the same matches, at the
same places, for the same terms, and the variants to avoid give the same problems.

`PhraseFinder` trusts `fold` to keep every letter `re` takes for another (IGNORECASE) on the
same character, position for position: checked here for every Unicode character against the
rules `re` compiles IGNORECASE literals with, then end to end over every guide of content/,
synthetic guides made like the benchmark's, and texts made to break it.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scripts.bench import synthetic_guides
from scripts.content import Document, read_documents
from scripts.errors import Problems
from scripts.glossary.feature import GlossaryFeature
from scripts.glossary.matching import _SAME_LETTERS, PhraseFinder, fold, phrase_pattern
from scripts.glossary.reader import Glossary, read_glossary
from scripts.project import Project

REPO = Path(__file__).resolve().parents[1]
EVERY_CHARACTER = "".join(chr(code) for code in range(sys.maxunicode + 1)
                          if not 0xD800 <= code < 0xE000)  # no lone surrogates in text


def scanned(phrases: list[str], text: str) -> list[tuple[tuple[int, int], str | None, str]]:
    """What the plain scan of `phrase_pattern` finds: (span, group name, matched text)."""
    pattern = phrase_pattern(phrases)
    return [] if pattern is None else [(m.span(), m.lastgroup, m.group(0))
                                       for m in pattern.finditer(text)]


def found(phrases: list[str], text: str) -> list[tuple[tuple[int, int], str | None, str]]:
    """What `PhraseFinder` finds, in the same form as `scanned`."""
    return [(m.span(), m.lastgroup, m.group(0))
            for m in PhraseFinder(tuple(phrases)).finditer(text)]


def assert_same(phrases: list[str], texts: list[str]) -> None:
    """`PhraseFinder` finds in each of `texts` what the scan does, and names as candidates
    every text in which the scan finds something."""
    finder = PhraseFinder(tuple(phrases))
    pattern = phrase_pattern(phrases)
    with_matches = set()
    for index, text in enumerate(texts):
        expected = [] if pattern is None else [(m.span(), m.lastgroup, m.group(0))
                                               for m in pattern.finditer(text)]
        assert [(m.span(), m.lastgroup, m.group(0)) for m in finder.finditer(text)] == expected, text
        if expected:
            with_matches.add(index)
    assert with_matches <= set(finder.candidates(texts))


# -- fold: the letters `re` takes for one another -------------------------------------------------

def test_same_letters_are_the_extra_cases_of_re() -> None:
    """The groups of letters that `re` matches although their lower cases differ are the ones
    `_SAME_LETTERS` lists (a new Python may add some: then add them there)."""
    casefix = pytest.importorskip("re._casefix")
    groups = {frozenset((code, *others)) for code, others in casefix._EXTRA_CASES.items()}
    assert groups == {frozenset(map(ord, group)) for group in _SAME_LETTERS}


def test_fold_is_what_re_ignorecase_compares_for_every_character() -> None:
    """`re` with IGNORECASE matches text character t to pattern letter p when p has no case
    and t is p, or when the simple lower case of t is that of p or one of its extra cases
    (re/_compiler.py: `tolower`, `fixes`). So `fold` must give every character its simple
    lower case, the extra cases merged: then equal under `re` means equal after `fold`."""
    sre = pytest.importorskip("_sre")
    casefix = pytest.importorskip("re._casefix")
    first = {code: min((code, *others)) for code, others in casefix._EXTRA_CASES.items()}
    for char in EVERY_CHARACTER:
        lower = sre.unicode_tolower(ord(char))
        assert fold(char) == chr(first.get(lower, lower)), hex(ord(char))
    # Position for position in running text too (a final Σ lowers to ς there, not σ).
    assert fold(EVERY_CHARACTER) == "".join(map(fold, EVERY_CHARACTER))
    assert fold("ΟΔΟΣ ΟΔΟΣ.") == fold("οδοσ οδοσ.") == fold("οδος οδος.")


def test_fold_agrees_with_re_on_every_letter_that_has_case() -> None:
    """The same, asked of `re` itself: every letter with a case (or an extra case), matched
    against all of them; and no character without one is matched by any of them."""
    cased = "".join(c for c in EVERY_CHARACTER if c.lower() != c or c.upper() != c
                    or any(c in group for group in _SAME_LETTERS))
    for letter in cased:
        for match in re.finditer(re.escape(letter), cased, re.IGNORECASE):
            assert fold(match.group(0)) == fold(letter), (letter, match.group(0))
    any_cased = re.compile("[" + re.escape(cased) + "]", re.IGNORECASE)
    assert set(any_cased.findall(EVERY_CHARACTER)) == set(cased)


def test_fold_lines_up_or_says_it_cannot() -> None:
    assert fold("İstanbul ISTANBUL ıstanbul") == "istanbul istanbul istanbul"
    assert fold("ſtate ﬅ ﬆ") == "state ﬅ ﬅ"
    assert fold("ВОДА воᲁа ᲀода") == "вода вода вода"
    assert fold("Straße") == "straße"  # re does not take ß for ss: nor does fold
    for text in ("", "abc", "İ" * 3, EVERY_CHARACTER[:5000]):
        folded = fold(text)
        assert folded is not None and len(folded) == len(text)


# -- the finder against the scan ------------------------------------------------------------------

TRICKY = [
    # Case, Turkish i's, long s, Kelvin sign, Greek final sigma, Cyrillic old letter forms.
    (["istanbul", "kız"], "İstanbul ISTANBUL ıstanbul İSTANBUL KIZ kiz KİZ Kız"),
    (["İzmir", "ıspanak"], "izmir IZMIR İZMİR ızmir ISPANAK ispanak İspanak"),
    (["state", "kelvin"], "ſtate STATE ſtatement \u212aelvin"),
    (["σοφια", "οδος"], "ΣΟΦΙΑ ΟΔΟΣ οδος οδοσ ΟΔΟΣ."),
    (["вода", "кумак"], "ВОДА воᲁа ВОᲁА ᲀОДА КУМАК кӯмак кумакрасон Кумак"),
    (["strasse", "straße"], "Straße STRASSE strasse STRAẞE"),
    # Words: never inside a longer one, at the edges of the text, next to punctuation.
    (["суд", "судебный"], "суд, судебный суды (суд) подсуд суд"),
    (["aid"], "aid aidaid aid-aid _aid aid_ aid1 1aid aid"),
    # Longest first, overlapping terms, one inside another, back to back.
    (["legal aid", "free legal aid", "aid", "legal"],
     "free legal aid; legal aid; free  legal\n aid; free legal; aid aid legal"),
    (["a b", "b c", "a b c", "b"], "a b c b c a b b a  b\tc"),
    # A word that is the start of another term's word; a term that starts another.
    (["право", "правовая помощь", "правовой помощи"],
     "Правовая\nпомощь, правовой   помощи, правовая, право, правовая помощьи"),
    # Terms over line breaks and any white space between words.
    (["criminal detention", "code of administrative offences"],
     "criminal\ndetention, Criminal\n\n  Detention, CODE OF\tADMINISTRATIVE\r\nOFFENCES"),
    # Punctuation and regular-expression characters in terms.
    (["секс-работа", "(ВИЧ)", "a.b", "c++"], "Секс-Работа (вич) a.b axb C++ c+"),
    # Tajik and Uzbek letters.
    (["ёрии ҳуқуқӣ", "ҳимоя", "ўғил"], "Ёрии ҲУҚУҚӢ ёрии ҳуқуқӣи ҳимояи ҲИМОЯ ЎҒИЛ ўғил"),
]


@pytest.mark.parametrize(("phrases", "text"), TRICKY)
def test_the_finder_finds_what_the_scan_finds_in_tricky_text(phrases, text) -> None:
    assert_same(phrases, [text, text.upper(), text.lower(), text.casefold(), text.swapcase(),
                          text.title(), text.replace(" ", "\n"), "x" + text, text + "x"])
    assert scanned(phrases, text)  # the cases are about something found


def test_terms_the_finder_cannot_prefilter_are_scanned() -> None:
    assert found([], "anything") == []
    assert found(["   "], "a  b") == scanned(["   "], "a  b")
    assert found(["legal aid", ""], "legal aid x") == scanned(["legal aid", ""], "legal aid x")


def test_the_finder_finds_what_the_scan_finds_in_every_guide() -> None:
    """Over content/ and synthetic guides made as the benchmark makes them (each guide varied):
    each language's terms in its texts (as pages are searched), its variants to avoid in its
    texts and their lines (as `kb check` searches), every term of all languages in all texts."""
    project = Project(REPO)
    texts = {path.name: path.read_text(encoding="utf-8")
             for path in sorted(project.content_dir.rglob("*.md"))}
    texts |= synthetic_guides(project.content_dir / "guides", 3)
    glossary = read_glossary(project.content_dir / "glossary.yml", project.codes, Problems())
    every_phrase = []
    for code in project.codes:
        entries = [entry for _, entry in glossary.in_language(code)]
        terms = [entry.term for entry in entries]
        variants = [variant for entry in entries for variant in entry.avoid]
        own = [text for name, text in texts.items() if name.endswith(f".{code}.md")]
        assert terms and variants and own
        assert_same(terms, own)
        assert_same(variants, own)
        assert_same(variants, [line for text in own for line in text.split("\n")])
        every_phrase += terms + variants
    assert_same(every_phrase, list(texts.values()))


ALPHABET = st.sampled_from(list("aAbBiIıİsSſkK\u212aσςΣвВᲀоОᲂßẞ-.( \t\n_1ёЁҳҲӣӢ"))


@settings(max_examples=400, deadline=None)
@given(st.lists(st.text(ALPHABET, min_size=1, max_size=8), min_size=1, max_size=5),
       st.lists(st.text(ALPHABET, max_size=60), max_size=4))
def test_the_finder_finds_what_the_scan_finds_in_random_text(phrases, texts) -> None:
    # Random text made of the terms' own pieces, so that something is found now and then.
    texts += [" ".join(phrases), "\n".join(phrases).upper(), "x".join(texts + phrases)]
    assert_same(phrases, texts)


# -- the glossary feature as before -----------------------------------------------------------------

def variant_problems_by_scan(glossary: Glossary, documents: list[Document],
                             problems: Problems) -> None:
    """`GlossaryFeature.variant_problems` as it was: the pattern scanned over every line."""
    for doc in documents:
        variants = [(term.id, entry.term, variant)
                    for term, entry in glossary.in_language(doc.lang) for variant in entry.avoid]
        pattern = phrase_pattern([v for _, _, v in variants])
        if pattern is None:
            continue
        lines = [(doc.line_of("title"), doc.title), (doc.line_of("summary"), doc.summary)]
        in_code = False
        for number, line in enumerate(doc.body.split("\n"), start=doc.body_line):
            if re.match(r"^\s*(```|~~~)", line):
                in_code = not in_code
            elif not in_code:
                lines.append((number, re.sub(r"`[^`]*`", "", line)))
        for line_number, text in lines:
            for match in pattern.finditer(text):
                term_id, preferred, _ = variants[int(str(match.lastgroup)[1:])]
                problems.add(doc.path, "glossary-variant",
                             f"`{match.group(0)}` is a variant to avoid: the preferred term is "
                             f"`{preferred}` (content/glossary.yml, `{term_id}`)",
                             f"write `{preferred}`; if the variant is right here, change the "
                             "glossary", line=line_number)


def test_variants_and_page_terms_are_the_same_as_by_scan(tmp_path: Path) -> None:
    project = Project(REPO)
    glossary = read_glossary(project.content_dir / "glossary.yml", project.codes, Problems())
    documents = read_documents(project.content_dir, project.codes, Problems())
    # Guides full of variants: each variant's line with its words' case and spacing changed,
    # inside code (not reported), after code spans, and split over two lines (not reported).
    for doc in list(documents)[:40]:
        variants = [v for _, entry in glossary.in_language(doc.lang) for v in entry.avoid]
        extra = []
        for variant in variants:
            extra += [variant.upper(), variant.replace(" ", "  "), f"`code` {variant}`x`",
                      f"x`{variant}`y", "```", variant, "```", "~~~", variant.title(), "~~~",
                      variant.replace(" ", "\n"), f"pre`x`{variant}", f"{variant}`x`post"]
        documents.append(Document(doc.path.with_name("extra-" + doc.path.name), doc.section,
                                  "extra-" + doc.slug, doc.lang, dict(doc.meta),
                                  doc.body + "\n" + "\n".join(extra) + "\n", doc.body_line,
                                  doc.key_lines))
    fast, slow = Problems(), Problems()
    glossary_feature = GlossaryFeature()
    glossary_feature.glossary = glossary
    glossary_feature.variant_problems(documents, fast)
    variant_problems_by_scan(glossary, documents, slow)
    assert fast.items == slow.items
    assert len(slow.items) > 40  # the extra guides' variants are found
    # The terms each guide links: as the scan of its body finds them.
    linked = 0
    for doc in documents:
        terms = glossary.in_language(doc.lang)
        pattern = phrase_pattern([entry.term for _, entry in terms])
        assert pattern is not None
        by_scan = sorted({int(str(m.lastgroup)[1:]) for m in pattern.finditer(doc.body)})
        page = SimpleNamespace(doc=doc, path=f"{doc.lang}/guides/{doc.slug}.md")
        meta = glossary_feature.page_meta(None, page)  # type: ignore[arg-type]
        if doc.section != "guides" or not by_scan:
            assert meta == {}
            continue
        assert meta["glossary"]["terms"] == [[terms[i][0].id, terms[i][1].term] for i in by_scan]
        linked += 1
    assert linked > 20
