"""The vocabulary of many pages from their distinct tags (css_prune.tags, tag_words) is the
union of each page's markup words, as the stylesheet pruning (page_assets.py) takes it."""

from __future__ import annotations

import random
import re
from pathlib import Path

from scripts import css_prune

from .conftest import REPO

PAGES = [
    '<div class="md-typeset warning" data-x=\'one two\' hidden>text<!-- <span class="ghost"> --></div>',
    '<div class="md-typeset warning" data-x=\'one two\' hidden><INPUT TYPE=checkbox></div>',
    '<a href="../x/#step-2" class=react-exit>Exit</a><div class="md-typeset warning">',
    "<p>no attributes</p><script>var s = '<b class=\"in-script\">';</script>",
]


def test_the_words_of_the_distinct_tags_are_the_pages_markup_words() -> None:
    every: set[str] = set()
    for page in PAGES:
        every |= css_prune.markup_words(page)
    found: set[tuple[str, str]] = set()
    for page in PAGES:
        found |= css_prune.tags(page)
    assert css_prune.tag_words(found) == every
    assert {"react-exit", "step-2", "checkbox", "input", "md-typeset", "p", "b"} <= every
    assert "ghost" not in every and "text" not in every
    # The pages repeat tags: each distinct one once.
    assert len(found) < sum(len(css_prune._TAG.findall(page)) for page in PAGES)


# The tag regex as it was first written, one character of the attributes at a time (the
# reference `css_prune._TAG`, possessive, must find exactly the same tags).
ONE_AT_A_TIME = re.compile(r"<([A-Za-z][A-Za-z0-9-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")


def _same_tags(html: str) -> None:
    assert css_prune._TAG.findall(html) == ONE_AT_A_TIME.findall(html), html


def test_the_tags_are_those_one_character_at_a_time_finds() -> None:
    for page in PAGES:
        _same_tags(page)
    for path in sorted((REPO / "overrides").rglob("*.html")):
        _same_tags(path.read_text(encoding="utf-8"))
    # Random markup of the characters that matter: quotes left open, ">" in values, "<" in tags.
    rng = random.Random(18)
    pieces = ["<", ">", '"', "'", "a", "B-1", " ", "=", "<p", "<a x=", '"v>"', "'w'", "\n", "-", "ҳ"]
    for _ in range(20000):
        _same_tags("".join(rng.choice(pieces) for _ in range(rng.randint(0, 24))))


def test_the_tags_of_every_built_page_are_those_one_character_at_a_time_finds(built_site: Path) -> None:
    for path in sorted(built_site.rglob("*.html")):
        _same_tags(path.read_text(encoding="utf-8"))


def test_a_worker_importing_the_features_does_not_import_matplotlib() -> None:
    """MkDocs' workers import every feature (`before_page` hooks) and draw no chart: the
    statistics charts import Matplotlib when the first chart is drawn (2.5 s of a worker's
    start on the busy machine). A fresh interpreter, as a worker is."""
    import subprocess
    import sys

    code = ("import sys; from scripts.features import before_page_hooks; before_page_hooks(); "
            "print('matplotlib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
