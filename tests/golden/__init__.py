"""Golden snapshots of the sample site: every file of the generated docs/ and a few built pages.

The sample content of the repository (content/, aggregates/) is generated and built in a
temporary copy, and the result is compared byte for byte with the snapshots stored here:

- `docs/`: every file `kb build` generates into docs/ (Markdown, SVG charts, downloads);
- `site/`: the built pages listed in `PAGES` (a guide, a template, a training module and a
  statistics page, in Tajik and Russian), as `mkdocs build` writes them;
- `hashed.txt`: files too big or not text enough to read in a diff (the Word library, Word
  files): `sha256  size  path` per line, so a change to them is still caught.

Any difference fails the test with a unified diff of what changed, limited in length. When
a change to the output is intended, regenerate the snapshots with one command and commit
them with the change (the diff in review then shows what readers will get):

    make golden            # = .venv/bin/python -m tests.golden --update

Built pages are deterministic: MkDocs' only date comes from SOURCE_DATE_EPOCH, which is
fixed here (see tests/test_reproducible.py for the proof that builds are reproducible).
"""

from __future__ import annotations

import difflib
import hashlib
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent
HASHED = "hashed.txt"
# Built pages worth a byte snapshot: one of each kind of page, in the default language (the
# site root) and in Russian.
PAGES = tuple(
    f"{prefix}{page}"
    for prefix in ("", "ru/")
    for page in (
        "guides/police-detention/index.html",
        "templates/ombudsman-application/index.html",
        "training/police-and-detention/index.html",
        "statistics/cases/2020/index.html",
    )
)
# Suffixes whose files are stored as they are (text a reviewer can read in a diff); any other
# file, and any file above MAX_TEXT bytes, is stored as its hash in hashed.txt.
TEXT = {".md", ".html", ".svg", ".csv", ".json", ".yml", ".txt", ".css", ".xml"}
MAX_TEXT = 200_000
# A fixed build date (2026-01-01), so the snapshots do not depend on the day they are made.
EPOCH = "1767225600"
# The diff shown on failure: at most this many lines per file and in all.
DIFF_LINES_PER_FILE = 40
DIFF_LINES = 400
DIFF_WIDTH = 200
REGENERATE = "make golden   (= .venv/bin/python -m tests.golden --update)"


def stored_form(files: dict[str, bytes], label: str) -> dict[str, bytes]:
    """`{path: bytes}` as it is stored under `label/`: text files as they are, the others
    replaced by one line each in `label/hashed.txt`."""
    out: dict[str, bytes] = {}
    hashed: list[str] = []
    for rel, data in sorted(files.items()):
        if Path(rel).suffix in TEXT and len(data) <= MAX_TEXT:
            out[f"{label}/{rel}"] = data
        else:
            hashed.append(f"{hashlib.sha256(data).hexdigest()}  {len(data)}  {rel}\n")
    if hashed:
        out[f"{label}/{HASHED}"] = "".join(hashed).encode()
    return out


def read_tree(root: Path) -> dict[str, bytes]:
    """Every file under `root`, as `{relative POSIX path: bytes}`."""
    if not root.is_dir():
        return {}
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@contextmanager
def fixed_epoch() -> Iterator[None]:
    """SOURCE_DATE_EPOCH set to EPOCH for the duration (language workers inherit it)."""
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    try:
        yield
    finally:
        if before is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


def sample_project(root: Path) -> Path:
    """A copy of the repository's settings, theme and sample content at `root`."""
    from tests.conftest import SKELETON, copy_tree

    copy_tree(SKELETON + ("content",), root)
    return root


def generated_docs(root: Path) -> dict[str, bytes]:
    """Every file `kb build` generates into docs/ for the project at `root` (no MkDocs run)."""
    from scripts.build import generate
    from scripts.project import Project

    files = generate(Project(root))
    return {rel: data.encode("utf-8") if isinstance(data, str) else data for rel, data in files.items()}


def built_pages(site: Path) -> dict[str, bytes]:
    """The bytes of each page of PAGES in a built `site`; a missing page is an empty file
    named in the diff."""
    return {rel: (site / rel).read_bytes() if (site / rel).is_file() else b"" for rel in PAGES}


