"""`backtofront compare`: figures as people write them, and sections a profile leaves out are "not
recorded", never "removed"."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

OLD = """\
council: {name: Borsetshire District Council, type: district}
assessed_on: 31/03/2026
characteristics: {efficiency_policy: transitional}
pressures: [financial_position, council_tax]
barriers: [organisational_culture, low_change_capacity]
techniques:
  used: [procurement, ict]
  planned: [shared_services]
figures:
  back_office_share_of_gains_pct: 38
  corporate_services_share_of_budget_pct: 21.5
  sr04_efficiency_gains_gbp: 1250000
  back_office_gains_gbp: 475000
"""
NEW = """\
council: {name: Borsetshire District Council, type: district}
assessed_on: 31/03/2027
characteristics: {efficiency_policy: transitional}
pressures: [financial_position]
figures:
  back_office_share_of_gains_pct: 45
  corporate_services_share_of_budget_pct: 20
  back_office_gains_gbp: 1300000
"""


@pytest.fixture
def paths(tmp_path: Path) -> tuple[str, str]:
    (tmp_path / "old.yaml").write_text(OLD)
    (tmp_path / "new.yaml").write_text(NEW)
    return str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml")


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_figures_are_written_as_people_write_them(run_cli, paths, fmt):
    code, out, err = run_cli("compare", *paths, "--format", fmt)
    assert code == 0, err
    assert "e+0" not in out
    assert "no longer given (was £1,250,000)" in out
    assert "£475,000 → £1,300,000" in out
    assert "38 per cent → 45 per cent" in out
    assert "21.5 per cent → 20 per cent" in out


def test_sections_left_out_are_no_longer_recorded_not_removed(run_cli, paths):
    code, out, err = run_cli("compare", *paths, "--format", "markdown")  # one line per change
    assert code == 0, err
    assert ("Barriers (Table 3): no longer recorded (was: Organisational culture, Low change management "
            "capacity)" in out)
    assert "Techniques used (Table 5): no longer recorded (was: Procurement, ICT)" in out
    assert "Techniques planned (Table 5): no longer recorded (was: Shared services)" in out
    assert "Barriers (Table 3) removed" not in out and "Techniques used (Table 5) removed" not in out
    # a pressure the newer profile still records but no longer lists is a real removal
    assert "Pressures (Table 3) removed: Council tax levels" in out


def test_json_keeps_not_recorded_apart_from_removed(run_cli, paths):
    code, out, err = run_cli("compare", *paths, "--format", "json")
    assert code == 0, err
    d = json.loads(out)
    assert d["removed"]["barriers"] == [] and d["removed"]["techniques_used"] == []
    assert d["removed"]["pressures"] == ["council_tax"]
    assert d["no_longer_recorded"] == {"barriers": ["organisational_culture", "low_change_capacity"],
                                       "techniques_used": ["procurement", "ict"],
                                       "techniques_planned": ["shared_services"]}
    assert d["removed"]["figures"] == {"sr04_efficiency_gains_gbp": 1250000}


@pytest.mark.parametrize("fmt", ["json", "markdown"])
def test_an_empty_list_removes_what_a_left_out_section_leaves_unrecorded(run_cli, tmp_path, fmt):
    """`barriers: []` says the council has none now: last year's are removed. A left-out `barriers`
    section says nothing: they are no longer recorded."""
    (tmp_path / "old.yaml").write_text(OLD)
    (tmp_path / "none.yaml").write_text(NEW + "barriers: []\ntechniques: {used: []}\n")
    (tmp_path / "silent.yaml").write_text(NEW)
    code, out, err = run_cli("compare", str(tmp_path / "old.yaml"), str(tmp_path / "none.yaml"), "--format",
                             fmt)
    assert code == 0, err
    if fmt == "json":
        d = json.loads(out)
        assert d["removed"]["barriers"] == ["organisational_culture", "low_change_capacity"]
        assert d["removed"]["techniques_used"] == ["procurement", "ict"]
        assert "barriers" not in d["no_longer_recorded"] and "techniques_used" not in d["no_longer_recorded"]
    else:
        assert "Barriers (Table 3) removed: Organisational culture, Low change management capacity" in out
        assert "Barriers (Table 3): no longer recorded" not in out
    code, out, err = run_cli("compare", str(tmp_path / "old.yaml"), str(tmp_path / "silent.yaml"), "--format",
                             fmt)
    assert code == 0, err
    if fmt == "json":
        d = json.loads(out)
        assert d["removed"]["barriers"] == [] and d["no_longer_recorded"]["barriers"] == [
            "organisational_culture", "low_change_capacity"]
    else:
        assert ("Barriers (Table 3): no longer recorded (was: Organisational culture, Low change management "
                "capacity)" in out)


def test_an_empty_pressures_list_is_recorded_none(classify):
    none = classify({"pressures": []})
    silent = classify({})
    assert none.pressures_recorded and none.pressures == [] and not silent.pressures_recorded
    assert none.facts["pressure.csr07"] == "absent" and silent.facts["pressure.csr07"] == "unknown"
