"""Page 1 of a letter says only what the assessment was told: how thin the answers behind each stage are
(Overall.thin), how current the assessment is (letter.currency), and Table 4's words for a stage as the
table's, never as a finding about the council."""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

import pytest
from backtofront.classifier import profile as profile_mod
from backtofront.render import letter as letter_mod

ROOT = Path(__file__).resolve().parents[2]

# one indicator question a characteristic: every stage rests on fewer than half its questions
ONE_EACH = {"efficiency_policy_status": "policy_not_linked",
            "service_transformation_scope": "separate_projects",
            "organisational_change_extent": "within",
            "back_office_front_line_relation": "decentralised",
            "planning_monitoring_targets": "tailored",
            "sustainability_gains_use": "retained",
            "time_scales_gains": "mix",
            "management_leadership_councillors": "minimal"}
STATED = {"efficiency_policy": "transitional", "service_transformation": "transitional",
          "organisational_change": "transactional", "back_office_front_line": "transitional",
          "planning_monitoring": "transitional", "sustainability": "transactional",
          "time_scales": "transitional", "management_leadership": "transactional"}


def _profile(tmp_path: Path, body: str) -> profile_mod.Profile:
    path = tmp_path / "council.yaml"
    path.write_text("council: {name: Test District Council, type: district}\n" + body, encoding="utf-8")
    return profile_mod.load(path)


def _yaml(mapping: dict, indent: str = "  ") -> str:
    return "".join(f"{indent}{k}: {v}\n" for k, v in mapping.items())


def _page_one(classifier, profile, date: dt.date) -> str:
    letter = letter_mod.build(classifier.classify(profile), classifier.kb, letter_mod.Options(date=date))
    return letter.stands


def test_every_stage_on_one_question_is_provisional_on_page_one_and_in_the_headline(classifier, tmp_path):
    profile = _profile(tmp_path, "assessed_on: 2026-11-30\nanswers:\n" + _yaml(ONE_EACH))
    result = classifier.classify(profile)
    assert (result.overall.assessed, result.overall.thin) == (8, 8)
    assert result.overall.thinly_judged and not result.overall.provisional
    assert result.overall.marked_headline == (
        "Transitional (provisional: 8 of 8 characteristics rest on fewer than half their questions; "
        "the assessment's reading)")
    stands = _page_one(classifier, profile, dt.date(2026, 12, 6))
    assert "All eight characteristics of Table 4 were assessed: three transactional, five transitional. " \
           "All eight rest on fewer than half the questions that judge them, so their stages are " \
           "provisional, and so is the overall stage." in stands
    md = letter_mod.render(letter_mod.build(result, classifier.kb,
                                            letter_mod.Options(date=dt.date(2026, 12, 6))),
                           letter_mod.LetterFormat.MD)
    assert "## Where the council stands: Transitional (provisional: 8 of 8 characteristics rest on fewer " \
           "than half their questions; the assessment's reading)" in md


def test_a_few_thin_stages_are_named_without_marking_the_overall_stage(classifier, tmp_path):
    stated = {k: v for k, v in STATED.items() if k not in ("efficiency_policy", "time_scales")}
    answers = {k: v for k, v in ONE_EACH.items() if k.startswith(("efficiency_policy", "time_scales"))}
    profile = _profile(tmp_path, "assessed_on: 2026-11-30\ncharacteristics:\n" + _yaml(stated)
                       + "answers:\n" + _yaml(answers))
    result = classifier.classify(profile)
    assert (result.overall.assessed, result.overall.thin) == (8, 2)
    assert not result.overall.thinly_judged
    assert result.overall.marked_headline == "Transitional (the assessment's reading)"
    stands = _page_one(classifier, profile, dt.date(2026, 12, 6))
    assert "Two of them rest on fewer than half the questions that judge them, so their stages are " \
           "provisional." in stands
    assert "overall stage" not in stands.split("Two of them")[1]


def test_stated_stages_are_not_called_thin(classifier, tmp_path):
    profile = _profile(tmp_path, "assessed_on: 2026-11-30\ncharacteristics:\n" + _yaml(STATED))
    result = classifier.classify(profile)
    assert result.overall.thin == 0
    assert "fewer than half" not in _page_one(classifier, profile, dt.date(2026, 12, 6))


@pytest.mark.parametrize(("assessed_on", "date", "words"), [
    ("2008-03-31", dt.date(2026, 12, 6),
     "This assessment is dated 31 March 2008, 18 years before this letter: the council may have moved on "
     "since, so confirm where it stands before acting on this advice."),
    ("2025-12-01", dt.date(2026, 12, 6), "This assessment is dated 1 December 2025, more than a year before "
                                         "this letter"),
    ("2026-06-30", dt.date(2026, 12, 6), None),
    ("2025-12-07", dt.date(2026, 12, 6), None),   # a day short of a year
    ("2026-12-06", dt.date(2026, 12, 6), None),   # the same day
    ("2030-05-05", dt.date(2026, 12, 6), "This assessment is dated 5 May 2030, after this letter: check the "
                                         "letter's date and the assessment's before sending it."),
    (None, dt.date(2026, 12, 6), "The profile gives no date for this assessment, so this letter cannot say "
                                 "how current it is."),
])
def test_page_one_says_how_current_the_assessment_is(classifier, tmp_path, assessed_on, date, words):
    body = (f"assessed_on: {assessed_on}\n" if assessed_on else "") + "characteristics:\n" + _yaml(STATED)
    stands = _page_one(classifier, _profile(tmp_path, body), date)
    if words:
        assert words in stands
    else:
        assert "dated" not in stands and "no date" not in stands


