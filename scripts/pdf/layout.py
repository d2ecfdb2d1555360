"""One PDF from print HTML, by WeasyPrint, or the reasons it cannot be laid out.

WeasyPrint lays out whatever it is given: an image it cannot load is left out with a
warning, a table wider than the page runs off its edge. Both would publish a broken PDF
without a word, so both are problems here (`Layout.problems`). Nothing is fetched from
another host or from anywhere but the fonts and the images handed in: the fetcher refuses
every other address.

Fonts: DejaVu Sans and Serif from Debian's `fonts-dejavu-core` (upright) and
`fonts-dejavu-extra` (italic, oblique), with every Tajik and Uzbek Cyrillic letter (ғ қ ҳ ҷ
ӣ ӯ ў), embedded and subset (only the glyphs used) by WeasyPrint.
"""

from __future__ import annotations

import ctypes
import functools
import gc
import hashlib
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from ..boundary.weasyprint import import_weasyprint, overflow_per_page

# Debian's fonts-dejavu-core and fonts-dejavu-extra put their files here (also on Ubuntu).
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
# family -> (weight, slant) -> file. Upright faces from fonts-dejavu-core, italic and
# oblique ones from fonts-dejavu-extra: `font-style: italic` prints slanted in the same
# family, never in a font found by chance on the machine.
FONTS: dict[str, dict[tuple[str, str], str]] = {
    "KB Sans": {("normal", "normal"): "DejaVuSans.ttf", ("bold", "normal"): "DejaVuSans-Bold.ttf",
                ("normal", "italic"): "DejaVuSans-Oblique.ttf",
                ("bold", "italic"): "DejaVuSans-BoldOblique.ttf"},
    "KB Serif": {("normal", "normal"): "DejaVuSerif.ttf", ("bold", "normal"): "DejaVuSerif-Bold.ttf",
                 ("normal", "italic"): "DejaVuSerif-Italic.ttf",
                 ("bold", "italic"): "DejaVuSerif-BoldItalic.ttf"},
}
# The Debian package of each font file: upright in -core, slanted in -extra.
PACKAGES = {"normal": "fonts-dejavu-core", "italic": "fonts-dejavu-extra"}
# How to install them: the fix of the `pdf-fonts` problem.
FONTS_FIX = ("install Debian's fonts-dejavu-core and fonts-dejavu-extra "
             "(`apt-get install fonts-dejavu-core fonts-dejavu-extra`; .ci/run does)")
STYLE_DIR = Path(__file__).parent
# The PDF is PDF/UA-1 as far as WeasyPrint goes: tagged (structure tree), /Lang, the title
# shown by viewers, bookmarks from the headings (README, "PDF downloads").
PDF_OPTIONS = {"pdf_variant": "pdf/ua-1", "pdf_tags": True, "optimize_images": True,
               "jpeg_quality": 85, "dpi": 150}
# How far (CSS px) a box may reach past the page's text area before it counts as cut off.
TOLERANCE = 1.0
IMAGE_BASE = "file:///kb-docs/"


@dataclass
class Layout:
    pdf: bytes | None
    pages: int = 0
    problems: list[str] = field(default_factory=list)


def missing_fonts() -> list[Path]:
    """The font files of `FONTS` that are not installed (Debian: `PACKAGES`)."""
    return [FONT_DIR / name for faces in FONTS.values() for name in faces.values()
            if not (FONT_DIR / name).is_file()]


@functools.cache
def style_sheet(style: str) -> str:
    """The CSS of one print style: the fonts, `print.css` and `<style>.css`."""
    faces = []
    for family, files in FONTS.items():
        for (weight, slant), name in files.items():
            faces.append(f'@font-face {{ font-family: "{family}"; font-weight: {weight}; '
                         f'font-style: {slant}; src: url("{(FONT_DIR / name).as_uri()}"); }}')
    return "\n".join([*faces, (STYLE_DIR / "print.css").read_text("utf-8"),
                      (STYLE_DIR / f"{style}.css").read_text("utf-8")])


# The C libraries whose versions shape a PDF's bytes besides WeasyPrint's: Pango lays out
# the text, HarfBuzz shapes it, and HarfBuzz's subsetter, when the machine has it (Debian's
# libharfbuzz-subset0, which Chromium brings), cuts the embedded fonts down to the glyphs
# used; without it (or with a HarfBuzz older than 4.1) WeasyPrint subsets with fontTools, into
# other bytes. The Linux and macOS file names among those WeasyPrint tries
# (weasyprint/text/ffi.py), and each library's version function.
TEXT_LIBRARIES = (("pango", ("libpango-1.0.so.0", "libpango-1.0.dylib"), "pango_version_string"),
                  ("harfbuzz", ("libharfbuzz.so.0", "libharfbuzz.0.dylib"), "hb_version_string"),
                  ("harfbuzz-subset", ("libharfbuzz-subset.so.0", "libharfbuzz-subset.0.dylib"), ""))


def text_libraries() -> dict[str, str]:
    """`{library: version}` of TEXT_LIBRARIES as this machine has them ("missing" for one it
    lacks, "present" for one without a version to tell), and `fonttools`: the version of the
    fontTools WeasyPrint subsets with where the HarfBuzz subsetter is missing or too old.
    Loads the libraries (a few ms), not WeasyPrint."""
    found: dict[str, str] = {"fonttools": metadata.version("fonttools")}
    for name, files, version in TEXT_LIBRARIES:
        found[name] = "missing"
        for file in files:
            try:
                library = ctypes.CDLL(file)
            except OSError:
                continue
            found[name] = "present"
            try:
                function = getattr(library, version) if version else None
            except AttributeError:
                function = None
            if function is not None:
                function.restype = ctypes.c_char_p
                value = function()
                found[name] = value.decode("ascii", "replace") if value else "present"
            break
    return found


