"""The guarded boundary to other libraries' internals (scripts/boundary/).

Every reach into MkDocs, static-i18n, Material, python-docx, highspy or WeasyPrint beyond their public
API has a guard test here that runs the real, installed library and, when the library changed
under it, fails with a message saying which reach broke and what it is for. The other tests:
the installed versions are the ones the reaches are known to work with; outside them `kb`
stops with one message; no module outside scripts/boundary/ reaches into a library itself.
"""

from __future__ import annotations

import ast
import importlib.metadata
import inspect
import io
import json
import logging
import os
import re
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from scripts import boundary
from scripts.boundary import BoundaryError, Library, material, mkdocs, python_docx, static_i18n
from scripts.boundary import highspy as highspy_reach
from scripts.boundary import weasyprint as weasyprint_reach

from .conftest import REPO, MiniProject

LIBRARIES = [mkdocs.MKDOCS, static_i18n.STATIC_I18N, material.MATERIAL, python_docx.PYTHON_DOCX,
             highspy_reach.HIGHSPY, weasyprint_reach.WEASYPRINT]
MODULES = [mkdocs, static_i18n, material, python_docx, highspy_reach, weasyprint_reach]


def changed(library: Library, reach: str, what: str) -> str:
    """The message of a failed guard test: which library, which reach, what depends on it."""
    found = library.found()
    version = f"{found[0]} {found[1]}" if found else "(not installed)"
    return (f"{library.title} {version} changed under {library.module}: {reach}. {what} "
            f"Adapt the reach (its docstring says what it relies on) before widening `known`.")


# -- versions ------------------------------------------------------------------------------

@pytest.mark.parametrize("library", LIBRARIES, ids=lambda lib: lib.title)
def test_the_installed_version_is_one_the_reaches_are_known_to_work_with(library: Library) -> None:
    problem = library.problem("every reach")
    if problem:
        pytest.fail(problem, pytrace=False)


def test_a_version_outside_the_known_range_stops_with_one_clear_message() -> None:
    installed = boundary.installed_version("mkdocs-static-i18n")
    old = Library("mkdocs-static-i18n", (("mkdocs-static-i18n", ">=0.1,<0.2"),), "scripts/boundary/x.py")
    problem = old.problem("the plugin's current_language")
    assert problem is not None
    for part in (f"mkdocs-static-i18n) {installed} is installed", "known to work with mkdocs-static-i18n "
                 ">=0.1,<0.2", "the plugin's current_language", "scripts/boundary/x.py",
                 boundary.GUARD_TESTS, "widen `known`"):
        assert part in problem
    with pytest.raises(BoundaryError) as raised:
        old.check("the plugin's current_language")
    assert str(raised.value) == problem
    missing = Library("Nothing", (("no-such-distribution-here", ">=1"),), "scripts/boundary/x.py")
    assert "Nothing is not installed" in (missing.problem("a reach") or "")


def test_the_first_installed_distribution_is_checked_mkdocs_or_its_fork() -> None:
    either = Library("MkDocs", (("properdocs-not-installed", ">=1.6"),
                                ("mkdocs", mkdocs.MKDOCS.known[0][1])), "m")
    assert either.found() == ("mkdocs", boundary.installed_version("mkdocs"), mkdocs.MKDOCS.known[0][1])
    assert either.problem("a reach") is None


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_every_reach_checks_the_version_first(module) -> None:
    reaches = [fn for name, fn in vars(module).items()
               if inspect.isfunction(fn) and fn.__module__ == module.__name__
               and not name.startswith("_") and "Reach:" in (fn.__doc__ or "")]
    assert reaches, f"{module.__name__} documents no reach"
    for fn in reaches:
        body = inspect.getsource(fn).split('"""', 2)[2]
        first = next(line.strip() for line in body.splitlines() if line.strip())
        assert ".check(" in first or "_plugin(config)" in first, \
            f"{module.__name__}.{fn.__name__} does not check the library's version first"


def test_kb_build_stops_with_the_one_message_when_a_library_is_outside_its_range(
        mini: MiniProject, tmp_path: Path) -> None:
    # Another version of static-i18n, as pip would leave it: its metadata first on the path.
    fake = tmp_path / "other-version"
    info = fake / "mkdocs_static_i18n-1.4.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: mkdocs-static-i18n\nVersion: 1.4.0\n")
    real = importlib.metadata.distribution("mkdocs-static-i18n")
    (info / "entry_points.txt").write_text(real.read_text("entry_points.txt") or "")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(fake), str(REPO)]))
    result = subprocess.run([sys.executable, "-m", "scripts.cli", "--root", str(mini.root), "build"],
                            capture_output=True, text=True, env=env, timeout=600)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    assert ("mkdocs-static-i18n (mkdocs-static-i18n) 1.4.0 is installed, but scripts/boundary/"
            "static_i18n.py reaches into its internals") in result.stderr, result.stderr
    assert "known to work with mkdocs-static-i18n >=1.3.1,<1.4" in result.stderr
    assert not (mini.root / "site").exists()


# -- no reach outside the boundary ----------------------------------------------------------

# Private names of other libraries, and the attributes and imports that reach into them.
NAMED_TUPLE_API = {"_replace", "_asdict", "_fields", "_make"}
# Public names that start with an underscore: `os._exit` (documented: a child process ends
# without its parent's cleanup handlers).
DOCUMENTED_API = {"_exit"}
PRIVATE_STATE = {"current_language", "building", "error_handler", "serve_request"}
INTERNAL_MODULES = ("mkdocs.commands", "mkdocs.livereload", "docx.oxml", "material",
                    "weasyprint.formatting_structure", "weasyprint.layout")


def reaches_in(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    own = {node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef | ast.ClassDef)}
    found = []
    for node in ast.walk(tree):
        where = f"{path.relative_to(REPO)}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.Attribute):
            base = node.value.id if isinstance(node.value, ast.Name) else None
            if (re.match(r"_[a-zA-Z]", node.attr) and not node.attr.startswith("__")
                    and node.attr not in NAMED_TUPLE_API | DOCUMENTED_API and base not in {"self", "cls"}
                    and node.attr not in own):
                found.append(f"{where}: .{node.attr}")
            if node.attr in PRIVATE_STATE and base not in {"self", "cls"}:
                found.append(f"{where}: .{node.attr}")
        elif isinstance(node, ast.Subscript | ast.Call):
            target = node.value if isinstance(node, ast.Subscript) else node.func
            text = ast.unparse(target)
            if text.endswith(".plugins") or text.endswith(".plugins.get"):
                found.append(f"{where}: {text}")
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
            found += [f"{where}: import {name}" for name in names
                      if node.__dict__.get("level", 0) == 0 and name.startswith(INTERNAL_MODULES)]
    return found


