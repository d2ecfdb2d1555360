"""kb serve's read of an edit (scripts/build.py `read_inputs` with `since`, issue 18.5).

After a read that found no problem, an edit of documents' files only is read by reading
those files again and running the checks that look at them; everything else is taken from
the earlier read. Here every kind of edit of the sample is read both ways, from a copy of
the repository's content: the problems are the same, word for word, and when there are
none the rendered docs/ is the same, byte for byte. An edit of anything that is not a
document is read whole.
"""

from __future__ import annotations

import pytest

from scripts import digest
from scripts.build import Inputs, read_inputs
from scripts.plan import plan_site
from scripts.project import Project
from scripts.render import render_site

from .conftest import SKELETON, MiniProject, copy_tree

EN = "content/guides/police-detention.en.md"
RU = "content/guides/police-detention.ru.md"
BRIEF = "content/briefs/health-care-violations.en.md"
# (file, text in it, replaced by): each kind of document edit an editor makes.
EDITS = {
    "translation's text": (EN, "are often stopped", "are sometimes stopped"),
    "original's text": (RU, "Людей из ключевых групп часто", "Людей из ключевых групп нередко"),
    "a title": (EN, 'title: "Detained by the police', 'title: "Stopped by the police'),
    "a training module": ("content/training/documenting-cases.en.md", "## Why we document",
                          "## Why we write it down"),
    "a page": ("content/pages/about.en.md", "is a community-based approach",
               "is a community approach"),
    # A brief's figures are checked by its feature's read, against the statistics.
    "a brief's text": (BRIEF, "Two kinds of violation", "Two kinds of violations"),
    "a brief's figure that is not published": (BRIEF, 'figure("cases", "2021", "total", "cases")',
                                               'figure("cases", "2099", "total", "cases")'),
    "a broken link": (EN, "(free-legal-aid.md)", "(free-legal-aid-x.md)"),
    "an admonition word": (RU, '!!! tip "Запомните номер"', '!!! tipp "Запомните номер"'),
    "a heading removed from a stamped translation": (EN, "## What happens\n", "What happens\n"),
    "an unknown code": (EN, "topics: [police, legal-aid]", "topics: [police, legal-aidd]"),
    "the stamp removed": (EN, 'translated_from: {lang: ru, hash: "8c4b88300a28", into: en}',
                          "translated_from: {lang: ru}"),
    "raw HTML": (EN, "## What happens\n", "## What happens\n\n<script>alert(1)</script>\n"),
    "a second original": (EN, 'translated_from: {lang: ru, hash: "8c4b88300a28", into: en}\n', ""),
    # The file no longer reads: other pages' links to it break (the Russian original of a
    # guide, linked from other guides; a template, listed in guides' `templates:`).
    "an original that no longer reads": ("content/guides/free-legal-aid.ru.md", "---\n",
                                         "---\ntitle: [\n"),
    "a template that no longer reads": ("content/templates/crime-report.ru.md", "---\n",
                                        "---\ntitle: [\n"),
}


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, Inputs]:
    """A copy of the repository's content and its first, full read (no problem)."""
    root = tmp_path_factory.mktemp("edit-read") / "project"
    copy_tree(SKELETON + ("content",), root)
    project = Project(root)
    first, problems = read_inputs(project, digest.source_inventory(project))
    assert not problems, problems.report()
    assert first.reread is None
    return project, first


def rendered(inputs: Inputs, project: Project) -> dict[str, str | bytes]:
    plan = plan_site(inputs.corpus, project.codes, project.fallback_order)
    return render_site(inputs.services, plan, inputs.features)


@pytest.mark.parametrize("kind", EDITS)
def test_an_edit_read_again_alone_is_read_as_a_full_read_reads_it(sample: tuple[Project, Inputs],
                                                                   kind: str) -> None:
    project, first = sample
    rel, old, new = EDITS[kind]
    path = project.root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    try:
        sources = digest.source_inventory(project)
        edit, edit_problems = read_inputs(project, sources, since=first)
        full, full_problems = read_inputs(project, sources)
    finally:
        path.write_text(text, encoding="utf-8")
    assert edit.reread == (path,)
    assert edit_problems.report() == full_problems.report()
    if not full_problems:
        assert rendered(edit, project) == rendered(full, project)
    else:
        assert rel.rsplit("/", 1)[-1] in full_problems.report()


def test_anything_but_a_document_is_read_whole(sample: tuple[Project, Inputs]) -> None:
    project, first = sample
    unchanged, problems = read_inputs(project, digest.source_inventory(project), since=first)
    assert not problems and unchanged.reread == ()
    topics = project.root / "content" / "topics.yml"
    text = topics.read_text(encoding="utf-8")
    try:
        topics.write_text(text + "\n", encoding="utf-8")
        again, problems = read_inputs(project, digest.source_inventory(project), since=first)
        assert not problems and again.reread is None
        added = project.root / "content" / "guides" / "new-guide.en.md"
        added.write_text("---\ntitle: New\nsummary: New.\n---\n\nText.\n", encoding="utf-8")
        topics.write_text(text, encoding="utf-8")
        again, _ = read_inputs(project, digest.source_inventory(project), since=first)
        assert again.reread is None
        added.unlink()
    finally:
        topics.write_text(text, encoding="utf-8")


def test_a_document_that_no_longer_reads_is_no_page_for_the_others_links(mini: MiniProject) -> None:
    """A guide only in Tajik, linked from another: when its front matter stops reading, its
    page is gone and the other guide's link to it is broken, as a full read says (found by
    a helper breaking the edit read: only the edited file was checked)."""
    project = mini.project
    mini.guide("lonely", "tg", body="## Қадамҳо\n\nМатн.\n")
    mini.guide("linker", "tg", body="## Қадамҳо\n\n[Х](lonely.md)\n")
    first, problems = read_inputs(project, digest.source_inventory(project))
    assert not problems, problems.report()
    path = mini.root / "content/guides/lonely.tg.md"
    path.write_text(path.read_text(encoding="utf-8").replace("---\n", "---\ntitle: [\n", 1),
                    encoding="utf-8")
    sources = digest.source_inventory(project)
    edit, edit_problems = read_inputs(project, sources, since=first)
    _, full_problems = read_inputs(project, sources)
    assert edit.reread == (path,)
    assert "linker.tg.md" in full_problems.report() and "broken-link" in full_problems.report()
    assert edit_problems.report() == full_problems.report()
