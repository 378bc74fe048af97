"""The documents in the clients their readers use (`make test-a11y`, `make test-office`; `make test` leaves
these out, saying why):

- a11y: every HTML page the product writes, in Debian's headless Chromium, checked by axe-core (vendored
  under tests/vendor/axe-core) against WCAG 2.0, 2.1 and 2.2 A and AA, with no violation; and reflowed at
  320 CSS px (WCAG 1.4.10) with nothing wider than the viewport, wide tables scrolling in their own box.
- office: every bundled Word letter converted by LibreOffice (`soffice --headless --convert-to pdf`) shows
  every row of its tables, also when the appendix starts at the foot of a page.

Chromium will not open a window narrower than 500 px, so the 320-px check loads the page in a 320-px iframe
of a page served from 127.0.0.1."""

from __future__ import annotations

import copy
import functools
import html as html_mod
import http.server
import json
import shutil
import subprocess
import threading
from pathlib import Path

import pytest
from test_accessible_outputs import EXAMPLES, _html_outputs

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "tests" / "vendor" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--hide-scrollbars"]
# The first words of each characteristic's name (a long name wraps in its narrow column).
NAMES = ("Efficiency policy", "Service transformation", "Organisational change", "Back office functions",
         "Efficiency planning", "Sustainability of", "Time scales", "Management and")


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    assert found, "Chromium is needed: `make test-a11y` installs Debian's chromium package"
    return found


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """Every HTML output, served from 127.0.0.1 with axe-core, two checking pages a document."""
    from backtofront.cli import main

    def run_cli(*args: str):
        return main(list(args)), "", ""

    folder = tmp_path_factory.mktemp("site")
    pages = _html_outputs(run_cli, tmp_path_factory.mktemp("outputs"))
    shutil.copy(AXE, folder / "axe.min.js")
    runner = ("<script src='axe.min.js'></script><script>axe.run(document, {runOnly: {type: 'tag', values: "
              + json.dumps(TAGS) + "}}).then(r => { const p = document.createElement('pre'); p.id = "
                                   "'axe-result';"
              " p.textContent = JSON.stringify(r.violations.map(v => ({id: v.id, impact: v.impact,"
              " nodes: v.nodes.map(n => n.target.join(' '))}))); document.body.appendChild(p); });</script>")
    for name, text in pages.items():
        (folder / f"{name}.html").write_text(text, encoding="utf-8")
        (folder / f"{name}.axe.html").write_text(text.replace("</body>", runner + "</body>"),
                                                 encoding="utf-8")
        (folder / f"{name}.320.html").write_text(
            "<!DOCTYPE html><html lang='en'><head><title>320</title></head><body style='margin:0'>"
            f"<iframe id='f' title='page' src='{name}.html' "
            "style='width:320px;height:640px;border:0'></iframe><script>"
            "document.getElementById('f').addEventListener('load', () => { const d ="
            " document.getElementById('f').contentDocument; const p = document.createElement('pre');"
            " p.id = 'reflow'; p.textContent = JSON.stringify({scrollWidth: d.documentElement.scrollWidth,"
            " clientWidth: d.documentElement.clientWidth}); document.body.appendChild(p); });</script>"
            "</body></html>", encoding="utf-8")
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", sorted(pages), tmp_path_factory.mktemp("chromium")
    server.shutdown()
    server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _dump(url: str, profile: Path, width: int = 1200) -> str:
    done = subprocess.run([_chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
                           f"--window-size={width},900", "--virtual-time-budget=20000", "--dump-dom", url],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def _pre(dom: str, element_id: str) -> object:
    start = dom.index(f'<pre id="{element_id}">') + len(f'<pre id="{element_id}">')
    return json.loads(html_mod.unescape(dom[start:dom.index("</pre>", start)]))


@pytest.mark.a11y
def test_axe_finds_no_violation_in_any_html_output(site):
    base, names, profile = site
    assert {"letter", "brief", "compare2", "compare3", "benchmark", "compare-combined",
            "benchmark-combined"} <= \
        set(names)
    for name in names:
        violations = _pre(_dump(f"{base}/{name}.axe.html", profile), "axe-result")
        assert violations == [], (name, violations)


@pytest.mark.a11y
def test_every_html_output_reflows_at_320_px(site):
    base, names, profile = site
    for name in names:
        measured = _pre(_dump(f"{base}/{name}.320.html", profile), "reflow")
        assert measured["clientWidth"] == 320 and measured["scrollWidth"] <= 320, (name, measured)


def _soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    assert found, "LibreOffice is needed: `make test-office` installs Debian's libreoffice-writer-nogui"
    return found


def _rows_shown(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    appendix = text[text.index("Appendix: the eight characteristics"):]
    return [name for name in NAMES if name in appendix]


@pytest.mark.office
def test_word_letters_keep_every_table_row_in_libreoffice(classifier, tmp_path):
    """Every bundled Word letter, and one letter with its appendix pushed line by line down the page (so that
    at some step it starts at the foot of a page), converted by LibreOffice: every row of the appendix
    shows."""
    import io

    from backtofront.render import letter as letter_mod
    from docx import Document
    from test_accessible_outputs import CASES, _letter

    docs = []
    for path in EXAMPLES + CASES:
        target = tmp_path / f"{path.stem}.docx"
        target.write_bytes(letter_mod.render(_letter(classifier, path), letter_mod.LetterFormat.DOCX))
        docs.append(target)
    base = letter_mod.render(_letter(classifier, EXAMPLES[0]), letter_mod.LetterFormat.DOCX)
    for pad in range(0, 48, 3):
        doc = Document(io.BytesIO(base))
        heading = next(p for p in doc.paragraphs if p.text.startswith("Appendix: the eight"))._p
        blank = copy.deepcopy(doc.paragraphs[0]._p)
        for run in [el for el in blank if el.tag.endswith("}r")]:
            blank.remove(run)
        for _ in range(pad):
            heading.addprevious(copy.deepcopy(blank))
        target = tmp_path / f"pad{pad:02d}.docx"
        doc.save(target)
        docs.append(target)
    subprocess.run([_soffice(), "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to",
                    "pdf",
                    "--outdir", str(tmp_path), *map(str, docs)], capture_output=True, check=True, timeout=900)
    for docx in docs:
        pdf = docx.with_suffix(".pdf")
        assert pdf.exists(), docx.name
        assert _rows_shown(pdf) == list(NAMES), docx.name
