"""Trainer mode: the bundled case-study councils, the walkthrough and quiz, the checklists."""

from __future__ import annotations

import io
import json
import re

import pytest
from backtofront.classifier import cases as cases_mod
from backtofront.classifier.errors import DataError

REQUIRED = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 13, 14, 15, 16, 17, 18}
STATED = {7: "transactional", 8: "transitional", 9: "transformational", 10: "transactional"}


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("’", "'").replace("‘", "'")).strip()


@pytest.fixture(scope="module")
def bundled():
    return cases_mod.load_all()


def test_the_required_case_studies_are_bundled(bundled):
    assert REQUIRED <= set(bundled)


@pytest.mark.parametrize("number,stage", sorted(STATED.items()))
def test_classifier_agrees_with_the_report(classifier, bundled, kb, number, stage):
    assert kb.case_studies[number].stage == stage
    assert classifier.classify(bundled[number].profile).overall.stage == stage


def test_every_field_carries_its_source_and_every_quote_is_the_reports(bundled, kb, report_text):
    text = _squash(report_text)
    for number, case in bundled.items():
        assert case.profile.council.name.startswith(kb.case_studies[number].council.split(" (")[0]) or \
            case.sources["council.name"].basis == "reading"
        assert set(case.sources) == set(cases_mod.field_paths(case.data))
        for path, source in case.sources.items():
            if source.quote:
                assert _squash(source.quote) in text, (number, path)
            if source.basis == "reading":
                assert source.note
        for cid, assessment in case.profile.characteristics.assessed().items():
            assert assessment.evidence and _squash(assessment.evidence) in text, (number, cid)


def test_a_case_file_without_a_source_for_a_field_is_refused():
    text = """
case_study: 7
profile:
  council: {name: X, type: district}
  pressures: [council_tax]
sources:
  council.name: {basis: reading, note: n}
  council.type: {basis: reading, note: n}
"""
    with pytest.raises(DataError, match="no source for pressures.council_tax"):
        cases_mod.parse(text, "x.yaml")


def test_a_report_source_needs_the_reports_sentence():
    text = """
case_study: 7
profile: {council: {name: X, type: district}}
sources:
  council.name: {basis: report}
  council.type: {basis: reading, note: n}
"""
    with pytest.raises(DataError, match="needs the report's sentence"):
        cases_mod.parse(text, "x.yaml")


# -- commands ------------------------------------------------------------------------------------
def test_cases_lists_number_council_type_stage_and_what_it_illustrates(run_cli):
    code, out, _ = run_cli("cases")
    assert code == 0
    # a pipe gets the fixed width: each council is a short entry (number and council, stage, title)
    lines = out.splitlines()
    at = next(i for i, line in enumerate(lines) if line.lstrip().startswith("9 "))
    row = " ".join(" ".join(lines[at:at + 3]).split())
    assert "Worcestershire County Council" in row and "County council" in row
    assert "transformational (stated)" in row and "Becoming transformational" in row
    assert len([line for line in out.splitlines() if re.match(r"\s*\d+\s", line)]) == 17


def test_cases_show(run_cli):
    code, out, _ = run_cli("cases", "show", "9")
    assert code == 0
    assert out.startswith("Case study 9: Becoming transformational")
    assert "Classified stage of the bundled profile: Transformational" in out
    assert "Efficiency planning and monitoring: transformational  [reading]" in out
    # the report's words, quoted as they stand (the Abbreviations of letters and reports explain CSW)
    assert "“CSW is now the core of the council's financial and service planning process.”" in out


def test_cases_show_unknown_number_exits_2(run_cli):
    code, _, err = run_cli("cases", "show", "20")
    assert code == 2 and "there is no case study 20: the report has case studies 1 to 19" in err
    assert "these have a bundled profile: 1, 2, 3" in err and ", 11," in err


def test_assess_and_letter_take_a_case(run_cli, tmp_path):
    code, out, _ = run_cli("assess", "--case", "9", "-f", "json")
    assert code == 0 and json.loads(out)["council"]["name"] == "Worcestershire County Council"
    target = tmp_path / "nw.docx"
    code, _, _err = run_cli("letter", "--case", "7", "-o", str(target))
    assert code == 0 and target.read_bytes()[:2] == b"PK"


@pytest.mark.parametrize("args,needle", [
    (["assess"], "missing PROFILE (or --case N"),
    (["assess", "x.yaml", "--case", "7"], "not both"),
    (["walkthrough", "--case", "20"], "there is no case study 20"),
    (["assess", "--case", "19"], "case study 19 has no bundled profile: it describes two unnamed councils"),
])
def test_profile_or_case_errors_exit_2(run_cli, args, needle):
    code, _, err = run_cli(*args)
    assert code == 2 and needle in err


# -- walkthrough ---------------------------------------------------------------------------------
@pytest.fixture
def typed(monkeypatch):
    def feed(text: str):
        monkeypatch.setattr("sys.stdin", io.StringIO(text))
    return feed


