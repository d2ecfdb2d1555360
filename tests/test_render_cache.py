"""The render cache (scripts/render_cache.py): after an edit of each kind of input, docs/
rendered with the cache of the previous builds is byte for byte what a render without it
gives, and a document whose inputs did not change is not rendered again.

The render stage is the real one (read, validate, plan, render); renders are counted by the
cache's own counters, not by a mock. PDFs and MkDocs are not run: they come after docs/ is
rendered and do not read the cache.
"""

from __future__ import annotations

import pickle
import shutil
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scripts import digest, memo, render_cache, ui_strings
from scripts.appeals import docx_blank
from scripts.build import read_inputs
from scripts.memo import using
from scripts.plan import plan_site
from scripts.project import Project
from scripts.render import Renderer, render_site
from scripts.render_cache import FILE, FOLDER, RenderCache
from scripts.statistics import charts
from scripts.translations import stamp
from scripts.write import read_cache_file, write_cache_file

from .conftest import MiniProject, copy_tree

TERM = "боздошти маъмурӣ"
GLOSSARY = f"""
terms:
  - id: administrative-detention
    tg: {{term: "{TERM}", definition: "Боздошт барои ҳуқуқвайронкунии маъмурӣ."}}
    en: {{term: "administrative detention", definition: "Detention for an administrative offence."}}
"""
GUIDE = "guides/police-detention.md"


def render(project: Project, cached: bool) -> tuple[dict[str, str | bytes], RenderCache | None]:
    """docs/ as `kb build` generates it before the PDFs: with the project's render cache (read
    and saved) or without any. Charts and blank letters made earlier in this process are
    forgotten first (their own in-process memory), as in a new `kb build`."""
    charts._cached.__wrapped__.cache_clear()  # type: ignore[attr-defined]
    docx_blank._blank.__wrapped__.cache_clear()  # type: ignore[attr-defined]
    cache = RenderCache.of(project, digest.source_inventory(project)) if cached else None
    with using(cache):
        inputs, problems = read_inputs(project)
        assert not problems, problems.report()
        plan = plan_site(inputs.corpus, project.codes, project.fallback_order)
        files = render_site(inputs.services, plan, inputs.features, cache)
    if cache is not None:
        cache.save()
    return files, cache


@pytest.fixture
def site(mini: MiniProject) -> MiniProject:
    """The home page and two guides in Tajik (originals), one translated into English and Russian (stamped),
    Uzbek shown as a fallback; a glossary term the Tajik guide uses."""
    mini.write("glossary.yml", GLOSSARY)
    mini.guide("police-detention", "tg", body=f"## Қадамҳо\n\nДар бораи {TERM}. [Ёрӣ](free-legal-aid.md)\n")
    mini.guide("free-legal-aid", "tg", body="## Қадамҳо\n\nМатн.\n")
    stamp(mini.project, mini.guide("police-detention", "en", extra="translated_from: {lang: tg}\n",
                                   body="## Steps\n\nText. [Aid](free-legal-aid.md)\n"))
    stamp(mini.project, mini.guide("police-detention", "ru", extra="translated_from: {lang: tg}\n",
                                   body="## Шаги\n\nТекст. [Помощь](free-legal-aid.md)\n"))
    return mini


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# Each kind of input a page is rendered from, with an edit that changes the page it names.
EDITS = {
    "translation": ("guides/police-detention.en.md", "Text.", "Text, edited.", "en/" + GUIDE),
    "original": ("guides/police-detention.tg.md", "## Қадамҳо", "## Қадамҳои нав", "en/" + GUIDE),
    "catalog": ("topics.yml", '"Police and detention"', '"Police, detention"', "en/guides/index.md"),
    "ui string": ("ui.yml", '"See also"', '"Read also"', "en/" + GUIDE),
    "glossary term": ("glossary.yml", TERM, "ҳабси маъмурӣ", "tg/" + GUIDE),
    "aggregate": ("../aggregates/cases.csv", "2020,tj,key_population,plhiv,71",
                  "2020,tj,key_population,plhiv,70", "en/statistics/cases/2020/index.md"),
}


