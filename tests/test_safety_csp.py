"""The page's security policy: only this site may provide anything, no inline script runs.

The policy is a <meta http-equiv> tag (overrides/main.html): a static host may add headers,
but the pages must be safe without them. Checked in the built HTML (every page, every
language) and in real Chromium (an injected inline script does not run; the site's own pages
cause no violation).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

CSP_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')
SCRIPT = re.compile(r"<script\b([^>]*)>", re.I)
# on...= attributes in tags (onclick, onload...): inline handlers the policy would block anyway.
INLINE_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)
DATA_TYPES = ('type="application/json"', 'type="application/ld+json"')


def _pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.parent.name != "exit")


def test_every_page_has_the_policy_before_any_script(built_site: Path) -> None:
    problems = []
    for path in _pages(built_site):
        html = path.read_text(encoding="utf-8")
        policy = CSP_META.search(html)
        first_script = html.find("<script")
        if not policy:
            problems.append(f"{path}: no Content-Security-Policy meta")
            continue
        if first_script != -1 and first_script < policy.start():
            problems.append(f"{path}: a script comes before the policy")
        directives = dict((d.strip().split(" ", 1) + [""])[:2] for d in policy[1].split(";"))
        if directives.get("default-src") != "'self'" or directives.get("script-src") != "'self'":
            problems.append(f"{path}: policy allows more than the site itself: {policy[1]}")
        if "unsafe-inline" in policy[1] or "unsafe-eval" in policy[1]:
            problems.append(f"{path}: policy allows inline code: {policy[1]}")
        if '<meta name="referrer" content="no-referrer">' not in html:
            problems.append(f"{path}: no referrer policy")
    assert problems == []


def test_no_inline_script_or_event_handler_in_any_page(built_site: Path) -> None:
    problems = []
    for path in _pages(built_site):
        html = path.read_text(encoding="utf-8")
        for attrs in SCRIPT.findall(html):
            if "src=" not in attrs and not any(t in attrs for t in DATA_TYPES):
                problems.append(f"{path.relative_to(built_site)}: inline <script{attrs}>")
        for match in INLINE_HANDLER.finditer(html):
            problems.append(f"{path.relative_to(built_site)}: inline handler {match[0][:60]}")
    assert problems == []


def _record_violations(page) -> None:
    page.add_init_script("""
        window.__violations = [];
        document.addEventListener("securitypolicyviolation",
            e => window.__violations.push(e.violatedDirective + " " + e.blockedURI));
    """)


@pytest.mark.browser
def test_policy_blocks_an_injected_inline_script(serve_site: str, page) -> None:
    _record_violations(page)
    page.goto(serve_site + "guides/police-detention/")
    page.evaluate("""() => {
        const s = document.createElement("script");
        s.textContent = "window.__injected = true;";
        document.body.appendChild(s);
        const img = document.createElement("img");
        img.setAttribute("onerror", "window.__handler = true");
        img.src = "does-not-exist.png";
        document.body.appendChild(img);
    }""")
    page.wait_for_timeout(300)
    assert page.evaluate("window.__injected") is None
    assert page.evaluate("window.__handler") is None
    violations = page.evaluate("window.__violations")
    assert any(v.startswith("script-src") for v in violations), violations


@pytest.mark.browser
@pytest.mark.parametrize("path", ["", "guides/", "guides/police-detention/", "organizations/",
                                  "stay-safe/", "ru/guides/police-detention/", "uz/",
                                  "templates/prosecutor-complaint/", "training/documenting-cases/",
                                  "statistics/"])
def test_the_sites_own_pages_cause_no_violation(serve_site: str, page, path: str) -> None:
    _record_violations(page)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(serve_site + path)
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__violations") == []
    assert errors == []
    # Material's moved scripts ran: its helpers exist and its bundle set up the page.
    assert page.evaluate("typeof __md_get") == "function"
    assert page.evaluate("document.documentElement.classList.contains('js')")
