"""Printed pages name nothing (SPEC §5, issue 19.3): a letter to a prosecutor or a training
handout printed from Chrome with its default settings carries neither the site's name nor its
address nor the page's title.

Chrome prints its "Headers and footers" (on by default: the page title and date at the top,
the address and page number at the bottom) in the page margin, and its print preview offers
them only when the page's margins leave room for them. Chromium's print-to-PDF
(`page.pdf`) draws them whatever the margins, so the tests measure the margins Chromium
really lays the sheets out with (a fixed probe at the top and bottom of the sheet), print
as Chrome would with its default template, and read the PDF back with poppler.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from scripts.project import Project
from tests.conftest import REPO

pytestmark = pytest.mark.browser

# Chrome's own header and footer: title and date, address and page number.
HEADER = ('<div style="font-size:8px;width:100%;padding:0 1cm"><span class="date"></span> '
          '<span class="title"></span></div>')
FOOTER = ('<div style="font-size:8px;width:100%;padding:0 1cm"><span class="url"></span> '
          '<span class="pageNumber"></span>/<span class="totalPages"></span></div>')
CHROME_MARGINS = {side: "0.4in" for side in ("top", "right", "bottom", "left")}
PREFIX = {"tg": "", "ru": "ru/", "en": "en/", "uz": "uz/"}
PAGES = [
    ("tg", "templates/prosecutor-complaint/"),
    ("ru", "templates/prosecutor-complaint/"),
    ("en", "templates/free-legal-aid-request/"),
    ("en", "training/handouts/police-and-detention/"),
    ("ru", "training/handouts/police-and-detention/"),
    ("uz", "training/handouts/documenting-cases/"),
    ("en", "guides/police-detention/"),
]


def _site_names() -> dict[str, str]:
    for plugin in Project(REPO).mkdocs_config["plugins"]:
        if isinstance(plugin, dict) and "i18n" in plugin:
            return {item["locale"]: item["site_name"] for item in plugin["i18n"]["languages"]}
    raise AssertionError("no i18n languages in mkdocs.yml")


def _pdf_words(path: Path) -> tuple[float, list[tuple[float, float, str]]]:
    """(page height, [(yMin, yMax, word)] of page 1) of a PDF, read by poppler."""
    out = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(path), "-"],
                         capture_output=True, text=True, check=True).stdout
    height = float(re.search(r'<page width="[\d.]+" height="([\d.]+)"', out)[1])
    words = [(float(a), float(b), w) for a, b, w in
             re.findall(r'<word [^>]*yMin="([-\d.]+)"[^>]*yMax="([-\d.]+)">([^<]*)</word>', out)]
    return height, words


def _sheet_margins(page, tmp_path: Path) -> tuple[float, float]:
    """Top and bottom margin (pt) of the printed sheet, as Chromium lays it out: where a fixed
    element at the top and one at the bottom of the page area land."""
    page.evaluate("""() => {
      for (const [name, side] of [['TOPPROBE', 'top'], ['BOTTOMPROBE', 'bottom']]) {
        const probe = document.createElement('div');
        probe.textContent = name;
        probe.style.cssText = `position:fixed;${side}:0;left:40%;margin:0;padding:0;` +
                              'font:10px/1 sans-serif;color:#000;display:block';
        document.body.append(probe);
        (window.probes = window.probes || []).push(probe);
      }
    }""")
    path = tmp_path / "probe.pdf"
    page.pdf(path=str(path), margin=CHROME_MARGINS)
    page.evaluate("() => window.probes.splice(0).forEach(probe => probe.remove())")
    height, words = _pdf_words(path)
    top = next(y0 for y0, _, w in words if w == "TOPPROBE")
    bottom = next(y1 for _, y1, w in words if w == "BOTTOMPROBE")
    return top, height - bottom


def _text(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def _info(path: Path) -> str:
    return subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize(("lang", "path"), PAGES)
def test_printed_page_names_neither_site_nor_address_nor_title(serve_site: str, page, tmp_path: Path,
                                                               lang: str, path: str) -> None:
    url = serve_site + PREFIX[lang] + path
    page.goto(url)
    title = page.title()
    site_name = _site_names()[lang]
    assert title.endswith(site_name)  # the page's title does name the site on screen
    page_title = title[: -len(site_name)].rstrip(" -")

    # 1. No room for the browser's header and footer: the sheet has no margin (the text's
    #    own padding is the margin).
    top, bottom = _sheet_margins(page, tmp_path)
    room = top > 2 or bottom > 2
    assert not room, f"{path}: margins {top:.0f} pt and {bottom:.0f} pt leave room for a header"

    # 2. Printed as Chrome does by default: header and footer on where there is room.
    pdf = tmp_path / "printed.pdf"
    page.pdf(path=str(pdf), margin=CHROME_MARGINS, display_header_footer=room,
             header_template=HEADER, footer_template=FOOTER)
    text = re.sub(r"\s+", " ", _text(pdf))
    assert text.strip(), "nothing printed"
    host = re.sub(r"^https?://", "", serve_site).rstrip("/")
    for sign in (site_name, "REAct:", host, url, title):
        assert sign not in text, f"{path}: {sign!r} printed"
    if "templates/" in path:  # the letter's page title is not the letter's
        assert page_title not in text

    # 3. While printing, the title is the printed text's own heading: the PDF's properties
    #    and a browser that prints a header anyway name nothing either.
    pdf = tmp_path / "forced.pdf"
    page.pdf(path=str(pdf), display_header_footer=True, header_template=HEADER,
             footer_template="<span></span>")
    forced = re.sub(r"\s+", " ", _text(pdf))
    assert site_name not in forced and title not in forced
    assert site_name not in _info(pdf)
    assert page.title() == title  # back after printing


LONG = {"ru": "Меня задержали у рынка и держали в отделении без протокола. ",
        "uz": "Мени бозор ёнида ушлаб, баённомасиз бўлимда сақлашди. "}


@pytest.mark.parametrize("lang", ["ru", "uz"])
def test_a_letter_two_sheets_long_keeps_its_margins_on_the_second_sheet(serve_site: str, page,
                                                                      tmp_path: Path, lang: str) -> None:
    """Long field values: the letter runs onto a second sheet, whose text keeps the letter's
    margins (20 mm top and bottom, 30 mm left), as the first sheet's does."""
    page.goto(serve_site + PREFIX[lang] + "templates/prosecutor-complaint/")
    page.wait_for_selector("[data-appeal-form]:not([hidden])")
    for area in page.locator("[data-appeal-form] textarea").all():
        area.fill(LONG[lang] * 40)
    pdf = tmp_path / "long.pdf"
    page.pdf(path=str(pdf), margin=CHROME_MARGINS)
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    sheets = re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', out, re.S)
    assert len(sheets) >= 2
    mm = 72 / 25.4
    for number, (_, height, body) in enumerate(sheets[:2], 1):
        boxes = [tuple(map(float, b)) for b in re.findall(
            r'<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="[-\d.]+" yMax="([-\d.]+)">', body)]
        assert boxes, f"sheet {number} empty"
        left = min(x for x, _, _ in boxes)
        top = min(y for _, y, _ in boxes)
        bottom = float(height) - max(y for _, _, y in boxes)
        assert left >= 29 * mm, f"sheet {number}: left margin {left / mm:.0f} mm"
        assert top >= 19 * mm, f"sheet {number}: top margin {top / mm:.0f} mm"
        assert bottom >= 19 * mm, f"sheet {number}: bottom margin {bottom / mm:.0f} mm"