@pytest.mark.parametrize("kind", EDITS)
def test_after_an_edit_the_warm_cache_renders_what_a_clean_render_gives(site: MiniProject,
                                                                       kind: str) -> None:
    before, _ = render(site.project, cached=True)  # fills the cache
    render(site.project, cached=True)  # and a build that takes everything from it
    name, old, new, page = EDITS[kind]
    edit(site.root / "content" / name, old, new)
    if kind == "original":  # the renamed heading is in the changed notice of the translations
        edit(site.root / "content/guides/free-legal-aid.tg.md", "Матн.", "Матни нав.")
    warm, cache = render(site.project, cached=True)
    clean, _ = render(site.project, cached=False)
    assert warm[page] != before[page]  # the edit shows on the page
    assert cache is not None and cache.rendered > 0
    assert sorted(warm) == sorted(clean)
    assert [path for path in clean if warm[path] != clean[path]] == []


def test_an_unchanged_document_is_not_rendered_again(site: MiniProject) -> None:
    _, first = render(site.project, cached=True)
    assert first is not None and (first.rendered, first.reused) == (12, 0)  # 3 documents x 4 languages
    assert (site.root / FOLDER / FILE).is_file()

    _, again = render(site.project, cached=True)
    assert again is not None and (again.rendered, again.reused) == (0, 12)
    assert again.checked == 0 and again.checks_reused > 0  # the raw-HTML checks too

    # A translation's edit: the pages of its document only (every language shows it).
    edit(site.root / "content/guides/police-detention.en.md", "Text.", "Text, edited.")
    _, after = render(site.project, cached=True)
    assert after is not None and (after.rendered, after.reused) == (4, 8)
    assert after.checked > 0 and after.checks_reused > 0  # the edited text's checks only


def test_a_code_change_renders_everything_again(site: MiniProject) -> None:
    render(site.project, cached=True)
    inventory = digest.source_inventory(site.project)
    code = next(name for name in inventory if name.startswith("scripts/"))
    changed = RenderCache.of(site.project, {**inventory, code: "0" * 64})
    with using(changed):
        inputs, _ = read_inputs(site.project)
        render_site(inputs.services, plan_site(inputs.corpus, site.project.codes,
                                               site.project.fallback_order), inputs.features, changed)
    assert (changed.rendered, changed.reused) == (12, 0)
    assert changed.checked > 0  # the checks of texts are run again too


def test_charts_are_drawn_again_only_when_their_numbers_or_the_code_change(site: MiniProject) -> None:
    _, first = render(site.project, cached=True)
    assert first is not None and first.computed["chart"] > 0
    drawn = first.computed["chart"]

    # Nothing changed: no chart drawn, nor even looked up: the statistics pages come whole
    # from the cache (render_reads: they read no document's text).
    _, again = render(site.project, cached=True)
    assert again is not None and again.computed["chart"] == 0 and again.found["chart"] == 0
    assert again.features_rendered == 0 and again.features_reused > 0

    # A count of an aggregate CSV: the charts that show it are drawn again, the others kept.
    edit(site.root / "aggregates/cases.csv", "2020,tj,key_population,plhiv,71",
         "2020,tj,key_population,plhiv,70")
    _, after = render(site.project, cached=True)
    assert after is not None and 0 < after.computed["chart"] < drawn

    # The statistics code: every chart is drawn again.
    inventory = digest.source_inventory(site.project)
    assert "scripts/statistics/charts.py" in inventory
    changed = RenderCache.of(site.project, {**inventory, "scripts/statistics/charts.py": "0" * 64})
    charts._cached.__wrapped__.cache_clear()  # type: ignore[attr-defined]
    with using(changed):
        inputs, _ = read_inputs(site.project)
        render_site(inputs.services, plan_site(inputs.corpus, site.project.codes,
                                               site.project.fallback_order), inputs.features, changed)
    assert changed.computed["chart"] == drawn and changed.found["chart"] == first.found["chart"]


