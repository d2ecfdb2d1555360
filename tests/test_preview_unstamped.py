"""A translation in progress is previewed; it is never published (errors.PREVIEW_ONLY).

`kb new --translate` writes a translation with `translated_from: {lang: ...}` and no stamp,
and the translator stamps it once it matches the original (README, Translating). Before,
`kb serve` refused the whole preview until then: a translator could not see the page being
translated. Now the preview goes on, the page marked outdated, and kb serve says why `kb
build` will refuse it; `kb build` and `kb check` still stop, also after a preview (its read
is never kept for them), and any other problem still stops the preview too.
"""

from __future__ import annotations

import pytest

from scripts import digest
from scripts.build import build_site, read_inputs
from scripts.errors import BuildError
from scripts.plan import Status, status_of
from scripts.project import Project
from scripts.serve import HELD, preview_dir, rebuild

from .conftest import MiniProject

pytestmark = pytest.mark.slow

URL = "http://127.0.0.1:8000/"
TRANSLATION = "content/guides/police-detention.en.md"


def _in_progress(mini: MiniProject) -> None:
    """A Tajik guide and its English translation, half done and not stamped."""
    mini.guide("police-detention", "tg")
    mini.guide("police-detention", "en", extra="translated_from: {lang: tg}\n",
               body="## Steps\n\nHalf-translated-marker.\n")


def _rules(error: BuildError) -> list[tuple[str, str]]:
    return [(problem.file, problem.rule) for problem in error.problems]


def test_the_preview_shows_a_translation_not_stamped_and_kb_build_refuses_it(
        mini: MiniProject, capsys: pytest.CaptureFixture[str]) -> None:
    _in_progress(mini)
    project = Project(mini.root)
    assert rebuild(project, URL) is True
    said = capsys.readouterr().err
    assert HELD in said and f"{TRANSLATION}:7: [not-stamped]" in said, said
    assert "nothing was published" not in said and "still being served" not in said, said
    page = (preview_dir(project) / "en/guides/police-detention/index.html").read_text(encoding="utf-8")
    assert "Half-translated-marker" in page and "kb-outdated" in page
    # After the preview, as before it: kb build stops, naming the file (the preview's read
    # was not kept for kb build's next read to trust), and publishes nothing.
    for _ in range(2):
        with pytest.raises(BuildError) as refused:
            build_site(project)
        assert _rules(refused.value) == [(TRANSLATION, "not-stamped")]
    assert not project.site_dir.exists()


def test_any_other_problem_still_stops_the_preview_and_all_are_listed(mini: MiniProject) -> None:
    _in_progress(mini)
    mini.guide("free-legal-aid", "tg", body="## Steps\n\n[Broken](no-such-guide.md)\n")
    with pytest.raises(BuildError) as stopped:
        build_site(Project(mini.root), site=preview_dir(mini.project), serving=True)
    rules = _rules(stopped.value)
    assert (TRANSLATION, "not-stamped") in rules and len(rules) == 2, rules
    assert not preview_dir(mini.project).exists()


def test_an_edit_elsewhere_keeps_the_problem_listed_and_stamping_ends_it(mini: MiniProject) -> None:
    """kb serve's read of an edit reads only the edited files (scripts/build.py, `since`):
    the translation not stamped, not read again, is still reported; once stamped, not."""
    from scripts.translations import stamp

    _in_progress(mini)
    mini.guide("free-legal-aid", "tg")
    project = Project(mini.root)
    first, problems = read_inputs(project, digest.source_inventory(project))
    assert [(p.file, p.rule) for p in problems] == [(TRANSLATION, "not-stamped")]
    mini.guide("free-legal-aid", "tg", body="## Steps\n\nEdited.\n")
    edit, problems = read_inputs(project, digest.source_inventory(project), since=first)
    assert edit.reread == (mini.root / "content/guides/free-legal-aid.tg.md",)
    assert [(p.file, p.rule) for p in problems] == [(TRANSLATION, "not-stamped")]
    stamp(project, mini.root / TRANSLATION)
    # Stamping writes the original's snapshot too (content/.stamped/): a read of everything.
    _, problems = read_inputs(project, digest.source_inventory(project), since=edit)
    assert not problems, [str(p) for p in problems]