def test_a_case_council_letter_rests_on_the_reports_account(classifier):
    profile = profile_mod.load(ROOT / "examples" / "cases" / "cs02-daventry.yaml")
    stands = _page_one(classifier, profile, dt.date(2026, 12, 6))
    assert ("This assessment rests on the report's account of the council, published in 2008 "
            "(Case study 2), not on how the council works today.") in stands
    assert "no date" not in stands


@pytest.mark.parametrize(("date", "later"), [(dt.date(2011, 3, 31), False), (dt.date(2011, 4, 1), True)])
def test_the_checklists_questions_are_placed_in_their_period_once_csr07_is_over(classifier, tmp_path, date,
                                                                                later):
    profile = _profile(tmp_path, "assessed_on: 2011-03-01\ncharacteristics:\n" + _yaml(STATED))
    letter = letter_mod.build(classifier.classify(profile), classifier.kb, letter_mod.Options(date=date))
    assert letter.questions
    if later:
        assert letter.questions_lead == (
            "From the report's checklists, written in 2008 for the SR04 and CSR07 periods (CSR07 ran to "
            "2010/11, para 20): ask them of the council's own last and coming spending periods.")
    else:
        assert letter.questions_lead == "From the report's checklists."
    for fmt in (letter_mod.LetterFormat.MD, letter_mod.LetterFormat.HTML):
        text = html.unescape(re.sub(r"<[^>]+>", "", letter_mod.render(letter, fmt)))
        assert letter.questions_lead in text


def test_the_appendix_gives_table_4s_words_as_the_tables(classifier, tmp_path):
    profile = _profile(tmp_path, "assessed_on: 2026-11-30\ncharacteristics:\n" + _yaml(STATED))
    letter = letter_mod.build(classifier.classify(profile), classifier.kb,
                              letter_mod.Options(date=dt.date(2026, 12, 6)))
    sustainability = next(c for c in letter.characteristics if c.id == "sustainability")
    assert sustainability.stage_words == ("Transactional: Table 4 describes this stage as “Over-reliance on "
                                          "windfall gains. Gains are retained within traditional budgets.”")
    html = letter_mod.render(letter, letter_mod.LetterFormat.HTML)
    assert "<strong>Transactional</strong>: Table 4 describes this stage as “Over-reliance on windfall " \
           "gains." in html


def test_the_assessment_screen_marks_a_thinly_judged_stage_provisional(run_cli, tmp_path):
    path = tmp_path / "council.yaml"
    path.write_text("council: {name: Test District Council, type: district}\nassessed_on: 2026-11-30\n"
                    "answers:\n" + _yaml(ONE_EACH), encoding="utf-8")
    for fmt, start in (("text", "Overall stage: "), ("md", "**Overall stage: ")):
        code, out, err = run_cli("assess", str(path), "-f", fmt)
        assert code == 0, err
        assert (f"{start}Transitional (provisional: 8 of 8 characteristics rest on fewer than half their "
                "questions; the assessment's reading)") in " ".join(out.split())


@pytest.mark.parametrize(("source", "on_page_one"), [("examples/cases/cs09-worcestershire.yaml", True),
                                                      ("examples/district-transitional.yaml", False)])
def test_the_word_letters_chart_is_on_page_one_only_where_it_fits(classifier, source, on_page_one):
    """A long page 1 (district-transitional: a nine-move path) sends the chart to the top of page 2, under
    the heading that opens it, instead of leaving it alone on a page before the page break
    (`make test-office` checks the placement in LibreOffice's layout for every bundled letter)."""
    import io

    import docx

    letter = letter_mod.build(classifier.classify(profile_mod.load(ROOT / source)), classifier.kb,
                              letter_mod.Options(date=dt.date(2026, 12, 6)))
    assert letter_mod.chart_on_page_one(letter) == on_page_one
    paragraphs = docx.Document(io.BytesIO(letter_mod.render_docx(letter))).paragraphs
    chart = next(i for i, p in enumerate(paragraphs) if p._p.xpath(".//w:drawing"))
    detail = next(i for i, p in enumerate(paragraphs) if p.text == "Where the council stands, in more detail")
    priorities = next(i for i, p in enumerate(paragraphs) if p.text == "Priorities")
    assert (priorities < chart < detail) if on_page_one else (detail < chart)
    assert sum(1 for p in paragraphs if p._p.xpath(".//w:drawing")) == 1
    assert sum("the stage each has reached" in p.text for p in paragraphs) == 1
