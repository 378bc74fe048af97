"""A profile without a techniques section has not recorded them: advice must not say the council uses none."""

from __future__ import annotations

import datetime as dt

from backtofront.render import letter as letter_mod
from conftest import make_profile

STAGES = {"characteristics": {"efficiency_policy": "transitional", "sustainability": "transitional"}}
TECHNIQUE_ADVICE = {"technique_lean_bpi", "technique_ict", "technique_procurement"}


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
    assert not TECHNIQUE_ADVICE & set(ids)
    assert ids.count("record_techniques") == 1
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
    assert "record_techniques" not in ids and "technique_lean_bpi" in ids and "technique_ict" not in ids


def test_letter_does_not_call_unrecorded_methods_internal(classify, kb):
    result = classify(STAGES)
    built = letter_mod.build(result, kb, letter_mod.Options(date=dt.date(2008, 11, 1)))
    assert not any("mostly or wholly internal" in q.because for q in built.questions)
    recorded = classify({**STAGES, "techniques": {"used": ["ict"]}})
    built = letter_mod.build(recorded, kb, letter_mod.Options(date=dt.date(2008, 11, 1)))
    assert any("mostly or wholly internal" in q.because for q in built.questions)


def test_assess_command_on_a_profile_without_techniques(run_cli, tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("council: {name: Ambridge DC, type: district}\n"
                    "characteristics: {efficiency_policy: transitional}\n", encoding="utf-8")
    code, out, _ = run_cli("assess", str(path))
    assert code == 0
    assert "neither uses nor plans" not in out
    assert out.count("Record which techniques the council uses and plans") == 1