def uses_with_cache(project: Project, scripts: Path) -> tuple[tuple[ui_strings.Use, ...], RenderCache]:
    """The UI strings used in `scripts` (a copy of scripts/), with the project's render cache."""
    cache = RenderCache.of(project, digest.source_inventory(project))
    with using(cache):
        uses = ui_strings.used_keys(scripts)
    cache.save()
    return uses, cache


def test_an_unchanged_scripts_file_is_not_parsed_again_for_the_ui_string_check(site: MiniProject) -> None:
    scripts = site.root / "copy/scripts"
    shutil.copytree(ui_strings.SCRIPTS, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ui_strings.SCRIPTS.parent / "overrides", site.root / "copy/overrides")  # beside it
    overrides = site.root / "copy/overrides"
    files = len([*scripts.rglob("*.py"), *scripts.rglob("*.j2"), *overrides.rglob("*.html")])
    clean = ui_strings.used_keys(scripts)
    first, cache = uses_with_cache(site.project, scripts)
    assert first == clean and cache.computed["ui-uses"] == files
    again, cache = uses_with_cache(site.project, scripts)
    assert again == clean and (cache.computed["ui-uses"], cache.found["ui-uses"]) == (0, files)
    # A scripts file changed: that file only is parsed again, and its new use is found.
    render_py = scripts / "render.py"
    render_py.write_text(render_py.read_text(encoding="utf-8") + '\n_NEW = t("see_also_new_key")\n',
                         encoding="utf-8")
    after, cache = uses_with_cache(site.project, scripts)
    assert after == ui_strings.used_keys(scripts) != clean
    assert "see_also_new_key" in {use.key for use in after}
    assert (cache.computed["ui-uses"], cache.found["ui-uses"]) == (1, files - 1)


def test_a_missing_ui_string_is_reported_after_a_cached_build(site: MiniProject) -> None:
    render(site.project, cached=True)
    render(site.project, cached=True)  # every file's uses from the cache
    edit(site.root / "content/ui.yml", "see_also:", "see_also_renamed:")
    reports = []
    for cached in (True, False):
        cache = RenderCache.of(site.project, digest.source_inventory(site.project)) if cached else None
        with using(cache):
            _, problems = read_inputs(site.project)
        assert cache is None or cache.found["ui-uses"] > 0 and cache.computed["ui-uses"] == 0
        reports.append(problems.report())
    assert reports[0] == reports[1] and "missing-ui-string" in reports[0] and "see_also" in reports[0]
    # `kb build --force` (a cache that is not read): every file parsed again, the same report.
    forced = RenderCache.of(site.project, digest.source_inventory(site.project), read=False)
    with using(forced):
        _, problems = read_inputs(site.project)
    assert forced.found["ui-uses"] == 0 and forced.computed["ui-uses"] > 0
    assert problems.report() == reports[1]


def test_blank_word_letters_come_from_the_cache_byte_for_byte(site: MiniProject) -> None:
    from .samples import template

    template(site, "tg")
    first, cache = render(site.project, cached=True)
    letters = sorted(path for path in first if path.endswith(".docx"))
    assert letters and cache is not None and cache.computed["blank-docx"] > 0
    again, cache = render(site.project, cached=True)  # the templates' pages whole from the cache
    assert cache is not None and cache.computed["blank-docx"] == 0 and cache.features_reused > 0
    assert [path for path in letters if again[path] != first[path]] == []
    # The letter's text edited: made again, and what a build without the cache makes.
    edit(site.root / "content/templates/sample.tg.md", "Something happened.", "Something else happened.")
    warm, cache = render(site.project, cached=True)
    clean, _ = render(site.project, cached=False)
    assert cache is not None and cache.computed["blank-docx"] > 0
    assert all(warm[path] != first[path] for path in letters)
    assert [path for path in clean if warm[path] != clean[path]] == []


