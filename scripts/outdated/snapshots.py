"""The blocks of an original as they were when a translation was stamped.

One JSON file per stamped version of an original, named by its fingerprint, in the
repository: `content/.stamped/<section>/<slug>.<lang>.<fingerprint>.json`. The translation
keeps only its `translated_from` line; every translation stamped against the same version of
the original (Tajik and English stamped the same day) shares one file; a file's name says
what it holds, so two branches that stamp never write different bytes to one name. Stamping
writes the file and removes the snapshots of that original that no translation names any
more. Editors never open these files; git keeps them like the content they describe, and the
build reads them (they are under content/, so a changed snapshot rebuilds the notices).
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path

from ..content import Document
from .blocks import Block, blocks_of

FOLDER = ".stamped"
SCHEME = "react-kb stamped original 1"


@dataclass(frozen=True)
class Snapshot:
    """The stamped version of an original: its fingerprint and its blocks."""

    fingerprint: str
    blocks: list[Block]


def path_of(content_dir: Path, original: Document, fingerprint: str) -> Path:
    """Where the snapshot of `original` at `fingerprint` is kept."""
    return content_dir / FOLDER / original.section / f"{original.slug}.{original.lang}.{fingerprint}.json"


def write(content_dir: Path, original: Document, fingerprint: str) -> bool:
    """Record the blocks of `original` (whose fingerprint is `fingerprint`) unless the file is
    there already with these bytes; returns whether it was written."""
    data = {
        "scheme": SCHEME,
        "original": f"{original.section}/{original.slug}.{original.lang}.md",
        "fingerprint": fingerprint,
        "blocks": [block.to_json() for block in blocks_of(original)],
    }
    text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    path = path_of(content_dir, original, fingerprint)
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return True
    return False


def read(content_dir: Path, original: Document, fingerprint: str) -> Snapshot | None:
    """The snapshot of `original` at `fingerprint`, or None when none was recorded (a
    translation stamped before snapshots existed) or the file is damaged."""
    path = path_of(content_dir, original, fingerprint)
    try:
        stat = path.stat()
    except OSError:
        return None
    return _read(path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=512)
def _read(path: Path, mtime: int, size: int) -> Snapshot | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("scheme") != SCHEME:
            return None
        return Snapshot(str(data["fingerprint"]), [Block.from_json(b) for b in data["blocks"]])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def prune(content_dir: Path, original: Document, keep: set[str]) -> list[Path]:
    """Remove the snapshots of `original` whose fingerprint is not in `keep` (the hashes its
    translations are stamped with); returns the removed files."""
    folder = content_dir / FOLDER / original.section
    removed = []
    for path in sorted(folder.glob(f"{original.slug}.{original.lang}.*.json")):
        fingerprint = path.name[len(f"{original.slug}.{original.lang}."):-len(".json")]
        if "." not in fingerprint and fingerprint not in keep:
            path.unlink()
            removed.append(path)
    return removed
