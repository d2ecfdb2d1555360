"""The SHA-256 of texts, computed once per text in a process.

A build hashes the same texts several times: each generated page of docs/ for the
inventory of what changed (digest.py) and for the check that no trainer note shows on a
participant page (training/leaks.py), the documents' texts for that check's memo key. In
`kb serve` the texts of every page an edit did not change are the very strings of the last
build (the render cache keeps them in memory), so hashing them again was a tenth of a
second of each edit's wait at N = 400 guides per language. Here a text's digest is looked
up by the text itself: the same string is found without reading it (its hash is kept by
Python), an equal one by comparing it, both far cheaper than encoding and hashing it.

Memory: the digests of the last `LIMIT` texts asked are kept with the texts, in two
generations: when the newer one is full, the older is dropped. The texts of one build are
alive meanwhile anyway; what stays besides is earlier versions of edited texts, at most
`LIMIT` of them.
"""

from __future__ import annotations

import hashlib
import threading

LIMIT = 100_000  # texts per generation
_newer: dict[str, str] = {}
_older: dict[str, str] = {}
_LOCK = threading.Lock()  # kb serve lays out PDFs in a thread while the next edit builds


def sha256_hex(text: str) -> str:
    """The SHA-256 (64 hex digits) of `text`'s UTF-8 bytes (lone surrogates, which no file
    read as UTF-8 holds, encoded as they are: "surrogatepass")."""
    global _newer, _older
    found = _newer.get(text)
    if found is not None:
        return found
    found = _older.get(text)
    if found is None:
        found = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    with _LOCK:
        if len(_newer) >= LIMIT:
            _older, _newer = _newer, {}
        _newer[text] = found
    return found
