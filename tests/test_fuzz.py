"""Fuzzing the readers: no input, however broken, gives a traceback; only Problems."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scripts.catalogs import read_catalogs
from scripts.content import parse_document
from scripts.errors import Problems

FRONT = st.one_of(
    st.text(max_size=200),
    st.lists(st.sampled_from(["title: T", "summary: S", "reviewed: 2026-01-01", "topics: [a",
                              "translated_from: {lang: ru}", "- x", ": :", "quiz: [{}]", "'", '"',
                              "order: -1", "fields: 5", "\t", "title:", "  nested: 1"]), max_size=8)
    .map("\n".join),
)


@settings(max_examples=300, deadline=None)
@given(front=FRONT, body=st.text(max_size=200), section=st.sampled_from(
    ["pages", "guides", "training", "templates"]))
def test_parse_document_never_raises(front: str, body: str, section: str) -> None:
    problems = Problems()
    text = f"---\n{front}\n---\n{body}"
    doc = parse_document(text, Path("x.md"), section, "x", "en", problems)
    assert doc is not None or problems


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=300))
def test_any_text_file_never_raises(text: str) -> None:
    parse_document(text, Path("x.md"), "guides", "x", "en", Problems())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ui=st.text(max_size=120), orgs=st.text(max_size=120))
def test_catalog_readers_never_raise(tmp_path: Path, ui: str, orgs: str) -> None:
    (tmp_path / "content").mkdir(exist_ok=True)
    (tmp_path / "aggregates").mkdir(exist_ok=True)
    (tmp_path / "content" / "ui.yml").write_text(ui, encoding="utf-8")
    (tmp_path / "content" / "organizations.yml").write_text(orgs, encoding="utf-8")
    (tmp_path / "content" / "topics.yml").write_text(orgs, encoding="utf-8")
    (tmp_path / "aggregates" / "vocabulary.yml").write_text(ui, encoding="utf-8")
    read_catalogs(tmp_path, ("tg", "ru"), Problems())