def test_a_mistake_undone_lists_the_translation_again(mini: MiniProject,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    """A mistake, then its undoing, puts the files back as the last good preview had them:
    nothing is built again, and the translation still not stamped is listed again (before,
    the list was gone until the next real edit)."""
    from scripts.serve_session import ServeSession

    _in_progress(mini)
    project = Project(mini.root)
    index = mini.root / "content/pages/index.tg.md"
    good = index.read_text(encoding="utf-8")
    session = ServeSession(project)
    try:
        assert rebuild(project, URL, session) is True
        session.settle()
        capsys.readouterr()
        index.write_text("---\ntitle: [unclosed\n---\n", encoding="utf-8")
        assert rebuild(project, URL, session) is False
        assert "still being served" in capsys.readouterr().err
        index.write_text(good, encoding="utf-8")
        assert rebuild(project, URL, session) is True
        captured = capsys.readouterr()
        assert "Preview built" not in captured.out, captured.out  # nothing to build again
        assert HELD in captured.err and f"{TRANSLATION}:7: [not-stamped]" in captured.err, captured.err
    finally:
        session.close()


def test_kb_new_translate_gives_every_kind_a_file_the_preview_shows(tmp_path) -> None:
    """`kb new <section> <slug> --translate <original>`, for a real original of every kind:
    its only problem is that it is not stamped (the preview shows it), and once stamped,
    none. Before, a module's copy lacked its objectives and quiz, a letter's its addressee
    and fields: the new file broke those rules and stopped the preview (a tester's finding)."""
    from click.testing import CliRunner

    from scripts.cli import main
    from scripts.schema import SECTIONS
    from scripts.translations import stamp

    from .conftest import SKELETON, copy_tree

    root = tmp_path / "project"
    copy_tree(SKELETON + ("content",), root)
    project = Project(root)
    first, _ = read_inputs(project)
    made = []
    for section in SECTIONS:
        original = next(d for d in first.corpus.documents if d.section == section and d.is_original)
        lang = next(code for code in project.codes if code != original.lang)
        target = original.path.with_name(f"{original.slug}.{lang}.md")
        target.unlink(missing_ok=True)
        result = CliRunner().invoke(main, ["--root", str(root), "new", section, original.slug,
                                           "--lang", lang, "--translate", original.lang])
        assert result.exit_code == 0, result.output
        made.append(target.relative_to(root).as_posix())
    _, problems = read_inputs(project)
    assert sorted((p.file, p.rule) for p in problems) == [(file, "not-stamped") for file in sorted(made)], \
        problems.report()
    for file in made:
        stamp(project, root / file)
    _, problems = read_inputs(project)
    assert not problems, problems.report()


@pytest.mark.parametrize("typed", ['"abc"', "done", '"44D8F79E2F89"', '"44d8f79e2f8"', '"44d8f79e2f89 "'])
def test_a_hash_typed_by_hand_is_not_a_stamp(mini: MiniProject, typed: str) -> None:
    """A hash kb never writes (too short, capitals, a word, a space) was read as an old stamp:
    the translation, never stamped, was published as an outdated one (a tester's finding)."""
    mini.guide("police-detention", "tg")
    mini.guide("police-detention", "en", extra=f"translated_from: {{lang: tg, hash: {typed}}}\n")
    _, problems = read_inputs(Project(mini.root))
    assert [(p.file, p.line, p.rule) for p in problems] == [(TRANSLATION, 7, "not-stamped")], \
        problems.report()
    assert "is not a stamp kb wrote" in problems.report() and "never typed by hand" in problems.report()


def test_a_translation_copied_from_another_language_is_not_stamped(mini: MiniProject) -> None:
    """A translator starts the Uzbek file from a copy of the stamped English one: the copy
    kept the English stamp, and was published as an up-to-date translation, half translated
    (a second tester's finding). The stamp names the file's language (`into`); a copy's is
    another's. Stamped in its turn, it is a translation of its own."""
    from scripts.translations import stamp

    mini.guide("police-detention", "tg")
    english = mini.guide("police-detention", "en", extra="translated_from: {lang: tg}\n")
    stamp(mini.project, english)
    assert "into: en}" in english.read_text(encoding="utf-8")
    uzbek = mini.root / "content/guides/police-detention.uz.md"
    # Half translated, a link added meanwhile: not compared with the original while not
    # stamped (that would stop the preview), and shown as outdated, not as up to date.
    uzbek.write_text(english.read_text(encoding="utf-8") + "\n[Link](police-detention.md)\n",
                     encoding="utf-8")
    inputs, problems = read_inputs(Project(mini.root))
    assert [(p.file, p.line, p.rule) for p in problems] == [
        ("content/guides/police-detention.uz.md", 7, "not-stamped")], problems.report()
    assert "made for the `en` file" in problems.report()
    docs = {doc.lang: doc for doc in inputs.corpus.documents if doc.slug == "police-detention"}
    assert status_of(docs["uz"], docs["tg"]) is Status.OUTDATED
    assert status_of(docs["en"], docs["tg"]) is Status.TRANSLATED
    uzbek.write_text(english.read_text(encoding="utf-8"), encoding="utf-8")
    stamp(mini.project, uzbek)
    _, problems = read_inputs(Project(mini.root))
    assert not problems, problems.report()


def test_an_unquoted_typed_hash_is_not_fixed_by_quoting_it(mini: MiniProject) -> None:
    """YAML reads `hash: 000000000000` as a number; the fix used to say "put it in quotes",
    which made a typed hash look stamped (a second tester's finding). It says to stamp."""
    mini.guide("police-detention", "tg")
    mini.guide("police-detention", "en", extra="translated_from: {lang: tg, hash: 000000000000}\n")
    _, problems = read_inputs(Project(mini.root))
    [problem] = list(problems)
    assert (problem.file, problem.line, problem.rule) == (TRANSLATION, 7, "field-type"), problems.report()
    assert "never type the hash" in problem.fix and "kb translations --stamp" in problem.fix
    assert "quotes" not in problem.fix
