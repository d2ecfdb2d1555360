"""HTML in Markdown bodies is limited to an allow-list (issue 19, point 5; scripts/rawhtml.py).

Anything outside it is a `raw-html` problem of `kb check` with the file, the line and a fix,
reported with every other problem, and the build publishes nothing.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from scripts.build import build_site
from scripts.cli import main
from scripts.errors import BuildError

# Written in a guide's body: (Markdown, the start of the message). The guide's body starts on
# line 9 (tests/conftest.py: seven front matter lines, then a blank line).
REFUSED = {
    "script": ("<script>alert(1)</script>", "the HTML element `<script>`"),
    "event attribute": ("Text <img src=x onerror=alert(2)> more.", "the attribute `onerror` on `<img>`"),
    "refresh": ('<meta http-equiv="refresh" content="0;url=https://evil.invalid/">',
                "the HTML element `<meta>`"),
    "form": ('<form action="https://evil.invalid/">Send</form>', "the HTML element `<form>`"),
    "iframe": ('<iframe src="https://evil.invalid/"></iframe>', "the HTML element `<iframe>`"),
    "style element": ("<style>body { display: none }</style>", "the HTML element `<style>`"),
    "javascript link": ('<a href="javascript:alert(1)">x</a>', "the attribute `href` on `<a>`"),
    "attribute list": ("## Steps { onclick=\"alert(1)\" }", "the attribute `onclick` on `<h2>`"),
    "inline style": ('<span style="position:fixed">x</span>', "the attribute `style` on `<span>`"),
}

# Hidden from a checker that reads HTML otherwise than a browser or Markdown does: (Markdown
# starting on line 13, the start of the message, the line it names).
HIDDEN = {
    # md_in_html (mkdocs.yml) renders Markdown inside `<div markdown>`: its attribute lists and
    # links become HTML too.
    "attribute list in a markdown div": (
        '<div markdown="1">\n\n## Steps { onclick="alert(1)" }\n\n</div>',
        "the attribute `onclick` on `<h2>`", 15),
    "javascript link in a markdown div": (
        '<div markdown>\n\nSee [this](javascript:alert(1)).\n\n</div>',
        "the attribute `href` on `<a>`", 15),
    # A Markdown link writes no `href`: the line is the one with the address.
    "javascript Markdown link": ("Text.\n\nSee [this](javascript:alert(1)).",
                                 "the attribute `href` on `<a>`", 15),
    "data image": ("Text.\n\n![x](data:image/svg+xml;base64,PHN2Zz4=)",
                   "the attribute `src` on `<img>`", 15),
    # Comments and CDATA as browsers end them (WHATWG HTML), not as Python's html.parser does.
    "abruptly closed comment": ("Text.\n\n<!--><img src=x onerror=alert(1)> -->",
                                "the attribute `onerror` on `<img>`", 15),
    "comment closed by --!>": ("<!-- a --!><b onclick=alert(1)>x</b> -->",
                               "the attribute `onclick` on `<b>`", 13),
    "CDATA in HTML": ("<![CDATA[><img src=x onerror=alert(1)>]]>",
                      "the attribute `onerror` on `<img>`", 13),
    # No request to another host: an image is a file of the site (the CSP would only hide it).
    "image from another host": ("Text.\n\n![x](https://evil.invalid/p.gif)",
                                "the attribute `src` on `<img>`", 15),
    "protocol-relative image": ('<img src="//evil.invalid/p.gif" alt="x">',
                                "the attribute `src` on `<img>`", 13),
    "backslash image": ('<img src="\\\\evil.invalid/p.gif" alt="x">',
                        "the attribute `src` on `<img>`", 13),
    "image address with a tab": ('<img src="ht&#9;tps://evil.invalid/p.gif" alt="x">',
                                 "the attribute `src` on `<img>`", 13),
    "upper-case tag": ("<SCRIPT>alert(1)</SCRIPT>", "the HTML element `<script>`", 13),
    "svg": ("<svg><a xlink:href=\"javascript:alert(1)\"><text>x</text></a></svg>",
            "the HTML element `<svg>`", 13),
}

ALLOWED = """\
## Steps

Plain text with *emphasis*, a [link](../organizations.md), Age < 18 & R&D, `<script>` as code.

    <script>an indented code block is text</script>

<abbr title="Human immunodeficiency virus">HIV</abbr>, H<sub>2</sub>O, 10<sup>3</sup>,
<kbd>Ctrl</kbd>, <mark>note</mark>, line<br>break, <a href="https://example.org/">a site</a>,
<a href="mailto:someone@example.org">mail</a>.

