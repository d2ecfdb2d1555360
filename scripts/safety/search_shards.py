r"""A language's search index split so that a query fetches only what it needs.

The search (`overrides/assets/javascripts/search.js`) ranks *entries* (one per section of a
page, `search_index.page_entries`): every query word must start a word of the entry's page
title, heading or text; a word in the title lifts the page's own entry (x10, others x1), in the
heading x6, in the text x1 (at most 5 a word). That ranking is kept exactly; what changes is
how the index reaches the browser. Files, under `search/` of each language:

- `index.json`, the table every search reads first (a few KB): where each page's entries
  start, which entries have no heading (a page's own entry: the x10), which file holds each
  shard key, and where each chunk of texts starts;
- `s/<n>.json`, *shards* of an inverted index keyed by the first letters of words, folded as
  search.js folds them (ҳ->х, қ->к, ...; `fold`). A *word shard* holds every word that starts
  with its key and, for each word, the pages whose title holds it and the entries whose
  heading or text holds it, with how many times. A *sum shard* holds the same counts added up
  over all the words that start with its key: what a query word equal to the key needs. Every
  letter has a sum shard; words then go to word shards of two letters, and a word shard
  larger than `WORD_SHARD_BYTES` becomes a sum shard plus word shards one letter longer. A
  query word reads exactly one shard: the word shard of its longest key, or the sum shard of
  the key equal to it. Small shards share a file (`FILE_BYTES`);
- `d/<n>.json`, *chunks* of consecutive entries' anchor, heading and text, with their pages'
  address and title (`CHUNK_BYTES` each), fetched only for the results the reader sees.

The counts use the same words as search.js: `fold` (the same letters, the same order of
steps) and `words` (split on whatever is not a letter or digit: Python's `[\W_]` is
JavaScript's `[^\p{L}\p{N}]`). tests/test_search_shards.py runs the browser's code on these
files against the ranking over the whole index.

Posting lists are flat arrays of numbers, `[gap, count, gap, count, ...]`, where gap is the
difference from the previous page (or entry) number, and an entry's count is
`heading_count * 6 + min(text_count, 5)` (text counts above 5 rank as 5 in search.js).
"""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

# search.js's FOLD, letter for letter (tests/test_search_shards.py compares them).
FOLD = {"ғ": "г", "қ": "к", "ҳ": "х", "ҷ": "ч", "ӣ": "и", "ӯ": "у", "ў": "у", "ё": "е"}
_FOLD_TABLE = str.maketrans(FOLD)
INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")
SEPARATOR = re.compile(r"[\W_]+")
KEY_LETTERS = 2  # a shard key is the first two letters of a word (one for a one-letter word)
BODY_CAP = 5  # search.js counts at most 5 words of a section's text per query word
HEADING_WEIGHT = BODY_CAP + 1  # packs (heading, text) counts into one number
WORD_SHARD_BYTES = 12288  # a larger word shard is split by one more letter
FILE_BYTES = 8192  # small shards share a file until it holds about this many bytes
CHUNK_BYTES = 4096  # entries' texts are fetched in files of about this many bytes

PAGES = "index.json"  # the table every search reads first
# The key of a US QWERTY keyboard that gives each letter on the Russian ЙЦУКЕН layout (the
# inverse of search.js's LAYOUT, without Shift): what a reader types with the keyboard left
# on English. tests/test_search_layouts.py checks both against the layout's rows.
QWERTY = dict(zip("ёйцукенгшщзхъфывапролджэячсмитьбю", "`qwertyuiop[]asdfghjkl;'zxcvbnm,.", strict=True))


def fold(text: str) -> str:
    """`text` as search.js's fold() makes it: invisible characters dropped, NFC, lower case,
    Tajik and Uzbek letters folded to their Russian look-alikes."""
    return unicodedata.normalize("NFC", INVISIBLE.sub("", text)).lower().translate(_FOLD_TABLE)


def words(text: str) -> list[str]:
    """The folded words of `text`, in order (search.js's words())."""
    return [w for w in SEPARATOR.split(fold(text)) if w]


def typed_on_qwerty(text: str) -> str:
    """`text` as typed on QWERTY keys with the Russian layout in mind ("право" -> "ghfdj"):
    folded first (a Tajik ҳ is typed as х), letters without a key left as they are."""
    return "".join(QWERTY.get(c, c) for c in fold(text))


def key_of(word: str) -> str:
    """The shard key of a folded word: its first two letters (one for a one-letter word)."""
    return word[:KEY_LETTERS]


