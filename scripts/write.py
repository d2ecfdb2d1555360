"""Write generated files only when their bytes change, and remove the ones no longer planned.

`mkdocs serve` rebuilds whenever a file in docs/ changes: rewriting identical bytes would
make it rebuild (and reload the browser) for nothing, or loop.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path


@dataclass
class WriteStats:
    written: int = 0
    unchanged: int = 0
    removed: int = 0

    def __str__(self) -> str:
        return f"{self.written} written, {self.unchanged} unchanged, {self.removed} removed"


# Files this process wrote or found holding known bytes (`kb serve` between edits): their
# status when it did (size, modification and change times in ns, inode) and the SHA-256 of
# their bytes. A file whose status is the same has not been written since: its bytes are
# compared by digest instead of read again. Any write (by hand too) changes the change time.
_KNOWN: dict[Path, tuple[tuple[int, int, int, int], bytes]] = {}


def _status(path: Path) -> tuple[int, int, int, int]:
    found = path.stat()
    return (found.st_size, found.st_mtime_ns, found.st_ctime_ns, found.st_ino)


def unchanged(path: Path, data: bytes) -> bool:
    """Whether the file at `path` holds exactly `data`."""
    try:
        status = _status(path)
    except FileNotFoundError:
        return False
    if status[0] != len(data):
        return False
    known = _KNOWN.get(path)
    digest = hashlib.sha256(data).digest()
    if known is not None and known[0] == status:
        return known[1] == digest
    try:
        same = path.read_bytes() == data
    except FileNotFoundError:
        return False
    if same:
        _KNOWN[path] = (status, digest)
    return same


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file, so no reader sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    _KNOWN[path] = (_status(path), hashlib.sha256(data).digest())


def sync_tree(root: Path, files: dict[str, bytes | str]) -> WriteStats:
    """Make `root` hold exactly `files` (relative POSIX paths), touching only what differs."""
    stats = WriteStats()
    root.mkdir(parents=True, exist_ok=True)
    payloads = {rel: data.encode("utf-8") if isinstance(data, str) else data
                for rel, data in sorted(files.items())}
    # Compare everything first, then write the changes back to back: MkDocs' watcher starts
    # a rebuild once the docs folder has been quiet for a moment, so changes spread out by
    # the comparisons (under load) would be picked up by two rebuilds instead of one.
    changed = [rel for rel, data in payloads.items() if not unchanged(root / rel, data)]
    for rel in changed:
        write_atomically(root / rel, payloads[rel])
    stats.written, stats.unchanged = len(changed), len(payloads) - len(changed)
    wanted = set(files)
    for path in sorted(root.rglob("*"), reverse=True):
        rel = path.relative_to(root).as_posix()
        if path.is_file() and rel not in wanted:
            path.unlink()
            stats.removed += 1
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return stats
