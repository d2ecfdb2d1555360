"""Accessibility: axe-core (npm, node_modules/) finds no WCAG 2.1 A/AA violation on one page of
every kind (tests.conftest.PAGE_KINDS: index and detail pages, trainer edition and handouts,
statistics by region, exit, stay-safe, 404) in every language, in the light and the dark color
scheme, in real Chromium at a phone's width. One browser, one built site for the session.

axe is injected into the page; the test's browser context bypasses the page's own
Content-Security-Policy for that (the policy forbids exactly this kind of injected script).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import LANGUAGE_ROOTS, PAGE_KINDS, REPO, wait_for_transitions

pytestmark = pytest.mark.browser

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
SCHEMES = ["light", "dark"]
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(params=SCHEMES)
def axe_page(browser, request):
    """A tab in a fresh context (Material remembers a palette once chosen) whose
    prefers-color-scheme is the scheme under test."""
    context = browser.new_context(viewport={"width": 412, "height": 860}, bypass_csp=True,
                                  color_scheme=request.param)
    tab = context.new_page()
    tab.scheme = request.param  # type: ignore[attr-defined]
    yield tab
    context.close()


def _scheme(page) -> str:
    """The scheme Material shows: its palette follows prefers-color-scheme (mkdocs.yml)."""
    return page.evaluate("document.body.getAttribute('data-md-color-scheme') || 'none'")


def _violations(page) -> list[str]:
    """Axe's WCAG 2.1 AA violations of the page at rest: transitions still running are let
    finish first, since a fading element's colour halfway is not what a reader sees (the
    search hint, caught at 3.93:1 in the middle of its fade-in on a loaded machine)."""
    wait_for_transitions(page)
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        """tags => axe.run(document, {runOnly: {type: "tag", values: tags}}).then(r =>
             r.violations.map(v => v.id + ": " + v.nodes.map(n => n.target.join(" ") + " ("
               + n.failureSummary.split("\\n").slice(1).join(" ") + ")").join(", ")))""",
        WCAG_21_AA)
    return found


def test_axe_is_installed() -> None:
    assert AXE.is_file(), "run `npm ci` (package.json lists axe-core for the tests)"


@pytest.mark.parametrize("lang", list(LANGUAGE_ROOTS))
def test_no_wcag_21_aa_violation_on_any_page_kind(serve_site: str, built_site: Path, axe_page,
                                                   lang: str) -> None:
    scheme = axe_page.scheme
    problems = {}
    for kind in PAGE_KINDS:
        target = LANGUAGE_ROOTS[lang] + kind
        assert (built_site / target / ("" if kind.endswith(".html") else "index.html")).is_file(), target
        axe_page.goto(serve_site + target)
        if kind != "exit/":  # the neutral page has no theme: the browser's own colors
            assert _scheme(axe_page) == {"light": "default", "dark": "slate"}[scheme], target
        found = _violations(axe_page)
        if found:
            problems[target] = found
    assert problems == {}, "\n".join(f"{scheme} {target}: {found}" for target, found in problems.items())
