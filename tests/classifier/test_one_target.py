"""One target per characteristic: no two recommendations ask for different stages of one characteristic,
none asks for a stage the council already has, none asks for more than one stage above the council's overall
stage unless the profile sets that target, and advice that says the same thing is merged."""

from __future__ import annotations

from pathlib import Path

import pytest
from backtofront.classifier import cases as cases_mod
from backtofront.classifier import profile as profile_mod
from backtofront.classifier.result import Result
from conftest import examples, make_profile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[2]
STAGES = ("transactional", "transitional", "transformational")
RANK = {s: i for i, s in enumerate(STAGES, start=1)}


def check(result: Result, targets: dict[str, str] | None = None) -> None:
    """`targets`: the profile's own targets; a recommendation asks for exactly those, and never for one met.
    Without one, no recommendation or default target goes beyond one stage above the overall stage."""
    have = {cid: RANK[c.stage.id] if c.stage else 0 for cid, c in result.characteristics.items()}
    cap = RANK[result.overall.stage] + 1 if result.overall.stage else None
    asked: dict[str, set[str]] = {}
    for rec in result.recommendations:
        for cid, stage in rec.characteristics.items():
            assert cid in result.characteristics and stage in RANK, (rec.id, cid, stage)
            assert RANK[stage] > have[cid], f"{rec.id} asks {cid} for {stage}, which it already has"
            if targets and cid in targets:
                assert stage == targets[cid], (f"{rec.id} asks {cid} for {stage}, the profile's target is "
                                               f"{targets[cid]}")
            elif cap is not None:
                assert RANK[stage] <= cap, (f"{rec.id} asks {cid} for {stage}, beyond {result.overall.stage} "
                                            "+ 1")
            assert cid not in result.held, f"{rec.id} moves {cid}, which is held"
            asked.setdefault(cid, set()).add(stage)
        if rec.target_stage is not None:
            assert rec.target_stage in RANK and RANK[rec.target_stage] > RANK.get(result.overall.stage,
                                                                                  0), rec.id
            assert cap is None or RANK[rec.target_stage] <= cap, rec.id
    for cid, t in result.targets.items():
        if not t.given and cap is not None:
            assert RANK[t.stage] <= cap, (f"{cid}'s default target {t.stage} is beyond "
                                          f"{result.overall.stage} + 1")
    for cid in result.held:  # held: assessed, a stage ahead of the council, no target of its own
        assert cid not in result.targets and not (targets and cid in targets)
        assert cap is not None and have[cid] >= cap, cid
    assert bool(result.held) == bool(result.held_note)
    for cid, stages in asked.items():
        assert len(stages) == 1, f"{cid} is asked for {sorted(stages)}"
    moving = [r for r in result.recommendations if r.characteristics]
    for a in moving:
        for b in moving:
            if a is not b and a.target_stage is None:
                assert not (a.characteristics.items() <= b.characteristics.items()), \
                    f"{a.id} says what {b.id} says: they should be one recommendation"
    assert len({r.id for r in result.recommendations}) == len(result.recommendations)


def _bundled():
    profiles = [(p.stem, profile_mod.load(p)) for p in sorted((ROOT / "examples").glob("*.yaml"))]
    profiles += [(f"case{c.number}", c.profile) for c in cases_mod.load_all().values()]
    profiles += [(f"answers{c.number}", c.profile) for c in cases_mod.load_answers().values()]
    return profiles


@pytest.mark.parametrize("name,profile", _bundled(), ids=[n for n, _ in _bundled()])
def test_bundled_profiles_have_one_target_per_characteristic(classifier, name, profile):
    check(classifier.classify(profile), profile.targets.given())


def test_the_example_district_no_longer_gets_two_targets(classifier):
    result = classifier.classify(profile_mod.load(ROOT / "examples" / "district-transitional.yaml"))
    # Management and leadership is transactional: one step, to transitional, and no
    # transformational-first advice.
    targets = [r.characteristics.get("management_leadership") for r in result.recommendations]
    assert [t for t in targets if t] == ["transitional"]
    # Sustainability is transactional: the windfall check and the next-stage advice are one recommendation.
    sustain = [r for r in result.recommendations if "sustainability" in r.characteristics]
    assert len(sustain) == 1 and sustain[0].characteristics["sustainability"] == "transitional"
    assert sustain[0].id == "check_windfall_gains" and "Case study 10" in sustain[0].case_studies


def test_transformational_leadership_gets_no_leadership_first_advice(classify):
    result = classify({"characteristics": {"management_leadership": "transformational",
                                           "efficiency_policy": "transitional",
                                           "time_scales": "transitional"}})
    lead = next(r for r in result.recommendations if r.id == "leadership_and_policy_first")
    assert lead.characteristics == {"efficiency_policy": "transformational"}
    assert "management and leadership" not in lead.title.lower()
    check(result)


# The cap: one stage above the council's overall stage, unless the profile sets the target.
TRANSACTIONAL = {"efficiency_policy": "transactional", "time_scales": "transactional",
                 "sustainability": "transactional", "management_leadership": "transitional"}


def _moves(result, cid):
    return {r.id: r.characteristics[cid] for r in result.recommendations if cid in r.characteristics}


def test_a_transactional_council_is_not_told_to_take_a_characteristic_to_transformational(classifier):
    result = classifier.classify(profile_mod.load(ROOT / "examples" / "metropolitan-transactional.yaml"))
    assert result.overall.stage == "transactional"
    assert result.held == ["back_office_front_line", "management_leadership"]
    assert not any("transformational" in r.characteristics.values() for r in result.recommendations)
    assert not any("transformational stage" in r.title for r in result.recommendations)
    assert "management_leadership" not in result.targets and "back_office_front_line" not in result.targets
    # the basics still move one stage
    assert _moves(result, "efficiency_policy") == {"next_stage_efficiency_policy": "transitional"}
    assert result.targets["efficiency_policy"].stage == "transitional"
    check(result)


