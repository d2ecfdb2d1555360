"""The last good read of the content, kept between `kb build`'s processes.

`kb serve` keeps its last read without problems in memory and, after an edit of documents
only, reads just those again (`build.read_inputs`, `since`). Each `kb build` is a process of
its own, which read and checked every document: 0.95 s of a translation edit's 5 s at
N = 400 guides per language. It now keeps the same read in `.cache/read/inputs.pickle`
(git-ignored; 20 MB at N = 400, loaded in 0.1 s) and starts the next build from it the same
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
import hashlib
import pickle
import sys
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .project import Project
from .render_cache import code_fingerprint
from .write import write_cache_file

FOLDER = Path(".cache") / "read"
FILE = "inputs.pickle"
SCHEME = "react-kb last read 1"

_WRITES: list[threading.Thread] = []


def _header(project: Project, sources: Mapping[str, str]) -> tuple[str, str, str, str]:
    return SCHEME, code_fingerprint(sources), sys.version, str(project.root.resolve())


def _checksum(data: bytes) -> str:
    """BLAKE2b of the pickled read: a file changed after it was written (a disk error, a
    hand edit) is not read (0.02 s for 20 MB)."""
    return hashlib.blake2b(data, digest_size=32).hexdigest()


def load(project: Project, sources: Mapping[str, str]) -> Any | None:
    """The last read of `project` without problems that this code saved (`save`: a
    `build.Inputs`, which the caller checks: this module does not import build, which
    imports it), or None. `sources`: the inventory of the inputs as they are now
    (`digest.source_inventory`), whose code entries must be those the read was saved with."""
    path = project.root / FOLDER / FILE
    try:
        with path.open("rb") as file:
            header = pickle.load(file)
            if not isinstance(header, tuple) or header[:-1] != _header(project, sources):
                return None
            data = file.read()
        if _checksum(data) != header[-1]:
            return None
        return pickle.loads(data)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, IndexError,
            TypeError, ValueError):
        return None  # none yet, cut short or unreadable: everything is read


def save(project: Project, inputs: Any) -> None:
    """Keep `inputs` (a `build.Inputs` without problems, with its `sources`) for the next
    build: pickled now, written in a thread (atomically: a build killed midway leaves the
    previous file); `flush` waits for the write. An error writing it is ignored (a cache)."""
    data = pickle.dumps(inputs, protocol=pickle.HIGHEST_PROTOCOL)
    header = pickle.dumps((*_header(project, inputs.sources), _checksum(data)),
                          protocol=pickle.HIGHEST_PROTOCOL)
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
