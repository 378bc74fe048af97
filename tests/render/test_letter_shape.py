"""The letter a chief executive reads: page 1 stands alone, a short body, an improvement plan annex, plain
English, the right dates, and the furniture of a printed letter (A4, page numbers, running header)."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
from backtofront.classifier import cases as cases_mod
from backtofront.classifier import profile as profile_mod
from backtofront.render import charts
from backtofront.render import formats as formats_mod
from backtofront.render import letter as letter_mod
from conftest import make_profile
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[2]
DATE = dt.date(2008, 11, 1)
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
BUNDLED = [(p.stem, lambda p=p: profile_mod.load(p), None) for p in EXAMPLES] + \
          [(f"case{n}", lambda n=n: cases_mod.get(n).profile, n) for n in cases_mod.load_all()]
ANSWERED = [(f"answers{n}", lambda n=n: cases_mod.load_answers()[n].profile, n)
            for n in cases_mod.load_answers()]
# A rule id, or a snake_case word (a fact or item id): neither belongs in what a person reads.
CODE = re.compile(r"\bBT\d{3}\b|\b[a-z0-9]+_[a-z0-9_]+\b")


def _letter(classifier, profile, case=None, **options):
    result = classifier.classify(profile)
    return letter_mod.build(result, classifier.kb, letter_mod.Options(date=DATE, case=case, **options))


def _docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for t in document.tables for row in t.rows for c in row.cells]
    parts += [p.text for s in document.sections for p in s.header.paragraphs]
    return "\n".join(parts)


def _printed(classifier, example_pdf, letter_pdf, name, load, case, brief=False):
    """(Letter, each PDF page's text): a bundled example's from the session's shared letters, a case-study
    council's drawn through letter_pdf (once for the run: test_letter_last_page.py and
    test_format_registry.py print some of the same letters)."""
    if case is None:
        letter, _, pages = example_pdf(name, brief)
        return letter, pages
    letter = _letter(classifier, load(), case, brief=brief)
    return letter, letter_pdf(letter)[1]


@pytest.mark.parametrize("name,load,case", BUNDLED, ids=[b[0] for b in BUNDLED])
def test_pdf_page_one_stands_alone_and_the_body_fits_three_pages(classifier, example_pdf, letter_pdf, name,
                                                                 load, case):
    letter, pages = _printed(classifier, example_pdf, letter_pdf, name, load, case)
    flat = [" ".join(p.split()) for p in pages]
    annex = next(i for i, t in enumerate(flat) if "Annex: improvement plan" in t)
    assert 1 <= annex - 1 <= 3, f"the body runs to {annex - 1} pages"  # pages 2..annex are the body
    assert "The priorities in detail" not in flat[0] and "The priorities in detail" in flat[1]
    for p in letter.page_one:  # page 1: the path, the request, each priority with its owner, the chart
        assert " ".join(p.text.split()) in flat[0] and f"Suggested owner: {p.owner}" in flat[0]
    assert "What we ask of you" in flat[0] and "The eight characteristics of Table 4" in flat[0]
    if letter.path:
        assert "The shortest path to" in flat[0] and " ".join(letter.path[0].split()) in flat[0]
    assert "Yours sincerely" in " ".join(flat[1:annex])  # the sign-off ends the body, before the annex
    for i, text in enumerate(flat, start=1):
        assert f"Page {i} of {len(pages)}" in text
    for text in flat[1:]:
        assert letter.council in text and letter.date in text  # the running header
    _, brief = _printed(classifier, example_pdf, letter_pdf, name, load, case, brief=True)
    assert len(brief) == 1 and "Yours sincerely" in brief[0], "the brief letter is page 1 alone"


def test_pdf_pages_are_a4_and_the_brief_letter_is_one_page(example_pdf):
    _, data, _ = example_pdf(EXAMPLES[0].stem)
    reader = PdfReader(io.BytesIO(data))
    first = reader.pages[0].mediabox
    assert (round(float(first.width)), round(float(first.height))) == (595, 842)  # A4 in points
    _, _, brief = example_pdf(EXAMPLES[0].stem, brief=True)
    assert len(brief) == 1 and "Yours sincerely" in brief[0] and "Annex" not in brief[0]


def test_a_brief_of_an_old_assessment_is_still_one_page(classifier, letter_pdf):
    """Sent years after its assessment, the brief says how old the assessment is on page 1 (a longer page
    than the shared letters' of 2008): it still fits one page, the note its reading markers refer to
    included, with no letterhead space (it goes under a cabinet paper's own heading)."""
    result = classifier.classify(profile_mod.load(EXAMPLES[0]))
    letter = letter_mod.build(result, classifier.kb,
                              letter_mod.Options(date=dt.date(2026, 12, 6), brief=True))
    assert "18 years before this letter" in " ".join(letter.summary)
    _, pages = letter_pdf(letter)
    assert len(pages) == 1, [p[-300:] for p in pages]
    flat = " ".join(pages[0].split())
    assert "Yours sincerely" in flat and "“The assessment's reading” marks what the report gives" in flat


@pytest.mark.parametrize("name,load,case", BUNDLED + ANSWERED, ids=[b[0] for b in BUNDLED + ANSWERED])
def test_no_letter_or_report_shows_a_rule_id_or_a_snake_case_id(classifier, name, load, case):
    profile = load()
    letter = _letter(classifier, profile, case)
    md = letter_mod.render(letter, letter_mod.LetterFormat.MD)
    html = letter_mod.render(letter, letter_mod.LetterFormat.HTML)
    body = re.sub(r"<[^>]+>", " ", html.split("<body>")[1])
    docx_text = _docx_text(letter_mod.render(letter, letter_mod.LetterFormat.DOCX))
    result = classifier.classify(profile)
    report = formats_mod.render(result, formats_mod.Format.MARKDOWN)
    for label, text in (("md", md), ("html", body), ("docx", docx_text), ("markdown report", report),
                        ("reasons", "\n".join(result.overall.reasons))):
        found = CODE.findall(text)
        assert not found, f"{label}: {found[:5]}"


@pytest.mark.parametrize("name,load,case", BUNDLED, ids=[b[0] for b in BUNDLED])
def test_a_report_council_is_never_told_to_read_its_own_case_study(classifier, name, load, case):
    letter = _letter(classifier, load(), case)
    own = case or None
    for p in letter.body:
        assert len(p.reading) <= 1
        if own:
            assert not any(r.startswith(f"Case study {own} ") for r in p.reading)
    if own:
        assert own not in [c.number for c in letter.case_studies]
    cited = {int(r.split()[2]) for p in letter.body for r in p.reading}
    assert {c.number for c in letter.case_studies} == cited  # only those the priorities cite
    assert all(c.why.startswith("for priority ") for c in letter.case_studies)


def test_own_case_study_is_recognised_by_name_too(classifier):
    # The Sheffield profile run as a file (no --case): its council is Case study 1's.
    letter = _letter(classifier, cases_mod.get(1).profile)
    assert 1 not in [c.number for c in letter.case_studies]
    assert not any("Case study 1 " in r for p in letter.body for r in p.reading)


def test_strengths_are_strengths(classifier):
    letter = _letter(classifier, profile_mod.load(ROOT / "examples" / "district-transitional.yaml"))
    # Transitional council: its transitional characteristics are its norm, not strengths.
    assert not any("is transitional" in s for s in letter.strengths)
    assert any("consensus" in s for s in letter.strengths)
    ahead = _letter(classifier, make_profile({"characteristics": {
        "efficiency_policy": "transformational", "time_scales": "transactional",
        "sustainability": "transactional",
        "organisational_change": "transactional", "service_transformation": "transitional"}}))
    assert ahead.stage_id == "transactional"
    assert any(s.startswith("Efficiency policy is transformational") for s in ahead.strengths)
    assert any(s.startswith("Service transformation is transitional, ahead of") for s in ahead.strengths)


def test_an_empty_strengths_section_says_so_plainly(classifier):
    letter = _letter(classifier, make_profile({"characteristics": {"time_scales": "transactional"}}))
    assert letter.strengths == []
    md = letter_mod.render(letter, letter_mod.LetterFormat.MD)
    assert "The assessment found no strength to report yet" in md
    html = letter_mod.render(letter, letter_mod.LetterFormat.HTML)
    assert "The assessment found no strength to report yet" in html


def test_improvement_plan_has_a_row_per_action_with_suggested_owners_and_timings(classifier):
    letter = _letter(classifier, profile_mod.load(EXAMPLES[0]))
    assert len(letter.plan) == len(letter.actions)
    from backtofront.classifier.rules import OWNERS
    assert {row.owner for row in letter.plan} <= set(OWNERS.values())
    assert {row.by_when for row in letter.plan} <= {"Next budget round",
                                                    "Within the current spending review period"}
    assert all(row.why and row.citations for row in letter.plan if row.priority == "high")
    md = letter_mod.render(letter, letter_mod.LetterFormat.MD)
    assert "| # | Action | Why | Priority | Effort | Suggested owner | Suggested by when | Citation |" in md
    assert "Owners and timings are suggestions" in md


def test_acronyms_are_spelled_out_at_first_use(classifier):
    md = letter_mod.render(_letter(classifier, profile_mod.load(EXAMPLES[0])), letter_mod.LetterFormat.MD)
    from backtofront.render.plain import ACRONYMS
    for short in ACRONYMS:
        at = re.search(rf"(?<![\w(]){short}(?![\w)])|\({short}\)", md)
        if at:
            assert md[:at.end()].endswith(f"({short})"), f"{short} first used without its full name"
    assert "Spending Review 2004 (SR04)" in md and md.count("Spending Review 2004 (SR04)") == 1


def test_plain_english_in_reasons_and_why_lines(classifier):
    result = classifier.classify(profile_mod.load(EXAMPLES[0]))
    assert all(not re.search(r"BT\d{3}", r) and re.search(r"\((para|Table)", r)
               for r in result.overall.reasons)
    mutual = next(r for r in result.recommendations if r.id == "consider_mutual_methods")
    assert "two internal techniques" in mutual.why[0] and "technique(s)" not in mutual.why[0]
    for rec in result.recommendations:
        assert rec.title[0].isupper()
        assert not re.match(r"(Para \d+|Planned|Benchmark):", rec.title), rec.title  # imperatives
        for why in rec.why:
            assert why.strip(".") not in rec.title, (rec.title, why)  # says something the heading does not
    text = formats_mod.render(result, formats_mod.Format.MARKDOWN, show_all=True)
    # the profile does not say whether the council has a challenge group: not told to set one up as if it had
    # none (rules/BT230.yaml)
    assert "Have a senior-level challenge group" in text
    assert "Set up a senior-level challenge group" not in text
    assert "there were robust approaches to challenging and delivering efficiency. The report" not in text


def test_evidence_and_notes_are_shown_and_markdown_tables_are_safe(classifier):
    profile = make_profile({"characteristics": {"time_scales": {"stage": "transitional",
                                                                 "evidence": "Plans | targets\nset yearly"}},
                            "notes": "Workshop with the finance director."})
    letter = _letter(classifier, profile)
    md = letter_mod.render(letter, letter_mod.LetterFormat.MD)
    assert "Plans \\| targets set yearly" in md and "Workshop with the finance director." in md
    html = letter_mod.render(letter, letter_mod.LetterFormat.HTML)
    assert "Plans | targets\nset yearly" in html and "Workshop with the finance director." in html
    report = formats_mod.render(classifier.classify(profile), formats_mod.Format.MARKDOWN)
    assert "Plans \\| targets set yearly" in report and "Workshop with the finance director." in report
    row = [line for line in md.splitlines() if line.startswith("| Time scales |")][-1]  # the appendix
    assert row.count(" | ") == 3  # four cells: the evidence did not break the table
    docx_text = _docx_text(letter_mod.render(letter, letter_mod.LetterFormat.DOCX))
    assert "Plans | targets" in docx_text and "Workshop with the finance director." in docx_text


def test_dates_today_by_default_and_the_assessment_date_beside_it(classifier):
    result = classifier.classify(profile_mod.load(EXAMPLES[0]))
    letter = letter_mod.build(result, classifier.kb)
    today = dt.date.today()
    assert letter.date == f"{today.day} {today.strftime('%B %Y')}"
    assert letter.assessed_on == "31 March 2008"
    md = letter_mod.render(letter, letter_mod.LetterFormat.MD)
    assert f"**Date:** {letter.date}  \n**Assessment dated:** 31 March 2008" in md


def test_brief_letter_is_page_one_only(classifier):
    letter = _letter(classifier, profile_mod.load(EXAMPLES[0]), brief=True)
    md = letter_mod.render(letter, letter_mod.LetterFormat.MD)
    assert "## Priorities" in md and "Yours sincerely" in md
    assert "The priorities in detail" not in md and "Annex" not in md and "Appendix" not in md
    docx_text = _docx_text(letter_mod.render(letter, letter_mod.LetterFormat.DOCX))
    assert ("Yours sincerely" in docx_text and "Annex" not in docx_text
            and "The priorities in detail" not in docx_text)


def test_docx_furniture(classifier):
    letter = _letter(classifier, profile_mod.load(EXAMPLES[0]))
    data = letter_mod.render(letter, letter_mod.LetterFormat.DOCX)
    document = docx.Document(io.BytesIO(data))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert section.different_first_page_header_footer
    assert letter.council in section.header.paragraphs[0].text and letter.date in section.header.paragraphs[
        0].text
    footer_xml = section.footer._element.xml
    assert 'w:instr="PAGE"' in footer_xml and 'w:instr="NUMPAGES"' in footer_xml
    assert len(document.inline_shapes) == 1  # the chart, as an image
    props = document.core_properties
    assert letter.council in props.subject and "backtofront" in props.comments
    assert "python-docx" not in (props.author + props.comments + props.last_modified_by)
    body_xml = document.element.xml
    assert body_xml.count("<w:tblHeader") == 2  # both tables repeat their header row
    styles = {p.style.name for p in document.paragraphs}
    assert {"Letter Meta", "Sign Off", "Signature Space", "Body Start"} <= styles
    assert all(not (r.bold or r.italic or r.font.size) for p in document.paragraphs for r in p.runs)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert any(n.startswith("word/media/") and n.endswith(".png") for n in z.namelist())


# The letter's small print, in the brief as in the letter: the sender, recipient and dates (9 pt), and the
# chart's caption with the note the reading markers refer to (8.5 pt).
SMALL_PRINT = {"Letter Meta", "Letter Small"}
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _size_pt(paragraph, document) -> float:
    """A paragraph's type size in points, from its style or the styles it is based on (the letter sets no
    size on a run), else the document's default."""
    style = paragraph.style
    while style is not None:
        if style.font.size is not None:
            return style.font.size.pt
        style = style.base_style
    default = document.styles.element.find(f"{{{W}}}docDefaults/{{{W}}}rPrDefault/{{{W}}}rPr/{{{W}}}sz")
    return int(default.get(f"{{{W}}}val")) / 2


def test_word_brief_fits_its_page_by_spacing_not_smaller_type(classifier):
    """The Word brief fits one page (tests/render/test_office.py) through page 1's single-spaced styles, the
    letterhead space left out and its own margins, never through smaller type: every paragraph but the
    letter's small print is 10 pt or more, as in the full letter."""
    result = classifier.classify(profile_mod.load(EXAMPLES[0]))

    def word(brief: bool):
        letter = letter_mod.build(result, classifier.kb,
                                  letter_mod.Options(date=dt.date(2026, 12, 6), brief=brief))
        return docx.Document(io.BytesIO(letter_mod.render(letter, letter_mod.LetterFormat.DOCX)))
    document = word(brief=True)
    shown = [p for p in document.paragraphs if p.text.strip()]
    assert {p.style.name for p in shown} >= {"Page One Text", "Page One Bullet", "Page One Number",
                                             "Page One Heading"}
    assert "Letterhead Space" not in {p.style.name for p in document.paragraphs}
    for p in shown:
        if p.style.name not in SMALL_PRINT:
            assert _size_pt(p, document) >= 10, (p.style.name, p.text[:40])
    section = document.sections[0]
    assert round(section.top_margin.cm, 1) == letter_mod.DOCX_BRIEF_TOP_CM
    full = word(brief=False)  # the letter keeps its letterhead space and its page
    assert "Letterhead Space" in {p.style.name for p in full.paragraphs}
    assert round(full.sections[0].top_margin.cm, 1) == 2.4


def test_html_sign_off_is_kept_together_and_tables_repeat_headers(classifier):
    html = letter_mod.render(_letter(classifier, profile_mod.load(EXAMPLES[0])), letter_mod.LetterFormat.HTML)
    assert ('<div class="signoff">' in html
            and ".signoff { break-inside: avoid; break-before: avoid; }" in html)
    assert html.count("<thead>") == 2 and 'counter(page) " of " counter(pages)' in html
    assert "size: A4" in html and "@page :first { margin-top: 3.6cm" in html  # room for a letterhead


def test_charts_svg_and_png(classifier):
    result = classifier.classify(profile_mod.load(EXAMPLES[0]))
    svg = charts.characteristics_svg(result, classifier.kb)
    assert svg.startswith("<svg") and f'viewBox="0 0 {charts.WIDTH} ' in svg and 'width="100%"' in svg
    assert svg.count("<rect") == 16 + len(result.targets) + 1  # track and bar each, a mark a target, the key
    png = charts.characteristics_png(result, classifier.kb, scale=2)
    from PIL import Image
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.size[0] == charts.WIDTH * 2
    # The bars are drawn in their stage's colour: the first (efficiency policy, transitional) is amber.
    y = (charts.TOP + charts.BAR_H // 2) * 2
    assert image.getpixel(((charts.LABEL_W + 10) * 2, y)) == (0x94, 0x62, 0x00)


def test_letter_cli_brief_and_help(run_cli, tmp_path):
    code, out, _ = run_cli("letter", str(EXAMPLES[0]), "--brief", "--date", "2008-11-01")
    assert code == 0 and "## Priorities" in out and "Annex" not in out
    code, out, _ = run_cli("letter", "--help")
    assert code == 0 and "today" in out and "--brief" in out


def test_letter_for_a_case_never_sends_the_council_to_its_own_case_study(run_cli):
    code, out, _ = run_cli("letter", "--case", "5", "--date", "2008-11-01")
    assert code == 0 and "London Borough of Enfield" in out
    reading = out.split("## Case studies to read")[1].split("Yours sincerely")[
        0] if "## Case studies to read" in out else ""
    assert "Case study 5:" not in reading
    body = out.split("## The priorities in detail")[1].split("## Strengths")[0]
    assert "Read: Case study 5 " not in body


def test_the_word_letters_request_leads_in_bold_as_the_pdf_does(classifier):
    letter = _letter(classifier, profile_mod.load(ROOT / "examples" / "district-transitional.yaml"))
    document = docx.Document(io.BytesIO(letter_mod.render(letter, "docx")))
    request = next(p for p in document.paragraphs if p.text.startswith("What we ask of you:"))
    # bold through a character style, never direct formatting (test_docx_furniture)
    assert request.runs[0].text == "What we ask of you:" and request.runs[0].style.name == "Lead In"
    assert request.runs[0].style.font.bold and "We ask you to agree" in request.text
    assert all(r.style.name != "Lead In" for r in request.runs[1:])
