"""Results of pure functions kept between builds: `@persistent` on a function whose result
depends only on its arguments (texts, numbers) and the code.

During `with using(store)` (the build's render cache, scripts/render_cache.py) a decorated
function looks its arguments up in `store` and computes only what it has not seen; outside
it, it just computes. The store's keys include a digest of the code, so a change of code
never returns an old result. Results are kept as JSON: `dump` and `load` convert.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from pathlib import Path
from typing import Any, ParamSpec, Protocol, TypeVar

from .write import read_cache_file, write_cache_file

P = ParamSpec("P")
T = TypeVar("T")


class Store(Protocol):
    """Where results are kept: `lookup(kind, arguments)` gives the JSON form or None;
    `keep(kind, arguments, value)` keeps one (both count what they do)."""

    def lookup(self, kind: str, arguments: str) -> Any | None: ...

    def keep(self, kind: str, arguments: str, value: Any) -> None: ...


_ACTIVE: ContextVar[Store | None] = ContextVar("memo_store", default=None)


@contextlib.contextmanager
def using(store: Store | None) -> Iterator[None]:
    """Decorated functions use `store` inside this block (None: they just compute)."""
    token = _ACTIVE.set(store)
    try:
        yield
    finally:
        _ACTIVE.reset(token)


def persistent(kind: str, dump: Callable[[Any], Any] = lambda value: value,
               load: Callable[[Any], Any] = lambda value: value
               ) -> Callable[[Callable[P, T]], Callable[P, T]]:
    """Decorate a pure function of JSON-able arguments; `kind` names it in the store (change it
    when the meaning of its result changes otherwise than by code); `dump`/`load`: result to
    JSON form and back."""
    def decorate(function: Callable[P, T]) -> Callable[P, T]:
        @functools.wraps(function)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
            if _ACTIVE.get() is None:
                return function(*args, **kwargs)
            return remember(kind, _arguments(args, kwargs), lambda: function(*args, **kwargs), dump, load)

        return wrapper

    return decorate


def _arguments(args: tuple, kwargs: dict) -> str:
    """The store's text for a call's arguments. Texts and whole numbers alone (a body, its
    first line: every call but the charts') are written each with its kind and length, which
    costs a copy where JSON would escape every character (at N = 400 guides, 9 500 calls
    a build); anything else as JSON. The two forms never meet: JSON starts
    with `[`, the other with `s` or `i`."""
    if not kwargs and all(type(a) is str or type(a) is int for a in args):
        return "".join(f"s{len(a)}:{a}" if type(a) is str else f"i{a};" for a in args)
    return json.dumps([args, kwargs], ensure_ascii=False, sort_keys=True)


def remember(kind: str, arguments: str, compute: Callable[[], T],
             dump: Callable[[T], Any] = lambda value: value,
             load: Callable[[Any], T] = lambda value: value) -> T:
    """`compute()`, or its result kept under (`kind`, `arguments`) in the active store.

    For a computation whose arguments are not JSON-able as they are: `arguments` is a text
    that holds everything the result depends on but the code (a JSON form of the inputs, or
    their SHA-256); `compute` must be a pure function of it. Outside `using`, just computes.
    An exception of `compute` is raised and nothing is kept."""
    store = _ACTIVE.get()
    if store is None:
        return compute()
    found = store.lookup(kind, arguments)
    if found is not None:
        return load(found)
    result = compute()
    store.keep(kind, arguments, dump(result))
    return result


class FileStore:
    """A `Store` kept in a JSON file between builds, for work done where the render cache
    is not (the last check of the built site, in MkDocs' worker processes:
    `features.check_site`). The file belongs to one fingerprint of the code (`code`): one
    written by other code is not read. An entry not used by the last `KEEP` builds is
    dropped, so the file holds about the site's checks, whichever languages a build checked.

    `entries`: what was read (`{key: value}`); `used`: what this build looked up or kept.
    A missing, broken or unwritable file is a cache that is empty, never a failed build.
    """

    KEEP = 20  # builds
    SCHEME = "react-kb kept results 1"

    def __init__(self, code: str, entries: dict[str, Any] | None = None,
                 ages: dict[str, int] | None = None, generation: int = 0) -> None:
        self.code = code
        self.entries = entries or {}
        self.ages = ages or {}  # {key: the generation that last used it}
        self.generation = generation
        self.used: dict[str, Any] = {}

    @classmethod
    def read(cls, path: Path, code: str) -> FileStore:
        """The store kept in `path` for `code` (empty when there is none)."""
        try:
            data = json.loads(read_cache_file(path) or b"{}")
            if data["scheme"] != cls.SCHEME or data["code"] != code:
                return cls(code)
            kept = {str(key): (int(age), value) for key, (age, value) in data["entries"].items()}
            return cls(code, {key: value for key, (_, value) in kept.items()},
                       {key: age for key, (age, _) in kept.items()}, int(data["generation"]))
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return cls(code)

    @staticmethod
    def key(kind: str, arguments: str) -> str:
        return hashlib.sha256(f"{kind}\0{arguments}".encode("utf-8", "surrogatepass")).hexdigest()

    def lookup(self, kind: str, arguments: str) -> Any | None:
        key = self.key(kind, arguments)
        found = self.entries.get(key)
        if found is not None:
            self.used[key] = found
        return found

    def keep(self, kind: str, arguments: str, value: Any) -> None:
        self.used[self.key(kind, arguments)] = value

    def write(self, path: Path) -> None:
        """Keep the entries used now and those used by the last `KEEP` builds in `path`
        (atomically; an error writing it is ignored)."""
        now = self.generation + 1
        entries = {key: [age, self.entries[key]] for key, age in self.ages.items()
                   if age > now - self.KEEP and key in self.entries}
        entries.update({key: [now, value] for key, value in self.used.items()})
        write_cache_file(path, json.dumps({"scheme": self.SCHEME, "code": self.code, "generation": now,
                                           "entries": entries}, sort_keys=True).encode("utf-8"))
