"""The questionnaire workbook (classifier/workbook.py): its layout as docs/workbook.md documents it, and
reading a filled one back, every bad cell named by sheet and cell."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook

from backtofront.classifier import questions, workbook
from backtofront.classifier.errors import InputError
from workbook_fill import all_at, blank, fill, option_text


def test_layout_is_the_documented_contract(tmp_path):
    path = blank(tmp_path / "survey.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames == ["Cover", "Characteristics", "Pressures", "Barriers", "Techniques",
                             "Strategic approach", "Four elements", "Leadership", "Figures", "Lists"]
    assert wb["Lists"].sheet_state == "hidden"
    cover = wb["Cover"]
    assert [cover.cell(r, 1).value for r in range(1, 5)] == ["Council", "Council type", "Respondent", "Role"]
    assert not cover["B1"].protection.locked and cover.protection.sheet
    ws = wb["Characteristics"]
    assert [c.value for c in ws[1]][:5] == ["question_id", "question", "answer", "evidence", "justification"]
    assert ws["A2"].value == "efficiency_policy_status" and ws["A2"].protection.locked
    assert not ws["C2"].protection.locked and not ws["D2"].protection.locked and ws.protection.sheet
    # the Table 4 descriptors beside the characteristic questions
    kb_row = [c.value for c in ws[2]]
    assert kb_row[7:10] == ["Ad-hoc efficiency activity.", "Policy – but not linked to other policies.",
                           "Strategic and embedded efficiency policy."]
    # drop-downs read the hidden Lists sheet, with the options' texts and the two special answers
    formulas = {str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation}
    assert formulas["C2"].startswith("Lists!$")
    col = formulas["C2"].split("!")[1].split(":")[0].replace("$", "").rstrip("0123456789")
    listed = [c.value for c in wb["Lists"][col][1:] if c.value]
    q = questions.load().by_id["efficiency_policy_status"]
    assert listed == [*(o.text for o in q.options), "Not applicable", "Don't know"]
    # a multiple question: a row of its own, then one Yes/No row per option
    ids = [c.value for c in wb["Techniques"]["A"]]
    assert "techniques_used" in ids and "techniques_used.lean_bpi" in ids
    tech = {str(dv.sqref): dv.formula1 for dv in wb["Techniques"].data_validations.dataValidation}
    row = ids.index("techniques_used.lean_bpi") + 1
    yes_no = tech[f"C{row}"].split("!")[1].split(":")[0].replace("$", "").rstrip("0123456789")
    assert [c.value for c in wb["Lists"][yes_no][1:] if c.value] == ["Yes", "No"]


def test_some_lists_pass_the_inline_limit():
    """Why the Lists sheet exists: an inline list is at most 255 characters, and options hold commas."""
    bank = questions.load()
    lengths = [len(",".join(o.text for o in q.options)) for q in bank.questions if q.kind == "single"]
    assert max(lengths) > 255 or any("," in o.text for q in bank.questions for o in q.options)


def test_filled_workbook_reads_back(tmp_path):
    path = fill(blank(tmp_path / "a.xlsx"), answers={
        **all_at("transitional", ["efficiency_policy"]),
        "management_leadership_scrutiny": "dont know",
        "techniques_used.lean_bpi": "Yes", "techniques_used.ict": "No",
        "figure_cashable_share_pct": 45,
        "figure_back_office_gains_gbp": "£1,250,000",
    }, evidence={"efficiency_policy_status": "Budget report, section 4"})
    filled = workbook.read(path, questions.load())
    assert filled.council == {"name": "Example DC", "type": "district"}
    assert filled.respondent == {"name": "Ann Officer", "role": "officer"}
    a = filled.answers
    assert a["efficiency_policy_status"][0] == next(o.id for o in questions.load().by_id[
        "efficiency_policy_status"].options if o.stage == "transitional")
    assert a["efficiency_policy_status"][1] == "Budget report, section 4"
    assert a["management_leadership_scrutiny"][0] == "dont_know"
    assert a["techniques_used"][0] == ["lean_bpi"]
    assert a["figure_cashable_share_pct"][0] == 45.0 and a["figure_back_office_gains_gbp"][0] == 1_250_000
    assert "techniques_planned" not in a   # no row answered: still open, not "none"


def test_every_bad_cell_at_once(tmp_path):
    path = fill(blank(tmp_path / "bad.xlsx"), council_type="Parish", role="mayor", answers={
        "efficiency_policy_status": "=1+1",
        "efficiency_policy_objectives": "Something else",
        "figure_cashable_share_pct": dt.datetime(2008, 3, 31),
        "techniques_used.ict": "Perhaps",
        "strategic_citizen_perspective": "Not applicable",
    })
    with pytest.raises(InputError) as caught:
        workbook.read(path, questions.load())
    text = str(caught.value)
    for where in ("Cover!B2", "Cover!B4", "Characteristics!C2", "Characteristics!C3", "Figures!C",
                  "Techniques!C",
                  "Strategic approach!C2"):
        assert where in text, where
    assert "formula" in text and "date where a number belongs" in text and "justification" in text


def test_changed_id_and_blank_cover(tmp_path):
    path = blank(tmp_path / "b.xlsx")
    with pytest.raises(InputError, match=r"Cover!B1: the cover sheet is blank"):
        workbook.read(path, questions.load())
    fill(path, answers={"efficiency_policy_status": option_text("efficiency_policy_status", "transitional")})
    wb = load_workbook(path)
    wb["Characteristics"]["A2"] = "efficiency_policy_stat"
    wb.save(path)
    with pytest.raises(InputError, match=r"Characteristics!A2: unknown question id 'efficiency_policy_stat'"):
        workbook.read(path, questions.load())


@pytest.mark.parametrize("text,expected", [
    ("Not applicable", "na"), ("n/a", "na"), ("Don't know", "dont_know"), ("DONT_KNOW", "dont_know"),
    ("Lean/BPI", "lean_bpi"), ("lean bpi", "lean_bpi"), ("nothing like it", "nothing like it")])
def test_option_text_or_id(text, expected):
    assert workbook.read_option(questions.load().by_id["techniques_used"], text) == expected


def test_assess_and_interview_read_a_filled_workbook(tmp_path, run_cli):
    path = fill(blank(tmp_path / "ann.xlsx"), answers=all_at("transitional"))
    code, out, err = run_cli("assess", str(path))
    assert code == 0, err
    assert "Example DC" in out and "Transitional" in out
    target = tmp_path / "ann.yaml"
    code, _, err = run_cli("interview", "-o", str(target), "--answers", str(path))
    assert code == 0, err
    from backtofront.classifier import profile
    loaded = profile.load(target)
    assert loaded.respondent.name == "Ann Officer" and loaded.respondent.role == "officer"
    assert loaded.council.name == "Example DC" and len(loaded.answers) == 25


def test_interview_respondent_options(tmp_path, run_cli):
    answers = tmp_path / "a.yaml"
    answers.write_text("answers:\n  efficiency_policy_status: A strategic and embedded efficiency policy\n")
    target = tmp_path / "p.yaml"
    code, _, err = run_cli("interview", "-o", str(target), "--answers", str(answers), "--name", "Example DC",
                           "--type", "district", "--respondent", "Cllr Bea", "--role", "Councillor")
    assert code == 0, err
    text = target.read_text(encoding="utf-8")
    assert "respondent:\n  name: Cllr Bea\n  role: councillor" in text and "strategic_embedded" in text
    code, _, err = run_cli("interview", "-o", str(target), "--answers", str(answers), "--respondent", "X",
                           "--role", "mayor")
    assert code == 2 and "--role 'mayor': choose one of officer, councillor, staff, assessor" in err


def test_a_cover_without_the_council_is_refused_by_assess(tmp_path, run_cli):
    path = fill(blank(tmp_path / "a.xlsx"), council="", council_type="", answers=all_at("transitional"))
    code, _, err = run_cli("assess", str(path))
    assert code == 2
    assert "Cover!B1: Council is blank" in err and "Cover!B2: Council type is blank" in err


@pytest.mark.parametrize("value", [4300000000.5, 5e9, "£4,300,000,001"])
def test_a_pound_figure_above_every_councils_gains_together_is_refused_in_the_workbook(tmp_path, value):
    path = fill(blank(tmp_path / "big.xlsx"), answers={"figure_sr04_efficiency_gains_gbp": value})
    with pytest.raises(InputError) as caught:
        workbook.read(path, questions.load())
    assert "is more than all councils in England made together in SR04 (£4.3 billion, para 8)" in \
        str(caught.value)
    path = fill(blank(tmp_path / "top.xlsx"), answers={"figure_sr04_efficiency_gains_gbp": 4.3e9})
    assert workbook.read(path, questions.load())


def test_a_figure_marked_with_the_other_units_sign_is_refused_in_the_workbook(tmp_path):
    """`35%` typed where pounds belong, `£35` where a percentage belongs: a figure of something else, named
    by its cell, not read as 35."""
    path = fill(blank(tmp_path / "units.xlsx"), answers={"figure_back_office_gains_gbp": "35%",
                                                        "figure_cashable_share_pct": "£35"})
    with pytest.raises(InputError) as caught:
        workbook.read(path, questions.load())
    text = str(caught.value)
    assert "'35%': '35%' is a percentage, but the question asks for an amount in pounds" in text
    assert "'£35': '£35' is an amount in pounds, but the question asks for a percentage" in text


def _formatted(path, formats: dict[str, str]):
    """Give the answer cells of `formats`' row ids those number formats, as Excel does when `62%` is typed
    (it keeps 0.62 and formats the cell `0%`)."""
    wb = load_workbook(path)
    for ws in wb.worksheets:
        for r in range(2, ws.max_row + 1):
            if ws.cell(r, 1).value in formats:
                ws.cell(r, 3).number_format = formats[ws.cell(r, 1).value]
    wb.save(path)
    return path


def test_a_percentage_typed_with_its_sign_in_excel_is_read_as_shown(tmp_path):
    path = _formatted(fill(blank(tmp_path / "pct.xlsx"), answers={"figure_cashable_share_pct": 0.62}),
                      {"figure_cashable_share_pct": "0%"})
    assert workbook.read(path, questions.load()).answers["figure_cashable_share_pct"][0] == 62.0
    path = _formatted(fill(blank(tmp_path / "gbp.xlsx"), answers={"figure_back_office_gains_gbp": 0.35}),
                      {"figure_back_office_gains_gbp": "0.0%"})
    with pytest.raises(InputError) as caught:
        workbook.read(path, questions.load())
    said = str(caught.value)
    assert "a percentage (35%) where an amount in pounds belongs; format the cell as a number" in said


@pytest.mark.parametrize("number_format, shown", [
    ('0.0"%"', 0.5), ("0.0\\%", 0.5), ('0" per cent (5% off)"', 0.5), ("0.00%;[Red]-0.00%", 50.0)])
def test_only_a_format_multiplying_by_100_reads_the_number_as_a_percentage(tmp_path, number_format, shown):
    """A % sign in quotes or after a backslash is text after the number (0.5 shows as 0.5%): read as 0.5."""
    path = _formatted(fill(blank(tmp_path / "lit.xlsx"), answers={"figure_cashable_share_pct": 0.5}),
                      {"figure_cashable_share_pct": number_format})
    assert workbook.read(path, questions.load()).answers["figure_cashable_share_pct"][0] == shown


def test_a_note_the_sheet_shows_as_a_percentage_keeps_its_sign(tmp_path):
    path = fill(blank(tmp_path / "note.xlsx"), answers={"figure_cashable_share_pct": 45},
                evidence={"figure_cashable_share_pct": 0.62})
    wb = load_workbook(path)
    for ws in wb.worksheets:
        for r in range(2, ws.max_row + 1):
            if ws.cell(r, 1).value == "figure_cashable_share_pct":
                ws.cell(r, 4).number_format = "0%"
    wb.save(path)
    assert workbook.read(path, questions.load()).answers["figure_cashable_share_pct"][1] == "62%"


def test_one_note_on_every_option_row_of_a_question_is_kept_once(tmp_path):
    q = questions.load().by_id["techniques_used"]
    rows = {f"techniques_used.{o.id}": "Yes" if i == 0 else "No" for i, o in enumerate(q.options)}
    path = fill(blank(tmp_path / "notes.xlsx"), answers=rows, evidence={r: "Staff survey" for r in rows})
    assert workbook.read(path, questions.load()).answers["techniques_used"][1] == "Staff survey"


def test_a_date_or_time_on_the_cover_is_refused_naming_its_cell(tmp_path):
    """Excel takes "2008-01-02" or "12:30" typed as a council's or a respondent's name for a date or a time:
    refused by cell, never recorded as "2008-01-02 00:00:00"."""
    path = fill(blank(tmp_path / "cover.xlsx"), council=dt.datetime(2008, 1, 2), name=dt.time(12, 30))
    with pytest.raises(InputError) as caught:
        workbook.read(path, questions.load())
    text = str(caught.value)
    assert "Cover!B1: a date or time where the council belongs: type it as text" in text
    assert "Cover!B3: a date or time where the respondent belongs: type it as text" in text


@pytest.mark.parametrize("text,expected", [("Yes", "present"), ("no", "lacking"), (" YES ", "present"),
                                           ("n", "n"), ("y", "y")])
def test_a_yes_no_question_takes_yes_or_no(text, expected):
    """"Yes" for "Yes, this is present", as people answer; never "n" (the interview's not applicable)."""
    consensus = questions.load().by_id["element_consensus"]
    assert workbook.read_option(consensus, text) == expected
    assert workbook.read_option(questions.load().by_id["efficiency_policy_status"], "yes") == "yes"