def build_sample(root: Path) -> Path:
    """Build the sample project at `root` with the fixed date; returns its site/."""
    from scripts.build import build_site
    from scripts.project import Project

    with fixed_epoch():
        build_site(Project(root), force=True)
    return root / "site"


def _lines(data: bytes) -> list[str]:
    text = data.decode("utf-8", errors="replace")
    return [line if len(line) <= DIFF_WIDTH else line[:DIFF_WIDTH] + " …[line cut]"
            for line in text.splitlines()]


def compare(expected: dict[str, bytes], actual: dict[str, bytes]) -> str:
    """A readable report of every difference between two stored forms; "" when equal.

    Lists the files added, removed and changed, then a unified diff of each changed file
    (at most DIFF_LINES_PER_FILE lines each, DIFF_LINES in all), then how to regenerate."""
    added = sorted(set(actual) - set(expected))
    removed = sorted(set(expected) - set(actual))
    changed = sorted(rel for rel in set(expected) & set(actual) if expected[rel] != actual[rel])
    if not (added or removed or changed):
        return ""
    out = [f"the output differs from the golden snapshots in {HERE.relative_to(HERE.parents[1])}/:"]
    for title, names in (("new files", added), ("files no longer generated", removed),
                         ("changed files", changed)):
        if names:
            out.append(f"{title} ({len(names)}): " + ", ".join(names[:30])
                       + (f", … {len(names) - 30} more" if len(names) > 30 else ""))
    budget = DIFF_LINES
    for rel in changed + added:
        if budget <= 0:
            out.append("… (diff cut: run the update command and look at `git diff`)")
            break
        diff = list(difflib.unified_diff(_lines(expected.get(rel, b"")), _lines(actual[rel]),
                                         f"golden/{rel}", f"built/{rel}", n=2, lineterm=""))
        shown = diff[:min(DIFF_LINES_PER_FILE, budget)]
        out.extend(shown)
        if len(diff) > len(shown):
            out.append(f"… {len(diff) - len(shown)} more diff lines of {rel}")
        budget -= len(shown)
    out.append(f"If this change is intended, regenerate the snapshots and commit them: {REGENERATE}")
    return "\n".join(out)


def stored(label: str) -> dict[str, bytes]:
    """The snapshots stored under `label/`, in the form `stored_form` gives."""
    return {f"{label}/{rel}": data for rel, data in read_tree(HERE / label).items()}


def write(label: str, form: dict[str, bytes]) -> None:
    """Replace the snapshots under `label/` with `form` (from `stored_form`)."""
    target = HERE / label
    shutil.rmtree(target, ignore_errors=True)
    for rel, data in form.items():
        path = HERE / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def current() -> dict[str, dict[str, bytes]]:
    """Generate and build the sample in a temporary folder: `{label: stored form}`."""
    with tempfile.TemporaryDirectory(prefix="golden-") as tmp:
        root = sample_project(Path(tmp) / "project")
        site = build_sample(root)
        return {"docs": stored_form(read_tree(root / "docs"), "docs"),
                "site": stored_form(built_pages(site), "site")}


def update() -> dict[str, int]:
    """Generate and build the sample and store new snapshots; the number of files stored
    per label."""
    forms = current()
    for label, form in forms.items():
        write(label, form)
    return {label: len(form) for label, form in forms.items()}


def without_lines(form: dict[str, bytes], pattern: str) -> dict[str, bytes]:
    """`form` with every line matching the regular expression `pattern` left out."""
    regex = re.compile(pattern.encode())
    return {rel: b"".join(line for line in data.splitlines(keepends=True) if not regex.search(line))
            for rel, data in form.items()}


def check(ignore: str | None = None) -> str:
    """Build the sample and compare it with the snapshots, leaving out lines matching
    `ignore` on both sides: the report of `compare`, "" when equal."""
    forms = current()
    expected = {**stored("docs"), **stored("site")}
    actual = {**forms["docs"], **forms["site"]}
    if ignore:
        expected, actual = without_lines(expected, ignore), without_lines(actual, ignore)
    return compare(expected, actual)
