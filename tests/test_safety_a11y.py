"""Accessibility: axe-core (npm, node_modules/) finds no WCAG 2.1 A/AA violation on any page
type in any language, in real Chromium at a phone's width.

axe is injected into the page; the test's browser context bypasses the page's own
Content-Security-Policy for that (the policy forbids exactly this kind of injected script).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.browser

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
LANGUAGES = {"tg": "", "ru": "ru/", "en": "en/", "uz": "uz/"}
# One page of every kind the site has.
PAGE_TYPES = ["", "about/", "stay-safe/", "guides/", "guides/police-detention/", "organizations/",
              "training/", "training/documenting-cases/", "training/trainer/", "templates/",
              "templates/prosecutor-complaint/", "statistics/", "404.html", "exit/"]
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="module")
def axe_page(browser):
    context = browser.new_context(viewport={"width": 412, "height": 860}, bypass_csp=True)
    tab = context.new_page()
    yield tab
    context.close()


def _violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        """tags => axe.run(document, {runOnly: {type: "tag", values: tags}}).then(r =>
             r.violations.map(v => v.id + ": " + v.nodes.map(n => n.target.join(" ")).join(", ")))""",
        WCAG_21_AA)
    return found


def test_axe_is_installed() -> None:
    assert AXE.is_file(), "run `npm ci` (package.json lists axe-core for the tests)"


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_no_wcag_21_aa_violation_on_any_page_type(serve_site: str, built_site: Path, axe_page,
                                                    lang: str) -> None:
    problems = {}
    for path in PAGE_TYPES:
        target = LANGUAGES[lang] + path
        assert (built_site / target / ("" if path.endswith(".html") else "index.html")).is_file(), target
        axe_page.goto(serve_site + target)
        found = _violations(axe_page)
        if found:
            problems[target] = found
    assert problems == {}
