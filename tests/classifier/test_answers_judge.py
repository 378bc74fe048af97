"""Judging stages from answers, beyond the rule cases: what each stage rests on, the answers beside it,
the trace naming the deciding answers, and non-stage answers filling the profile."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from backtofront.render.letter import LETTER_EVIDENCE_NOTES  # the evidence note in a letter's words

ROOT = Path(__file__).resolve().parents[2]


def test_basis_of_each_kind(classify):
    r = classify({
        "characteristics": {"efficiency_policy": "transitional",
                            "time_scales": {"override": {"stage": "transformational",
                                                         "reason": "Ten-year plan"}}},
        "answers": {"sustainability_gains_use": {"answer": "ad_hoc", "evidence": "Budget book p. 4"},
                    "sustainability_windfalls": {"answer": "little", "evidence": "Audit letter"},
                    "planning_monitoring_targets": "tailored", "planning_monitoring_alignment": "some"},
    })
    basis = {cid: c.basis for cid, c in r.characteristics.items() if c.basis}
    assert basis == {"efficiency_policy": "stated", "time_scales": "override", "sustainability": "evidenced",
                     "planning_monitoring": "answered"}
    d = r.to_dict()["characteristics"]
    assert d["time_scales"]["override"] == {"stage": "transformational", "reason": "Ten-year plan"}
    assert d["sustainability"]["evidence"] == "Budget book p. 4"  # the deciding answer's note
    assert d["service_transformation"]["basis"] is None and d["service_transformation"]["stage"] is None
    assert not r.flag("mostly_unevidenced")  # 2 of 4 stated or answered: not more than half


def test_evidenced_needs_a_note_on_every_deciding_answer(classify):
    r = classify({"answers": {"time_scales_gains": {"answer": "mix", "evidence": "MTFP"},
                              "time_scales_planning": "cross_year",
                              "time_scales_challenge": {"answer": "strong", "evidence": "Cabinet minutes"}}})
    c = r.characteristics["time_scales"]
    assert c.stage.id == "transitional" and c.basis == "answered"
    assert [a.question for a in c.answers if a.decided] == ["time_scales_gains", "time_scales_planning"]


def test_trace_names_the_deciding_answers(classify):
    r = classify({"answers": {"management_leadership_councillors": "partial",
                              "management_leadership_staff": "fully",
                              "management_leadership_scrutiny": "planning"}})
    entry = next(t for t in r.trace if t.rule == "BT301")
    assert entry.phase == "judge" and entry.item == "management_leadership"
    assert entry.answers == ["management_leadership_councillors", "management_leadership_scrutiny"]
    assert entry.facts["answers.management_leadership.lowest"] == "transitional"
    assert r.to_dict()["trace"][0]["answers"] == entry.answers


def test_conflicting_evidence_names_the_questions(classify):
    r = classify({"answers": {"sustainability_gains_use": "retained",
                              "sustainability_investment": "invested"}})
    flag = r.flag("conflicting_evidence")
    assert flag.item == "sustainability"
    assert "Where do the council's efficiency gains go?" in flag.message
    assert "Does the council invest in long-term efficiency projects?" in flag.message


def test_non_stage_answers_fill_the_profile_unless_stated(classify):
    r = classify({
        "barriers": ["risk_aversion"],
        "four_elements": {"consensus": False},
        "answers": {"pressures": ["csr07", "council_tax"], "barriers": ["existing_contracts"],
                    "techniques_used": ["procurement", "ict"], "techniques_planned": [],
                    "figure_cashable_share_pct": 62, "figure_sr04_efficiency_gains_gbp": "dont_know",
                    "element_consensus": "present", "element_robust_challenge": "lacking",
                    "strategic_efficiency_board": "present", "leadership_support_agreed": "strong"},
    })
    assert r.pressures == ["csr07", "council_tax"]
    assert r.barriers == ["risk_aversion"]  # stated in the profile: kept
    assert r.techniques_used == ["procurement", "ict"] and r.techniques_planned == []
    assert r.figures == {"cashable_share_pct": 62.0}
    assert r.elements["consensus"] == "absent" and r.elements["robust_challenge"] == "absent"
    assert r.strategic["efficiency_board"] == "present"


def test_stated_only_profile_is_unchanged_apart_from_its_basis(classify):
    r = classify({"characteristics": {"time_scales": "transitional"}})
    assert [t.phase for t in r.trace if t.phase == "judge"] == []  # nothing to judge
    assert r.characteristics["time_scales"].basis == "stated"
    assert r.flag("mostly_unevidenced") and r.evidence_note.startswith("Most of these stages")


def test_walkthrough_steps_through_the_judging_in_words(run_cli, tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("council: {name: X, type: county}\nanswers:\n  time_scales_gains: short_term\n"
                    "  time_scales_challenge: strong\n", encoding="utf-8")
    code, out, _ = run_cli("walkthrough", str(path), "--no-pause")
    text = " ".join(out.split())
    assert code == 0 and "Step 1 of " in text
    assert ("Why it matches: Time scales is transactional: the lowest stage among 2 of 3 indicator questions "
            "answered, decided by “Over what period does the council seek its efficiency gains?”") in text
    assert "Conclusion: time scales is transactional, as judged from the answers" in text
    assert "answers.time_scales" not in text


def test_every_letter_format_says_when_stages_are_mostly_unevidenced(run_cli, tmp_path):
    example = str(ROOT / "examples" / "district-transitional.yaml")  # every stage stated
    note = LETTER_EVIDENCE_NOTES["stated"]
    code, md, _ = run_cli("letter", example, "--format", "md")
    assert code == 0 and md.count(note) == 1 and "| stated in the profile" in md
    assert "judged from answers" not in md
    # the profile never says it is the council's self-assessment: the letter says what the terminal says
    assert "self-assessment" not in md and "the council's own statements" not in md
    code, html, _ = run_cli("letter", example, "--format", "html")
    assert code == 0 and note.replace("'", "&#39;") in html
    target = tmp_path / "l.docx"
    assert run_cli("letter", example, "--format", "docx", "-o", str(target))[0] == 0
    document = docx.Document(io.BytesIO(target.read_bytes()))
    assert note in [p.text for p in document.paragraphs]
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    # the appendix's evidence column
    assert any(c.startswith("stated in the profile") for c in cells)
    assert not any("self-assessment" in c for c in cells)


@pytest.mark.parametrize("answers, stated, kind", [
    # every stage judged from answers: the note speaks of answers only
    ({"time_scales_gains": "short_term", "efficiency_policy_status": "ad_hoc"}, {}, "answers"),
    # one judged from answers, one stated: both
    ({"time_scales_gains": "short_term"}, {"efficiency_policy": "transactional"}, "both"),
])
def test_the_evidence_note_says_where_the_stages_without_evidence_come_from(classifier, classify, answers,
                                                                           stated, kind):
    from backtofront.classifier.classify import EVIDENCE_NOTES
    from backtofront.render import letter

    result = classify({"council": {"name": "X", "type": "district"}, "answers": answers,
                       "characteristics": stated})
    assert result.facts["unevidenced_from"] == kind
    assert result.evidence_note == EVIDENCE_NOTES[kind]
    md = letter.render(letter.build(result, classifier.kb), "md")
    assert md.count(LETTER_EVIDENCE_NOTES[kind]) == 1
    flag = next(f for f in result.flags if f.id == "mostly_unevidenced")
    assert ("stated in the profile" in flag.message) == (kind != "answers")
    assert ("judged from answers" in flag.message) == (kind != "stated")


def test_the_judge_fact_stays_well_under_the_engines_property_limit(kb):
    from backtofront.classifier import answers as answers_mod
    from backtofront.classifier import questions as questions_mod
    from conftest import make_profile

    bank = questions_mod.load()
    every = {q.id: q.options[0].id for q in bank.questions if q.characteristic}  # the most answers possible
    profile = make_profile({"answers": every})
    fact = answers_mod.judge_fact(answers_mod.aggregate(profile, bank, kb), profile, kb)
    # 13 about the answers, 3 about a combined profile's respondents, per characteristic; and how many stated
    # fields the answers contradict. durable-rules refuses a fact of 254 properties.
    assert len(fact) == 16 * len(kb.characteristics) + 1 < 200


def test_a_stage_whose_deciding_answers_carry_a_note_is_evidenced_and_the_note_said_once(classify):
    """Time scales judged from three transactional answers, two with the same note and one without: the
    stage carries evidence (not counted as a claim to check), and the note is said once."""
    result = classify({"council": {"name": "X", "type": "district"}, "answers": {
        "time_scales_gains": {"answer": "short_term", "evidence": "2026 review"},
        "time_scales_planning": {"answer": "within_year", "evidence": "2026 review"},
        "time_scales_challenge": "within_structures"}})
    ts = result.characteristics["time_scales"]
    assert ts.stage.id == "transactional" and ts.basis == "answered"
    assert ts.evidence == "2026 review"
    assert result.facts["unevidenced_share_pct"] == 0
    assert not any(f.id == "mostly_unevidenced" for f in result.flags)
    bare = classify({"council": {"name": "X", "type": "district"}, "answers": {
        "time_scales_gains": "short_term", "time_scales_planning": "within_year"}})
    assert bare.facts["unevidenced_share_pct"] == 100


def test_words_one_answer_quotes_are_not_quoted_again_from_another(classify):
    """Two answers quoting Table 4's "Partial change to existing organisation" (once capitalised, once
    not), and one quoting part of "Separate front line and back office transformation projects" beside
    an answer quoting the whole: each of the report's words is quoted once."""
    result = classify({"council": {"name": "X", "type": "district"}, "answers": {
        "organisational_change_extent": "partial", "organisational_change_permanence": "some_parts",
        "service_transformation_scope": "separate_projects",
        "service_transformation_perspective": "front_and_back_apart"}})
    why = " ".join(" ".join(r.why) for r in result.recommendations)
    assert why.count("artial change to existing organisation”") == 1
    assert "“Separate front line and back office transformation projects” (Table 4)" in why
    assert "“front line and back office transformation projects” (Table 4)" not in why
