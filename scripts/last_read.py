"""The last good read of the content, kept between `kb build`'s processes.

`kb serve` keeps its last read without problems in memory and, after an edit of documents
only, reads just those again (`build.read_inputs`, `since`). Each `kb build` is a process of
its own, which read and checked every document: 0.95 s of a translation edit's 5 s at
N = 400 guides per language. It now keeps the same read in `.cache/read/inputs.pickle`
(git-ignored; 20 MB at N = 400, loaded in 0.2 s with the garbage collector paused,
`write.collector_paused`) and starts the next build from it the same
way, so both give the problems and docs/ of a full read (tests/test_edit_read.py,
tests/test_last_read.py).

The file is used only by the code that wrote it: it is stored under the fingerprint of the
code (every file of scripts/, the installed packages and Python's version:
`render_cache.code_fingerprint`) and the project folder, with a checksum of the pickled
read, all checked before the read itself is unpickled. A file that is missing, cut short,
changed since it was written, of other code or of another project folder gives None:
everything is read. It is the project's own cache, like the render cache: whoever can write
it can write scripts/ too, so unpickling it trusts nothing new.
"""

from __future__ import annotations

import atexit
import io
import pickle
import sys
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .project import Project
from .render_cache import code_fingerprint
from .write import collector_paused, read_cache_file, write_cache_file

FOLDER = Path(".cache") / "read"
FILE = "inputs.pickle"
SCHEME = "react-kb last read 1"

_WRITES: list[threading.Thread] = []


def _header(project: Project, sources: Mapping[str, str]) -> tuple[str, str, str, str]:
    return SCHEME, code_fingerprint(sources), sys.version, str(project.root.resolve())


def load(project: Project, sources: Mapping[str, str]) -> Any | None:
    """The last read of `project` without problems that this code saved (`save`: a
    `build.Inputs`, which the caller checks: this module does not import build, which
    imports it), or None. `sources`: the inventory of the inputs as they are now
    (`digest.source_inventory`), whose code entries must be those the read was saved with."""
    # None when there is none, or it changed since it was written (its checksum).
    raw = read_cache_file(project.root / FOLDER / FILE)
    if raw is None:
        return None
    try:
        file = io.BytesIO(raw)
        with collector_paused():
            if pickle.load(file) != _header(project, sources):
                return None
            return pickle.load(file)
    except Exception:  # noqa: BLE001 - written by other code: whatever unpickling raises
        return None    # (MemoryError, KeyError...), everything is read


def save(project: Project, inputs: Any) -> None:
    """Keep `inputs` (a `build.Inputs` without problems, with its `sources`) for the next
    build: pickled now, written in a thread (atomically: a build killed midway leaves the
    previous file); `flush` waits for the write. An error writing it is ignored (a cache)."""
    data = pickle.dumps(inputs, protocol=pickle.HIGHEST_PROTOCOL)
    header = pickle.dumps(_header(project, inputs.sources), protocol=pickle.HIGHEST_PROTOCOL)
    path = project.root / FOLDER / FILE
    thread = threading.Thread(target=write_cache_file, args=(path, header + data),
                              name="save-last-read", daemon=True)
    _WRITES.append(thread)
    thread.start()


def flush() -> None:
    """Return once every read saved by this process is written."""
    while _WRITES:
        _WRITES.pop().join()


atexit.register(flush)
