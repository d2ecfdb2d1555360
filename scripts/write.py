"""Write generated files only when their bytes change, and remove the ones no longer planned.

`mkdocs serve` rebuilds whenever a file in docs/ changes: rewriting identical bytes would
make it rebuild (and reload the browser) for nothing, or loop.
"""

from __future__ import annotations

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


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write `data` to `path` atomically unless it already holds exactly those bytes."""
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return True


def sync_tree(root: Path, files: dict[str, bytes | str]) -> WriteStats:
    """Make `root` hold exactly `files` (relative POSIX paths), touching only what differs."""
    stats = WriteStats()
    root.mkdir(parents=True, exist_ok=True)
    for rel, data in sorted(files.items()):
        payload = data.encode("utf-8") if isinstance(data, str) else data
        if write_if_changed(root / rel, payload):
            stats.written += 1
        else:
            stats.unchanged += 1
    wanted = set(files)
    for path in sorted(root.rglob("*"), reverse=True):
        rel = path.relative_to(root).as_posix()
        if path.is_file() and rel not in wanted:
            path.unlink()
            stats.removed += 1
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return stats
