"""The stylesheet without the theme's rules no page uses (scripts/css_prune.py, issue 18.4).

- the selection on small stylesheets: what goes, what stays (states, media, `:is()`, vendor
  selectors, custom properties);
- the built site: the pruned stylesheet's gzip size; every class our scripts add at run time
  that the whole stylesheet styles is still styled;
- in Debian's Chromium: pages of every kind, in the states readers put them in (drawer,
  search with results, the letter form filled, a quiz answered, the finder, dark palette,
  print, no JavaScript), look exactly as with the whole stylesheet: the computed style of
  every element and of its ::before and ::after is the same (custom properties aside: the
  unused ones are what pruning removes).
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import material
import pytest

from scripts import css_prune
from scripts.page_assets import minify_css
from scripts.project import Project

from .conftest import REPO, wait_for_search_answer, wait_for_transitions

KB = 1024
# The joined stylesheet a page loads, gzip level 6 (27 KB with Material's whole stylesheet).
STYLESHEET_GZIP = 14 * KB


def test_rules_no_page_can_match_go() -> None:
    css = (".a{color:red}.b{color:blue}.a .c,.a .b{margin:0}.a:hover{color:green}"
           ".a::before{content:\"\"}div.b{top:0}#x{left:0}#main{left:1px}"
           "@media print{.b{display:none}}@media screen{.a{display:block}}")
    out = css_prune.prune(css, {"a", "b", "main"})
    assert out == (".a{color:red}.b{color:blue}.a .b{margin:0}.a:hover{color:green}"
                   ".a::before{content:\"\"}#main{left:1px}@media print{.b{display:none}}"
                   "@media screen{.a{display:block}}")
    assert css_prune.prune(css, {"main", "a"}) == (
        ".a{color:red}.a:hover{color:green}.a::before{content:\"\"}#main{left:1px}"
        "@media screen{.a{display:block}}")  # div is no word: div.b goes, and the empty @media


def test_states_alternatives_and_unknown_selectors() -> None:
    vocabulary = {"a", "input", "type", "checkbox"}
    # :not() never drops a rule; :is() needs one alternative; an attribute's value counts.
    assert css_prune.prune(".a:not(.zz){x:1}", vocabulary) == ".a:not(.zz){x:1}"
    assert css_prune.prune(":is(.zz,.a) b{x:1}", vocabulary | {"b"}) == ":is(.zz,.a) b{x:1}"
    assert css_prune.prune(":is(.zz,.yy) b{x:1}", vocabulary | {"b"}) == ""
    assert css_prune.prune("input[type=checkbox]:checked{x:1}", vocabulary) == \
        "input[type=checkbox]:checked{x:1}"
    assert css_prune.prune("input[type=radio]{x:1}", vocabulary) == ""
    assert css_prune.prune("[dir=rtl] .a{x:1}", vocabulary | {"dir"}) == ""
    # A selector the parser does not know stays as written (the browser decides).
    assert css_prune.prune(".a::-webkit-scrollbar{x:1}", vocabulary) == ".a::-webkit-scrollbar{x:1}"
    assert css_prune.prune("@keyframes spin{0%{x:1}}", set()) == "@keyframes spin{0%{x:1}}"


def test_custom_properties_nothing_reads_go() -> None:
    css = ":root{--used:1px;--chain:2px;--via:var(--chain);--unused:3px;--script:4px}.a{top:var(--used)}"
    assert css_prune.prune(css, {"a"}) == ":root{--used:1px}.a{top:var(--used)}"
    # Read by another stylesheet of the page, or named by a script: kept.
    assert css_prune.prune(css, {"a", "--script"}, also_read=".b{left:var(--via)}") == \
        ":root{--used:1px;--chain:2px;--via:var(--chain);--script:4px}.a{top:var(--used)}"


def test_markup_words_are_the_tags_not_the_text() -> None:
    html = ('<div class="md-typeset warning" data-x=\'one two\' hidden>admonition bug'
            '<!-- <span class="ghost"> --><INPUT TYPE=checkbox></div>')
    assert css_prune.markup_words(html) == {"div", "class", "md-typeset", "warning", "data-x",
                                            "one", "two", "hidden", "input", "type", "checkbox"}


def whole_stylesheet(project: Project) -> tuple[bytes, bytes]:
    """(Material's stylesheets, the site's own extra_css) joined as pages name them, before
    pruning (scripts/page_assets.py)."""
    theme = Path(material.__file__).parent / "templates" / "assets" / "stylesheets"
    [main] = theme.glob("main.*.min.css")
    [palette] = theme.glob("palette.*.min.css")
    material_css = b"".join(minify_css(p.read_bytes(), p.name) for p in (main, palette))
    own = b"".join(minify_css((REPO / "overrides" / rel).read_bytes(), rel)
                   for rel in project.mkdocs_config["extra_css"])
    return material_css, own


def sheet_of(site: Path, page: str) -> Path:
    """The stylesheet the built page `page` (a site path of an index.html) names."""
    html = (site / page).read_text(encoding="utf-8")
    [href] = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    return (site / page).parent / href


def test_pruned_stylesheet_size_and_the_site_own_rules(built_site: Path) -> None:
    material_css, own = whole_stylesheet(Project(REPO))
    for lang in ("", "ru/", "en/", "uz/"):
        sheet = sheet_of(built_site, f"{lang}guides/police-detention/index.html").resolve()
        # Each language's own pruned copy; the sample's four are the same bytes, so every
        # language names the default language's (scripts/css_share.py, tests/test_css_share.py).
        copy = built_site / lang / "assets" / "stylesheets" / sheet.name
        assert sheet.parent == (built_site / "assets" / "stylesheets").resolve()
        assert copy.read_bytes() == sheet.read_bytes()
        data = sheet.read_bytes()
        assert len(gzip.compress(data, 6)) <= STYLESHEET_GZIP, len(gzip.compress(data, 6))
        assert data.endswith(own)  # the site's own stylesheets whole, after Material's
        assert len(data) < len(material_css) / 2
    # One stylesheet per language, none left over from Material or an earlier build.
    assert [p.name for p in (built_site / "assets" / "stylesheets").glob("*.css")] == [sheet.name]


# Class names our scripts give elements at run time: the strings of a statement that sets
# `className` or calls `classList.add/toggle/remove(...)`.
_CLASS_STATEMENT = re.compile(r"(?:className\s*=|classList\.(?:add|toggle|remove)\()([^;\n]*)")


def test_classes_our_scripts_add_stay_styled(built_site: Path) -> None:
    """Each class that a script of overrides/ sets at run time and that some rule of the whole
    stylesheet names is named by a rule of the pruned one too."""
    material_css, own = whole_stylesheet(Project(REPO))
    whole = (material_css + own).decode("utf-8")
    pruned = sheet_of(built_site, "templates/prosecutor-complaint/index.html").read_text(encoding="utf-8")
    names: set[str] = set()
    for script in (REPO / "overrides" / "assets" / "javascripts").glob("*.js"):
        for statement in _CLASS_STATEMENT.findall(script.read_text(encoding="utf-8")):
            for text in re.findall(r'"([^"]*)"', statement):
                names.update(text.split())
    assert {"md-typeset__scrollwrap", "md-search-result__item", "is-right", "is-blank",
            "react-exiting", "kb-finder-back"} <= names
    styled = {name for name in names if re.search(rf"\.{re.escape(name)}(?![\w-])", whole)}
    assert "md-search-result__link" in styled and "md-typeset__table" in styled
    lost = {name for name in styled if not re.search(rf"\.{re.escape(name)}(?![\w-])", pruned)}
    # A class may go with every rule naming it when each of those rules also names a class
    # that occurs in no page of the language and no script it loads (`.js .md-typeset
    # .tabbed-labels`: Material's tabs, which no page has).
    corpus = "".join(p.read_text(encoding="utf-8") for p in built_site.rglob("*.html")
                     if p.relative_to(built_site).parts[0] not in ("ru", "en", "uz"))
    corpus += "".join(p.read_text(encoding="utf-8")  # the scripts pages load (hashed names)
                      for p in (built_site / "assets" / "javascripts").glob("*.js")
                      if re.search(r"\.[0-9a-f]{10}\.js$", p.name))
    for name in lost:
        selectors = [s for s in re.findall(r"[^{}]+(?=\{)", whole)
                     for s in s.split(",") if re.search(rf"\.{re.escape(name)}(?![\w-])", s)]
        for selector in selectors:
            absent = [c for c in re.findall(r"\.([A-Za-z_][\w-]*)", selector) if c not in corpus]
            assert absent, f"{name}: {selector} is no longer in the stylesheet"


# Every element's computed style and its ::before and ::after, custom properties aside.
_STYLES = """() => {
  const rows = [];
  let props = null;
  document.querySelectorAll("*").forEach((el, n) => {
    for (const pseudo of [null, "::before", "::after"]) {
      const style = getComputedStyle(el, pseudo);
      if (props === null) props = Array.from(style).filter(p => !p.startsWith("--"));
      const id = el.tagName + (el.id ? "#" + el.id : "") + "." + el.className + "[" + n + "]";
      rows.push([id + (pseudo || ""), props.map(p => style.getPropertyValue(p))]);
    }
  });
  return {props, rows};
}"""
# Page (a Tajik page, or ru/...), then what the reader does (JavaScript run once it loaded).
STATES = {
    "home, finder": ("", None),
    "guide": ("guides/police-detention/", None),
    "guide, drawer open": ("guides/police-detention/",
                           "document.getElementById('__drawer').click()"),
    "guide, search with results": (
        "guides/police-detention/",
        "document.getElementById('__search').click();"
        "const q = document.querySelector('.md-search__input');"
        "q.value = 'ҳуқуқ'; q.dispatchEvent(new Event('input', {bubbles: true}));"),
    "letter form filled": (
        "templates/prosecutor-complaint/",
        "document.querySelectorAll('[data-appeal-form] input, [data-appeal-form] textarea')"
        ".forEach((f, i) => { if (i % 2 === 0) { f.value = 'Матн ' + i;"
        " f.dispatchEvent(new Event('input', {bubbles: true})); } })"),
    "quiz answered": ("training/reactor-role-ethics/",
                      "document.querySelectorAll('.kb-quiz__item').forEach((item, i) => {"
                      " const choice = item.querySelectorAll('input[type=radio]')[i % 2];"
                      " if (choice) choice.click(); item.querySelector('.kb-quiz__check').click(); })"),
    "finder, one answer": ("", "document.querySelector('[data-kb-finder] a[data-kb-to]').click()"),
    "statistics": ("statistics/cases/2020/", None),
    "not found": ("404.html", None),
    "Russian letter form": ("ru/templates/prosecutor-complaint/", None),
}


def computed_styles(browser, address: str, path: str, action: str | None, whole: bytes | None,
                    media: str | None = None, **context_options) -> dict:
    """The computed styles (`_STYLES`) of `path` (for `media`, "print" or the screen) once
    `action` ran; with `whole`, the page's stylesheet is answered with these bytes instead
    of the pruned stylesheet."""
    context = browser.new_context(viewport={"width": 412, "height": 860}, **context_options)
    try:
        if whole is not None:
            context.route(re.compile(r"/assets/stylesheets/react\.[0-9a-f]{10}\.css$"),
                          lambda route: route.fulfill(body=whole, content_type="text/css"))
        tab = context.new_page()
        if media:
            tab.emulate_media(media=media)
        tab.goto(address + path, wait_until="networkidle")
        if action and context_options.get("java_script_enabled", True):
            tab.evaluate(f"() => {{ {action} }}")
            tab.wait_for_timeout(300)
            # What the action shows, when it comes later (the search's results: its index).
            if "md-search__input" in action:
                # Every result shown: search.js, loaded when the search opened, gives the count
                # in the result line once the list is whole.
                wait_for_search_answer(tab)
            tab.wait_for_load_state("networkidle")
        # Transitions (the search overlay, the drawer) at their end, not half-way.
        wait_for_transitions(tab)
        return tab.evaluate(_STYLES)
    finally:
        context.close()


def differences(pruned: dict, whole: dict) -> list[str]:
    """Where two `_STYLES` results differ (at most a few, for the message)."""
    assert pruned["props"] == whole["props"]
    assert [row[0] for row in pruned["rows"]] == [row[0] for row in whole["rows"]]
    found = []
    for (element, mine), (_, theirs) in zip(pruned["rows"], whole["rows"], strict=True):
        for prop, a, b in zip(pruned["props"], mine, theirs, strict=True):
            if a != b:
                found.append(f"{element} {prop}: {a!r} pruned, {b!r} whole")
    return found[:12]


@pytest.mark.browser
@pytest.mark.parametrize("state", list(STATES))
def test_pages_look_the_same_as_with_the_whole_stylesheet(built_site: Path, serve_site: str,
                                                          browser, state: str) -> None:
    path, action = STATES[state]
    material_css, own = whole_stylesheet(Project(REPO))
    whole = material_css + own
    variants = [{}, {"color_scheme": "dark"}] if state in ("guide", "letter form filled") else [{}]
    if state == "guide":
        variants.append({"java_script_enabled": False})
    for options in variants:
        pruned = computed_styles(browser, serve_site, path, action, None, **options)
        assert len(pruned["rows"]) > 300
        reference = computed_styles(browser, serve_site, path, action, whole, **options)
        assert differences(pruned, reference) == [], options


@pytest.mark.browser
@pytest.mark.parametrize("path", ["guides/police-detention/", "templates/prosecutor-complaint/"])
def test_print_looks_the_same_as_with_the_whole_stylesheet(built_site: Path, serve_site: str,
                                                           browser, path: str) -> None:
    material_css, own = whole_stylesheet(Project(REPO))
    pruned = computed_styles(browser, serve_site, path, None, None, media="print")
    reference = computed_styles(browser, serve_site, path, None, material_css + own, media="print")
    assert differences(pruned, reference) == []
