"""The fingerprint of an original, which a translation records when it is stamped.

Only what a translator translates counts (the translatable fields and the body), so fixing
a review date or a topic list does not mark every translation outdated. Whitespace at line
ends and line-ending style do not count either: editors' tools change them silently.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from .content import Document
from .schema import KINDS

LENGTH = 12


def fingerprint(doc: Document) -> str:
    """The first LENGTH hex digits of the SHA-256 of `doc`'s translatable fields and body."""
    parts: dict[str, object] = {
        spec.name: doc.meta.get(spec.name) for spec in KINDS[doc.section] if spec.translatable
    }
    parts["body"] = "\n".join(line.rstrip() for line in doc.body.strip().splitlines())
    data = json.dumps(parts, ensure_ascii=False, sort_keys=True, default=_plain)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:LENGTH]


def _plain(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
