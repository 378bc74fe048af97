"""One target per characteristic: no two recommendations ask for different stages of one characteristic,
none asks for a stage the council already has, and advice that says the same thing is merged."""

from __future__ import annotations

from pathlib import Path

import pytest
from backtofront.classifier import cases as cases_mod
from backtofront.classifier import profile as profile_mod
from backtofront.classifier.result import Result
from conftest import make_profile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
STAGES = ("transactional", "transitional", "transformational")
RANK = {s: i for i, s in enumerate(STAGES, start=1)}


def check(result: Result, targets: dict[str, str] | None = None) -> None:
    """`targets`: the profile's own targets; a recommendation asks for exactly those, and never for one met."""
    have = {cid: RANK[c.stage.id] if c.stage else 0 for cid, c in result.characteristics.items()}
    asked: dict[str, set[str]] = {}
    for rec in result.recommendations:
        for cid, stage in rec.characteristics.items():
            assert cid in result.characteristics and stage in RANK, (rec.id, cid, stage)
            assert RANK[stage] > have[cid], f"{rec.id} asks {cid} for {stage}, which it already has"
            if targets and cid in targets:
                assert stage == targets[cid], f"{rec.id} asks {cid} for {stage}, the profile's target is {targets[cid]}"
            asked.setdefault(cid, set()).add(stage)
        if rec.target_stage is not None:
            assert rec.target_stage in RANK and RANK[rec.target_stage] > RANK.get(result.overall.stage, 0), rec.id
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
    check(classifier.classify(profile))


def test_the_example_district_no_longer_gets_two_targets(classifier):
    result = classifier.classify(profile_mod.load(ROOT / "examples" / "district-transitional.yaml"))
    # Management and leadership is transactional: one step, to transitional, and no transformational-first advice.
    targets = [r.characteristics.get("management_leadership") for r in result.recommendations]
    assert [t for t in targets if t] == ["transitional"]
    # Sustainability is transactional: the windfall check and the next-stage advice are one recommendation.
    sustain = [r for r in result.recommendations if "sustainability" in r.characteristics]
    assert len(sustain) == 1 and sustain[0].characteristics["sustainability"] == "transitional"
    assert sustain[0].id == "check_windfall_gains" and "Case study 10" in sustain[0].case_studies


def test_transformational_leadership_gets_no_leadership_first_advice(classify):
    result = classify({"characteristics": {"management_leadership": "transformational",
                                           "efficiency_policy": "transitional", "time_scales": "transitional"}})
    lead = next(r for r in result.recommendations if r.id == "leadership_and_policy_first")
    assert lead.characteristics == {"efficiency_policy": "transformational"}
    assert "management and leadership" not in lead.title.lower()
    check(result)


def test_json_names_the_characteristics_each_recommendation_moves(classifier):
    result = classifier.classify(profile_mod.load(ROOT / "examples" / "district-transitional.yaml"))
    recs = result.to_dict()["recommendations"]
    assert all("characteristics" in r and "target_stage" in r for r in recs)
    assert any(r["characteristics"] == {"service_transformation": "transformational"} for r in recs)
    assert all(r["target_stage"] is None for r in recs if r["characteristics"])


stage_or_none = st.sampled_from((None,) + STAGES)
CHARACTERISTICS = ("efficiency_policy", "service_transformation", "organisational_change", "back_office_front_line",
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


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(profiles())
def test_generated_profiles_have_one_target_per_characteristic(classifier, data):
    result = classifier.classify(make_profile(data))
    check(result, data["targets"])
    for cid, target in data["targets"].items():
        assert result.targets[cid].stage == target
        assert result.targets[cid].met == (result.characteristics[cid].stage is not None
                                           and RANK[result.characteristics[cid].stage.id] >= RANK[target])
