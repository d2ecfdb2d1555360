"""Pages lose their source indentation and nothing a reader sees (scripts/compact.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from mkdocs.commands.build import build
from mkdocs.config import load_config

from scripts.build import build_site
from scripts.compact import compact

from .conftest import MiniProject

KEPT = re.compile(r"<(pre|textarea|script|style)\b.*?</\1\s*>", re.DOTALL)

BODY = """\
Before the police:

- **Stay calm**, ask
  for a lawyer.
- Say *nothing* about
  your status.

| Right | Where |
|-------|-------|
| A lawyer | Always |

```text
    keep   these
        spaces
```

Text with `inline   code` and an [anchor](#steps).

## Steps

Text.
"""


def test_indentation_goes_and_preformatted_text_stays() -> None:
    html = ('<div>\n    <p>One\n      <em>two</em>\n    </p>\n\n\n'
            '  <pre><code>  a\n    b\n</code></pre>\n  <textarea>\n  x\n</textarea>\n</div>')
    assert compact(html) == ('<div>\n<p>One\n<em>two</em>\n</p>\n'
                             '<pre><code>  a\n    b\n</code></pre>\n<textarea>\n  x\n</textarea>\n</div>')


@given(st.lists(st.sampled_from(["<p>", "</p>", "\n", "  ", "\t", "word", "<pre>", "</pre>",
                                 " a\n  b ", "<textarea>", "</textarea>", "<script>", "</script>"]),
                max_size=40).map("".join))
def test_compact_is_idempotent_and_keeps_kept_elements_byte_for_byte(html: str) -> None:
    out = compact(html)
    assert compact(out) == out
    assert KEPT.findall(out) == KEPT.findall(html)
    assert [m.group(0) for m in KEPT.finditer(out)] == [m.group(0) for m in KEPT.finditer(html)]
    # Only white space is removed, never a character of text or markup.
    assert re.sub(r"\s", "", out) == re.sub(r"\s", "", html)


@pytest.mark.slow
def test_a_built_page_has_no_indentation_outside_preformatted_text(mini: MiniProject) -> None:
    mini.guide("police-detention", "tg", body=BODY)
    build_site(mini.project)
    html = (mini.root / "site" / "guides" / "police-detention" / "index.html").read_text()
    outside = KEPT.sub("<kept>", html)
    assert not re.search(r"\n[ \t]", outside)
    assert "\n\n" not in outside
    assert "    keep   these\n        spaces" in html


def test_a_compacted_page_reads_the_same_as_material_wrote_it(mini: MiniProject, page,
                                                               tmp_path: Path) -> None:
    """The same docs/ built by plain MkDocs (no compaction): Chromium shows the same text."""
    mini.guide("police-detention", "tg", body=BODY)
    build_site(mini.project)
    plain = tmp_path / "plain"
    # mkdocs.yml declares the compactor (react-compact): leave it out of this build.
    plugins = [p for p in mini.project.mkdocs_config["plugins"] if p != "react-compact"]
    build(load_config(str(mini.project.config_file), site_dir=str(plain), plugins=plugins))
    rel = Path("guides") / "police-detention" / "index.html"
    assert (plain / rel).stat().st_size > (mini.root / "site" / rel).stat().st_size

    def shown(site: Path) -> list[str]:
        page.goto((site / rel).as_uri())
        return [page.locator(selector).first.inner_text()
                for selector in ("article", ".md-nav--primary", ".md-header")]

    assert shown(mini.root / "site") == shown(plain)
