"""What a new user met in the letters, reports and terminal: each list item on its own line, one number
format, plain words a chief executive reads, a greeting for the recipient, plain national figure headings,
tables that line up in a legacy encoding, help and piped output wrapped between words, and a Word annex
whose columns hold their longest words."""

from __future__ import annotations

import functools
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from backtofront.classifier import cases as cases_mod
from backtofront.classifier import profile as profile_mod
from backtofront.render import formats, trainer
from backtofront.render import letter as letter_mod
from backtofront.render.plain import NO_TARGET_HELD, NO_TARGET_TOP, NO_TARGET_UNASSESSED
from conftest import ROOT
from test_terminal import run_pty, visible_lines

BIN = str(Path(sys.executable).parent / "backtofront")
EXAMPLE = ROOT / "examples" / "district-transitional.yaml"

# The new user's profile (its wording kept): a county with user notes and evidence full of acronyms.
NEW_USER = """council: {name: Barsetshire County Council, type: county}
assessed_on: 2008-09-30
characteristics:
  efficiency_policy: {stage: transactional, evidence: "HR and ICT savings only; no CSR07 plan"}
  service_transformation: transitional
  organisational_change: transactional
  back_office_front_line: transactional
  planning_monitoring: {stage: transactional, evidence: "Tailored targets in Adult Social Care & Highways"}
  sustainability: transactional
  time_scales: transitional
  management_leadership: {stage: transitional, evidence: "Member challenge panel set up Jan 2008"}
pressures: [csr07, financial_position, council_tax, public_expectations]
barriers: [organisational_culture, investment_in_existing_systems]
techniques: {used: [procurement, ict], planned: [shared_services, lean_bpi]}
figures:
  back_office_share_of_gains_pct: 55
  corporate_services_share_of_budget_pct: 9
  sr04_efficiency_gains_gbp: 14500000
  back_office_gains_gbp: 7975000
  cashable_share_pct: 72
four_elements: {local_priorities: true, consensus: false, robust_challenge: false,
                commitment_to_techniques: true}
strategic_approach: {citizen_perspective: false, linked_to_corporate_objectives: false,
                     political_support: true, efficiency_board: true}
notes: "Workshop with CFO, Head of HR & Head of ICT, 28 June 2007. Assessor: A. Consultant."
"""


@pytest.fixture
def new_user(tmp_path) -> Path:
    path = tmp_path / "acr.yaml"
    path.write_text(NEW_USER, encoding="utf-8")
    return path


def _bundled():
    out = [pytest.param(c.profile, n, id=f"case-{n}") for n, c in cases_mod.load_all().items()]
    out += [pytest.param(c.profile, n, id=f"answers-{n}") for n, c in cases_mod.load_answers().items()]
    for path in [*sorted((ROOT / "examples").glob("*.yaml")), ROOT / "examples" / "starter" / "council.yaml"]:
        out.append(pytest.param(profile_mod.load(path), None, id=path.stem))
    return out


def _docx_text(data: bytes) -> str:
    d = docx.Document(io.BytesIO(data))
    return "\n".join([p.text for p in d.paragraphs]
                     + [c.text for t in d.tables for r in t.rows for c in r.cells])


# -- 2. the Markdown report: each stage's basis on a line of its own ---------------------------------
@pytest.mark.parametrize("profile, case", _bundled())
def test_what_each_stage_rests_on_is_one_list_line_per_characteristic(classifier, profile, case):
    result = classifier.classify(profile)
    text = formats.render(result, formats.Format.MARKDOWN)
    assessed = [c for c in result.characteristics.values() if c.basis]
    if not assessed:
        return
    section = text.split("## What each stage rests on\n", 1)[1].split("\n## ", 1)[0]
    items = [line for line in section.splitlines() if line.startswith("- **")]
    assert [line[4:].split("**:")[0] for line in items] == [c.name for c in assessed]
    assert not re.search(r"\S- \*\*", section), "a list item runs on from the line before"
    answers = [line for line in section.splitlines() if line.startswith("  - ")]
    assert len(answers) == sum(len(c.answers) for c in assessed)  # each answer on its own line too


