"""Write generated files only when their bytes change, and remove the ones no longer planned.

`mkdocs serve` rebuilds whenever a file in docs/ changes: rewriting identical bytes would
make it rebuild (and reload the browser) for nothing, or loop.

What this process knows of the files it wrote (`_KNOWN`) can be kept for the next process
(`sync_tree`'s `state`: kb build keeps docs/'s in `.cache/written/docs.json`), so that a
build after an edit compares docs/ by status and digest instead of reading its 80 MB back
at N = 400 (1.2 s of an edit's build, README "Build speed").
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import os
import shutil
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class WriteStats:
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    # The paths (relative to the root) written, removed or touched: a file this process knew
    # whose status changed though its bytes did not (written by another process or by hand
    # and put back: kb serve's workers may have read it meanwhile). Empty: nothing to do.
    paths: set[str] = field(default_factory=set)

    def __str__(self) -> str:
        return f"{self.written} written, {self.unchanged} unchanged, {self.removed} removed"


# Files this process wrote or found holding known bytes (`kb serve` between edits): their
# status when it did (size, modification and change times in ns, inode) and the SHA-256 of
# their bytes. A file whose status is the same has not been written since: its bytes are
# compared by digest instead of read again. Any write (by hand too) changes the change time.
# Keyed by the path as a string (`os.fspath`).
_KNOWN: dict[str, tuple[tuple[int, int, int, int], bytes]] = {}


def _status(path: Path) -> tuple[int, int, int, int]:
    found = path.stat()
    return (found.st_size, found.st_mtime_ns, found.st_ctime_ns, found.st_ino)


def unchanged(path: Path, data: bytes | str, digest: bytes | None = None,
              touched: list[str] | None = None) -> bool:
    """Whether the file at `path` holds exactly `data` (text: its UTF-8 bytes). `digest`:
    the SHA-256 of those bytes when the caller has it (the inventory of docs/ hashed it),
    else computed here; with it, a file this process knows is compared without encoding
    `data` (its status and digest are those known). `touched`: gets the path of a file this
    process knew whose status changed though it holds `data`."""
    try:
        status = _status(path)
    except (FileNotFoundError, NotADirectoryError):  # NotADirectory: a file where a folder goes
        return False
    known = _KNOWN.get(os.fspath(path))
    if digest is not None and known is not None and known[0] == status:
        return known[1] == digest
    payload = data.encode("utf-8") if isinstance(data, str) else data
    if status[0] != len(payload):
        return False
    digest = digest or hashlib.sha256(payload).digest()
    if known is not None and known[0] == status:
        return known[1] == digest
    try:
        same = path.read_bytes() == payload
    except (FileNotFoundError, IsADirectoryError):  # IsADirectory: a folder where the file goes
        return False
    if same:
        _KNOWN[os.fspath(path)] = (status, digest)
        if known is not None and touched is not None:
            touched.append(os.fspath(path))
    return same


def _make_way(root: Path, rel: str) -> None:
    """Remove what stands where the file `rel` of `root` goes: a folder in its place, or a
    file in place of one of its folders (put there by hand: the folder holds what is
    generated, nothing else)."""
    at = root
    for part in rel.split("/")[:-1]:
        at = at / part
        if at.is_symlink() or (at.exists() and not at.is_dir()):
            at.unlink()
            return
    target = root / rel
    if target.is_dir() and not target.is_symlink():
        shutil.rmtree(target)


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file, so no reader sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    _KNOWN[os.fspath(path)] = (_status(path), hashlib.sha256(data).digest())


# The first line of a cache file: this, then the BLAKE2b of the rest (`write_cache_file`).
CACHE_FILE = b"react-kb cache 1 "


def write_cache_file(path: Path, data: bytes) -> bool:
    """Write `data` as the cache file `path`, after a line holding its checksum (BLAKE2b),
    atomically: to a temporary file of this process and thread beside it, then renamed over
    it, so a reader sees the old file or the new one and builds side by side each write
    their own. Its folder is made. False when it cannot be written (a cache: `.cache` is a
    file, the disk is full), nothing left behind. Every cache of the build writes its files
    through here and reads them with `read_cache_file`."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    checksum = hashlib.blake2b(data, digest_size=32).hexdigest().encode("ascii")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tmp.open("wb") as file:
            file.write(CACHE_FILE + checksum + b"\n")
            file.write(data)
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):  # e.g. .cache/ is a file: there is no tmp
            tmp.unlink()
        return False
    return True


