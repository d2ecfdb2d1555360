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
import json
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import Any, ParamSpec, Protocol, TypeVar

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
