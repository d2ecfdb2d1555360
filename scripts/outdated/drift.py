"""One outdated translation: what its original was when stamped, what it is now, the changes."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from ..content import Document
from ..fingerprint import fingerprint
from . import snapshots
from .blocks import Block, blocks_of
from .diff import Change, compare


@dataclass(frozen=True)
class Drift:
    """How `original` moved away from the version `translation` was stamped against."""

    translation: Document
    original: Document
    stamped: str  # the fingerprint the translation records ("" when never stamped)
    current: str  # the original's fingerprint now
    old: list[Block] | None  # the stamped blocks; None when no snapshot was recorded
    new: list[Block]  # the original's blocks now

    @cached_property
    def changes(self) -> list[Change]:
        """The block changes (empty when the snapshot is missing: see `old`)."""
        return compare(self.old, self.new) if self.old is not None else []

    @property
    def outdated(self) -> bool:
        """The original's fingerprint is not the stamped one."""
        return self.stamped != self.current


def drift(content_dir: Path, translation: Document, original: Document) -> Drift:
    """Compare `original` now with the snapshot its translation was stamped against."""
    stamped = str((translation.translated_from or {}).get("hash") or "")
    snapshot = snapshots.read(content_dir, original, stamped) if stamped else None
    return Drift(translation, original, stamped, fingerprint(original),
                 snapshot.blocks if snapshot else None, blocks_of(original))