def read_cache_file(path: Path) -> bytes | None:
    """What `write_cache_file` wrote to `path`; None when there is none or it is not
    what was written (cut short, changed by hand, a disk error: its checksum differs), so a
    cache never gives a value this code did not write (0.03 s for 20 MB)."""
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    head, _, data = raw.partition(b"\n")
    if not head.startswith(CACHE_FILE):
        return None
    if head[len(CACHE_FILE):] != hashlib.blake2b(data, digest_size=32).hexdigest().encode("ascii"):
        return None
    return data


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """The garbage collector paused inside (as it was after): for unpickling a cache file,
    which builds hundreds of thousands of objects, none of them garbage, whose allocations
    set off a collection every 700 objects (full ones among them): 0.05 to 0.15 s of the
    last read's 0.25 s at N = 400 guides per language. Once the collector is on again, one
    young collection goes over the new objects at once."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# The state files this process read or wrote (`load_state`, `save_state`), with their status
# then: one no other process has written since holds nothing this one does not know (kb
# serve read its 4,000 entries again at every edit at N = 400).
_STATES: dict[str, tuple[int, int, int, int]] = {}


def load_state(root: Path, state: Path) -> None:
    """Take what an earlier process knew of the files under `root` from the file `state`
    (`save_state`) where this one knows nothing yet. A missing or unreadable file is
    nothing known: every file is read to compare (a cache, never trusted beyond the status
    check of `unchanged`). Not read again while its status is what this process saw."""
    try:
        status = _status(state)
        if _STATES.get(os.fspath(state)) == status:
            return
        entries = json.loads(read_cache_file(state) or b"{}")
        _STATES[os.fspath(state)] = status
        prefix = os.path.join(os.fspath(root), "")
        for rel, (size, mtime, ctime, inode, digest) in entries.items():
            _KNOWN.setdefault(prefix + rel.replace("/", os.sep),
                              ((int(size), int(mtime), int(ctime), int(inode)), bytes.fromhex(digest)))
    except (OSError, ValueError, TypeError, AttributeError):
        return


def save_state(root: Path, state: Path) -> None:
    """Keep what this process knows of the files under `root` in the file `state`
    ({path relative to root: [size, mtime ns, ctime ns, inode, SHA-256 hex]}), written
    atomically. An error writing it is ignored (a cache)."""
    prefix = os.path.join(os.fspath(root), "")
    entries = {name[len(prefix):].replace(os.sep, "/"): [*status, digest.hex()]
               for name, (status, digest) in _KNOWN.items() if name.startswith(prefix)}
    if write_cache_file(state, json.dumps(entries, sort_keys=True).encode("utf-8")):
        with contextlib.suppress(OSError):
            _STATES[os.fspath(state)] = _status(state)


def sync_tree(root: Path, files: dict[str, bytes | str], state: Path | None = None,
              digests: Mapping[str, str] | None = None) -> WriteStats:
    """Make `root` hold exactly `files` (relative POSIX paths: bytes, or text written as
    UTF-8), touching only what differs. `state`: a file keeping what is known of `root`'s
    files between processes (`load_state` before, `save_state` after). `digests`:
    `{relative path: SHA-256 hex}` of files' bytes the caller has already hashed (kb build's
    inventory of docs/), not hashed again; a text whose file is known is not encoded either."""
    stats = WriteStats()
    root.mkdir(parents=True, exist_ok=True)
    if state is not None:
        load_state(root, state)
    _remove_unwanted(root, set(files), stats)  # and forgotten
    stats.written = write_files(root, files, digests, stats.paths)
    stats.unchanged = len(files) - stats.written
    if state is not None:
        save_state(root, state)
    return stats


def write_files(root: Path, files: Mapping[str, bytes | str],
                digests: Mapping[str, str] | None = None, paths: set[str] | None = None) -> int:
    """Write each of `files` ({relative POSIX path: bytes, or text written as UTF-8}) whose
    bytes differ from the file under `root` (`unchanged`; `digests` as `sync_tree`'s), whole
    (a new file renamed over the old: a file linked from elsewhere is never changed in place),
    a folder or file in its way removed; nothing else is touched. Returns how many were
    written. `paths`: gets the relative paths written or touched (as `WriteStats.paths`)."""
    # Compare everything first, then write the changes back to back: MkDocs' watcher starts
    # a rebuild once the docs folder has been quiet for a moment, so changes spread out by
    # the comparisons (under load) would be picked up by two rebuilds instead of one.
    known = digests or {}
    touched: list[str] = []
    changed = [rel for rel in sorted(files)
               if not unchanged(root / rel, files[rel], bytes.fromhex(known[rel]) if rel in known else None,
                                touched)]
    if paths is not None:
        paths.update(changed)
        paths.update(os.path.relpath(path, root).replace(os.sep, "/") for path in touched)
    for rel in changed:
        data = files[rel]
        _make_way(root, rel)
        write_atomically(root / rel, data.encode("utf-8") if isinstance(data, str) else data)
    return len(changed)


def _remove_unwanted(root: Path, wanted: set[str], stats: WriteStats) -> None:
    """Remove from `root`, in one walk bottom up, every file whose relative path is not in
    `wanted`, every link to a folder (never generated: one put there by hand would stay, and
    MkDocs would follow it wherever it points) and every folder left empty (not `root`)."""
    gone: set[str] = set()
    for folder, folders, names in os.walk(root, topdown=False):
        prefix = os.path.relpath(folder, root).replace(os.sep, "/")
        left = 0
        for name in folders:
            path = os.path.join(folder, name)
            if path in gone:
                continue
            if os.path.islink(path):
                os.unlink(path)
                stats.removed += 1
                stats.paths.add(name if prefix == "." else f"{prefix}/{name}")
            else:
                left += 1
        for name in names:
            if (name if prefix == "." else f"{prefix}/{name}") in wanted:
                left += 1
                continue
            path = os.path.join(folder, name)
            os.unlink(path)
            _KNOWN.pop(path, None)
            stats.removed += 1
            stats.paths.add(name if prefix == "." else f"{prefix}/{name}")
        if not left and prefix != ".":
            os.rmdir(folder)
            gone.add(folder)
