"""The report's own case-study councils read their letters as their chief executives would: a letter says only
what the report says of the council, and says where the assessment reads beyond it.

- A strength never asserts a Table 4 description the report does not say of the council: a stage read from
  the case study quotes the case study's sentence (Kettering and Worcestershire were told their staff "are
  fully engaged", which the report never says).
- Where the report states the council's overall stage (Worcestershire, para 51), the stage is the report's.
- The same half-evidence of Table 4's leadership description reads the same for Enfield and Kettering, and no
  letter sends a reader to a case council as a model for a stage the assessment does not give that council.
- Para 36's general description of an efficiency board is not said of a council the report does not say it of.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

import pytest
from backtofront.classifier import cases as cases_mod
from backtofront.classifier import knowledge as knowledge_mod
from backtofront.classifier import profile as profile_mod
from backtofront.render import letter as letter_mod

NUMBERS = sorted(cases_mod.load_all())
DATE = "2008-11-01"


@functools.cache
def _letter(number: int) -> str:
    from backtofront.cli import main
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["letter", "--case", str(number), "-f", "md", "--date", DATE])
    assert code == 0
    return out.getvalue()


def _section(text: str, heading: str) -> str:
    return text.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0] if f"## {heading}\n" in text else ""


@pytest.mark.parametrize("number", NUMBERS)
def test_a_case_councils_strengths_never_assert_table_4_words_the_report_does_not_say(number):
    kb = knowledge_mod.load()
    strengths = _section(_letter(number), "Strengths")
    case = cases_mod.get(number)
    for cid, c in case.profile.characteristics.assessed().items():
        descriptor = kb.characteristics[cid].descriptors[c.stage]
        name = kb.characteristics[cid].name
        source = case.sources.get(f"characteristics.{cid}")
        place = (source.place if source else None) or f"Case study {number}"   # para 31 for Stroud's
        for line in strengths.splitlines():
            assert not line.startswith(f"- {name} is "), line   # the report's account of 2008: past tense
            if line.startswith(f"- {name} was "):
                assert descriptor not in line, line
                assert f"{place}: “{c.evidence}”" in line, line
    assert "Staff are fully engaged" not in strengths


def test_worcestershire_staff_are_never_said_to_be_fully_engaged():
    strengths = _section(_letter(9), "Strengths")
    assert ("Management and leadership of efficiency was transformational (Table 4), on the assessment's "
            "reading of the report, Case study 9: “Cabinet members and senior managers meet each "
            "autumn") in strengths
    assert "Staff are fully engaged" not in strengths


def test_a_stage_the_report_states_is_the_reports(run_cli):
    code, out, _ = run_cli("assess", "--case", "9")
    assert code == 0
    assert "Overall stage: Transformational (stated by the report, para 51)" in out
    assert "Transformational (the assessment's reading)" not in out
    letter = _letter(9)
    assert "## Where the council stands: Transformational (stated by the report, para 51)" in letter
    assert "The report states that Worcestershire County Council took a transformational approach" in letter
    # a classified stage is still the assessment's reading
    code, out, _ = run_cli("assess", "--case", "8")
    assert "Overall stage: Transitional (the assessment's reading)" in out


def test_worcestershire_is_not_told_to_prepare_for_the_review_it_set_targets_for(run_cli):
    """The report: "Agreed efficiency gains include £2 million in corporate services by 2010/11" (Case study
    9), the end of CSR07. It never calls CSR07 a pressure on Worcestershire, so the profile records none, and
    the letter quotes the sentence as a strength rather than asking the council to test its preparedness
    for CSR07."""
    code, out, _ = run_cli("cases", "show", "9")
    assert code == 0 and "Pressure:" not in out
    letter = _letter(9)
    assert ("Time scales was transformational (Table 4), on the assessment's reading of the report, "
            "Case study 9: “Agreed efficiency gains include £2 million in corporate services by "
            "2010/11.”") in letter
    assert "preparedness for CSR07" not in letter and "preparedness for Comprehensive" not in letter


def test_enfield_and_kettering_read_the_same_half_of_table_4_the_same_way(classifier):
    stages = {n: classifier.classify(cases_mod.get(n).profile).characteristics["management_leadership"]
              for n in (5, 18)}
    assert stages[5].stage.id == stages[18].stage.id == "transitional"
    for n in (5, 18):
        source = cases_mod.get(n).sources["characteristics.management_leadership"]
        assert source.basis == "reading" and "staff half" in source.note.lower()


@pytest.mark.parametrize("number", NUMBERS)
def test_no_letter_offers_a_case_council_as_a_model_for_a_stage_it_is_not_given(number):
    kb = knowledge_mod.load()
    letter = _letter(number)
    for block in letter.split("\n### ")[1:]:
        title = block.splitlines()[0]
        m = re.match(r"\d+\. Take (.+) to the (transitional|transformational) stage", title)
        leadership = "Secure clear leadership of efficiency" in title or "Engage staff fully" in title
        policy = "efficiency policy strategic and embedded" in title
        if not (m or leadership or policy):
            continue
        names = {c.name.lower(): cid for cid, c in kb.characteristics.items()}
        aims = ({**({"management_leadership": "transformational"} if leadership else {}),
                 **({"efficiency_policy": "transformational"} if policy else {})} if leadership or policy
                else {names[m.group(1)]: m.group(2)})
        read = block.split("Read:", 1)[1] if "Read:" in block else ""
        for cited in re.findall(r"Case study (\d+) \(", read):
            cs = kb.case_studies[int(cited)]
            if cs.cautionary:
                continue
            given = cases_mod.get(cs.number).profile.characteristics.assessed()
            assert any(cid in given and kb.stage_rank(given[cid].stage) >= kb.stage_rank(stage)
                       for cid, stage in aims.items()), (number, title, cited)


def test_croydon_is_not_the_model_for_sheffield_or_thurrock():
    for number in (1, 3):
        assert "Case study 8" not in _letter(number)


@pytest.mark.parametrize("number", [6, 8])
def test_para_36s_general_board_description_is_not_said_of_a_case_council(number):
    strengths = _section(_letter(number), "Strengths")
    assert "stand-alone" not in strengths and "linked to other corporate structures" not in strengths


def test_a_case_councils_readings_are_marked_in_its_strengths():
    strengths = _section(_letter(8), "Strengths")
    assert ("the consideration of services from the citizens' perspective (para 36; the assessment's reading "
            "of the report, Case study 8)") in strengths
    # procurement rests on the report's own words (para 58): no marker
    assert "The council used procurement, which all 23 case study sites used in SR04 (Table 5)\n" in strengths
    # an unnamed council's procurement is read from para 58 (all 23 sites), not from its case study
    strengths = _section(_letter(4), "Strengths")
    assert ("The council used procurement, which all 23 case study sites used in SR04 (Table 5; the "
            "assessment's reading of the report, para 58)\n") in strengths


def test_northumberland_is_quoted_in_whole_sentences():
    letter = _letter(17)
    assert "“Following consultation with councillors and heads of service.”" not in letter
    assert ("Following consultation with councillors and heads of service, the council chose a large private "
            "company to provide internal management and finance systems to the authority.") in letter


def test_a_characteristic_read_from_a_case_study_names_the_characteristic(run_cli):
    """The advice on one characteristic says which characteristic is read so ("On time scales, the council is
    read as transactional"), never "The council is read as", which would be the whole council's stage."""
    import json

    code, out, _ = run_cli("assess", "--case", "7", "-f", "json")
    assert code == 0
    whys = [w for r in json.loads(out)["recommendations"] for w in r["why"]]
    assert any(w.startswith("On time scales, the council is read as transactional") for w in whys)
    assert not any(w.startswith("The council is read as") for w in whys)


@pytest.mark.parametrize(("number", "words"), [
    (2, "It would be wrong to say the Gershon efficiency initiative"),
    (3, "We were aiming from the contract [to] bring in"),
])
def test_an_officers_words_are_never_called_the_reports_own(run_cli, number, words):
    """The report quotes an officer (Case studies 2 and 3, "#### Officer, ..."): the letter and the report
    say so, and never "The report, Case study N, says" of those words."""
    letter = _letter(number)
    assert f"An officer quoted in the report, Case study {number}, says: “{words}" in letter
    assert f"The report, Case study {number}, says: “{words}" not in letter
    assert f"evidence: an officer quoted in the report, Case study {number}: “{words}" in letter
    code, out, _ = run_cli("assess", "--case", str(number), "-f", "md")
    quoted = f"the report, Case study {number}: “{words}"
    assert code == 0 and out.count(quoted) == out.count(f"an officer quoted in {quoted}") > 0


def test_outsourcing_an_existing_contract_holds_back_is_no_strength(classifier):
    """Sheffield's outsourcing is what held it back in SR04 (para 39, Case study 1): never a strength in its
    letter. A council that outsources with no such barrier recorded keeps it among its strengths."""
    strengths = _section(_letter(1), "Strengths")
    assert "outsourcing" not in strengths.lower() and "The council used procurement" in strengths
    data = {"council": {"name": "A Unitary Council", "type": "unitary"},
            "characteristics": {"time_scales": "transitional"},
            "techniques": {"used": ["outsourcing"]}, "barriers": []}
    result = classifier.classify(profile_mod.parse(data, "test"))
    letter = letter_mod.build(result, classifier.kb, letter_mod.Options(date=dt.date(2026, 12, 6)))
    md = letter_mod.render(letter, letter_mod.LetterFormat.MD)
    assert "The council uses outsourcing, which 11 of the 23 case study sites used in SR04" in md
