"""Language builds keep the theme's compiled templates between builds (mkdocs_run.bytecode_cache):
a template is compiled again when its source changes, and what a template compiles against
(the environment's filters, its syntax, the library versions) keys the folder."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from scripts.build import build_site
from scripts.mkdocs_run import TEMPLATES_CACHE, bytecode_cache

from .conftest import MiniProject


@pytest.mark.slow
def test_a_changed_template_is_compiled_again_not_taken_from_the_cache(mini: MiniProject) -> None:
    build_site(mini.project)
    kept = list((mini.root / TEMPLATES_CACHE).glob("*/*.cache"))
    assert len(kept) >= 10  # the page, its partials, the 404 page...
    page = mini.root / "site" / "index.html"
    assert "REACT-CACHE-PROBE" not in page.read_text(encoding="utf-8")
    partial = mini.root / "overrides" / "partials" / "quick-exit.html"
    partial.write_text(partial.read_text(encoding="utf-8").replace(
        '<span class="react-exit__label">', '<span class="react-exit__label">REACT-CACHE-PROBE '),
        encoding="utf-8")
    build_site(mini.project)
    assert "REACT-CACHE-PROBE" in page.read_text(encoding="utf-8")
    assert "REACT-CACHE-PROBE" in (mini.root / "site" / "ru" / "index.html").read_text(encoding="utf-8")


def test_what_templates_compile_against_keys_the_folder(tmp_path: Path) -> None:
    def folder(env: jinja2.Environment) -> str:
        cache = bytecode_cache(env, tmp_path)
        assert cache is not None
        return cache.directory

    plain = jinja2.Environment()
    assert folder(jinja2.Environment()) == folder(plain)
    with_filter = jinja2.Environment()
    with_filter.filters["date"] = str
    other_syntax = jinja2.Environment(block_start_string="<%", block_end_string="%>")
    trimmed = jinja2.Environment(trim_blocks=True)
    folders = {folder(env) for env in (plain, with_filter, other_syntax, trimmed)}
    assert len(folders) == 4
    assert all(Path(name).parent == tmp_path / TEMPLATES_CACHE and Path(name).is_dir() for name in folders)


def test_a_project_where_the_folder_cannot_be_made_compiles_each_time(tmp_path: Path) -> None:
    (tmp_path / ".cache").write_text("a file, not a folder", encoding="utf-8")
    assert bytecode_cache(jinja2.Environment(), tmp_path) is None