def test_walkthrough_steps_through_every_characteristic_and_rule_with_enter(run_cli, typed):
    typed("\n" * 20)
    code, out, _ = run_cli("walkthrough", "--case", "7")
    assert code == 0
    assert out.count("Press Enter for the next step") == 6
    assert "Step 7 of 7: The overall stage" in out
    # the case quotes the report for every stage it states
    assert "Most stages stated without evidence" not in out
    assert not re.search(r"BT\d{3}|[a-z]+_[a-z_]+", out), "the walkthrough speaks plain English"
    step = " ".join(out.split("Step 2 of 7:")[1].split("Step 3 of 7")[0].split())
    assert step.startswith("Back office functions & front line services")
    assert ("What the council did (Case study 7, para 48): “Back office and front line efficiency activities "
            "were clearly separate") in step
    assert "Table 4, transactional: “Traditional separation of back office and front line activity.”" in step
    assert "settled by the report's words" in step
    step = " ".join(out.split("Step 3 of 7:")[1].split("Step 4 of 7")[0].split())
    assert "This is the assessment's reading of Case study 7, para 48" in step
    step = out.split("Step 5 of 7:")[1]
    assert "Overall stage at least transactional" in step and "Citation: para 47" in step
    assert "Conclusion: 4 of 8 characteristics assessed" in step
    assert "Overall stage: Transactional (stated by the report, para 48, Case study 7)." in out
    # after a line break, or after the prompt of a step split in two (piped input is not echoed)
    assert re.search(r"(\n|quit: ) +\d+ recommendations follow; the first: ", out)


def test_walkthrough_says_why_the_next_stage_was_not_reached(run_cli, typed):
    typed("")
    code, out, _ = run_cli("walkthrough", "--case", "5", "--no-pause")
    assert code == 0
    flat = " ".join(out.split())
    assert "Why not transformational (the assessment's reading): - To be transformational" in flat
    assert ("- To be transformational (para 47, Table 4), efficiency policy must be transformational; here "
            "it is not assessed.") in flat


def test_walkthrough_q_quits(run_cli, typed):
    typed("\nq\n")
    code, out, _ = run_cli("walkthrough", "--case", "7")
    assert code == 0 and "Step 2 of 7" in out and "Step 3 of 7" not in out and out.rstrip().endswith(
        "Stopped.")


def test_walkthrough_stops_when_input_ends(run_cli, typed):
    typed("")
    code, out, _ = run_cli("walkthrough", "--case", "7")
    assert code == 0 and "(Input ended.)" in out and "Step 2 of 7" not in out


def test_walkthrough_no_pause_prints_everything(run_cli, typed):
    typed("")
    code, out, _ = run_cli("walkthrough", "--case", "9", "--no-pause")
    assert code == 0 and "Press Enter" not in out
    assert "Overall stage: Transformational (stated by the report, para 51)." in out
    assert "Case study 9: Becoming transformational." in out
    assert "(the assessment's reading)" in out  # BT111/BT112 say they are inferred


def test_quiz_marks_only_what_the_reports_words_settle(run_cli, typed):
    # Worcestershire: five characteristics, none settled by the report's words; the overall stage is stated.
    typed("3\n3\ntransformational\n3\n?\n3\n")
    code, out, _ = run_cli("walkthrough", "--case", "9", "--quiz", "--no-pause")
    assert code == 0
    assert "Score: 1 of 1 marked (5 more discussed, not marked)." in out and "WRONG" not in out
    assert "CSW is now the core" in out
    assert ("Always answering transactional, the commonest stage among every case's marked answers, scores 0 "
            "of 1") \
        in " ".join(out.split())
    assert ("DISCUSSED Management and leadership of efficiency: you said don't know; it is transformational "
            "(the assessment's reading)." in " ".join(out.split()))


def test_quiz_scores_wrong_answers_by_how_far_and_reasks_bad_input(run_cli, typed):
    # North Warwickshire: back office and front line is settled (transactional), and the overall stage
    # is stated (transactional); "maybe" is asked again.
    typed("maybe\n2\n3\n2\n1\n3\n")
    code, out, _ = run_cli("walkthrough", "--case", "7", "--quiz", "--no-pause")
    text = " ".join(out.split())
    assert code == 0
    assert "'maybe' is not a stage" in out
    assert "Score: 0 of 2 marked (3 more discussed, not marked)." in text
    assert (
        "WRONG by two stages Back office functions & front line services: you said transformational" in text)
    assert ("WRONG by two stages Overall stage: you said transformational; the report's words make it "
            "transactional.") \
        in text
    assert "(para 48, Case study 7)" in text
    # a discussed stage is the assessment's reading, marked; the note it refers to is given once
    assert "it is transactional (the assessment's reading)" in text
    assert text.count("“The assessment's reading” marks") == 1


# -- checklists ----------------------------------------------------------------------------------
def test_checklist_text(run_cli, kb):
    code, out, _ = run_cli("checklist", "2")
    assert code == 0
    assert out.startswith("Checklist 2: What lessons from Spending Review 2004 (SR04) will you take forward "
                          "to develop your Comprehensive Spending Review 2007 (CSR07) strategy?")
    assert ("4. How would you characterise your council's broad approach to back office efficiency in "
            "SR04:" in out)
    assert "   - Transformational?" in out
    assert "Checklist 3" not in out


def test_checklist_markdown_all(run_cli):
    code, out, _ = run_cli("checklist", "--format", "md")
    assert code == 0 and out.count("## Checklist ") == 3


def test_checklist_out_of_range_exits_2(run_cli):
    code, _, err = run_cli("checklist", "4")
    assert code == 2 and "4 is not in the range 1<=x<=3" in err
