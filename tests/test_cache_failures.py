"""What a fresh tester broke in this round's caches and worker changes (issue 18.5): a cache
is never a failed build, a template that does not parse is one problem naming its file and
line (no traceback), and a failed build leaves no folder of language parts behind."""

from __future__ import annotations

import shutil
from pathlib import Path

import jinja2
import pytest

from scripts.build import build_site
from scripts.errors import BuildError
from scripts.mkdocs_run import TEMPLATES_CACHE, bytecode_cache

from .conftest import MiniProject

PROBE = "REACT-CACHE-PROBE"


def _edit_partial(mini: MiniProject, old: str, new: str) -> None:
    partial = mini.root / "overrides" / "partials" / "quick-exit.html"
    text = partial.read_text(encoding="utf-8")
    assert old in text
    partial.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.slow
@pytest.mark.parametrize("broken", [b"", b"j2", "header", "pickle"])
def test_compiled_templates_cut_short_or_garbled_are_compiled_again(mini: MiniProject, broken) -> None:
    build_site(mini.project)
    kept = list((mini.root / TEMPLATES_CACHE).glob("*/*.cache"))
    assert kept
    for path in kept:
        data = path.read_bytes()
        header = data[:data.index(b"\x80")]  # Jinja's magic; the checksum is pickled after it
        path.write_bytes({"header": header, "pickle": header + b"\x80\x02Xgarbage"}.get(broken, broken))
    _edit_partial(mini, '<span class="react-exit__label">', f'<span class="react-exit__label">{PROBE} ')
    build_site(mini.project)
    assert PROBE in (mini.root / "site" / "index.html").read_text(encoding="utf-8")


def test_a_compiled_template_that_cannot_be_written_is_not_kept(tmp_path: Path) -> None:
    cache = bytecode_cache(jinja2.Environment(), tmp_path)
    assert cache is not None
    env = jinja2.Environment(loader=jinja2.DictLoader({"t.html": "{{ 1 + 1 }}"}), bytecode_cache=cache)
    shutil.rmtree(tmp_path / TEMPLATES_CACHE)  # the folder gone: writing the file fails
    assert env.get_template("t.html").render() == "2"


@pytest.mark.slow
def test_a_template_that_does_not_parse_is_one_problem_and_leaves_no_parts(mini: MiniProject) -> None:
    build_site(mini.project)
    site = mini.root / "site"
    before = (site / "index.html").read_bytes()
    _edit_partial(mini, '<span class="react-exit__label">', '{% if foo %}<span class="react-exit__label">')
    with pytest.raises(BuildError) as raised:
        build_site(mini.project)
    text = str(raised.value)
    assert "this template does not parse" in text and "quick-exit.html:" in text
    assert text.count("this template does not parse") == 1  # every language in one problem
    assert "Traceback" not in text
    assert (site / "index.html").read_bytes() == before  # the previous site stands
    assert not list(mini.root.glob(".site-parts-*")) and not list(mini.root.glob(".site-build-*"))


@pytest.mark.slow
def test_a_cache_folder_that_is_a_file_costs_time_not_the_build(mini: MiniProject) -> None:
    (mini.root / ".cache").write_text("not a folder", encoding="utf-8")
    result = build_site(mini.project)
    assert result.built == mini.project.codes
    mini.guide("police-detention", "tg")
    assert build_site(mini.project).built
    assert (mini.root / ".cache").read_text(encoding="utf-8") == "not a folder"


@pytest.mark.slow
def test_after_an_edit_that_changes_no_page_the_next_build_has_nothing_to_do(mini: MiniProject) -> None:
    build_site(mini.project)
    topics = mini.root / "content" / "topics.yml"
    topics.write_text(topics.read_text(encoding="utf-8") + "\n# an editor's comment\n", encoding="utf-8")
    result = build_site(mini.project)
    assert result.built == () and result.docs is not None  # docs/ generated again, the same
    again = build_site(mini.project)
    assert again.built == () and again.docs is None  # the sources as site/ records them