# -- 3. one number format, capitals, citations, flags, titles, target words ---------------------------
def test_the_new_users_letter_and_reports_read_plainly(classifier, new_user, run_cli):
    result = classifier.classify(profile_mod.load(new_user))
    letter = letter_mod.build(result, classifier.kb)
    texts = {"letter": letter_mod.render(letter, letter_mod.LetterFormat.MD),
             "report": formats.render(result, formats.Format.MARKDOWN, show_all=True),
             "terminal": formats.render(result, formats.Format.TEXT, width=120, show_all=True)}
    for kind, text in texts.items():
        flat = " ".join(text.split())
        assert not re.search(r"\d\.0 per cent", flat), kind
        assert "55 per cent" in flat, kind
        assert not re.search(r"used (Shared|Procurement|Lean|Outsourcing|Insourcing)", flat), kind
        assert "Para 78 element lacking" not in flat and "element lacking: there was" not in flat, kind
        assert "the project's reading" not in flat and "before the last step" not in flat, kind
    flat = " ".join(texts["terminal"].split())
    assert ("Element of an effective programme lacking: The assessment found no consensus in support of "
            "delivering efficiencies") in flat
    assert "12 of the 23 case study sites used shared services in SR04" in flat
    for line in re.findall(r"Cites: [^\n]*", texts["terminal"]):
        read = re.search(r"; read (Case stud[^.]*)", line)
        if read:
            for n in re.findall(r"\d+", read.group(1)):
                assert f"Case study {n};" not in line and f"Case study {n}," not in line, line
    assert "Table 3 (the assessment's reading); read Case study 10" in flat
    assert ("_para 55, para 70, para 72, para 89, Table 3 (the assessment's reading). Read: Case study 10 "
            "(a district council, an example of what to avoid)._") in texts["letter"]
    assert ("Citations: para 55, para 70, para 72, para 89, Table 3. Read: Case study 10 (the assessment's "
            "reading).") in texts["report"]


def test_the_transformational_title_says_what_to_do(classify):
    result = classify({"council": {"name": "X", "type": "district"},
                       "characteristics": {"efficiency_policy": "transitional",
                                           "service_transformation": "transitional",
                                           "management_leadership": "transformational"}})
    titles = [r.title for r in result.recommendations if r.id == "leadership_and_policy_first"]
    title = ("Make the efficiency policy strategic and embedded in the council before the final step to "
             "transformational")
    assert titles == [title]


def test_the_target_column_uses_one_set_of_words_everywhere(classifier):
    allowed = {"Transactional", "Transitional", "Transformational", "Transitional (met)",
               "Transformational (met)", NO_TARGET_HELD, NO_TARGET_TOP, NO_TARGET_UNASSESSED}
    profile = profile_mod.load(ROOT / "examples" / "district-transitional.yaml")
    held = cases_mod.load_all()[9].profile
    for p in (profile, held, cases_mod.load_all()[7].profile):
        result = classifier.classify(p)
        report = formats.render(result, formats.Format.MARKDOWN)
        rows = [line.split(" | ") for line in report.splitlines() if line.startswith("| ")
                and line.count(" | ") == 5]
        report_words = {row[2] for row in rows[1:]}
        letter = letter_mod.build(result, classifier.kb)
        letter_words = {bar.target_words for bar in letter.chart}
        terminal = formats.render(result, formats.Format.TEXT, width=60)
        terminal_words = set(re.findall(r"Target: (.+)", terminal))
        assert report_words <= allowed and letter_words <= allowed and terminal_words <= allowed
        assert report_words == letter_words == terminal_words


