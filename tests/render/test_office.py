"""Documents as readers open them: a Word letter and a batch's summary.xlsx opened by LibreOffice, the
office suite many councils use, and converted by it (a Word letter to PDF, the workbook to CSV).

These need LibreOffice's `soffice`: `make test-office` installs it and runs them; `make test` skips them."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.office


def _soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    assert found, "make test-office installs LibreOffice (libreoffice-writer-nogui, libreoffice-calc-nogui)"
    return found


def _convert(source: Path, to: str, outdir: Path) -> Path:
    """`soffice --headless --convert-to TO` in a profile of its own (no user settings, no lock clash)."""
    profile = outdir / "lo-profile"
    subprocess.run([_soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", to,
                    "--outdir", str(outdir), str(source)], check=True, capture_output=True, timeout=240)
    out = outdir / f"{source.stem}.{to.split(':')[0]}"
    assert out.exists(), f"LibreOffice wrote no {out.name}"
    return out


def test_word_letter_opens_in_libreoffice_and_converts_to_pdf(run_cli, tmp_path):
    from pypdf import PdfReader

    letter = tmp_path / "letter.docx"
    code, _, err = run_cli("letter", str(ROOT / "examples" / "district-transitional.yaml"), "-o", str(letter),
                           "--date", "2026-03-01")
    assert code == 0, err
    pdf = _convert(letter, "pdf", tmp_path / "out")
    reader = PdfReader(pdf)
    text = " ".join(page.extract_text() for page in reader.pages)
    words = " ".join(text.split())
    assert len(reader.pages) >= 2
    # the letter's own words come through LibreOffice: the subject, the stage and the sign-off
    assert "Back office efficiency" in words
    assert "transitional" in words.lower()
    assert "Table 4" in words
    # the chart is an image on the first page
    assert any(page.images for page in reader.pages[:2])


def test_batch_workbook_opens_in_libreoffice_with_every_council(run_cli, tmp_path):
    src = tmp_path / "councils"
    src.mkdir()
    for name in ("district-transitional.yaml", "metropolitan-transactional.yaml"):
        shutil.copy(ROOT / "examples" / name, src / name)
    out = tmp_path / "results"
    code, _, err = run_cli("batch", str(src), "-o", str(out), "--jobs", "1")
    assert code == 0, err
    converted = _convert(out / "summary.xlsx", "csv:Text - txt - csv (StarCalc):44,34,76", tmp_path / "out")
    rows = list(csv.reader(io.StringIO(converted.read_text(encoding="utf-8"))))
    assert rows[0][:4] == ["File", "Council", "Type", "Overall stage"]
    assert sorted(r[0] for r in rows[1:]) == ["district-transitional", "metropolitan-transactional"]


def test_no_word_letter_leaves_its_chart_alone_on_a_page(tmp_path):
    """Page 1 of a Word letter holds the chart where it fits (letter.chart_on_page_one), else the chart opens
    page 2 under "Where the council stands, in more detail": in LibreOffice's layout no bundled letter has a
    page with the chart and nothing else, and a chart placed on page 1 is there."""
    import datetime as dt

    from backtofront.classifier import cases, profile
    from backtofront.classifier.classify import Classifier
    from backtofront.render import letter as letter_mod
    from pypdf import PdfReader

    clf = Classifier()
    profiles = {p.stem: profile.load(p) for p in [*sorted((ROOT / "examples").glob("*.yaml")),
                                                  *sorted((ROOT / "examples" / "workshop").glob("*.yaml"))]}
    profiles |= {f"case{n}": cases.get(n).profile for n in cases.load_all()}
    placed = {}
    for name, prof in profiles.items():
        letter = letter_mod.build(clf.classify(prof), clf.kb, letter_mod.Options(date=dt.date(2026, 12, 6)))
        placed[name] = letter_mod.chart_on_page_one(letter)
        (tmp_path / f"{name}.docx").write_bytes(letter_mod.render_docx(letter))
    assert set(placed.values()) == {True, False}  # both placements are exercised
    out = tmp_path / "out"
    profile_dir = out / "lo-profile"
    subprocess.run([_soffice(), f"-env:UserInstallation={profile_dir.as_uri()}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(out), *map(str, sorted(tmp_path.glob("*.docx")))],
                   check=True, capture_output=True, timeout=600)
    caption = "the stage each has reached"
    for name, on_page_one in placed.items():
        pages = [" ".join((p.extract_text() or "").split()) for p in PdfReader(out / f"{name}.pdf").pages]
        at = next(i for i, text in enumerate(pages) if caption in text)
        assert at == (0 if on_page_one else 1), name
        assert ("Priorities" if on_page_one else "in more detail") in pages[at], name
        after = pages[at].split(caption, 1)[1]
        assert on_page_one or len(after) > 200, f"{name}: the chart is alone on page 2"


# The longest page 1 a profile gives a brief: an assessment 18 years older than its letter (a sentence
# saying so), a shortest path of ten moves (the most there are: four characteristics two stages from
# transformational, four one stage), five priorities whose sentences run to two or three lines each, and a
# council's name that takes the title to two lines. Of the 70 profiles whose path has ten moves, these
# four transactional characteristics give the longest page in LibreOffice's layout.
LONGEST_PAGE_ONE = {
    "council": {"name": "Royal Borough of Windsor and Maidenhead Council", "type": "unitary"},
    "assessed_on": "2008-03-31",
    "characteristics": {"efficiency_policy": "transitional", "service_transformation": "transactional",
                        "organisational_change": "transactional", "back_office_front_line": "transitional",
                        "planning_monitoring": "transactional", "sustainability": "transactional",
                        "time_scales": "transitional", "management_leadership": "transitional"},
}


def test_word_brief_is_one_page(tmp_path):
    """The one-page brief (`letter --brief`) in Word is one A4 page in LibreOffice's layout, the sign-off and
    the note its reading markers refer to included: for every bundled profile (the examples, the workshop's
    respondents and each case council, the longest of them included) and for LONGEST_PAGE_ONE."""
    import datetime as dt

    from backtofront.classifier import cases, profile
    from backtofront.classifier.classify import Classifier
    from backtofront.render import letter as letter_mod
    from pypdf import PdfReader

    clf = Classifier()
    files = [*sorted((ROOT / "examples").glob("*.yaml")),
             *sorted((ROOT / "examples" / "workshop").glob("*.yaml"))]
    profiles = {p.stem: (profile.load(p), None) for p in files}
    profiles |= {f"case{n}": (cases.get(n).profile, n) for n in cases.load_all()}
    profiles["longest"] = (profile.parse(LONGEST_PAGE_ONE, "longest"), None)
    letters = {}
    for name, (prof, case) in profiles.items():
        letter = letter_mod.build(clf.classify(prof), clf.kb,
                                  letter_mod.Options(date=dt.date(2026, 12, 6), case=case, brief=True))
        letters[name] = letter
        (tmp_path / f"{name}.docx").write_bytes(letter_mod.render_docx(letter))
    longest = letters["longest"]
    assert (len(longest.page_one), len(longest.path)) == (5, 10)
    assert "18 years before this letter" in longest.summary[0] and longest.reading_note
    out = tmp_path / "out"
    profile_dir = out / "lo-profile"
    subprocess.run([_soffice(), f"-env:UserInstallation={profile_dir.as_uri()}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(out), *map(str, sorted(tmp_path.glob("*.docx")))],
                   check=True, capture_output=True, timeout=600)
    for name, letter in letters.items():
        reader = PdfReader(out / f"{name}.pdf")
        pages = [" ".join((p.extract_text() or "").split()) for p in reader.pages]
        assert len(pages) == 1, f"{name}: the brief runs to {len(pages)} pages; page 2: {pages[-1][:200]}"
        box = reader.pages[0].mediabox
        assert (round(float(box.width)), round(float(box.height))) == (595, 842), name  # A4
        text = pages[0]
        assert "Yours sincerely" in text and text.count(letter.sender) >= 2, name  # From: and the signature
        assert all(" ".join(p.text.split()) in text for p in letter.page_one), name
        if letter.reading_note:
            assert " ".join(letter.reading_note.split()[:8]) in text, name