def _dumps(data: object) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _gaps(pairs: list[tuple[int, int]]) -> list[int]:
    """[(number, count)] sorted by number -> [gap, count, gap, count, ...]."""
    flat: list[int] = []
    previous = 0
    for number, count in pairs:
        flat += [number - previous, count]
        previous = number
    return flat


@dataclass
class Split:
    """The files of one language's split index: {path under search/: bytes}."""

    files: dict[str, bytes]

    @property
    def paths(self) -> list[str]:
        """Every file's path under `search/`, the table first."""
        return [PAGES, *sorted(p for p in self.files if p != PAGES)]


Postings = tuple[dict[int, int], dict[int, int]]  # ({page: title count}, {entry: packed count})


def _sum(postings: list[Postings]) -> Postings:
    """The counts of several words added up (text counts capped again after adding)."""
    titles: dict[int, int] = defaultdict(int)
    heading: dict[int, int] = defaultdict(int)
    body: dict[int, int] = defaultdict(int)
    for page_counts, entry_counts in postings:
        for page, n in page_counts.items():
            titles[page] += n
        for entry, packed in entry_counts.items():
            heading[entry] += packed // HEADING_WEIGHT
            body[entry] += packed % HEADING_WEIGHT
    return dict(titles), {entry: heading[entry] * HEADING_WEIGHT + min(body[entry], BODY_CAP)
                          for entry in heading}


def _encode(postings: Postings) -> list[list[int]]:
    return [_gaps(sorted(postings[0].items())), _gaps(sorted(postings[1].items()))]


def _shards(index: dict[str, Postings]) -> tuple[dict[str, object], dict[str, object]]:
    """({key: sum shard}, {key: word shard}) of every word's postings (see the module)."""
    sums: dict[str, object] = {}
    word_shards: dict[str, object] = {}

    def place(prefix: str, found: list[str]) -> None:
        shard = {word: _encode(index[word]) for word in found}
        if len(found) == 1 or len(_dumps(shard)) <= WORD_SHARD_BYTES:
            word_shards[prefix] = shard
            return
        sums[prefix] = _encode(_sum([index[word] for word in found]))
        longer: dict[str, list[str]] = defaultdict(list)
        for word in found:
            if len(word) > len(prefix):
                longer[word[:len(prefix) + 1]].append(word)
        for key, group in longer.items():
            place(key, group)

    by_letter: dict[str, list[str]] = defaultdict(list)
    for word in sorted(index):
        by_letter[word[0]].append(word)
    for letter, found in by_letter.items():
        sums[letter] = _encode(_sum([index[word] for word in found]))
        longer: dict[str, list[str]] = defaultdict(list)
        for word in found:
            if len(word) >= KEY_LETTERS:
                longer[key_of(word)].append(word)
        for key, group in longer.items():
            place(key, group)
    return sums, word_shards


# The words of each entry's heading and text counted by the last `split` (kb serve's worker
# splits its language's index after every edit, where one page's entries changed).
_COUNTED: dict[tuple[str, str], tuple[Counter[str], Counter[str]]] = {}


