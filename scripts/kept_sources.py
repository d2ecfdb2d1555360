"""The meta of the pages a partial build does not render again, kept between builds.

A partial build (scripts/incremental.py) renders a few pages, but MkDocs' navigation needs
every page's title and meta: each kept page's source is read and its YAML front matter
parsed (`mkdocs_run._Worker._read_kept`). At N = 400 guides a language's 560 front matters
are 300 KB of YAML, half of it the glossary's terms, which took 0.2-0.3 s of each language
build of an edit. Here each page's Markdown offset and meta are kept by the BLAKE2b digest
of its source, in `.cache/kept-meta/<language>.pickle`: recorded as every page is read
(`record`, by MkDocs in a whole build, by `parse` in a partial one), written at the end of
the language's build (`save`), taken by `parse` in the next partial build.

The file belongs to the versions of MkDocs and PyYAML (what parses a front matter) and of
this module; one written by others is not read. Only the pages of the last build are kept.
A missing, broken or unwritable file is an empty cache, never a failed build.
"""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path
from typing import Any

from .boundary import installed_version, mkdocs
from .write import read_cache_file, write_cache_file

FOLDER = Path(".cache") / "kept-meta"
SCHEME = "react-kb kept meta 1"

# {digest of a page's source: (where its Markdown starts in it, its meta pickled)}
Entries = dict[bytes, tuple[int, bytes]]


def _versions() -> tuple[str, ...]:
    code = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
    return SCHEME, str(installed_version("mkdocs")), str(installed_version("PyYAML")), code


def _digest(source: str) -> bytes:
    return hashlib.blake2b(source.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def _entry(found: object, length: int) -> tuple[int, dict[str, Any]] | None:
    """(offset, meta) of a kept entry for a source of `length` characters; None when it is
    not what `record` keeps (a damaged file, hand-made: the source is parsed instead)."""
    start: object
    pickled: object
    try:
        start, pickled = found  # type: ignore[misc]
        meta = pickle.loads(pickled)  # type: ignore[arg-type]
    except (ValueError, TypeError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, IndexError):
        return None
    if not isinstance(start, int) or not 0 <= start <= length or not isinstance(meta, dict):
        return None
    return start, meta


class KeptSources:
    """The kept meta of one language's pages (`path`: its file; `fresh`: the file is not
    read, as `kb build --force` reads no cache)."""

    def __init__(self, path: Path, fresh: bool = False) -> None:
        self.path = path
        self.known: Entries = {} if fresh else self._read(path)
        self.now: Entries = {}  # the pages of this build
        self.taken = 0  # pages whose meta came from the file

    @staticmethod
    def _read(path: Path) -> Entries:
        try:
            raw = read_cache_file(path)
            if raw is None:
                return {}
            versions, entries = pickle.loads(raw)
            if versions != _versions() or not isinstance(entries, dict):
                return {}
            return entries
        except (pickle.UnpicklingError, ValueError, TypeError, EOFError, AttributeError, ImportError):
            return {}

    def record(self, source: str, markdown: str, meta: dict[str, Any]) -> None:
        """Keep what MkDocs made of `source` (before any plugin changed the page's meta)."""
        if source.endswith(markdown):  # always, for a YAML front matter
            self.now[_digest(source)] = (len(source) - len(markdown), pickle.dumps(meta))

    def parse(self, source: str) -> tuple[str, dict[str, Any]]:
        """(Markdown, meta) of `source`, as `boundary.mkdocs.front_matter` gives them: from
        the file when this source was seen, else parsed (and recorded). Each call gives a
        meta of its own (a plugin may change a page's)."""
        digest = _digest(source)
        found = self.now.get(digest) or self.known.get(digest)
        kept = _entry(found, len(source)) if found is not None else None
        if kept is not None:
            self.now[digest] = found  # type: ignore[assignment]  # checked by _entry
            self.taken += 1
            return source[kept[0]:], kept[1]
        markdown, parsed = mkdocs.front_matter(source)
        self.record(source, markdown, parsed)
        return markdown, parsed

    def save(self) -> None:
        """Write the pages of this build to the file, when they are not what it held."""
        if self.now == self.known:
            return
        write_cache_file(self.path, pickle.dumps((_versions(), self.now)))