def test_no_module_outside_the_boundary_reaches_into_a_library() -> None:
    scripts = REPO / "scripts"
    found = [reach for path in sorted(scripts.rglob("*.py"))
             if not path.is_relative_to(scripts / "boundary") for reach in reaches_in(path)]
    assert not found, ("reaches into other libraries' internals outside scripts/boundary/ (move each "
                       "into a guarded function there, with its guard test here):\n" + "\n".join(found))


def test_the_reach_finder_finds_each_kind_of_reach(tmp_path: Path) -> None:
    sample = REPO / "scripts" / "_reach_sample_for_test.py"
    sample.write_text(textwrap.dedent("""
        import highspy
        from mkdocs.livereload import LiveReloadServer
        from weasyprint.formatting_structure import boxes
        h = highspy._Highs()
        def f(paragraph, config, key, page):
            page._page_box.children
            paragraph._p.style = "x"
            config.plugins["i18n"].current_language = "ru"
            config.plugins.get("i18n")
            return key._replace(period="2020")
    """))
    try:
        found = "\n".join(reaches_in(sample))
    finally:
        sample.unlink()
    for reach in ("import mkdocs.livereload", "._Highs", "._p", "config.plugins", ".current_language",
                  "config.plugins.get", "import weasyprint.formatting_structure", "._page_box"):
        assert reach in found
    assert "_replace" not in found


# -- MkDocs ----------------------------------------------------------------------------------

def tiny_site(root: Path, languages: tuple[str, ...] = ()) -> Path:
    """A two-page MkDocs project at `root` (MkDocs' own theme: quick); with `languages`, in
    static-i18n folders, the first the default."""
    docs = root / "docs"
    for lang in languages or ("",):
        folder = docs / lang if lang else docs
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "index.md").write_text(f"# Home {lang}\n", encoding="utf-8")
        (folder / "page.md").write_text(f"# Page {lang}\n", encoding="utf-8")
    i18n = ""
    if languages:
        items = "".join(f"        - locale: {lang}\n          name: {lang.upper()}\n          build: true\n"
                        f"          site_name: Site {lang}\n"
                        + ("          default: true\n" if i == 0 else "")
                        for i, lang in enumerate(languages))
        i18n = f"plugins:\n  - i18n:\n      docs_structure: folder\n      languages:\n{items}"
    config = root / "mkdocs.yml"
    config.write_text(f"site_name: Tiny\ntheme:\n  name: mkdocs\n{i18n}", encoding="utf-8")
    return config


def load(config_file: Path, site: Path):
    from mkdocs.config import load_config

    return load_config(str(config_file), site_dir=str(site))


def test_guard_mkdocs_a_plugin_added_to_a_loaded_configuration_gets_its_events(tmp_path: Path) -> None:
    from mkdocs.plugins import BasePlugin, event_priority

    calls: list[str] = []

    class Recorder(BasePlugin):
        def on_startup(self, *, command, dirty):
            calls.append(f"startup {command}")

        @event_priority(-200)
        def on_files(self, files, config):
            calls.append(f"files {len(files.documentation_pages())}")
            return files

        def on_post_page(self, output, page, config):
            calls.append("page")
            return output

    config = load(tiny_site(tmp_path), tmp_path / "site")
    mkdocs.add_plugin(config, "recorder", Recorder())
    mkdocs.start_plugins(config, "serve")
    mkdocs.build(config)
    assert calls == ["startup serve", "files 2", "page", "page"], changed(
        mkdocs.MKDOCS, "add_plugin/start_plugins/build",
        f"A plugin added with config.plugins[name] = plugin got the events {calls}, not startup, "
        "files and one post_page per page: kb build's language worker (progress, theme files "
        "from the default language only) would silently stop working.")
    assert (tmp_path / "site" / "page" / "index.html").is_file()


