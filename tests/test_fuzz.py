"""Fuzzing the readers: no input, however broken, gives a traceback; only Problems."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scripts.catalogs import read_catalogs
from scripts.content import parse_document
from scripts.corpus import Corpus
from scripts.errors import Problems
from scripts.features import ReadServices
from scripts.project import Project

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


# --- Every YAML entry point gets scalars of every YAML 1.1 type (issue 11, point 2): numbers
# --- in every base, sexagesimal, floats, booleans, nulls, timestamps possible and impossible,
# --- merge keys, `=`, binary, explicit tags, in the places where text, codes or dates belong.
YAML11 = st.one_of(
    st.sampled_from([
        "012", "0o17", "0x1F", "0b101", "+992900000000", "1_000", "190:20:30", "1:20", "-0",
        "3.14", "6.8523015e+5", ".inf", "-.Inf", ".NaN", "1e3",
        "yes", "no", "Yes", "NO", "on", "Off", "true", "False", "y", "n",
        "~", "null", "", "=", "<<",
        "2026-02-30", "2021-02-29", "2026-11-01", "2001-12-14t21:59:43.10-05:00", "2026-13-01",
        "2026-01-01 25:00:00", "2026-1-1", "!!binary aGVsbG8=", "!!str 12", "!!int x", "!!float y",
        "!!timestamp 2026-02-30", "!!bool maybe", "!!null x", "!unknown z", "&a 1", "*a",
        "[a, 1]", "{a: 1}", "\"quoted\"", "'single'", "|\n  block"]),
    st.integers(-10**20, 10**20).map(str),
    st.dates().map(str),
    st.text(alphabet="0123456789-:.+eE_oxb", max_size=12),
)

FRONT_KEYS = ["title", "summary", "reviewed", "legal_review", "topics", "populations", "order",
              "duration", "objectives", "addressee", "guides", "translated_from", "<<", "1", "no"]


@settings(max_examples=200, deadline=None)
@given(values=st.lists(st.tuples(st.sampled_from(FRONT_KEYS), YAML11,
                                 st.sampled_from(["{v}", "[{v}]", "{{lang: {v}, hash: {v}}}",
                                                  "\n  - question: {v}\n    options: [{v}, b]\n"
                                                  "    answer: {v}\n    explanation: {v}",
                                                  "\n  - id: {v}\n    label: {v}\n    type: text\n"
                                                  "    required: {v}\n    help: {v}"])),
                       max_size=6),
       section=st.sampled_from(["pages", "guides", "training", "templates"]))
def test_front_matter_scalars_of_every_yaml_type(values, section: str) -> None:
    front = "\n".join(f"{k}: {shape.format(v=v)}" for k, v, shape in values)
    problems = Problems()
    parse_document(f"---\n{front}\n---\n\nText.\n", Path("x.md"), section, "x", "en", problems)
    for p in problems:
        assert p.rule in ("yaml", "field-type", "missing-field", "unknown-field", "front-matter",
                          "duplicate"), p


def _catalog_files(v: str, w: str) -> dict[str, str]:
    return {
        "content/ui.yml": f"site_name: {{tg: {v}, ru: {w}}}\n{v}: {{tg: a, ru: b}}\n",
        "content/topics.yml": f"police: {{tg: {v}, ru: {w}}}\n{w}: {{tg: x}}\n",
        "content/organizations.yml": f"- id: {v}\n  name: {{tg: {w}}}\n  city: {{tg: {v}}}\n"
                                     f"  region: {w}\n  populations: [{v}]\n  services: [{w}]\n"
                                     f"  contacts: {{phone: {v}, email: {w}}}\n",
        "aggregates/vocabulary.yml": f"dimensions:\n  region:\n    label: {{tg: {v}}}\n    categories:\n"
                                     f"      tj: {{tg: {w}}}\n      {v}: {{tg: {w}}}\n"
                                     f"  gender:\n    exclusive: {v}\n    splits: {w}\n    label: {{tg: x}}\n"
                                     f"    categories: {{{w}: {{tg: {v}}}, female: {{tg: x}}}}\n",
        "aggregates/publishing.yml": f"thresholds: {{country: {v}, region: {w}}}\n"
                                     f"sensitive: {{gender: [{v}], {w}: [x]}}\n"
                                     f"percentages: {{min_denominator: {w}}}\n"
                                     f"topics: {{police: {{dataset: {v}, dimension: {w}}}}}\n",
        "aggregates/test.yml": f"title: {{tg: {v}, ru: {w}}}\ndefinition: {{tg: {w}}}\nsource: {v}\n"
                               f"published: {w}\nillustrative: {{tg: {v}}}\n",
        "aggregates/test.csv": "period,region,dimension,category,count\n2020,tj,total,clients,3\n",
    }


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(v=YAML11, w=YAML11)
def test_catalogs_and_aggregates_scalars_of_every_yaml_type(tmp_path: Path, v: str, w: str) -> None:
    """Every YAML file kb reads (content/ui.yml, topics, organizations, the vocabulary, the
    publishing rules, a dataset's .yml), with YAML 1.1 scalars where text, codes, numbers
    and dates belong: problems, never a traceback."""
    from scripts.statistics.feature import Statistics

    for rel, text in _catalog_files(v.replace("\n", " "), w.replace("\n", " ")).items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "plugins:\n  - i18n:\n      languages:\n        - {locale: tg, default: true}\n"
        "        - {locale: ru}\n", encoding="utf-8")
    project = Project(tmp_path)
    problems = Problems()
    cats = read_catalogs(tmp_path, project.codes, problems)
    Statistics().read(ReadServices(project, Corpus([]), cats), problems)
    for p in problems:
        assert p.line is None or p.line >= 1, p
