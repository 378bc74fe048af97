"""A profile without a techniques section has not recorded them: advice must not say the council uses none."""

from __future__ import annotations

import datetime as dt

from backtofront.render import letter as letter_mod
from conftest import make_profile

STAGES = {"characteristics": {"efficiency_policy": "transitional", "sustainability": "transitional"}}
TECHNIQUE_ADVICE = {"technique_lean_bpi", "technique_ict", "technique_procurement"}


NOT_INTERNAL = ["shared_services", "informal_partnerships", "outsourcing", "joint_ventures"]


def test_profile_tells_an_absent_section_from_an_empty_one():
    absent = make_profile(STAGES)
    empty = make_profile({**STAGES, "techniques": {}})
    listed = make_profile({**STAGES, "techniques": {"used": ["ict"]}})
    assert not absent.techniques_recorded and absent.technique_lists.used == []
    assert empty.techniques_recorded and empty.technique_lists.used == []
    assert listed.techniques_recorded and listed.technique_lists.used == ["ict"]


def test_unrecorded_techniques_give_one_request_to_record_them(classify):
    result = classify(STAGES)
    ids = [r.id for r in result.recommendations]
    assert not TECHNIQUE_ADVICE & set(ids) and "record_techniques" not in ids
    assert [t.fact for t in result.to_confirm].count("techniques.recorded") == 1
    assert not {"technique.lean_bpi", "technique.ict"} & {t.fact for t in result.to_confirm}  # one request
    text = " ".join(" ".join([r.title, r.action, *r.why]) for r in result.recommendations)
    assert "neither uses nor plans" not in text
    assert not result.techniques_recorded


def test_a_recorded_empty_section_still_means_uses_none(classify):
    result = classify({**STAGES, "techniques": {"used": [], "planned": []}})
    ids = {r.id for r in result.recommendations}
    assert TECHNIQUE_ADVICE <= ids and "record_techniques" not in ids
    rec = next(r for r in result.recommendations if r.id == "technique_ict")
    assert "neither uses nor plans" in " ".join(rec.why)


def test_answering_the_techniques_question_records_them(classify):
    result = classify({**STAGES, "answers": {"techniques_used": ["ict", "procurement"]}})
    ids = {r.id for r in result.recommendations}
    # unticked is an explicit "not used", but whether it is planned is not recorded: asked, not advised
    assert "technique_lean_bpi" not in ids and "technique_ict" not in ids
    assert {t.fact for t in result.to_confirm} >= {"technique.lean_bpi"}
    assert "techniques.recorded" not in {t.fact for t in result.to_confirm}
    both = classify({**STAGES, "answers": {"techniques_used": ["ict", "procurement"],
                                           "techniques_planned": []}})
    assert "technique_lean_bpi" in {r.id for r in both.recommendations}
    assert "technique.lean_bpi" not in {t.fact for t in both.to_confirm}


def test_letter_does_not_call_unrecorded_methods_internal(classify, kb):
    result = classify(STAGES)
    built = letter_mod.build(result, kb, letter_mod.Options(date=dt.date(2008, 11, 1)))
    assert not any("mostly or wholly internal" in q.because for q in built.questions)
    silent = classify({**STAGES, "techniques": {"used": ["ict"]}})  # mutual and external in no list
    built = letter_mod.build(silent, kb, letter_mod.Options(date=dt.date(2008, 11, 1)))
    assert not any("mostly or wholly internal" in q.because for q in built.questions)
    recorded = classify({**STAGES, "techniques": {"used": ["ict"], "not_used": NOT_INTERNAL}})
    built = letter_mod.build(recorded, kb, letter_mod.Options(date=dt.date(2008, 11, 1)))
    assert any("mostly or wholly internal" in q.because for q in built.questions)


def test_assess_command_on_a_profile_without_techniques(run_cli, tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("council: {name: Ambridge DC, type: district}\n"
                    "characteristics: {efficiency_policy: transitional}\n", encoding="utf-8")
    code, out, _ = run_cli("assess", str(path))
    assert code == 0
    assert "neither uses nor plans" not in out
    assert out.count("To confirm") == 1
    assert out.count("Record which of the ten techniques of Table 5") == 1