def test_feature_pages_are_taken_from_the_cache_unless_what_they_read_changed(tmp_path: Path) -> None:
    """Every translation of the sample, and every original that has none, gets a new
    paragraph (an original's edit with translations makes them outdated, and a language
    falling back on a translation then shows the original: the corpus view changes, so
    everything is rendered again). The features that read no document's text
    (`render_reads = ()`) are not rendered again, and everything is what a render without
    the cache gives: a feature that would read a text without saying so fails here."""
    copy_tree(("mkdocs.yml", "scripts/mkdocs_hooks.py", "overrides", "content", "aggregates"), tmp_path)
    project = Project(tmp_path)
    before, first = render(project, cached=True)
    assert first is not None and first.features_reused == 0
    inputs, _ = read_inputs(project)
    blind = [f for f in inputs.features if getattr(f, "render_reads", None) == ()]
    assert len(blind) >= 6 and {f.name for f in inputs.features} - {f.name for f in blind} == {
        "training", "templates"}
    edited = [doc.path for doc in inputs.corpus.documents
              if not doc.is_original or len(inputs.corpus.by_key[doc.key]) == 1]
    assert {path.parent.name for path in edited} >= {"guides", "training", "templates", "pages"}
    for path in edited:
        path.write_text(path.read_text(encoding="utf-8") + "\nOne more paragraph, kbedited.\n",
                        encoding="utf-8")
    warm, cache = render(project, cached=True)
    clean, _ = render(project, cached=False)
    assert cache is not None and cache.features_reused == len(blind) * len(project.codes)
    assert cache.features_rendered == (len(inputs.features) - len(blind)) * len(project.codes)
    assert any("kbedited" in str(text) and before[path] != text for path, text in warm.items())
    assert sorted(warm) == sorted(clean)
    assert [path for path in clean if warm[path] != clean[path]] == []


def test_document_pages_a_feature_renders_come_from_the_cache_unless_what_they_read_changed(
        tmp_path: Path) -> None:
    """Briefs, templates, training modules and the home page are rendered by their feature
    (its `document_sections`). With nothing changed, every document page comes from the
    cache. After an edit of one brief, one template and one module (translations: no status
    changes), the brief's pages are rendered again (4 languages) and those of every template
    and module (their features' `render_reads`: 7 x 4 each), and docs/ is what a render
    without the cache gives. A feature renders the documents of the sections it declares
    only: its pages would otherwise be kept under a fingerprint that misses what they read."""
    copy_tree(("mkdocs.yml", "scripts/mkdocs_hooks.py", "overrides", "content", "aggregates"), tmp_path)
    project = Project(tmp_path)
    render(project, cached=True)
    _, again = render(project, cached=True)
    inputs, _ = read_inputs(project)
    plan = plan_site(inputs.corpus, project.codes, project.fallback_order)
    assert again is not None and (again.rendered, again.reused) == (0, len(plan))

    services = Renderer(inputs.services, plan, inputs.features).services
    owners: dict[str, set[str]] = {}
    for page in plan:
        assert page.doc is not None
        for feature in inputs.features:
            if feature.render_document(services, page) is not None:
                declared = getattr(feature, "document_sections", ())
                assert page.doc.section in declared, (feature.name, page.path)
                owners.setdefault(feature.name, set()).add(page.doc.section)
    assert owners == {"briefs": {"briefs"}, "templates": {"templates"}, "training": {"training"},
                      "finder": {"pages"}}

    for name in ("briefs/national-overview.en.md", "templates/crime-report.en.md",
                 "training/human-rights-basics.en.md"):
        path = project.content_dir / name
        path.write_text(path.read_text(encoding="utf-8") + "\nOne more paragraph, kbedited.\n",
                        encoding="utf-8")
    warm, cache = render(project, cached=True)
    clean, _ = render(project, cached=False)
    assert cache is not None and cache.rendered == 4 + 7 * 4 + 7 * 4
    assert sum("kbedited" in str(text) for text in warm.values()) >= 3
    assert sorted(warm) == sorted(clean)
    assert [path for path in clean if warm[path] != clean[path]] == []


