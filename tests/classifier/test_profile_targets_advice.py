"""A recommendation's target for a characteristic is the profile's own target where one is set (issue 11):
still one target per characteristic, none for a target already met, and a target two stages up gives one
recommendation, worded for that target."""

from __future__ import annotations

from test_one_target import check

BASE = {"characteristics": {"efficiency_policy": "transitional", "time_scales": "transactional",
                            "management_leadership": "transitional", "sustainability": "transactional"}}


def _moves(result, cid):
    return {r.id: r.characteristics[cid] for r in result.recommendations if cid in r.characteristics}


def test_without_targets_the_next_stage_is_asked_for(classify):
    result = classify(BASE)
    assert _moves(result, "time_scales") == {"next_stage_time_scales": "transitional"}
    assert _moves(result, "efficiency_policy") == {"leadership_and_policy_first": "transformational"}


def test_a_target_two_stages_up_gives_one_recommendation_for_that_target(classify):
    result = classify({**BASE, "targets": {"time_scales": "transformational"}})
    assert _moves(result, "time_scales") == {"next_stage_time_scales": "transformational"}
    rec = next(r for r in result.recommendations if r.id == "next_stage_time_scales")
    assert rec.title == "Take time scales to the transformational stage"
    assert "transformational description of Table 4" in rec.action and rec.effort == "high"
    assert result.targets["time_scales"].stage == "transformational" and not result.targets["time_scales"].met
    check(result)


def test_a_met_target_gives_no_recommendation_for_that_characteristic(classify):
    result = classify({**BASE, "targets": {"time_scales": "transactional",
                                           "efficiency_policy": "transitional"}})
    assert _moves(result, "time_scales") == {} and _moves(result, "efficiency_policy") == {}
    assert "next_stage_time_scales" not in {r.id for r in result.recommendations}
    assert result.targets["time_scales"].met and result.targets["efficiency_policy"].met
    # The other characteristics keep their advice.
    assert _moves(result, "management_leadership") == {"leadership_and_policy_first": "transformational"}
    assert _moves(result, "sustainability") == {"next_stage_sustainability": "transitional"}
    check(result)


def test_advice_beyond_the_target_does_not_set_a_second_target(classify):
    # Management and leadership is transitional, its target too: the transformational step is not asked for.
    result = classify({**BASE, "targets": {"management_leadership": "transitional"}})
    assert _moves(result, "management_leadership") == {}
    assert _moves(result, "efficiency_policy") == {"leadership_and_policy_first": "transformational"}
    check(result)


def test_a_target_for_a_characteristic_not_assessed_asks_nothing_of_it(classify):
    result = classify({**BASE, "targets": {"organisational_change": "transitional"}})
    assert _moves(result, "organisational_change") == {}
    assert result.targets["organisational_change"].stage == "transitional"
    assert not result.targets["organisational_change"].met


def test_json_recommendations_agree_with_the_json_targets(classify):
    data = classify({**BASE, "targets": {"time_scales": "transformational",
                                         "sustainability": "transformational",
                                         "efficiency_policy": "transitional"}}).to_dict()
    for rec in data["recommendations"]:
        for cid, stage in rec["characteristics"].items():
            assert stage == data["targets"][cid]["stage"] and not data["targets"][cid]["met"], (rec["id"],
                                                                                                cid)
    assert {cid for r in data["recommendations"] for cid in r["characteristics"]} == {
        "time_scales", "sustainability", "management_leadership"}
