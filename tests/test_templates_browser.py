"""Appeal templates in real Chromium: fill, preview, print, Word files checked by LibreOffice.

Privacy is tested as a reader would be exposed: every request and every write to cookies or
browser storage while the form is filled is recorded, and there must be none.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document as read_docx
from docx.shared import Mm

from scripts.cli import main

REPO = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.browser

PAGE = "templates/prosecutor-complaint/"  # Tajik, at the site root
INJECTION = "<img src=x onerror=alert(1)>"
# Typed values, with every Tajik letter, a line break, and markup that must stay text.
VALUES = {
    "#appeal-prosecutor_office": "Ба прокурори ноҳияи Синои шаҳри Душанбе",
    "#appeal-full_name": "Қурбонова Ҳилола Ғафуровна",
    "#appeal-victim": "ман, аризадиҳанда",
    "#appeal-address": "кӯчаи Рӯдакӣ\nхонаи ҷ-17",
    "#appeal-place": "шӯъбаи милитсия " + INJECTION,
    "#appeal-what_happened": "Маро бе асос боздошт карданд.\nПул талаб карданд.",
}

# Runs before any script of the page: records writes to cookies and storage, and network APIs.
SPY = """
(() => {
  const calls = [];
  window.__calls = calls;
  const log = (what, args) => calls.push([what, Array.from(args).map(String).join(' ')]);
  for (const name of ['setItem', 'removeItem', 'clear']) {
    const original = Storage.prototype[name];
    Storage.prototype[name] = function () {
      log('storage.' + name, arguments);
      return original.apply(this, arguments);
    };
  }
  const cookie = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie');
  Object.defineProperty(Document.prototype, 'cookie', {
    get() { return cookie.get.call(this); },
    set(v) { log('cookie', [v]); cookie.set.call(this, v); },
  });
  const open = IDBFactory.prototype.open;
  IDBFactory.prototype.open = function () {
    log('indexedDB.open', arguments);
    return open.apply(this, arguments);
  };
  const beacon = navigator.sendBeacon && navigator.sendBeacon.bind(navigator);
  if (beacon) navigator.sendBeacon = function () {
    log('sendBeacon', arguments);
    return beacon.apply(null, arguments);
  };
  window.alert = function () { log('alert', arguments); };
  window.__violations = [];
  document.addEventListener('securitypolicyviolation',
    e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
})();
"""


def to_text(docx: Path, workdir: Path) -> str:
    """The Word file as LibreOffice reads it, converted to plain text."""
    out = workdir / "txt"
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{workdir}/lo-profile",
                    "--convert-to", "txt:Text (encoded):UTF8", "--outdir", str(out), str(docx)],
                   check=True, capture_output=True, timeout=180)
    return (out / f"{docx.stem}.txt").read_text(encoding="utf-8-sig")


@pytest.fixture
def context(browser):
    context = browser.new_context(accept_downloads=True, viewport={"width": 412, "height": 860})
    context.add_init_script(SPY)
    yield context
    context.close()


def settle(tab, url: str) -> list[str]:
    """Open `url` and wait until the page has finished loading what it loads by itself (its
    scripts, Material's search index and sitemap), even on a busy machine; then return the
    list that records every later request."""
    tab.goto(url, wait_until="load")
    tab.wait_for_selector("[data-appeal-form]:not([hidden])")  # appeal-form.js has run
    tab.wait_for_load_state("networkidle")
    requests: list[str] = []
    tab.on("request", lambda request: requests.append(request.url))
    for _ in range(30):
        seen = len(requests)
        tab.wait_for_timeout(1000)
        if len(requests) == seen:
            break
    requests.clear()
    return requests


def fill(tab) -> None:
    for selector, value in VALUES.items():
        tab.fill(selector, value)
    tab.fill("#appeal-incident_date", "2026-10-05")
    tab.select_option("#appeal-violation", index=2)
    tab.select_option("#appeal-forensic", index=1)


def test_fill_preview_and_filled_word_file(context, serve_site: str, tmp_path: Path) -> None:
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.goto(serve_site + PAGE)
    fill(tab)
    letter = tab.inner_text("[data-appeal-letter]")
    for value in VALUES.values():
        assert value in letter
    assert "05.10.2026" in letter  # dates as offices write them
    assert "латукӯб ё дигар зӯроварӣ" in letter  # the chosen option
    assert "(Санаи шикоят)" in letter  # an empty field stays a labeled blank
    with tab.expect_download() as download:
        tab.click("[data-appeal-action=docx]")
    assert download.value.suggested_filename == "prosecutor-complaint.docx"
    assert download.value.url.startswith("blob:")  # made in the page, never by a server
    path = tmp_path / "filled.docx"
    download.value.save_as(path)
    assert "Ҳанӯз пур нашудааст: Санаи шикоят." in tab.inner_text("[data-appeal-status]")  # what is empty
    text = to_text(path, tmp_path)
    for value in VALUES.values():
        for line in value.split("\n"):
            assert line in text
    assert "05.10.2026" in text and "________________ (Санаи шикоят)" in text
    document = read_docx(path)
    section = document.sections[0]
    assert (round(section.page_width / Mm(1)), round(section.page_height / Mm(1))) == (210, 297)
    assert document.paragraphs[0].style.name == "Letter Header"
    assert {"Letter Title", "Letter Body"} <= {p.style.name for p in document.paragraphs}
    assert document.core_properties.author == ""  # nothing about the writer in the file
    assert errors == []
    assert tab.evaluate("window.__violations") == []  # the Word library runs under the site's CSP


def test_blank_word_file_from_the_page(context, serve_site: str, tmp_path: Path) -> None:
    tab = context.new_page()
    tab.goto(serve_site + "ru/" + PAGE)
    with tab.expect_download() as download:
        tab.click('a[download$=".docx"]')
    path = tmp_path / "blank.docx"
    download.value.save_as(path)
    text = to_text(path, tmp_path)
    for label in ("Ваши фамилия, имя и отчество", "Адрес для ответа", "Когда это было", "Дата жалобы"):
        assert f"________________ ({label})" in text
    assert "Жалоба" in text and "Прошу:" in text


def test_no_request_and_nothing_stored_while_filling(context, serve_site: str) -> None:
    tab = context.new_page()
    requests = settle(tab, serve_site + PAGE)
    calls_before = tab.evaluate("window.__calls.length")
    fill(tab)
    tab.fill("#appeal-phone", "+992 000 00 00 00")
    tab.click("[data-appeal-action=clear]")
    fill(tab)
    tab.keyboard.press("Enter")  # in a field: nothing is submitted
    tab.wait_for_timeout(500)
    assert requests == []
    assert tab.evaluate("window.__calls.length") == calls_before, tab.evaluate("window.__calls")
    stored = tab.evaluate("""async () => ({
        cookie: document.cookie,
        local: JSON.stringify(Object.entries(localStorage)),
        session: JSON.stringify(Object.entries(sessionStorage)),
        databases: (await indexedDB.databases()).map(d => d.name),
        url: location.href })""")
    assert stored["cookie"] == "" and stored["databases"] == []
    for value in VALUES.values():
        for where in ("local", "session", "url"):
            assert value.split("\n")[0] not in stored[where]


def test_only_the_word_library_is_fetched_for_the_filled_file(context, serve_site: str) -> None:
    tab = context.new_page()
    requests = settle(tab, serve_site + PAGE)
    fill(tab)
    with tab.expect_download():
        tab.click("[data-appeal-action=docx]")
    library = r"templates/lib/docx-[\d.]+\.[0-9a-f]{10}\.js"
    assert len(requests) == 1 and re.fullmatch(re.escape(serve_site) + library, requests[0]), requests


def test_typed_markup_stays_text(context, serve_site: str) -> None:
    tab = context.new_page()
    dialogs: list[str] = []
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    tab.goto(serve_site + PAGE)
    tab.fill("#appeal-full_name", INJECTION)
    tab.fill("#appeal-what_happened", "<script>alert(2)</script><b>bold</b>")
    tab.wait_for_timeout(300)
    slots = tab.locator("[data-appeal-letter] [data-slot=full_name]")  # header and signature line
    assert slots.all_text_contents() == [INJECTION, INJECTION]
    assert tab.locator("[data-appeal-letter] :is(img, script, b)").count() == 0
    assert dialogs == [] and tab.evaluate("window.__calls.filter(c => c[0] === 'alert').length") == 0


def test_print_shows_only_the_letter_on_a4(context, serve_site: str) -> None:
    tab = context.new_page()
    tab.goto(serve_site + PAGE)
    fill(tab)
    tab.emulate_media(media="print")
    assert tab.locator("[data-appeal-letter]").is_visible()
    for hidden in ("article h1", "[data-appeal-form]", ".kb-legal-review", ".md-header", "a[download]",
                   "article h2"):
        assert not tab.locator(hidden).first.is_visible(), hidden
    pdf = tab.pdf(prefer_css_page_size=True)
    box = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert box is not None
    assert (round(float(box[1])), round(float(box[2]))) == (595, 842)  # A4 in points


def test_leaving_the_page_forgets_what_was_typed(context, serve_site: str) -> None:
    tab = context.new_page()
    tab.goto(serve_site + PAGE)
    fill(tab)
    tab.goto(serve_site)
    tab.go_back()
    tab.wait_for_selector("[data-appeal-form]:not([hidden])")
    assert tab.input_value("#appeal-full_name") == ""
    assert "Қурбонова" not in tab.inner_text("[data-appeal-letter]")


def test_without_javascript_the_blank_letter_and_file_remain(browser, serve_site: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        tab = context.new_page()
        tab.goto(serve_site + "en/" + PAGE)
        assert not tab.locator("[data-appeal-form]").is_visible()
        assert tab.locator("[data-appeal-nojs]").is_visible()
        assert "________________ (Your full name)" in tab.inner_text("[data-appeal-letter]")
        assert tab.locator('a[download$=".docx"]').is_visible()
    finally:
        context.close()


def test_the_offline_copy_fills_and_downloads_from_files(mini, browser, tmp_path: Path) -> None:
    """`kb dist` ZIPs open from the file system (file://), with file names instead of folders:
    the form, its script and the Word library must be found there too."""
    shutil.copytree(REPO / "content" / "ui", mini.root / "content" / "ui", dirs_exist_ok=True)
    mini.write("templates/request.ru.md", """\
        ---
        title: "Заявление"
        summary: "Кратко."
        reviewed: 2026-11-28
        legal_review: pending
        addressee: "Главному врачу"
        fields:
          - {id: full_name, label: "ФИО", type: text, required: true, help: "Как в паспорте."}
        ---

        ## Для чего

        Пример.

        <!-- letter -->
        > Главному врачу
        > от {{ full_name }}

        # Заявление

        Прошу выдать документы.
        """)
    result = CliRunner().invoke(main, ["--root", str(mini.root), "dist", "--out", str(tmp_path / "dist")])
    assert result.exit_code == 0, result.output
    folder = tmp_path / "unzipped"
    with zipfile.ZipFile(tmp_path / "dist/react-kb-uz.zip") as archive:
        archive.extractall(folder)
    context = browser.new_context(accept_downloads=True)
    try:
        tab = context.new_page()
        tab.goto((folder / "uz/templates/request.html").as_uri())
        tab.wait_for_selector("[data-appeal-form]:not([hidden])")  # the script was found
        tab.fill("#appeal-full_name", "Каримов Ҷамшед")
        assert "Каримов Ҷамшед" in tab.inner_text("[data-appeal-letter]")
        with tab.expect_download() as download:
            tab.click("[data-appeal-action=docx]")  # the Word library is loaded from the files
        data = Path(download.value.path()).read_bytes()
        assert "Каримов Ҷамшед" in "\n".join(p.text for p in read_docx(io.BytesIO(data)).paragraphs)
    finally:
        context.close()


def test_control_characters_typed_or_pasted_are_left_out_of_the_word_file(
        context, serve_site: str, tmp_path: Path) -> None:
    """A \\f or \\v pasted into a field made a Word file that Word (and LibreOffice) refuse."""
    tab = context.new_page()
    tab.goto(serve_site + PAGE)
    fill(tab)
    tab.fill("#appeal-what_happened", "Маро\x0cбоздошт\x0bкарданд.\x07\nПул\ttalab.")
    with tab.expect_download() as download:
        tab.click("[data-appeal-action=docx]")
    path = tmp_path / "filled.docx"
    download.value.save_as(path)
    text = "\n".join(p.text for p in read_docx(path).paragraphs)  # lxml refuses such XML
    assert "Маробоздошткарданд." in text and "\x0c" not in text and "\x0b" not in text
    assert "Маробоздошткарданд." in to_text(path, tmp_path)