@functools.cache
def fingerprint_of_tools() -> str:
    """SHA-256 of what makes the bytes besides a document: WeasyPrint's version, the text
    libraries it lays out with (`text_libraries`: a machine with another Pango or without
    HarfBuzz's subsetter writes other bytes), the print styles and the font files (a changed
    style or font makes every PDF again)."""
    # The version from the package's metadata: importing WeasyPrint (its C libraries) takes
    # longer than a whole PDF step with the cache filled.
    digest = hashlib.sha256(metadata.version("weasyprint").encode())
    digest.update(repr(sorted(text_libraries().items())).encode())
    for path in sorted(STYLE_DIR.glob("*.css")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    for path in sorted(FONT_DIR / n for faces in FONTS.values() for n in faces.values()):
        digest.update(path.name.encode() + b"\0" + (path.read_bytes() if path.is_file() else b""))
    digest.update(repr(sorted(PDF_OPTIONS.items())).encode())
    return digest.hexdigest()


class Printer:
    """Lays out print documents, sharing between them one `FontConfiguration` (the fonts,
    loaded once) and each style's parsed CSS: a fifth of a document's CPU time when made
    anew for each (20 documents: 6.9 s against 5.5 s shared, 2026-11-30). One per process
    (a worker of the PDF step keeps one); `close()` removes the fonts' temporary folder,
    which WeasyPrint otherwise leaves in /tmp when a process ends without collecting it.
    """

    def __init__(self) -> None:
        self._fonts: Any = None
        self._css: dict[str, Any] = {}

    def _stylesheet(self, style: str) -> tuple[Any, Any]:
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        if self._fonts is None:
            self._fonts = FontConfiguration()  # without it, @font-face rules are ignored
        if style not in self._css:
            self._css[style] = CSS(string=style_sheet(style), url_fetcher=_fetcher({}),
                                   font_config=self._fonts)
        return self._fonts, self._css[style]

    def close(self) -> None:
        """Forget the fonts and styles: WeasyPrint removes the fonts' temporary folder when
        its `FontConfiguration` is collected (documents laid out keep it, some in reference
        cycles, hence the collection)."""
        self._fonts = None
        self._css.clear()
        gc.collect()

    def lay_out(self, html: str, style: str, base_url: str, images: dict[str, bytes]) -> Layout:
        """The PDF of `html` (a whole print document), or None with the problems found.

        `base_url`: the page's folder under `IMAGE_BASE`; `images`: the bytes of each image
        the HTML names, by its docs path (its address relative to `IMAGE_BASE`); a name
        missing from it is a missing image. Raises nothing for bad content; a WeasyPrint
        crash is a problem too.
        """
        import_weasyprint()  # first here: `_stylesheet` and `_fetcher` run after it
        from weasyprint import HTML

        fetcher = _fetcher(images)
        try:
            fonts, css = self._stylesheet(style)
            document = HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(
                stylesheets=[css], font_config=fonts, **PDF_OPTIONS)
        except Exception as error:  # WeasyPrint failing on some input: say so, never a traceback
            return Layout(None, problems=[
                f"WeasyPrint could not lay it out: {type(error).__name__}: {error}"])
        problems = [f"the image `{url}` is missing (no such file of the site)" for url in fetcher.missing]
        problems += [f"the image `{url}` is on another host: only files of the site are printed"
                     for url in fetcher.refused]
        problems += _overflows(document)
        if problems:
            return Layout(None, len(document.pages), problems)
        return Layout(document.write_pdf(**PDF_OPTIONS), len(document.pages))


def lay_out(html: str, style: str, base_url: str, images: dict[str, bytes]) -> Layout:
    """One document laid out by a `Printer` of its own (see `Printer.lay_out`)."""
    printer = Printer()
    try:
        return printer.lay_out(html, style, base_url, images)
    finally:
        printer.close()


def _fetcher(images: dict[str, bytes]):
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class Fetcher(URLFetcher):
        """Fonts from FONT_DIR and the images handed in; nothing else, no network."""

        def __init__(self) -> None:
            super().__init__()
            self.missing: list[str] = []
            self.refused: list[str] = []

        def fetch(self, url, headers=None):
            if url.startswith(FONT_DIR.as_uri() + "/"):
                return URLFetcherResponse(url, (FONT_DIR / url.rsplit("/", 1)[1]).read_bytes())
            if url.startswith(IMAGE_BASE):
                name = url[len(IMAGE_BASE):]
                if name in images:
                    return URLFetcherResponse(url, images[name])
                self.missing.append(name)
            else:
                self.refused.append(url)
            raise ValueError(f"not a file of the site: {url}")

    return Fetcher()


def _overflows(document) -> list[str]:
    """A problem per page where a box (a table, an image, a long word) runs past the text area."""
    problems = []
    for number, over in enumerate(overflow_per_page(document), start=1):
        if over > TOLERANCE:
            problems.append(f"page {number}: something is {over * 25.4 / 96:.0f} mm wider than the page "
                            "(a table with many or long columns, a wide image, a very long word)")
    return problems