def test_the_walkthrough_says_the_assessments_own_reading_in_plain_step_titles(classifier):
    result = classifier.classify(cases_mod.load_all()[9].profile)
    out: list[str] = []
    trainer.walkthrough(result, classifier, out.append, lambda _: "", pause=False)
    text = "\n".join(out)
    assert "(the assessment's reading)" in text
    assert "project's" not in text and "Mostly unevidenced" not in text
    # Case 9 quotes the report for every stage it states, so none is unevidenced; the example states most
    # of its stages without an evidence note
    assert "Most stages stated without evidence" not in text
    out = []
    trainer.walkthrough(classifier.classify(profile_mod.load(EXAMPLE)), classifier, out.append, lambda _: "",
                        pause=False)
    assert "Most stages stated without evidence" in "\n".join(out)


# -- 4. the greeting and a chief executive's words ----------------------------------------------------
@pytest.mark.parametrize("recipient, greeting", [(None, "Dear colleagues,"),
                                                 ("Chief Executive", "Dear Chief Executive,"),
                                                 ("The Leader", "Dear Leader,"),
                                                 ("Jane Smith, Head of Audit", "Dear Jane Smith,")])
def test_the_salutation_fits_the_recipient_in_every_format(classifier, recipient, greeting):
    result = classifier.classify(profile_mod.load(EXAMPLE))
    for brief in (False, True):
        letter = letter_mod.build(result, classifier.kb, letter_mod.Options(recipient=recipient, brief=brief))
        for fmt in (letter_mod.LetterFormat.MD, letter_mod.LetterFormat.HTML):
            text = letter_mod.render(letter, fmt)
            assert greeting in text and (greeting == "Dear colleagues," or "Dear colleagues," not in text)
        assert greeting in _docx_text(letter_mod.render(letter, letter_mod.LetterFormat.DOCX))


def test_a_letter_to_the_chief_executive_never_speaks_of_the_profile(classifier, new_user, run_cli, tmp_path):
    for args in (["--recipient", "Chief Executive"], ["--recipient", "Chief Executive", "--brief"]):
        for fmt in ("md", "html", "docx"):
            out = tmp_path / f"letter.{fmt}"
            code, _, err = run_cli("letter", str(new_user), *args, "-o", str(out))
            assert code == 0, err
            text = _docx_text(out.read_bytes()) if fmt == "docx" else out.read_text(encoding="utf-8")
            assert "Dear Chief Executive," in text
            flat = " ".join(text.split())
            # a stage's basis is "stated in the profile", the terminal report's words (never the council's
            # "self-assessment", which the profile does not say it is); no other talk of the profile
            assert "self-assessment" not in flat
            assert "the profile" not in flat.replace("stated in the profile", "") \
                and "carry no evidence notes" not in flat, (fmt, args)


# -- 5. national figures ------------------------------------------------------------------------------
def test_national_figures_have_plain_headings_and_pounds_in_words(run_cli):
    code, out, _ = run_cli("knowledge", "figures")
    assert code == 0
    assert "£4.3 billion" in out and "4.3 £bn" not in out and "£bn" not in out.split("National figures")[
        1].split("\n\n")[0].replace("(£bn:", "")
    assert not re.search(r"\b[a-z0-9]+_[a-z0-9_]+\b", out), "an internal id is shown"
    assert "Total efficiency gains in" in out


# -- 6. a legacy encoding: the table's borders line up ------------------------------------------------
def test_the_assessment_table_lines_up_in_cp1252():
    env = {**os.environ, "PYTHONIOENCODING": "cp1252", "COLUMNS": "100"}
    done = subprocess.run([BIN, "assess", str(EXAMPLE)], check=False, capture_output=True, env=env,
                          timeout=120)
    assert done.returncode == 0
    lines = done.stdout.decode("cp1252").splitlines()
    table = [line for line in lines if line[:1] and line[:1] in "+|"]
    assert any("Stage -> target" in line for line in table)
    assert len({len(line) for line in table}) == 1, "the table's borders do not line up"
    borders = {i for i, ch in enumerate(table[0]) if ch == "+"}
    for line in table:
        assert {i for i, ch in enumerate(line) if ch in "+|"} == borders, line


