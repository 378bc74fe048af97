"""`compare` matches advice by what it is, not by how it was merged: the same profile twice closes nothing
and opens nothing; one characteristic that improves closes only its own advice; advice in both is shown
as carried over in every format (JSON: `carried_recommendations`); taking a characteristic a stage further
is new advice."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

PROFILE = {
    "council": {"name": "Barsetshire Borough Council", "type": "district"},
    "assessed_on": "2008-03-31",
    "characteristics": {
        "efficiency_policy": "transitional", "service_transformation": "transitional",
        "organisational_change": "transactional", "back_office_front_line": "transitional",
        "planning_monitoring": {"stage": "transitional", "evidence": "No"},
        "sustainability": "transactional", "time_scales": "transitional",
        "management_leadership": {"stage": "transactional", "evidence": "No member forum"}},
    "pressures": ["financial_position", "council_tax"],
    "barriers": ["low_change_capacity"],
    "techniques": {"used": ["procurement", "lean_bpi"], "planned": ["shared_services"]},
    "figures": {"back_office_share_of_gains_pct": 30},
}


def _write(tmp_path: Path, name: str, assessed_on: str, **stages: str) -> str:
    data = json.loads(json.dumps(PROFILE))
    data["assessed_on"] = assessed_on
    data["characteristics"].update(stages)
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return str(path)


def _compare(run_cli, *args: str) -> dict:
    code, out, err = run_cli("compare", *args, "-f", "json")
    assert code == 0, err
    return json.loads(out)


def test_the_same_profile_twice_opens_and_closes_nothing(run_cli, tmp_path):
    old = _write(tmp_path, "old.yaml", "2007-03-31")
    new = _write(tmp_path, "new.yaml", "2008-03-31")
    d = _compare(run_cli, old, new)
    assert d["new_recommendations"] == [] and d["closed_recommendations"] == []
    ids = [r["id"] for r in d["carried_recommendations"]]
    assert "next_stage_organisational_change" in ids and "barrier_low_change_capacity" in ids


def test_advice_merged_into_other_advice_is_carried_over(run_cli, tmp_path):
    # 2007 had a transformational characteristic beside transactional ones: the next-stage advice for the
    # transactional ones was merged into "bring the transactional characteristics up". In 2008 the
    # same characteristics are still transactional: that advice is carried over, not closed and new.
    old = _write(tmp_path, "old.yaml", "2007-03-31", efficiency_policy="transactional",
                 time_scales="transformational")
    new = _write(tmp_path, "new.yaml", "2008-03-31")
    d = _compare(run_cli, old, new)
    assert "lagging_characteristics_first" not in [r["id"] for r in d["closed_recommendations"]]
    new_ids = [r["id"] for r in d["new_recommendations"]]
    for cid in ("organisational_change", "sustainability", "management_leadership"):
        assert f"next_stage_{cid}" not in new_ids
        assert f"next_stage_{cid}" in [r["id"] for r in d["carried_recommendations"]]


def test_one_characteristic_improving_closes_only_its_advice(run_cli, tmp_path):
    old = _write(tmp_path, "old.yaml", "2007-03-31")
    new = _write(tmp_path, "new.yaml", "2008-03-31", time_scales="transformational")
    # time scales reaches the top stage: only its advice closes. Beside the transactional characteristics
    # it makes the profile uneven, so their advice is now "bring the transactional characteristics up":
    # the same advice, carried over, not new.
    d = _compare(run_cli, old, new)
    assert [r["id"] for r in d["closed_recommendations"]] == ["next_stage_time_scales"]
    assert "lagging_characteristics_first" in [r["id"] for r in d["carried_recommendations"]]
    assert "lagging_characteristics_first" not in [r["id"] for r in d["new_recommendations"]]


def test_the_next_stage_up_is_new_advice(run_cli, tmp_path):
    old = _write(tmp_path, "old.yaml", "2007-03-31")
    new = _write(tmp_path, "new.yaml", "2008-03-31", sustainability="transitional")
    d = _compare(run_cli, old, new)
    assert [r["id"] for r in d["closed_recommendations"]] == ["next_stage_sustainability"]
    assert [r["id"] for r in d["new_recommendations"]] == ["next_stage_sustainability"]


def test_assess_json_lists_the_advice_a_recommendation_covers(run_cli, tmp_path):
    uneven = _write(tmp_path, "p.yaml", "2007-03-31", time_scales="transformational")
    code, out, err = run_cli("assess", uneven, "--format", "json")
    assert code == 0, err
    recs = {r["id"]: r for r in json.loads(out)["recommendations"]}
    assert {"next_stage_organisational_change", "next_stage_sustainability",
            "next_stage_management_leadership"} <= set(recs["lagging_characteristics_first"]["covers"])
    assert recs["lagging_characteristics_first"]["covers"]["next_stage_sustainability"] == {
        "sustainability": "transitional"}


@pytest.mark.parametrize("fmt, heading", [("text", "Recommendations carried over"),
                                          ("markdown", "### Recommendations carried over"),
                                          ("html", "Recommendations carried over</")])
def test_carried_over_advice_is_shown(run_cli, tmp_path, fmt, heading):
    old = _write(tmp_path, "old.yaml", "2007-03-31")
    new = _write(tmp_path, "new.yaml", "2008-03-31")
    code, out, err = run_cli("compare", old, new, "-f", fmt)
    assert code == 0, err
    assert heading in out
    assert "Take organisational change to the transitional stage" in out
    assert "New recommendations" not in out and "no longer apply" not in out