def test_a_held_characteristic_is_explained_as_the_assessments_reading(classify):
    result = classify({"characteristics": TRANSACTIONAL})
    assert result.overall.stage == "transactional" and result.held == ["management_leadership"]
    assert _moves(result, "management_leadership") == {}
    note = result.held_note
    assert note.startswith("Management and leadership of efficiency is a stage ahead of the council as a "
                           "whole. It has no further target until the others reach the transitional stage")
    # the marker; the note is the document's
    assert note.endswith("(para 47, Figure 12; the assessment's reading).")
    assert result.to_dict()["held"] == {"characteristics": ["management_leadership"], "note": note}


def test_a_profile_target_above_the_cap_is_honoured(classify):
    result = classify({"characteristics": TRANSACTIONAL,
                       "targets": {"management_leadership": "transformational"}})
    assert result.overall.stage == "transactional" and result.held == [] and result.held_note is None
    assert _moves(result, "management_leadership") == {"next_stage_management_leadership": "transformational"}
    assert result.targets["management_leadership"].stage == "transformational"
    assert result.targets["management_leadership"].given
    check(result, {"management_leadership": "transformational"})


def test_a_profile_target_two_stages_up_from_a_transactional_council_is_honoured(classify):
    result = classify({"characteristics": TRANSACTIONAL, "targets": {"time_scales": "transformational"}})
    assert _moves(result, "time_scales") == {"next_stage_time_scales": "transformational"}
    # the characteristics it does not set keep the cap
    assert _moves(result, "efficiency_policy") == {"next_stage_efficiency_policy": "transitional"}
    check(result, {"time_scales": "transformational"})


def test_overall_not_assessed_puts_no_cap(classify):
    result = classify({"targets": {"time_scales": "transformational"}})
    assert result.overall.stage is None and result.held == [] and result.held_note is None
    assert result.targets["time_scales"].stage == "transformational" and not result.targets["time_scales"].met
    check(result, {"time_scales": "transformational"})


def test_an_already_transformational_characteristic_is_neither_held_nor_moved(classify):
    result = classify({"characteristics": {"efficiency_policy": "transactional",
                                           "time_scales": "transactional",
                                           "sustainability": "transactional",
                                           "management_leadership": "transformational"}})
    assert result.overall.stage == "transactional"
    assert result.held == [] and "management_leadership" not in result.targets
    assert _moves(result, "management_leadership") == {}
    lagging = next(r for r in result.recommendations if r.id == "lagging_characteristics_first")
    assert lagging.characteristics == {c: "transitional" for c in ("efficiency_policy", "sustainability",
                                                                    "time_scales")}
    check(result)


def test_a_transitional_council_may_take_a_characteristic_to_transformational(classify):
    result = classify({"characteristics": {**TRANSACTIONAL, "efficiency_policy": "transitional",
                                           "time_scales": "transitional"}})
    assert result.overall.stage == "transitional" and result.held == []
    assert _moves(result, "time_scales") == {"next_stage_time_scales": "transformational"}
    check(result)


def test_json_names_the_characteristics_each_recommendation_moves(classifier):
    result = classifier.classify(profile_mod.load(ROOT / "examples" / "district-transitional.yaml"))
    recs = result.to_dict()["recommendations"]
    assert all("characteristics" in r and "target_stage" in r for r in recs)
    assert any(r["characteristics"] == {"service_transformation": "transformational"} for r in recs)
    assert all(r["target_stage"] is None for r in recs if r["characteristics"])


stage_or_none = st.sampled_from((None,) + STAGES)
CHARACTERISTICS = ("efficiency_policy", "service_transformation", "organisational_change",
                   "back_office_front_line",
                   "planning_monitoring", "sustainability", "time_scales", "management_leadership")


@st.composite
def profiles(draw):
    chars = {c: s for c in CHARACTERISTICS if (s := draw(stage_or_none))}
    data = {"characteristics": chars,
            "council": {"name": "Generated Council",
                        "type": draw(st.sampled_from(("district", "county", "unitary", "metropolitan",
                                                      "london_borough")))},
            "pressures": draw(st.lists(st.sampled_from(("financial_position", "council_tax", "csr07")),
                                       unique=True)),
            "barriers": draw(st.lists(st.sampled_from(("existing_contracts", "low_change_capacity",
                                                       "insufficient_cost_knowledge")), unique=True)),
            "techniques": {"used": draw(st.lists(st.sampled_from(("procurement", "ict", "lean_bpi",
                                                                  "shared_services")), unique=True)),
                           "planned": draw(st.lists(st.sampled_from(("outsourcing", "joint_ventures")),
                                                    unique=True))},
            "figures": {"back_office_share_of_gains_pct": draw(st.integers(0, 100))},
            "four_elements": {"consensus": draw(st.booleans()), "robust_challenge": draw(st.booleans())},
            "strategic_approach": {"efficiency_board": draw(st.booleans())},
            "targets": {c: s for c in CHARACTERISTICS if draw(st.booleans()) and (s := draw(stage_or_none))}}
    return data


@settings(max_examples=examples(120), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(profiles())
def test_generated_profiles_have_one_target_per_characteristic(classifier, data):
    result = classifier.classify(make_profile(data))
    check(result, data["targets"])
    for cid, target in data["targets"].items():
        assert result.targets[cid].stage == target
        assert result.targets[cid].met == (result.characteristics[cid].stage is not None
                                           and RANK[result.characteristics[cid].stage.id] >= RANK[target])
