"""What a deployment holds, for the offline copy (overrides/sw.js, assets/javascripts/offline.js).

A reader's offline copy must not keep files the site no longer has (an old page, a renamed
script). So every build, once the languages are merged into one site, writes:

- into each language's `offline.json` (whose `pages`, the list "Save for reading offline"
  saves, the react-safety plugin wrote) `files`: every file of that language's part of the
  site, path relative to the language's root -> content fingerprint (first 16 hex digits of
  the SHA-256 of its bytes). The default language's part is the site root minus the other
  languages' folders, so it also lists the theme's files (`assets/`), which all share.
- into `sw.js` the deployment's fingerprint and the language roots. A new deployment thus
  changes `sw.js`; browsers check it on every visit and install the new service worker, which
  reads the lists and drops from the copy every file they no longer name, and fetches again
  every file whose fingerprint changed.

Files are replaced, never changed in place: a kept language's files are hard links to the
previous site's (scripts/mkdocs_run.py).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterable
from pathlib import Path

LIST = "offline.json"
WORKER = "sw.js"
# Not part of what a reader's copy is checked against: the list itself (written after the
# fingerprints), the service worker (the browser keeps it), the build's own bookkeeping.
UNLISTED = {LIST, WORKER, ".build-digest"}
_DEPLOYMENT = re.compile(r'var DEPLOYMENT = "[^"\n]*";')
_ROOTS = re.compile(r"var ROOTS = \[[^\]\n]*\];")


def fingerprint(data: bytes) -> str:
    """First 16 hex digits of the SHA-256 of `data`."""
    return hashlib.sha256(data).hexdigest()[:16]


# {(path, inode, size, modification time in ns): fingerprint}: `kb serve` stamps the lists
# after every edit, and of a large site only the files the edit replaced are new (files are
# replaced, never changed in place, so a file whose inode, size and time are the same is
# the same file).
_SEEN: dict[tuple[str, int, int, int], str] = {}


def file_fingerprint(path: Path | str) -> str:
    """`fingerprint` of the bytes of the file at `path`, read again only when it was replaced
    since this process last read it."""
    stat = os.stat(path)
    key = (os.fspath(path), stat.st_ino, stat.st_size, stat.st_mtime_ns)
    found = _SEEN.get(key)
    if found is None:
        with open(path, "rb") as file:
            found = _SEEN[key] = fingerprint(file.read())
    return found


def _replace(path: Path, data: bytes) -> bool:
    """Write `data` to `path` as a new file (never through a hard link) if it differs."""
    if path.is_file() and path.read_bytes() == data:
        return False
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return True


def language_files(site_dir: Path, root: str, other_roots: set[str]) -> dict[str, str]:
    """Path (relative to the language root, '/'-separated) -> fingerprint, for every file of
    the language whose root is `site_dir / root`, leaving out `other_roots` (folders)."""
    base = os.fspath(site_dir / root if root else site_dir)
    files: dict[str, str] = {}
    # Strings, not Paths: a language has some 1,700 files at N = 400, listed after every
    # kb serve edit.
    for folder, dirs, names in os.walk(base):
        top = folder == base
        if top:
            dirs[:] = [d for d in dirs if d not in other_roots]
        dirs.sort()
        prefix = "" if top else os.path.relpath(folder, base).replace(os.sep, "/") + "/"
        for name in sorted(names):
            if top and name in UNLISTED or name.endswith(".tmp"):
                continue
            files[prefix + name] = file_fingerprint(os.path.join(folder, name))
    return files


def write_offline_lists(site_dir: Path, default: str, languages: list[str],
                        changed: Iterable[str] | None = None) -> str:
    """Add `files` to every language's `offline.json` and stamp `sw.js`; return the
    deployment's fingerprint. Languages without an `offline.json` (no react-safety plugin)
    are left alone; without `sw.js` (no theme override) only the lists are written.
    `changed`: the languages whose files may differ from when their list was written (None:
    every one); another language's list that already has its `files` is taken as it is (a
    language kept from the previous site: the same files, the same list)."""
    changed = set(languages if changed is None else changed)
    roots = {lang: "" if lang == default else lang for lang in languages}
    others = {lang for lang in languages if lang != default}
    digest = hashlib.sha256()
    for lang in sorted(languages):
        root = roots[lang]
        path = (site_dir / root / LIST) if root else site_dir / LIST
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        data = json.loads(text)
        if lang in changed or "files" not in data:
            data["files"] = language_files(site_dir, root, others if not root else set())
            text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
            _replace(path, text.encode("utf-8"))
        digest.update(f"{root}\0{text}\0".encode())
    deployment = digest.hexdigest()[:16]
    worker = site_dir / WORKER
    if worker.is_file():
        code = worker.read_text(encoding="utf-8")
        listed = [f"{r}/" if r else "" for r in sorted(roots.values(), key=lambda r: (-len(r), r))]
        code = _DEPLOYMENT.sub(lambda _: f'var DEPLOYMENT = "{deployment}";', code, count=1)
        code = _ROOTS.sub(lambda _: f"var ROOTS = {json.dumps(listed)};", code, count=1)
        _replace(worker, code.encode("utf-8"))
    return deployment