def test_guard_mkdocs_a_build_without_the_themes_files_renders_its_pages_only(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mkdocs.structure.files import Files

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")  # the same build date in both pages

    listed = Files.add_files_from_theme
    config = load(tiny_site(tmp_path), tmp_path / "bare")
    mkdocs.build(config, theme_files=False)
    bare = {path.relative_to(tmp_path / "bare").as_posix() for path in (tmp_path / "bare").rglob("*")
            if path.is_file()}
    config = load(tiny_site(tmp_path), tmp_path / "whole")
    mkdocs.build(config)
    whole = {path.relative_to(tmp_path / "whole").as_posix() for path in (tmp_path / "whole").rglob("*")
             if path.is_file()}
    themes = {name for name in whole - bare if name.endswith((".css", ".js"))}
    assert Files.add_files_from_theme is listed and "page/index.html" in bare and "404.html" in bare \
        and themes and bare < whole and not {name for name in bare if name.endswith(".css")}, changed(
        mkdocs.MKDOCS, "build(theme_files=False)",
        f"A build without the theme's files wrote {sorted(bare)[:8]}, against {sorted(whole)[:8]} "
        "of a whole build: kb build's languages but the default would copy every theme file "
        "again, or leave out their pages.")
    for rel in bare:
        assert (tmp_path / "bare" / rel).read_bytes() == (tmp_path / "whole" / rel).read_bytes(), rel


def test_guard_mkdocs_a_build_listing_some_folders_walks_those_only(tmp_path: Path) -> None:
    """`build(folders=...)`: the files of the other top-level folders of docs/ are not
    listed (nor written), those of the folders named and of docs/ itself are, and the walk
    is MkDocs' own again afterwards."""
    from mkdocs.structure import files as listing

    config_file = tiny_site(tmp_path)
    for folder in ("keep", "skip"):
        (tmp_path / "docs" / folder / "deep").mkdir(parents=True)
        (tmp_path / "docs" / folder / "deep" / "x.md").write_text("# X\n", encoding="utf-8")
        (tmp_path / "docs" / folder / "y.md").write_text("# Y\n", encoding="utf-8")
    seen: list[str] = []

    class Recorder:
        def on_files(self, files, config):
            seen.extend(sorted(f.src_uri for f in files.documentation_pages()))
            return files

    config = load(config_file, tmp_path / "site")
    mkdocs.add_plugin(config, "recorder", Recorder())
    real = listing.os
    mkdocs.build(config, folders={"keep"})
    assert seen == ["index.md", "keep/deep/x.md", "keep/y.md", "page.md"] and listing.os is real, changed(
        mkdocs.MKDOCS, "build(folders=...)",
        f"A build listing the folder keep/ only listed {seen}: a partial build of one language "
        "would list every language's files again (0.25 s), or miss its own.")
    assert (tmp_path / "site" / "keep" / "deep" / "x" / "index.html").is_file()
    assert not (tmp_path / "site" / "skip").exists()


def test_guard_mkdocs_a_pages_source_read_with_its_meta_parsed_elsewhere_is_as_mkdocs_reads_it(
        tmp_path: Path) -> None:
    """`read_source(page, config, front_matter)` sets what `Page.read_source` sets; with a
    plugin answering `on_page_read_source`, MkDocs' own runs (and its source is used)."""
    from mkdocs.structure.files import File
    from mkdocs.structure.pages import Page

    config_file = tiny_site(tmp_path)
    (tmp_path / "docs" / "page.md").write_text(
        "---\ntitle: Қадамҳо\nreviewed: 2026-11-01\nterms:\n- [a, b]\n---\n\n# Page\n\nText.\n",
        encoding="utf-8")
    config = load(config_file, tmp_path / "site")

    def page() -> Page:
        file = File("page.md", config.docs_dir, config.site_dir, config.use_directory_urls)
        return Page(None, file, config)

    theirs, ours = page(), page()
    theirs.read_source(config)
    mkdocs.read_source(ours, config, mkdocs.front_matter)
    assert (ours.markdown, ours.meta) == (theirs.markdown, theirs.meta) and ours.meta["title"] == "Қадамҳо", \
        changed(mkdocs.MKDOCS, "read_source/front_matter (Page.read_source, get_data)",
                f"Read with the meta parsed elsewhere, a page has {ours.meta}, MkDocs' own reading "
                f"{theirs.meta}: a partial build's kept pages would show other titles.")

    class Answers:
        def on_page_read_source(self, page, config):
            return "---\ntitle: From a plugin\n---\nText\n"

    mkdocs.add_plugin(config, "answers", Answers())
    answered = page()
    mkdocs.read_source(answered, config, lambda source: ("never", {}))
    assert answered.meta == {"title": "From a plugin"}


def test_guard_mkdocs_a_plugin_of_the_configuration_is_found_by_its_name(tmp_path: Path) -> None:
    from mkdocs.config import load_config

    from scripts.page_assets import PLUGIN_NAME, Assets

    (tmp_path / "docs").mkdir()
    config = load_config(str(REPO / "mkdocs.yml"), docs_dir=str(tmp_path / "docs"),
                         site_dir=str(tmp_path / "site"))
    assets = mkdocs.plugin(config, PLUGIN_NAME)
    assert isinstance(assets, Assets) and mkdocs.plugin(config, "no-such-plugin") is None, changed(
        mkdocs.MKDOCS, "plugin", f"mkdocs.yml's {PLUGIN_NAME} was found as {assets!r}: "
        "`kb build --force` could no longer tell it to prune the stylesheet afresh.")


def test_guard_mkdocs_a_failed_strict_build_raises(tmp_path: Path) -> None:
    from mkdocs.exceptions import MkDocsException

    config_file = tiny_site(tmp_path)
    (tmp_path / "docs" / "page.md").write_text("[gone](missing.md)\n", encoding="utf-8")
    from mkdocs.config import load_config

    config = load_config(str(config_file), site_dir=str(tmp_path / "site"), strict=True)
    with pytest.raises(MkDocsException):
        mkdocs.build(config)


def test_guard_mkdocs_rebuild_files_renders_only_the_changed_page_with_every_event(
        tmp_path: Path) -> None:
    from mkdocs.exceptions import MkDocsException
    from mkdocs.plugins import BasePlugin, event_priority

    calls: list[str] = []

    class Recorder(BasePlugin):
        kept: dict = {}

        def on_pre_build(self, config):
            calls.append("pre_build")

        @event_priority(-300)
        def on_files(self, files, config):
            self.kept["files"] = files
            return files

        @event_priority(-300)
        def on_nav(self, nav, config, files):
            self.kept["nav"] = nav
            return nav

        def on_page_markdown(self, markdown, page, config, files):
            calls.append(f"markdown {page.file.src_uri}")
            return markdown

        def on_page_content(self, html, page, config, files):
            calls.append(f"content {page.file.src_uri}")
            return html

        @event_priority(-300)
        def on_env(self, env, config, files):
            self.kept["env"] = env
            calls.append("env")
            return env

        def on_post_template(self, output, template_name, config):
            calls.append(f"template {template_name}")
            return output

        def on_post_page(self, output, page, config):
            calls.append(f"page {page.file.src_uri}")
            return output

        def on_post_build(self, config):
            calls.append("post_build")

    config_file = tiny_site(tmp_path)
    from mkdocs.config import load_config

    config = load_config(str(config_file), site_dir=str(tmp_path / "site"), strict=True)
    recorder = Recorder()
    mkdocs.add_plugin(config, "recorder", recorder)
    mkdocs.build(config)
    home = (tmp_path / "site" / "index.html").stat().st_mtime_ns
    (tmp_path / "docs" / "page.md").write_text("# Page\n\nEdited text.\n", encoding="utf-8")
    calls.clear()
    files, nav, env = recorder.kept["files"], recorder.kept["nav"], recorder.kept["env"]
    mkdocs.rebuild_files(config, files, nav, env, [files.get_file_from_path("page.md")])
    expected = ["pre_build", "markdown page.md", "content page.md", "env", "template 404.html",
                "template sitemap.xml", "page page.md", "post_build"]
    calls[4:6] = sorted(calls[4:6])  # the theme's static templates are a set: in any order
    output = (tmp_path / "site" / "page" / "index.html").read_text(encoding="utf-8")
    assert (calls, "Edited text." in output) == (expected, True), changed(
        mkdocs.MKDOCS, "rebuild_files",
        f"Building one page again through MkDocs' build steps gave the events {calls} (expected "
        f"{expected}) and the page {'with' if 'Edited text.' in output else 'without'} its edit: "
        "kb serve's kept MkDocs (scripts/serve_session.py) would serve stale or wrong pages.")
    assert (tmp_path / "site" / "index.html").stat().st_mtime_ns == home  # not rendered again
    # A strict build's warning (a link to a page that is not there) fails the rebuild.
    (tmp_path / "docs" / "page.md").write_text("[x](missing.md)\n", encoding="utf-8")
    with pytest.raises(MkDocsException):
        mkdocs.rebuild_files(config, files, nav, env, [files.get_file_from_path("page.md")])


def test_guard_mkdocs_the_live_reload_server_answers_a_missing_page_with_our_error_page(
        tmp_path: Path) -> None:
    (tmp_path / "ru").mkdir()
    (tmp_path / "index.html").write_text("home", encoding="utf-8")
    asked: list[str] = []

    def not_found(path: str) -> bytes:
        asked.append(path)
        return b"missing in " + path.encode()

    server = mkdocs.live_reload_server(lambda: None, "127.0.0.1", 0, str(tmp_path), not_found)
    answers: list[str] = []

    def request(path: str) -> bytes:
        environ = {"PATH_INFO": path, "REQUEST_METHOD": "GET", "wsgi.input": io.BytesIO()}
        return b"".join(server.serve_request(environ, lambda status, headers: answers.append(status)))

    try:
        assert request("/") == b"home"
        body = request("/ru/gone/")
    finally:
        server.server_close()
    expected = (["/ru/gone/"], b"missing in /ru/gone/", "404 Not Found")
    assert (asked, body[:20], answers[-1]) == expected, changed(
        mkdocs.MKDOCS, "live_reload_server",
        f"A missing page was answered {answers[-1:]} {body!r} (error handler asked {asked}): "
        "kb serve would no longer show the 404 page in the language of the address.")
    # With the live-reload script: a tab showing "page not found" reloads when an edit makes
    # the page (it stayed on the 404 page: found by a fresh tester).
    assert re.search(rb"<script>.*livereload\(\d+,", body[20:], re.S), body


def _watching(build: Callable[[], bool | None], folder: Path
              ) -> tuple[Any, threading.Thread, Callable[[str], bytes]]:
    """The preview server of `folder` with `build`, watching it; the thread to serve it in
    (not started); a request for a path, answered as the server answers a browser's."""
    server = mkdocs.live_reload_server(build, "127.0.0.1", 0, str(folder), lambda path: None)
    server.watch(str(folder))
    thread = threading.Thread(target=server.serve, daemon=True)

    def request(path: str) -> bytes:
        environ = {"PATH_INFO": path, "REQUEST_METHOD": "GET", "wsgi.input": io.BytesIO()}
        return b"".join(server.serve_request(environ, lambda status, headers: None))

    return server, thread, request


def test_guard_mkdocs_a_build_that_published_nothing_reloads_no_browser(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """An edit with problems publishes nothing (`builder()` returns False): the browsers
    keep the page they show, scrolled where the editor was, and MkDocs' "Reloading browsers"
    is not said (it reloaded them all: found by a fresh tester). The next good build reloads
    them."""
    (tmp_path / "index.html").write_text("<html><body>home</body></html>", encoding="utf-8")
    results = [False, True]
    built = threading.Event()

    def build() -> bool:
        try:
            return results.pop(0)
        finally:
            built.set()

    server, thread, request = _watching(build, tmp_path)

    answers: list[int] = []
    caplog.set_level(logging.INFO, logger="mkdocs.livereload")
    thread.start()
    deadline = time.monotonic() + 10  # watching once the observer runs
    while getattr(server.observer, "active", None) is None and time.monotonic() < deadline:
        time.sleep(0.01)
    try:
        found = re.search(rb"livereload\((\d+),", request("/"))
        assert found
        epoch = int(found[1])
        asking = threading.Thread(target=lambda: answers.append(int(request(f"/livereload/{epoch}/1"))),
                                  daemon=True)
        asking.start()
        (tmp_path / "index.html").write_text("<html><body>bad edit</body></html>", encoding="utf-8")
        assert built.wait(10)
        time.sleep(0.5)
        assert answers == [], "a build that published nothing reloaded the browsers"
        # A request is answered at once (MkDocs holds it while its version is not the visible one).
        assert b"bad edit" in request("/")
        assert "Reloading browsers" not in caplog.text, caplog.text
        built.clear()
        (tmp_path / "index.html").write_text("<html><body>good edit</body></html>", encoding="utf-8")
        assert built.wait(10)
        asking.join(5)
        assert answers and answers[0] > epoch, answers
        time.sleep(0.2)
        assert "Reloading browsers" in caplog.text
    finally:
        server.shutdown()
        thread.join(timeout=10)


class _Serving:
    """The preview server of `mkdocs.live_reload_server` watching `folder`, serving in a
    thread; `builds` counts the rebuilds its changes started."""

    def __init__(self, folder: Path, observer: object | None = None) -> None:
        self.builds = 0
        self.started = threading.Event()

        def build() -> None:
            self.builds += 1

        self.server = mkdocs.live_reload_server(build, "127.0.0.1", 0, str(folder), lambda path: None)
        if observer is not None:
            self.server.observer = observer
        self.server.watch(str(folder))
        self.thread = threading.Thread(target=self.server.serve, daemon=True)

    def __enter__(self) -> _Serving:
        self.thread.start()
        deadline = time.monotonic() + 10
        while getattr(self.server.observer, "active", None) is None and time.monotonic() < deadline:
            time.sleep(0.01)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.thread.join(timeout=10)

    def wait_for_build(self, count: int) -> bool:
        deadline = time.monotonic() + 10
        while self.builds < count and time.monotonic() < deadline:
            time.sleep(0.01)
        return self.builds >= count


def test_guard_mkdocs_the_preview_server_rebuilds_on_the_systems_change_notices(tmp_path: Path) -> None:
    from watchdog.observers import Observer

    source = tmp_path / "content" / "guide.md"
    source.parent.mkdir()
    source.write_text("one", encoding="utf-8")
    with _Serving(tmp_path / "content") as serving:
        watcher = serving.server.observer
        assert isinstance(watcher, mkdocs.Watcher) and isinstance(watcher.active, Observer), changed(
            mkdocs.MKDOCS, "live_reload_server", "The preview server no longer takes the observer "
            "kb serve gives it: it watches by reading the folders every 0.5 s.")
        source.write_text("two", encoding="utf-8")
        assert serving.wait_for_build(1), changed(
            mkdocs.MKDOCS, "live_reload_server", "A saved file no longer starts a rebuild.")
        time.sleep(0.5)  # the burst of events of one save is one rebuild
        builds = serving.builds
        source.read_text(encoding="utf-8")  # every build reads the sources: no rebuild for it
        (tmp_path / "content" / "new.md").write_text("new", encoding="utf-8")
        assert serving.wait_for_build(builds + 1)
        time.sleep(0.5)
        builds = serving.builds
        for _ in range(3):
            source.read_text(encoding="utf-8")
        time.sleep(1.0)
        assert serving.builds == builds, "reading a watched file started a rebuild"


def test_guard_mkdocs_the_preview_server_reloads_the_browsers_when_told_unless_building(
        tmp_path: Path) -> None:
    """kb serve publishes an edit's pages again once its PDFs are laid out, and tells the
    browsers to reload (`reload_browsers`): a browser's poll is answered with a newer version.
    While a build is under way it is not told (the build's end reloads the browsers)."""
    (tmp_path / "index.html").write_text("<html><body>home</body></html>", encoding="utf-8")
    building, release = threading.Event(), threading.Event()

    def build() -> None:
        building.set()
        release.wait(10)

    server, thread, request = _watching(build, tmp_path)

    def poll(epoch: int, answers: list[int]) -> threading.Thread:
        asking = threading.Thread(target=lambda: answers.append(int(request(f"/livereload/{epoch}/1"))),
                                  daemon=True)
        asking.start()
        return asking

    thread.start()
    try:
        found = re.search(rb"livereload\((\d+),", request("/"))
        assert found, changed(mkdocs.MKDOCS, "live_reload_server", "The page served carries no "
                              "live-reload script with the site's version.")
        epoch = int(found[1])
        answers: list[int] = []
        asking = poll(epoch, answers)
        time.sleep(0.2)
        assert server.reload_browsers() is True
        asking.join(5)
        assert answers and answers[0] > epoch, changed(
            mkdocs.MKDOCS, "live_reload_server", f"Told to reload, the server answered a browser's "
            f"poll with {answers} (its version {epoch}): an edit's PDF sizes would not be shown.")
        # A build under way: not told now; the build's end reloads the browsers.
        (tmp_path / "index.html").write_text("<html><body>edited</body></html>", encoding="utf-8")
        assert building.wait(10)
        later: list[int] = []
        asking = poll(answers[0], later)
        assert server.reload_browsers() is False
        time.sleep(0.2)
        assert later == []
        release.set()
        asking.join(5)
        assert later and later[0] > answers[0]
    finally:
        release.set()
        server.shutdown()
        thread.join(timeout=10)


def test_the_watcher_forgets_only_the_path_it_is_told_to(tmp_path: Path) -> None:
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers.polling import PollingObserver

    folders = [tmp_path / name for name in ("content", "aggregates", "overrides")]
    for folder in folders:
        folder.mkdir()
    watcher = mkdocs.Watcher(PollingObserver(timeout=0.1))
    first, second = (watcher.schedule(FileSystemEventHandler(), str(f), recursive=True)
                     for f in folders[:2])
    watcher.unschedule(first)
    third = watcher.schedule(FileSystemEventHandler(), str(folders[2]), recursive=True)
    assert third not in (first, second)
    watcher.start()
    try:
        watcher.unschedule(second)
        watcher.unschedule(third)
    finally:
        watcher.stop()
        watcher.join(5)


class _NoNotices:
    """A system observer that cannot start (inotify's watch limit reached)."""

    def schedule(self, *args: object, **kwargs: object) -> None:
        return None

    def unschedule_all(self) -> None:
        pass

    def start(self) -> None:
        raise OSError(28, "inotify watch limit reached")


def test_without_the_systems_notices_the_preview_server_polls_as_mkdocs_does(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    from watchdog.observers.polling import PollingObserver

    source = tmp_path / "guide.md"
    source.write_text("one", encoding="utf-8")
    watcher = mkdocs.Watcher(PollingObserver(timeout=0.1), native=_NoNotices)
    with _Serving(tmp_path, watcher) as serving:
        assert watcher.active is watcher.fallback
        source.write_text("two, longer", encoding="utf-8")
        assert serving.wait_for_build(1)
    assert "inotify watch limit reached" in caplog.text


# -- static-i18n -----------------------------------------------------------------------------

@pytest.mark.parametrize("language", ["en", "ru"])
def test_guard_static_i18n_build_only_builds_the_one_language(tmp_path: Path, language: str) -> None:
    site = tmp_path / "site"
    config = load(tiny_site(tmp_path, ("en", "ru")), site)
    mkdocs.start_plugins(config, "build")
    assert static_i18n.build_only(config, language) == "en"
    assert static_i18n.build_languages(config) == (language, "en")
    mkdocs.build(config)
    other = "ru" if language == "en" else "en"
    built = {"en": (site / "page" / "index.html").is_file(),
             "ru": (site / "ru" / "page" / "index.html").is_file()}
    assert built == {language: True, other: False}, changed(
        static_i18n.STATIC_I18N, "build_only (the plugin's current_language and building)",
        f"Told to build {language} only, it built {built}: kb build's one process per language "
        "would build the wrong language, or every language in every process.")
    assert static_i18n.build_languages(config) == (language, "en")
    assert static_i18n.site_languages(config) == [("en", "Site en"), ("ru", "Site ru")]


def test_guard_static_i18n_builds_every_language_when_not_told_one(tmp_path: Path) -> None:
    # `mkdocs build` by hand: the plugin's own build of every language (README).
    site = tmp_path / "site"
    config = load(tiny_site(tmp_path, ("en", "ru")), site)
    mkdocs.build(config)
    assert (site / "page" / "index.html").is_file() and (site / "ru" / "page" / "index.html").is_file()


def test_guard_static_i18n_the_steps_of_its_own_build_of_every_language(tmp_path: Path) -> None:
    from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority

    steps: list[str] = []

    class Recorder(BasePlugin):
        def on_pre_build(self, config):
            steps.append(f"pre {static_i18n.sequence_step(config)}")

        def _post(self, config):
            steps.append(f"post {static_i18n.sequence_step(config)}")

        @event_priority(-150)
        def _after(self, config):
            steps.append(f"after {static_i18n.sequence_step(config)}")

        on_post_build = CombinedEvent(_post, _after)

    config = load(tiny_site(tmp_path, ("en", "ru")), tmp_path / "site")
    mkdocs.add_plugin(config, "recorder", Recorder())
    mkdocs.build(config)
    expected = ["pre default", "post default", "pre other", "post other", "after other", "after default"]
    assert steps == expected, changed(
        static_i18n.STATIC_I18N, "sequence_step (the plugin's building)",
        f"Its own build of every language went {steps}, not {expected}: `mkdocs build` by hand "
        "would no longer give kb build's 404 pages, sitemap and offline lists (scripts/by_hand.py).")
    one = load(tiny_site(tmp_path, ("en", "ru")), tmp_path / "site")
    static_i18n.build_only(one, "ru")
    assert static_i18n.sequence_step(one) is None


def test_guard_static_i18n_the_language_switcher_is_reset_for_each_language(tmp_path: Path) -> None:
    from mkdocs.plugins import BasePlugin

    class Reset(BasePlugin):
        def on_pre_build(self, config):
            static_i18n.reset_language_switcher(config)

    config_file = tiny_site(tmp_path, ("en", "ru"))
    config_file.write_text(config_file.read_text().replace("name: mkdocs", "name: material"))
    config = load(config_file, tmp_path / "site")
    mkdocs.add_plugin(config, "reset", Reset())
    mkdocs.build(config)
    # By hand the root 404 page is the last language's (ru): it links every language's home.
    page = (tmp_path / "site" / "404.html").read_text(encoding="utf-8")
    links = re.findall(r'<link rel="alternate" href="([^"]*)" hreflang="(\w+)"', page)
    assert links == [("/", "en"), ("/ru/", "ru")], changed(
        static_i18n.STATIC_I18N, "reset_language_switcher (the plugin's extra_alternate)",
        f"The 404 page of a language built after another links {links}, not each language's home "
        "page: `mkdocs build` by hand would differ from kb build.")


def test_guard_static_i18n_our_handlers_run_after_its_own() -> None:
    # Our plugins and hook change what static-i18n has set up for the language being built,
    # so they must run after its handlers of the same event (a lower priority runs later).
    from mkdocs_static_i18n.plugin import I18n

    from scripts import mkdocs_hooks, mkdocs_run, navtrim
    from scripts.safety.plugin import SafetyPlugin

    ours = {"on_files": mkdocs_run._Worker._chosen, "on_nav": mkdocs_hooks.on_nav,
            "on_page_context": navtrim.NavTrim.on_page_context,
            "on_post_build": SafetyPlugin._after_every_language}
    wrong = {event: (getattr(getattr(I18n, event), "mkdocs_priority", 0), handler.mkdocs_priority)
             for event, handler in ours.items()
             if handler.mkdocs_priority >= getattr(getattr(I18n, event), "mkdocs_priority", 0)}
    assert not wrong, changed(
        static_i18n.STATIC_I18N, "the priorities of its event handlers",
        f"(static-i18n's priority, ours) {wrong}: ours no longer run after static-i18n's; lower ours "
        "(navigation trimming, section names, the language worker, mkdocs build by hand).")
    # The other languages' pages are set aside before its on_files pairs the files.
    aside = mkdocs_run._Worker._set_aside.mkdocs_priority  # type: ignore[attr-defined]
    assert aside > I18n.on_files.mkdocs_priority, changed(
        static_i18n.STATIC_I18N, "the priority of its on_files",
        f"It now runs at {I18n.on_files.mkdocs_priority}, before the language worker sets the "
        f"other languages' pages aside ({aside}): raise that priority.")


def _files_and_alternates(config, files) -> list[tuple]:
    """What a build's pages are and where their language menus lead: (source, destination,
    URL, {language: (source, URL, destination)}) of each file in `files`' order."""
    return [(f.src_uri, f.dest_uri, f.url,
             {lang: (a.src_uri, a.url, a.dest_uri, a.abs_dest_path)
              for lang, a in getattr(f, "alternates", {}).items()})
            for f in files]


@pytest.mark.parametrize("language", ["en", "ru", "uz"])
def test_guard_static_i18n_alternates_of_pages_set_aside_are_its_own(tmp_path: Path, language: str) -> None:
    """A build of one language gives static-i18n only its own files (`set_aside`) and the
    alternates made from the others (`add_alternates`): the same files, in the same order,
    with the same alternates as its own on_files gives from every file of docs/ (a page only
    some languages have, an asset, a page outside the language folders, an index)."""
    from mkdocs.structure.files import get_files

    config_file = tiny_site(tmp_path, ("en", "ru", "uz"))
    # With the default language's fallback, static-i18n also uses its files: none set aside.
    config = load(config_file, tmp_path / "site")
    static_i18n.build_only(config, language)
    every = get_files(config)
    assert static_i18n.set_aside(config, every) == (every, {})
    config_file.write_text(config_file.read_text().replace(
        "docs_structure: folder\n", "docs_structure: folder\n      fallback_to_default: false\n"))
    docs = tmp_path / "docs"
    for path, text in {"ru/only-ru.md": "# R\n", "uz/sub/deep.md": "# D\n", "en/sub/deep.md": "# D\n",
                       "en/sub/index.md": "# S\n", "ru/sub/index.md": "# S\n", "en/img.png": "x",
                       "ru/img.png": "y", "ru/other/README.md": "# R\n", "root.md": "# Root\n"}.items():
        (docs / path).parent.mkdir(parents=True, exist_ok=True)
        (docs / path).write_text(path + text, encoding="utf-8")
    seen = {}
    for way in ("its own", "set aside"):
        config = load(config_file, tmp_path / "site")
        mkdocs.start_plugins(config, "build")
        static_i18n.build_only(config, language)
        files = get_files(config)
        aside: dict = {}
        if way == "set aside":
            files, aside = static_i18n.set_aside(config, files)
            assert aside and all(f.src_uri.startswith(language + "/") or "/" not in f.src_uri
                                 for f in files if f.abs_src_path and f.abs_src_path.startswith(str(docs)))
        files = config.plugins["i18n"].on_files(files, config=config)
        static_i18n.add_alternates(config, files, aside)
        seen[way] = _files_and_alternates(config, files)
        if way == "set aside":  # a partial build's: the alternates of the pages it renders
            again = config.plugins["i18n"].on_files(static_i18n.set_aside(config, get_files(config))[0],
                                                    config=config)
            static_i18n.add_alternates(config, again, aside, only={f"{language}/page.md"})
            only = {entry[0]: entry[3] for entry in _files_and_alternates(config, again)}
            full = {entry[0]: entry[3] for entry in seen[way]}
            assert only[f"{language}/page.md"] == full[f"{language}/page.md"]
            assert len(only[f"{language}/page.md"]) == 3
            assert only[f"{language}/index.md"] == {language: only[f"{language}/index.md"][language]}
            # A partial build that did not list the other languages' folders: their pages the
            # rendered ones need, made from docs/, are those set aside from a full listing.
            rendered = {f"{language}/page.md", f"{language}/sub/deep.md", f"{language}/img.png",
                        "root.md", "ru/only-ru.md"}
            unlisted = static_i18n.unlisted_aside(config, rendered)

            def shown(found: dict) -> dict:
                return {rest: {lang: (f.src_uri, f.dest_uri, f.url, f.abs_src_path, f.inclusion)
                               for lang, f in by_lang.items()} for rest, by_lang in found.items()}
            wanted = {rest: by_lang for rest, by_lang in aside.items()
                      if f"{language}/{rest}" in rendered}
            assert shown(unlisted) == shown(wanted) and "page.md" in unlisted, changed(
                static_i18n.STATIC_I18N, "unlisted_aside (File, set_exclusions)",
                f"The alternates made from docs/ ({shown(unlisted)}) are not those set aside from "
                f"the listing ({shown(wanted)}): a partial build's language menus would differ.")
    assert seen["set aside"] == seen["its own"], changed(
        static_i18n.STATIC_I18N, "set_aside and add_alternates (create_i18n_file, alternates)",
        "With the other languages' files set aside its pages or their language menus differ "
        "from its own: kb build's pages would link other languages wrongly.")


def test_without_static_i18n_the_build_is_of_the_theme_language(tmp_path: Path) -> None:
    config = load(tiny_site(tmp_path), tmp_path / "site")
    assert static_i18n.build_languages(config) == ("en", "en")
    assert static_i18n.site_languages(config) == []


# -- Material --------------------------------------------------------------------------------

def test_every_template_of_overrides_is_labelled_for_the_installed_material() -> None:
    problems = material.partial_problems(REPO / "overrides")
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


def test_the_label_check_finds_each_kind_of_wrong_label(tmp_path: Path) -> None:
    installed = boundary.installed_version("mkdocs-material")
    partials = tmp_path / "partials"
    partials.mkdir()
    files = {
        "header.html": f"{{#-\n  Material for MkDocs {installed}: copy of partials/header.html; changed:\n"
                       "  the search.\n-#}\n<header>",
        "palette.html": "{#-\n  Material for MkDocs 9.0.0: copy of partials/palette.html; changed: x\n-#}\n"
                        "<form>",
        "footer.html": f"{{#- Material for MkDocs {installed}: copy of partials/nav.html; changed: x -#}}",
        "tabs.html": "<nav>{#- Material for MkDocs 9.8.1: new partial; x -#}",
        "search.html": f"{{#- Material for MkDocs {installed}: new partial; ours -#}}",
        "gone.html": f"{{#- Material for MkDocs {installed}: in place of partials/gone.html; changed: x -#}}",
        "own.html": f"{{#- Material for MkDocs {installed}: new partial; ours -#}}",
    }
    for name, text in files.items():
        (partials / name).write_text(text, encoding="utf-8")
    problems = "\n".join(material.partial_problems(tmp_path))
    assert "partials/header.html" not in problems and "partials/own.html" not in problems
    assert (f"overrides/partials/palette.html: labelled for Material 9.0.0, but Material {installed}"
            in problems)
    assert "overrides/partials/footer.html: its label names partials/nav.html" in problems
    assert "overrides/partials/tabs.html: no Material label" in problems  # not leading: not a label
    assert "overrides/partials/search.html: labelled a new partial, but Material" in problems
    assert (f"overrides/partials/gone.html: Material {installed} has no templates/partials/gone.html"
            in problems)


def test_a_label_writes_nothing_into_pages() -> None:
    from jinja2 import Environment

    text = (REPO / "overrides/partials/palette.html").read_text(encoding="utf-8")
    comment = material.LEADING_COMMENT.match(text)
    assert comment is not None
    assert Environment().from_string(comment.group(0) + "\n<form>").render() == "<form>"


# Material's inline scripts, moved to files (the pages' security policy runs none inline).
MOVED_SCRIPTS = {"partials/javascripts/base.html": ["md-base.js"],
                 "partials/javascripts/content.html": ["md-tabs.js", "md-content.js"],
                 "partials/javascripts/palette.html": ["md-palette.js"]}
# The one Jinja expression of base.html's script; md-base.js reads it from its tag instead.
SCOPE = ('"{{ config.extra.scope | d(base_url) }}"',
         'document.currentScript.getAttribute("data-md-scope")||"."')


@pytest.mark.parametrize("partial", sorted(MOVED_SCRIPTS))
def test_guard_material_the_moved_inline_scripts_are_materials_code(partial: str) -> None:
    source = (material.theme_dir() / partial).read_text(encoding="utf-8")
    theirs = re.findall(r"<script>(.*?)</script>", source)
    ours = []
    for name in MOVED_SCRIPTS[partial]:
        text = (REPO / "overrides/assets/javascripts" / name).read_text(encoding="utf-8")
        ours.append("".join(line for line in text.splitlines() if not line.startswith("//")).rstrip(";"))
    theirs = [script.replace(*SCOPE).rstrip(";") for script in theirs]
    assert ours == theirs, changed(
        material.MATERIAL, f"the inline scripts of {partial}",
        f"Material's inline script(s) {theirs} are no longer the code of overrides/assets/javascripts/"
        f"{', '.join(MOVED_SCRIPTS[partial])}: copy Material's new code into them (one line each, "
        "after the comment).")


def test_guard_material_the_blocks_our_templates_fill_are_materials() -> None:
    base = (material.theme_dir() / "base.html").read_text(encoding="utf-8")
    theirs = set(re.findall(r"\{%-?\s*block (\w+)", base))
    ours = {f"{path.name}: {name}" for path in (REPO / "overrides").glob("*.html")
            for name in re.findall(r"\{%-?\s*block (\w+)", path.read_text(encoding="utf-8"))}
    missing = sorted(item for item in ours if item.split(": ")[1] not in theirs)
    assert ours and not missing, changed(
        material.MATERIAL, "the blocks of base.html that overrides/main.html and 404.html fill",
        f"Material's base.html no longer has the blocks {missing}: what our templates put there "
        "(the security policy, the footer) would silently be left out of every page.")


# -- python-docx -----------------------------------------------------------------------------

def test_guard_python_docx_style_by_id_and_style_font(tmp_path: Path) -> None:
    from docx import Document
    from docx.enum.style import WD_STYLE_TYPE

    document = Document()
    style = document.styles.add_style("Letter Body", WD_STYLE_TYPE.PARAGRAPH)
    python_docx.set_style_font(style, "Times New Roman", "tg-Cyrl-TJ")
    python_docx.set_paragraph_style_id(document.add_paragraph("Матн"), style.style_id)
    path = tmp_path / "letter.docx"
    document.save(str(path))
    again = Document(str(path))
    paragraph = again.paragraphs[-1]
    xml = again.styles["Letter Body"].element.xml
    fonts = re.search(r"<w:rFonts ([^>]*)/>", xml)
    got = (paragraph.style.name, paragraph.text, sorted(re.findall(r'w:(\w+)="Times New Roman"',
                                                                    fonts[1] if fonts else "")),
           re.findall(r'<w:lang w:val="([^"]+)"', xml))
    assert got == ("Letter Body", "Матн", ["ascii", "cs", "eastAsia", "hAnsi"], ["tg-Cyrl-TJ"]), changed(
        python_docx.PYTHON_DOCX, "set_paragraph_style_id (paragraph._p.style), set_style_font (oxml)",
        f"A Word file made with them reads back as {got}: the appeal templates' blank Word files "
        "would lose their styles, fonts or language.")


# -- highspy ---------------------------------------------------------------------------------

def test_guard_highspy_a_quiet_solver_solves_and_prints_nothing(capfd: pytest.CaptureFixture[str]) -> None:
    import highspy
    import numpy as np

    highs = highspy_reach.quiet_highs()
    # 0 <= x, y <= 10; x + y = 12; maximise x: x = 10, y = 2 (the methods the audit calls).
    highs.addVars(2, np.array([0.0, 0.0]), np.array([10.0, 10.0]))
    highs.addRow(12.0, 12.0, 2, np.array([0, 1], dtype=np.int32), np.array([1.0, 1.0]))
    highs.changeColsCost(2, np.arange(2, dtype=np.int32), np.array([1.0, 0.0]))
    highs.changeObjectiveSense(highspy.ObjSense.kMaximize)
    highs.run()
    status = highs.getModelStatus()
    highs.clearSolver()
    highs.run()
    solution = list(highs.getSolution().col_value)
    out = capfd.readouterr()
    optimal = status == highspy.HighsModelStatus.kOptimal
    assert (optimal, solution, out.out) == (True, [10.0, 2.0], ""), changed(
        highspy_reach.HIGHSPY, "quiet_highs (highspy._Highs)",
        f"Status {highs.modelStatusToString(status)}, solution {solution}, printed {out.out[:200]!r}: "
        "the disclosure audit (scripts/statistics/audit.py) would be wrong or print into kb build.")


# -- WeasyPrint ------------------------------------------------------------------------------

# An A4 page of 170 mm of text width (20 mm margins); CSS px are 1/96 inch.
PRINT_PAGE = "@page { size: A4; margin: 20mm } body { margin: 0; font-family: sans-serif }"
PX_PER_MM = 96 / 25.4


def overflows_of(body: str) -> list[float]:
    """`overflow_per_page` of `body` laid out by the real WeasyPrint, or the guard's failure."""
    from weasyprint import CSS, HTML

    document = HTML(string=f"<!DOCTYPE html><html><body>{body}</body></html>").render(
        stylesheets=[CSS(string=PRINT_PAGE)])
    try:
        return weasyprint_reach.overflow_per_page(document)
    except AttributeError as error:
        pytest.fail(changed(
            weasyprint_reach.WEASYPRINT, "overflow_per_page (Page._page_box and its boxes)",
            f"Reading a laid-out page's boxes failed ({error}): the PDF step could no longer find a "
            "table, image or word wider than the page."), pytrace=False)


def test_guard_weasyprint_boxes_past_the_text_area_are_measured_page_by_page() -> None:
    got = overflows_of('<p>Short text.</p>'
                       '<div style="break-before: page; width: 250mm">Wide</div>'
                       '<table style="break-before: page"><tr>'
                       + "".join(f"<td>Сутуни{i}дарозиномаҳдудибешикастан</td>" for i in range(8))
                       + '</tr></table>'
                       '<p style="break-before: page">' + "ҳуқуқ" * 60 + "</p>")
    measured = [round(over / PX_PER_MM) for over in got]
    assert len(got) == 4 and got[0] == 0.0 and measured[1] == 80 and all(m > 10 for m in measured[2:]), \
        changed(weasyprint_reach.WEASYPRINT, "overflow_per_page (Page._page_box and its boxes)",
                f"Pages holding text that fits, a 250 mm box on a 170 mm text width, an eight-column "
                f"table of unbreakable words and one very long word reach {measured} mm past the text "
                "area, not [0, 80, >10, >10]: the PDF step would publish PDFs whose content runs off "
                "the sheet, or report problems that are none.")


def test_guard_weasyprint_a_box_as_wide_as_the_text_area_is_no_overflow() -> None:
    got = overflows_of('<div style="width: 170mm">Exactly the text width</div>'
                       '<table style="width: 100%"><tr><td>a</td><td>b</td></tr></table>')
    assert got == [0.0], changed(
        weasyprint_reach.WEASYPRINT, "overflow_per_page (Page._page_box and its boxes)",
        f"Boxes exactly as wide as the text area measure {got} CSS px past it, not [0.0]: every "
        "guide would be reported as wider than the page.")


# A process that imports WeasyPrint (by `import_weasyprint`, or plainly with "plain" as its
# argument) and prints as JSON the programs it started and which C libraries loaded.
IMPORT_PROBE = """
import json, sys
started = []
def hook(event, args):
    if event == "subprocess.Popen":
        started.append(str(args[1][:2]))
sys.addaudithook(hook)
if sys.argv[1:] == ["plain"]:
    import weasyprint
else:
    from scripts.boundary.weasyprint import import_weasyprint
    import_weasyprint()
from weasyprint import HTML
from weasyprint.text import ffi
pdf = HTML(string="<p>Ҳуқуқ</p>").write_pdf()
names = ("gobject", "pango", "harfbuzz", "harfbuzz_subset", "harfbuzz_vector", "fontconfig", "pangoft2")
print(json.dumps({"started": started, "pdf": pdf[:5].decode(),
                  "loaded": {name: getattr(ffi, name) is not None for name in names}}))
"""


def probe_import(*args: str, before: str = "") -> dict:
    result = subprocess.run([sys.executable, "-c", before + IMPORT_PROBE, *args], cwd=REPO,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def test_guard_weasyprint_imports_without_running_a_program_and_loads_what_its_own_search_loads() -> None:
    """`import_weasyprint` starts no process (WeasyPrint's own library search ran `ldconfig`,
    gcc and ld for every name that missed) and loads the same C libraries as a plain import."""
    ours, plain = probe_import(), probe_import("plain")
    assert ours["pdf"] == plain["pdf"] == "%PDF-"
    assert ours["started"] == [], changed(
        weasyprint_reach.WEASYPRINT, "import_weasyprint (ctypes.util.find_library)",
        f"Importing WeasyPrint started {ours['started'][:3]}...: its C libraries are no longer found "
        "by their names alone, and each PDF worker waits for a compiler again.")
    assert ours["loaded"] == plain["loaded"], changed(
        weasyprint_reach.WEASYPRINT, "import_weasyprint (ctypes.util.find_library)",
        f"Loaded C libraries {ours['loaded']}, not {plain['loaded']} as WeasyPrint's own search does.")


def test_a_library_found_only_by_the_search_is_imported_the_usual_way() -> None:
    """Where no library loads by its name alone (here: cffi refuses every name while the
    search is replaced), WeasyPrint is imported again with its own search, and that search
    is left as it was; WeasyPrint's banner of the failed first try is not printed."""
    refuse = """
import cffi, ctypes.util
real_search, real_dlopen = ctypes.util.find_library, cffi.FFI.dlopen
def dlopen(self, name, *args):
    if ctypes.util.find_library is not real_search:
        raise OSError("refused while the search is replaced: " + str(name))
    return real_dlopen(self, name, *args)
cffi.FFI.dlopen = dlopen
import atexit
atexit.register(lambda: print("search restored:", ctypes.util.find_library is real_search))
"""
    result = subprocess.run([sys.executable, "-c", refuse + IMPORT_PROBE], cwd=REPO,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.splitlines()[-2])
    assert found["pdf"] == "%PDF-" and found["loaded"]["pango"]
    assert result.stdout.splitlines()[-1] == "search restored: True"
    assert "could not import" not in result.stdout  # the first try's banner, kept off the output
