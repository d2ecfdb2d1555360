"""Worker processes and Ctrl-C: the pools of the build (MkDocs' language builds,
scripts/mkdocs_run.py; the PDF layouts, scripts/pdf/step.py) start theirs through here, so
that an editor's Ctrl-C ends the build once, quietly, whatever its workers were doing
(tests/test_interrupt.py)."""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Iterator


@contextlib.contextmanager
def starting_workers() -> Iterator[bool]:
    """While a pool starts its worker processes: they start with Ctrl-C ignored (a process
    inherits that, forked or spawned), until their initializer calls `quiet_on_interrupt`;
    a Ctrl-C while a spawned worker still imports its modules printed a traceback (found by
    a fresh tester). Gives whether this process ignores Ctrl-C itself (`kb build &` from a
    script): its workers go on ignoring it. Only the main thread can change how a signal
    is handled; elsewhere (kb serve's builds) the workers start as this process handles it."""
    main = threading.current_thread() is threading.main_thread()
    before = signal.getsignal(signal.SIGINT)
    ignored = before == signal.SIG_IGN
    if main and not ignored:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield ignored
    finally:
        if main and not ignored:
            signal.signal(signal.SIGINT, before)


def quiet_on_interrupt(ignored: bool = False) -> None:
    """For a worker process (its pool's initializer, started in `starting_workers`): Ctrl-C,
    which the terminal sends to the whole process group, ends it at once and quietly; its
    parent stops the build and says so (a worker's own KeyboardInterrupt would print a
    traceback, or finish work no longer wanted). `ignored`: the parent ignores Ctrl-C, so
    does the worker."""
    signal.signal(signal.SIGINT, signal.SIG_IGN if ignored else lambda *_: os._exit(130))