def test_a_cache_file_changed_since_it_was_written_is_not_read(site: MiniProject) -> None:
    """Its checksum no longer matches: an entry edited by hand to another type (which the
    code taking it would trip over), or a file cut short, is a build that renders
    everything, as without a cache. So is a file with a right checksum that is not this
    module's pickle (another scheme, or no pickle at all)."""
    clean, _ = render(site.project, cached=False)
    render(site.project, cached=True)
    path = site.root / FOLDER / FILE
    head, body = path.read_bytes().split(b"\n", 1)  # its checksum's line, then what it keeps
    data = pickle.loads(body)
    assert data["entries"]
    data["entries"] = {key: 7 for key in data["entries"]}
    path.write_bytes(head + b"\n" + pickle.dumps(data))
    again, cache = render(site.project, cached=True)
    assert cache is not None and cache.reused == 0 and cache.rendered == 12
    assert again == clean
    written = path.read_bytes()
    path.write_bytes(written[:len(written) // 2])
    again, cache = render(site.project, cached=True)
    assert cache is not None and cache.reused == 0 and again == clean
    for foreign in (b"not a pickle", pickle.dumps({"scheme": "another", "entries": data["entries"]}),
                    pickle.dumps(["entries"])):
        assert write_cache_file(path, foreign)
        again, cache = render(site.project, cached=True)
        assert cache is not None and cache.reused == 0 and again == clean


ARGUMENT = st.one_of(st.text(max_size=6), st.integers(-20, 20), st.lists(st.text(max_size=3), max_size=2))


@given(st.lists(ARGUMENT, max_size=3), st.lists(ARGUMENT, max_size=3))
def test_two_different_calls_never_share_a_memo_key(first: list, second: list) -> None:
    """memo's key of a call's arguments: texts and numbers by kind and length, the rest as
    JSON; no two different argument lists (split differently, a number and its digits, either
    form) may give one key, or a check would return another text's result."""
    if first != second or [type(a) for a in first] != [type(a) for a in second]:
        assert memo._arguments(tuple(first), {}) != memo._arguments(tuple(second), {})
    assert memo._arguments(("ab", "c"), {}) != memo._arguments(("a", "bc"), {})
    assert memo._arguments(("1",), {}) != memo._arguments((1,), {})


def test_the_json_cache_of_earlier_versions_is_removed_when_the_cache_is_written(
        site: MiniProject) -> None:
    """Earlier versions kept the render cache as JSON (`entries.json`, 33 MB at N = 400): the
    first write of the pickled file removes it, and it is never read."""
    old = site.root / FOLDER / "entries.json"
    old.parent.mkdir(parents=True, exist_ok=True)
    old.write_text('{"scheme": "react-kb render cache 2", "entries": {}}', encoding="utf-8")
    clean, _ = render(site.project, cached=False)
    again, cache = render(site.project, cached=True)
    assert again == clean and cache is not None and cache.rendered == 12
    assert not old.exists() and (site.root / FOLDER / FILE).is_file()


def test_one_process_parses_the_cache_file_only_when_another_changed_it(site: MiniProject,
                                                                       reads_of) -> None:
    """kb serve builds one edit after another in one process: the entries it read or wrote
    are kept in memory while the file is as it left it (size, time, inode), and read again
    once another process (`kb build` beside it) wrote the file."""
    render(site.project, cached=True)
    path = site.root / FOLDER / FILE
    edit(site.root / "content/guides/police-detention.en.md", "Text.", "Text, edited.")
    before = reads_of(path)
    warm, cache = render(site.project, cached=True)  # the entries the last build wrote
    assert reads_of(path) == before and cache is not None and cache.reused > 0
    copy = path.with_name("copy.json")
    copy.write_bytes(path.read_bytes())
    copy.replace(path)  # another process wrote the file (here: the same entries)
    read = reads_of(path)
    again, cache = render(site.project, cached=True)
    assert reads_of(path) == read + 1 and cache is not None and cache.rendered == 0
    assert again == warm


def _edited_render(site: MiniProject, old: str, new: str, save_later: float | None
                   ) -> tuple[dict[str, str | bytes], RenderCache]:
    """An edit of the English guide rendered with the cache, saved with `save_later`."""
    edit(site.root / "content/guides/police-detention.en.md", old, new)
    cache = RenderCache.of(site.project, digest.source_inventory(site.project))
    cache.save_later = save_later
    with using(cache):
        inputs, problems = read_inputs(site.project)
        assert not problems, problems.report()
        plan = plan_site(inputs.corpus, site.project.codes, site.project.fallback_order)
        files = render_site(inputs.services, plan, inputs.features, cache)
    cache.save()
    return files, cache


def _entries(path: Path) -> object:
    raw = read_cache_file(path)
    return pickle.loads(raw)["entries"] if raw is not None else {}


def _as_written(cache: RenderCache) -> object:
    return pickle.loads(pickle.dumps(cache._new))


def test_kb_serve_writes_the_cache_after_the_reload_and_its_next_build_does_not_wait(
        site: MiniProject, reads_of) -> None:
    """`kb serve`'s builds save with `save_later`: the next build takes the entries from
    memory, the file is written in the background a moment later, or when kb serve stops
    (`flush`); a build that saves at once (`kb build` in the same process) supersedes
    entries still to write. Without `save_later` the file is written at once, as before."""
    path = site.root / FOLDER / FILE
    render(site.project, cached=True)
    written = path.read_bytes()
    edited, cache = _edited_render(site, "Text.", "Text, edited.", save_later=0.5)
    assert path.read_bytes() == written  # not yet
    deadline = time.monotonic() + 30
    while path.read_bytes() == written and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _entries(path) == _as_written(cache)  # the timer wrote them
    # The next build takes them from memory; kb serve stopping writes what is still to write.
    _, cache = _edited_render(site, "Text, edited.", "Text, again.", save_later=3600)
    assert _entries(path) != _as_written(cache)
    before = reads_of(path)
    assert RenderCache.of(site.project, digest.source_inventory(site.project))._old == cache._new
    assert reads_of(path) == before
    render_cache.flush()
    assert _entries(path) == _as_written(cache)
    # A build saving at once wins over entries still to write.
    _, later = _edited_render(site, "Text, again.", "Text, once more.", save_later=0.2)
    edit(site.root / "content/guides/police-detention.en.md", "Text, once more.", "Text, last.")
    again, now = render(site.project, cached=True)
    time.sleep(1.0)
    assert now is not None and _entries(path) == _as_written(now) != _as_written(later)
    assert again != edited
    # A build that starts puts a write still to come off by as long again; when it fails
    # (no save of its own), the write still comes.
    _, pending = _edited_render(site, "Text, last.", "Text, final.", save_later=2.0)
    time.sleep(1.0)
    RenderCache.of(site.project, digest.source_inventory(site.project))  # a build starts
    time.sleep(1.5)  # past the first time (2 s), before the put-off one (3 s)
    assert _entries(path) != _as_written(pending)
    deadline = time.monotonic() + 30
    while _entries(path) != _as_written(pending) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _entries(path) == _as_written(pending)


@pytest.mark.slow
def test_kb_build_writes_the_cache_while_mkdocs_builds_and_before_it_returns(site: MiniProject) -> None:
    from scripts.build import build_site

    build_site(site.project)
    assert not render_cache._PENDING
    path = site.root / FOLDER / FILE
    first = _entries(path)
    edit(site.root / "content/guides/police-detention.en.md", "Text.", "Text, edited.")
    build_site(site.project)
    assert not render_cache._PENDING and _entries(path) != first


def test_the_packages_fingerprint_names_every_installed_distribution_with_its_version() -> None:
    """`packages` lists metadata folders instead of reading each distribution's metadata:
    every distribution importlib.metadata finds is there, with its version, so an upgrade
    of any of them changes the code's fingerprint."""
    import re
    from importlib import metadata

    from scripts.render_cache import packages

    lines = {line.lower() for line in packages().splitlines()}

    def normal(name: str) -> str:
        return re.sub(r"[-_.]+", "_", name).lower()

    missing = []
    for dist in metadata.distributions():
        name, version = normal(dist.metadata["Name"]), dist.version.lower()
        if not any(normal(line.rsplit(".", 1)[0]).startswith(f"{name}_{normal(version)}") for line in lines):
            missing.append(f"{name} {version}")
    assert not missing and len(lines) >= 20, missing