<details markdown="1">
<summary>More</summary>

Hidden *Markdown*.

</details>

!!! note "A note"
    With <strong>HTML</strong> inside.

| Number | Name |
|---:|---|
| 1 | one |

<!-- an editor's comment -->
"""


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_html_outside_the_allow_list_is_a_problem_with_file_and_line(mini, case: str) -> None:
    markdown, message = REFUSED[case]
    mini.guide("eviction", "ru", body=f"## Steps\n\nFirst line.\n\n{markdown}\n")
    with pytest.raises(BuildError) as info:
        build_site(mini.project)
    problems = [p for p in info.value.problems if p.rule == "raw-html"]
    assert len(problems) == 1, [str(p) for p in info.value.problems]
    problem = problems[0]
    assert (problem.file, problem.line) == ("content/guides/eviction.ru.md", 13)
    assert problem.message.startswith(message)
    assert "allowed HTML" in problem.fix and "abbr" in problem.fix
    assert not (mini.root / "site").exists()


@pytest.mark.parametrize("case", sorted(HIDDEN))
def test_html_a_browser_would_see_is_refused_at_its_line(mini, case: str) -> None:
    markdown, message, line = HIDDEN[case]
    mini.guide("eviction", "ru", body=f"## Steps\n\nFirst line.\n\n{markdown}\n")
    with pytest.raises(BuildError) as info:
        build_site(mini.project)
    problems = [p for p in info.value.problems if p.rule == "raw-html"]
    found = [(p.file, p.line, p.message.split(" is not")[0]) for p in problems]
    assert ("content/guides/eviction.ru.md", line, message) in found, found
    assert {where[:2] for where in found} == {("content/guides/eviction.ru.md", line)}, found


@pytest.mark.slow
def test_text_level_html_markdown_and_code_are_allowed(mini) -> None:
    mini.guide("eviction", "ru", body=ALLOWED)
    build_site(mini.project)
    html = (mini.root / "site" / "ru" / "guides" / "eviction" / "index.html").read_text("utf-8")
    assert "<abbr" in html and "&lt;script&gt;" in html


@pytest.mark.slow
def test_an_editors_comments_are_not_published(mini) -> None:
    body = ("## Steps\n\nCall us <!-- ask Bahrom first --> today.\n\n<!-- private:\nnot ready -->\n\n"
            "    <!-- shown as code -->\n\n<div markdown>\n<!-- in a block -->\n\nText.\n</div>\n")
    mini.guide("eviction", "ru", body=body)
    build_site(mini.project)
    html = (mini.root / "site" / "ru" / "guides" / "eviction" / "index.html").read_text("utf-8")
    for words in ("Bahrom", "private", "not ready", "in a block"):
        assert words not in html
    assert "Call us  today." in html and "&lt;!-- shown as code --&gt;" in html


def test_kb_check_reports_every_refused_element_at_once(mini) -> None:
    mini.guide("eviction", "ru", body="## A\n\n<script>x</script>\n\n<iframe src=x></iframe>\n")
    mini.page("about", "ru", body="Text\n{ onmouseover=x }\n")
    result = CliRunner().invoke(main, ["--root", str(mini.root), "check"])
    assert result.exit_code == 1, result.output
    assert "content/guides/eviction.ru.md:11: [raw-html] the HTML element `<script>`" in result.output
    assert "content/guides/eviction.ru.md:13: [raw-html] the HTML element `<iframe>`" in result.output
    assert "content/pages/about.ru.md:7: [raw-html] the attribute `onmouseover` on `<p>`" in result.output
    assert "Traceback" not in result.output


@pytest.mark.slow
def test_a_template_letter_is_text_and_not_checked_as_html(mini) -> None:
    fields = ('reviewed: 2026-11-01\nlegal_review: pending\naddressee: "A prosecutor"\nfields:\n'
              '  - id: name\n    label: "Name"\n    type: text\n    required: true\n    help: "Yours."\n')
    mini.page("letter", "ru", section="templates", extra=fields,
              body="## What\n\nText.\n\n<!-- letter -->\nFrom {{ name }} <script>not code</script>\n")
    build_site(mini.project)
    html = (mini.root / "site" / "ru" / "templates" / "letter" / "index.html").read_text("utf-8")
    assert "&lt;script&gt;not code&lt;/script&gt;" in html