def split(entries: list[dict], lang: str) -> Split:
    """Split a language's entries (`[{"u", "t", "h", "x"}]`, each page's entries together, its
    own entry first, as the plugin collects them) into the files described above.

    Entry numbers are positions in `entries`; a page is a run of entries with the same address
    (before `#`) and title. Returns every file, the table included, as UTF-8 JSON bytes.
    """
    pages: list[tuple[str, str, int]] = []  # (address, title, first entry)
    for number, entry in enumerate(entries):
        url = entry["u"].split("#", 1)[0]
        if not pages or pages[-1][:2] != (url, entry["t"]):
            pages.append((url, entry["t"], number))

    index: dict[str, Postings] = defaultdict(lambda: ({}, {}))
    for page, (_, title, _) in enumerate(pages):
        for word in words(title):
            titles = index[word][0]
            titles[page] = titles.get(page, 0) + 1
    global _COUNTED
    counted, _COUNTED = _COUNTED, {}
    for number, entry in enumerate(entries):
        texts = (entry["h"], entry["x"])
        heading, body = _COUNTED[texts] = counted.get(texts) or (Counter(words(texts[0])),
                                                                 Counter(words(texts[1])))
        for word in heading.keys() | body.keys():
            index[word][1][number] = heading[word] * HEADING_WEIGHT + min(body[word], BODY_CAP)
    sums, word_shards = _shards(index)

    files: dict[str, bytes] = {}
    file_of: dict[str, int] = {}
    group: dict[str, object] = {}
    size = 0
    for key, shard in sorted([*sums.items(), *word_shards.items()]):
        data = len(_dumps(shard))
        if group and size + data > FILE_BYTES:
            files[f"s/{len(files)}.json"] = _dumps(group)
            group, size = {}, 0
        group[key] = shard
        size += data
        file_of[key] = len(files)
    if group:
        files[f"s/{len(files)}.json"] = _dumps(group)

    chunks: list[int] = []
    chunk: dict = {}
    size = 0
    page = -1
    for number, entry in enumerate(entries):
        while page + 1 < len(pages) and pages[page + 1][2] <= number:
            page += 1
        row = [entry["u"][len(pages[page][0]):], entry["h"], entry["x"]]
        data = len(_dumps(row))
        if chunk and size + data > CHUNK_BYTES:
            files[f"d/{len(chunks) - 1}.json"] = _dumps(chunk)
            chunk, size = {}, 0
        if not chunk:
            chunks.append(number)
            chunk = {"p": {}, "e": []}
        if str(page) not in chunk["p"]:
            chunk["p"][str(page)] = list(pages[page][:2])
            size += len(_dumps(chunk["p"][str(page)]))
        chunk["e"].append(row)
        size += data
    if chunk:
        files[f"d/{len(chunks) - 1}.json"] = _dumps(chunk)

    blank = [(n, 0) for n, entry in enumerate(entries) if not entry["h"]]
    table = {"lang": lang, "entries": len(entries),
             "pages": _gaps([(first, 0) for _, _, first in pages])[::2],
             "blank": _gaps(blank)[::2], "chunks": _gaps([(n, 0) for n in chunks])[::2],
             "sums": {key: file_of[key] for key in sorted(sums)},
             "words": {key: file_of[key] for key in sorted(word_shards)}}
    files[PAGES] = _dumps(table)
    return Split(files)


def join(files: dict[str, bytes]) -> list[dict]:
    """The entries a split index was made from (`[{"u", "t", "h", "x"}]`), read back from its
    table and chunks: `join(split(entries, lang).files) == entries`. For tests and tools."""
    table = json.loads(files[PAGES])
    starts = [sum(table["pages"][:i + 1]) for i in range(len(table["pages"]))]
    entries: list[dict] = []
    for number in range(len(table["chunks"])):
        chunk = json.loads(files[f"d/{number}.json"])
        for row in chunk["e"]:
            page = max(i for i, start in enumerate(starts) if start <= len(entries))
            url, title = chunk["p"][str(page)]
            entries.append({"u": url + row[0], "t": title, "h": row[1], "x": row[2]})
    return entries


def first_search(folder: Path, shown: int = 10) -> tuple[int, str]:
    """(gzip bytes, query) of the costliest first search on the split index in `folder`,
    among the 40 words most frequent in it, prefixes of one to three letters of the first
    ten, ten queries of three of them, and (Cyrillic languages) the first ten Cyrillic ones typed
    on QWERTY keys, which search.js converts: the files the browser's own code fetches (run by Node:
    scripts/safety/search_probe.js), the texts of the first `shown` results included."""
    files = {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*.json")}
    counts: dict[str, int] = {}
    for entry in join(files):
        for word in words(f"{entry['t']} {entry['h']} {entry['x']}"):
            counts[word] = counts.get(word, 0) + 1
    common = sorted(counts, key=lambda w: (-counts[w], w))[:40]
    queries = common + [w[:n] for w in common[:10] for n in (1, 2, 3)]
    queries += [" ".join(common[i:i + 3]) for i in range(0, 30, 3)]
    if json.loads(files[PAGES])["lang"] != "en":
        queries += [typed_on_qwerty(w) for w in common if set(w) & QWERTY.keys()][:10]
    probe = Path(__file__).resolve().parent / "search_probe.js"
    data = json.dumps({"dir": str(folder), "entries": [], "queries": queries, "shown": shown})
    out = subprocess.run(["node", str(probe)], input=data, capture_output=True, text=True, check=True)
    worst = (0, "")
    for answer in json.loads(out.stdout):
        size = sum(len(gzip.compress((folder / name).read_bytes(), compresslevel=6, mtime=0))
                   for name in answer["first_search"])
        worst = max(worst, (size, answer["query"]))
    return worst
