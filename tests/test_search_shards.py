"""The split search index (scripts/safety/search_shards.py, search.js's Engine) finds what the
whole index found, in the same order, and a first search stays small as the site grows.

The browser's own code runs in Node (scripts/safety/search_probe.js) on the files the build writes,
beside the ranking of search.js before the split over every entry; both must give the same
entries (address, title, heading, text) with the same scores in the same order, for every
word of the index, its prefixes, its folded spellings and queries of several words: on the
sample's built site and on a corpus of 400 realistic guides per language (`kb bench`'s).
"""

from __future__ import annotations

import gzip
import json
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from scripts.page_assets import minify_js
from scripts.safety.feature import SafetyFeature, search_script
from scripts.safety.search_shards import FOLD, PAGES, QWERTY, join, split, typed_on_qwerty, words

from .conftest import REPO
from .search_corpus import guide_entries

NODE = ["node", str(REPO / "scripts" / "safety" / "search_probe.js")]
SHOWN = 10  # results whose texts a first search fetches (search.js's SHOWN_AT_ONCE)
FIRST_SEARCH_BUDGET = 40 * 1024  # gzip bytes at N = 400 guides per language (issue 18)
LOOKALIKES = {letter: lookalike for letter, lookalike in FOLD.items()}


def compare(folder: Path, entries: list[dict], queries: list[str]) -> list[dict]:
    """search_probe.js's answer for `queries` on the split index in `folder`."""
    data = json.dumps({"dir": str(folder), "entries": entries, "queries": queries, "shown": SHOWN})
    out = subprocess.run(NODE, input=data, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def write(files: dict[str, bytes], folder: Path) -> Path:
    for rel, data in files.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_bytes(data)
    return folder


def queries_of(entries: list[dict], count: int, seed: int) -> list[str]:
    """Words of the index, as typed: prefixes of every length, with Russian look-alikes for
    Tajik letters, capitals, queries of two and three words, words typed on QWERTY keys
    and with a Latin look-alike (both converted by search.js) (`count` in all)."""
    rng = random.Random(seed)
    vocabulary = sorted({w for e in entries for field in ("t", "h", "x")
                         for w in re.split(r"[\W_]+", e[field].lower()) if w})
    queries = ["ҳуқуқ", "хукук", "ҲУҚУҚ", "адвокат", "права на адвоката", "в", "а", "2020", "zzzz"]
    while len(queries) < count:
        word = rng.choice(vocabulary)
        query = word[:rng.randint(1, len(word))]
        kind = rng.random()
        if kind < 0.2:
            query = "".join(LOOKALIKES.get(c, c) for c in query)
        elif kind < 0.3:
            query = query.upper()
        elif kind < 0.4:  # ("б" alone is "," on QWERTY: no word, the page shows its hint)
            query = typed_on_qwerty(query) if kind < 0.35 and words(typed_on_qwerty(query)) \
                else query.replace("а", "a").replace("о", "o")
        elif kind < 0.6:
            more = [rng.choice(vocabulary)[:rng.randint(2, 6)] for _ in range(rng.randint(1, 2))]
            query = " ".join([query, *more])
        queries.append(query)
    return queries


def assert_same_ranking(answers: list[dict]) -> None:
    """The split index ranks as the whole one, for the query searched (a converted one too)."""
    found = converted = 0
    for answer in answers:
        assert answer["split"] == answer["whole"], answer["query"]
        found += bool(answer["whole"])
        converted += bool(answer["converted"])
    assert found > len(answers) // 2  # most queries find something: the comparison means something
    assert converted >= len(answers) // 25  # and some of them only once converted


def test_the_fold_is_search_js_fold() -> None:
    script = (REPO / "overrides/assets/javascripts/search.js").read_text(encoding="utf-8")
    assert json.loads(re.search(r"var FOLD = (\{[^}]*\});", script)[1]) == FOLD  # type: ignore[index]


def test_python_and_the_browser_cut_the_same_words() -> None:
    """The shards are cut in Python, the query in JavaScript: any difference loses results."""
    texts = ["Ҳуқуқи ҳимоячӣ", "ҲУҚУҚ", "snake_case and kebab-case", "модда 5, қисми 2-юм",
             "Ҳу\u00adқуқ ҳимоя\u200bчӣ", "и\u0304 and ӯ", "«ҳуқуқ»: (адвокат)", "x²+½ Ⅻ", "ΟΔΟΣ İstanbul",
             "ё Ё ў Ў ғ Ғ", "tab\there\nnewline", "emoji 🙂 word", "١٢٣ арабӣ", "ǅ titlecase"]
    script = ("const {words} = require(process.argv[1]);"
              "process.stdout.write(JSON.stringify(JSON.parse(require('fs').readFileSync(0, 'utf8'))"
              ".map(words)))")
    out = subprocess.run(["node", "-e", script, str(REPO / "overrides/assets/javascripts/search.js")],
                         input=json.dumps(texts), capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == [words(text) for text in texts]


def test_split_then_join_gives_the_entries_back() -> None:
    entries = guide_entries(5, ("tg",))["tg"]
    assert join(split(entries, "tg").files) == entries


def test_a_split_after_an_edit_equals_a_split_in_a_fresh_process() -> None:
    """kb serve's worker splits its language's index after every edit, reusing the last
    split's counts of the entries whose heading and text are the same: the files are those
    of a split that counted every entry (a fresh process's)."""
    entries = guide_entries(5, ("tg",))["tg"]
    split(entries, "tg")
    edited = [dict(entry) for entry in entries]
    edited[3]["x"] = edited[3]["x"] + " ҳуқуқи нав"
    del edited[7]
    again = split(edited, "tg").files
    fresh = subprocess.run(
        [sys.executable, "-c", "import json, sys; from scripts.safety.search_shards import split; "
         "files = split(json.load(sys.stdin), 'tg').files; "
         "print(json.dumps({k: v.decode() for k, v in files.items()}))"],
        input=json.dumps(edited), capture_output=True, text=True, check=True, cwd=REPO).stdout
    assert {k: v.decode() for k, v in again.items()} == json.loads(fresh)


def test_split_ranks_as_the_whole_index_on_a_small_corpus(tmp_path: Path) -> None:
    entries = guide_entries(30, ("tg",))["tg"]
    folder = write(split(entries, "tg").files, tmp_path)
    assert_same_ranking(compare(folder, entries, queries_of(entries, 300, seed=1)))


def test_split_ranks_as_the_whole_index_on_the_sample_site(built_site: Path, tmp_path: Path) -> None:
    for prefix, lang in (("", "tg"), ("ru/", "ru"), ("uz/", "uz")):
        folder = built_site / prefix / "search"
        files = {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*.json")}
        entries = join(files)
        assert json.loads(files[PAGES])["lang"] == lang and len(entries) > 50
        assert_same_ranking(compare(folder, entries, queries_of(entries, 200, seed=2)))


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[list[dict], Path]]:
    """400 synthetic guides per language (Tajik and Russian) plus the sample's, split."""
    corpus = guide_entries(400, ("tg", "ru"))
    return {lang: (entries, write(split(entries, lang).files, tmp_path_factory.mktemp(lang)))
            for lang, entries in corpus.items()}


@pytest.mark.slow
def test_split_ranks_as_the_whole_index_at_400_guides(large) -> None:
    for lang, (entries, folder) in large.items():
        assert len(entries) > 4000, lang
        assert_same_ranking(compare(folder, entries, queries_of(entries, 150, seed=3)))


@pytest.mark.slow
def test_a_first_search_at_400_guides_fetches_at_most_40_kb_gzip(large) -> None:
    """The table, one shard per query word and the texts of the first results shown: for the
    words a reader types most (the most frequent of the index, shortest prefixes included)."""
    worst = (0, "")
    for lang, (entries, folder) in large.items():
        counts: dict[str, int] = {}
        for e in entries:
            for w in words(f"{e['t']} {e['h']} {e['x']}"):
                counts[w] = counts.get(w, 0) + 1
        common = sorted(counts, key=lambda w: -counts[w])[:40]
        queries = common + [w[:n] for w in common[:10] for n in (1, 2, 3)]
        queries += [" ".join(common[i:i + 3]) for i in range(0, 30, 3)]
        typed = [typed_on_qwerty(w) for w in common if set(w) & set(QWERTY)][:20]  # search.js converts them
        for answer in compare(folder, [], queries + typed):
            if answer["query"] in typed:
                assert answer["converted"], answer["query"]
            assert answer["first_search"][0] == PAGES and len(answer["first_search"]) <= 1 + 3 + SHOWN
            size = sum(len(gzip.compress((folder / f).read_bytes(), 6)) for f in answer["first_search"])
            worst = max(worst, (size, f"{lang}: {answer['query']!r}"))
        whole = len(gzip.compress(json.dumps(entries, ensure_ascii=False).encode(), 6))
        assert whole > 10 * FIRST_SEARCH_BUDGET  # what one index would cost: the split matters
    # The search's own script comes with the first search (a page loads it only then:
    # page_assets' `on_demand`), minified as the build writes it.
    script = len(gzip.compress(minify_js((REPO / "overrides/assets/javascripts/search.js").read_bytes(),
                                         "search.js"), 6))
    assert script > 4 * 1024 and worst[0] + script <= FIRST_SEARCH_BUDGET, (worst, script)


def test_the_bench_counts_the_search_script_the_pages_name_not_a_stale_one(built_site: Path,
                                                                           tmp_path: Path) -> None:
    """`kb bench`'s first search adds the search's own script: the one the home page's search
    box names, once, even when assets/ still holds an older build's search.<hash>.js."""
    named = search_script(built_site)
    assert named is not None and re.fullmatch(r"search\.[0-9a-f]{10}\.js", named.name)
    html = (built_site / "index.html").read_text(encoding="utf-8")
    assert f'data-react-search-script="assets/javascripts/{named.name}"' in html
    site = tmp_path / "site"
    site.mkdir()
    for name in ("index.html", "search", "assets/javascripts"):
        source, target = built_site / name, site / name
        if source.is_dir():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copytree(source, target)
        else:
            target.write_bytes(source.read_bytes())
    before = SafetyFeature.first_search(site)
    stale = site / "assets" / "javascripts" / "search.0123456789.js"
    stale.write_bytes(named.read_bytes() + b"/* an older build's */" * 200)
    assert SafetyFeature.first_search(site) == before
    assert before is not None and before[0] > len(gzip.compress(named.read_bytes(), 6))
