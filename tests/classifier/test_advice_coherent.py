"""Every bundled profile's advice reads as one: each characteristic is asked for one stage, the stage its
target shows; nothing goes beyond one stage above the overall stage unless the profile asked; a held
characteristic is asked for nothing; and no two recommendations give the same advice."""

from __future__ import annotations

import pytest
from test_one_target import RANK, _bundled

BUNDLED = _bundled()


@pytest.mark.parametrize("name,profile", BUNDLED, ids=[n for n, _ in BUNDLED])
def test_bundled_advice_does_not_contradict_itself(classifier, name, profile):
    result = classifier.classify(profile)
    given = profile.targets.given()
    cap = RANK[result.overall.stage] + 1 if result.overall.stage else None
    asked: dict[str, set[str]] = {}
    for rec in result.recommendations:
        for cid, stage in rec.characteristics.items():
            asked.setdefault(cid, set()).add(stage)
            # the stage asked for is the target the characteristics table shows, and it is not yet met
            assert cid in result.targets and result.targets[cid].stage == stage and not result.targets[
                cid].met, \
                (rec.id, cid, stage)
            if cid not in given and cap is not None:
                assert RANK[stage] <= cap, (f"{rec.id} takes {cid} to {stage} in a {result.overall.stage} "
                                            "council")
            assert cid not in result.held, (rec.id, cid)
    assert all(len(stages) == 1 for stages in asked.values()), asked
    for cid, target in result.targets.items():
        if cid not in given and cap is not None:
            assert RANK[target.stage] <= cap, (cid, target.stage)
    titles = [r.title for r in result.recommendations]
    assert len(titles) == len(set(titles)), "the same advice twice"
    actions = [r.action for r in result.recommendations]
    assert len(actions) == len(set(actions)), "the same advice twice, under different titles"


def test_the_bundled_profiles_include_a_held_characteristic(classifier):
    """The check above covers the cap only if some bundled profile meets it."""
    held = {name: classifier.classify(profile).held for name, profile in BUNDLED}
    assert held["metropolitan-transactional"] == ["back_office_front_line", "management_leadership"]
    assert held["case7"] == ["planning_monitoring"]


@pytest.mark.parametrize("name,profile", BUNDLED, ids=[n for n, _ in BUNDLED])
def test_no_advice_quotes_the_next_stage_of_a_held_characteristic(classifier, kb, name, profile):
    result = classifier.classify(profile)
    for cid in result.held:
        ahead = kb.characteristics[cid].descriptors[result.characteristics[cid].next.id]
        assert not any(ahead in r.action for r in result.recommendations), (cid, ahead)


def test_plans_beyond_a_transactional_approach_leave_aligned_targets_to_planning_and_monitoring(classify):
    """Said by the advice on planning and monitoring where it is assessed; where it is not, its stage is not
    known, and the plans presume none (the advice to assess it covers it)."""
    for stage in ("transactional", "transitional", None):
        characteristics = {"time_scales": "transactional", "sustainability": "transactional"}
        if stage:
            characteristics["planning_monitoring"] = stage
        result = classify({"characteristics": characteristics})
        plans = next(r for r in result.recommendations if r.id == "beyond_transactional")
        assert "tailored efficiency targets" not in plans.action and "Table 4" not in plans.citations
        assert "Agree the council's aims" in plans.action
    assert "assess_remaining_characteristics" in [r.id for r in result.recommendations]