# -- 7. help and piped output wrap between words ------------------------------------------------------
@pytest.mark.parametrize("width", (80, 60))
def test_knowledge_help_keeps_every_topic_whole(width):
    status, out = run_pty(["knowledge", "--help"], width)
    lines = [line.rstrip() for line in visible_lines(out)]
    assert status == 0 and "Usage: backtofront knowledge [OPTIONS] [TOPIC]" in lines
    words = " ".join(lines).split()
    for topic in ("characteristics,", "pressures,", "barriers,", "techniques,", "case-studies,",
                  "profile-format,",
                  "figures."):
        assert topic in words, topic


def test_cases_in_a_pipe_wrap_at_the_fixed_width():
    from backtofront.render.terminal import PIPE_WIDTH

    done = subprocess.run(f"{BIN} cases | cat", check=False, shell=True, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0
    lines = done.stdout.splitlines()
    assert max(len(line) for line in lines) <= PIPE_WIDTH
    assert "Worcestershire County Council" in done.stdout


# -- 8. the Word letter's annex: every column holds its longest word -----------------------------------
FONTS = Path("/usr/share/fonts/truetype/dejavu")
MARGINS_CM = 2 * 0.19  # Word's default left and right cell margins


@functools.cache
def _font(bold: bool):
    """DejaVu Sans (bold or not) at 850 points, read once for the run (each of the many words measured in
    every letter's annex would read the font file again)."""
    from PIL import ImageFont

    return ImageFont.truetype(str(FONTS / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")), 850)


def _width_cm(word: str, bold: bool) -> float:
    """`word`'s width at 8.5 pt in DejaVu Sans (what LibreOffice puts for Arial; wider than Arial)."""
    return _font(bold).getlength(word) / 100 / 72 * 2.54


@pytest.mark.parametrize("profile, case", [p for p in _bundled() if "answers" not in p.id])
def test_the_word_annex_breaks_no_word(classifier, profile, case):
    result = classifier.classify(profile)
    data = letter_mod.render(letter_mod.build(result, classifier.kb, letter_mod.Options(case=case)),
                             letter_mod.LetterFormat.DOCX)
    d = docx.Document(io.BytesIO(data))
    for table in d.tables:
        grid = table._tbl.tblGrid.findall(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}gridCol")
        widths = [int(g.get(W + "w")) / 1440 * 2.54 for g in grid]
        margins = table._tbl.tblPr.find(W + "tblCellMar")   # the table's own cell margins, if it sets them
        room = MARGINS_CM if margins is None else \
            sum(int(margins.find(W + side).get(W + "w")) / 1440 * 2.54 for side in ("left", "right"))
        assert sum(widths) <= 17.0 + 0.01            # A4 portrait between 2 cm margins (twips round)
        for i, width in enumerate(widths):
            cells = [row.cells[i].text for row in table.rows]
            need = max(_width_cm(w, bold=(j == 0)) for j, cell in enumerate(cells) for w in cell.split())
            assert need + room <= width, (cells[0], round(need + room, 2), round(width, 2))


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def test_the_word_annex_gives_priority_effort_owner_and_timing_a_column_each(classifier):
    from backtofront.classifier import profile as profile_mod

    result = classifier.classify(profile_mod.load(Path(__file__).resolve().parents[2] / "examples"
                                                  / "district-transitional.yaml"))
    data = letter_mod.render(letter_mod.build(result, classifier.kb), letter_mod.LetterFormat.DOCX)
    plan = next(t for t in docx.Document(io.BytesIO(data)).tables if t.rows[0].cells[0].text == "#")
    assert [c.text for c in plan.rows[0].cells] == ["#", "Action", "Why", "Priority", "Effort",
                                                    "Suggested owner",
                                                    "By when", "Citation"]
    first = result.recommendations[0]
    row = [c.text for c in plan.rows[1].cells]
    assert row[3:7] == [first.priority, first.effort, letter_mod.owner(first), letter_mod.by_when(first)]
