"""Privacy is a hard rule: the built site fetches nothing from another host, sets no cookies."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

# What a browser fetches by itself: src/srcset/poster/data, <link href>, CSS url() and @import,
# <meta http-equiv=refresh>, form actions.
HTML_FETCHES = [
    re.compile(r'\b(?:src|poster|data|action)\s*=\s*["\']?([^"\'\s>]+)', re.I),
    re.compile(r'<link\b[^>]*\bhref\s*=\s*["\']?([^"\'\s>]+)', re.I),
    re.compile(r'\bsrcset\s*=\s*["\']([^"\']+)', re.I),
    re.compile(r'url\(\s*["\']?([^"\')]+)', re.I),
    re.compile(r'@import\s+["\']([^"\']+)', re.I),
    re.compile(r'http-equiv\s*=\s*["\']?refresh[^>]*url=([^"\'>]+)', re.I),
]
CSS_FETCHES = HTML_FETCHES[3:5]
# In our own JavaScript any absolute URL or protocol-relative one is suspect.
JS_URL = re.compile(r'["\'`]((?:https?:)?//[^"\'`\s]+)')
ANALYTICS = re.compile(r"google-analytics|googletagmanager|gtag\(|_paq|plausible|yandex\.ru/metrika|"
                       r"fonts\.googleapis|fonts\.gstatic", re.I)


def external(url: str) -> bool:
    url = url.strip()
    for part in url.split(","):  # srcset lists
        target = part.strip().split(" ")[0]
        if target.startswith("//") or urlsplit(target).scheme in ("http", "https", "ftp", "ws", "wss"):
            return True
    return False


def test_no_html_or_css_file_fetches_from_another_host(built_site: Path) -> None:
    offenders = []
    for path in built_site.rglob("*"):
        if path.suffix not in (".html", ".css", ".svg"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        patterns = CSS_FETCHES if path.suffix == ".css" else HTML_FETCHES
        for pattern in patterns:
            for match in pattern.finditer(text):
                if external(match[1]) and not match[1].startswith("http://www.w3.org/"):
                    offenders.append(f"{path.relative_to(built_site)}: {match[1]}")
        if ANALYTICS.search(text):
            offenders.append(f"{path.relative_to(built_site)}: analytics or web fonts")
    assert offenders == []


# Hosts that appear in JavaScript only as XML namespace names, which identify a format and
# are never fetched (the Word library writes them into .docx files), and the reserved
# documentation domain (RFC 2606) used in a library's code comments.
NAMESPACE_HOSTS = ("www.w3.org", "schemas.openxmlformats.org", "schemas.microsoft.com",
                   "purl.org", "purl.oclc.org", "example.com")


def test_javascript_names_no_other_host(built_site: Path) -> None:
    """Every script the site serves, ours and libraries copied at build time, except
    Material's own bundle and search workers (checked in the browser tests instead)."""
    scripts = [p for p in built_site.rglob("*.js") if "javascripts/bundle" not in p.as_posix()
               and "/lunr/" not in p.as_posix() and "/workers/" not in p.as_posix()]
    assert any("docx" in p.name for p in scripts)  # the library is really scanned
    offenders = sorted({f"{p.relative_to(built_site)}: {m[1]}" for p in scripts
                        for m in JS_URL.finditer(p.read_text(encoding="utf-8", errors="replace"))
                        if urlsplit(m[1] if "//" in m[1][:8] else "//" + m[1]).hostname
                        not in NAMESPACE_HOSTS})
    assert offenders == []


def test_no_repository_link_or_generator_badge(built_site: Path) -> None:
    text = (built_site / "index.html").read_text(encoding="utf-8")
    assert "md-source" not in text  # no repo_url
    assert "squidfunk" not in text  # no "Made with Material" link


@pytest.mark.browser
@pytest.mark.parametrize("path", ["", "ru/guides/police-detention/", "en/guides/", "uz/organizations/",
                                  "en/guides/free-legal-aid/"])
def test_pages_request_only_their_own_host_and_set_no_cookies(serve_site: str, page, path: str) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(serve_site + path, wait_until="networkidle")
    own = urlsplit(serve_site).netloc
    assert requested and all(urlsplit(u).netloc == own or u.startswith("data:") for u in requested), requested
    assert page.context.cookies() == []
    assert page.evaluate("document.cookie") == ""


@pytest.mark.browser
def test_nothing_typed_is_stored(serve_site: str, page) -> None:
    page.goto(serve_site + "en/guides/")
    page.fill("input.md-search__input", "lawyer zqxsecret")
    page.wait_for_timeout(800)
    stored = page.evaluate("JSON.stringify([Object.assign({}, localStorage), "
                           "Object.assign({}, sessionStorage), document.cookie])")
    assert "zqxsecret" not in stored
