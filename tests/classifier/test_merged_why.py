"""Merged advice covering several characteristics names the characteristic each reason is about, rather
than repeating "Today it is at ..." for each."""

from __future__ import annotations

from pathlib import Path

import pytest
from backtofront.classifier import cases as cases_mod
from backtofront.classifier import profile as profile_mod

ROOT = Path(__file__).resolve().parents[2]

TRANSITIONAL = {"characteristics": {
    "efficiency_policy": "transitional",
    "management_leadership": {"stage": "transitional", "evidence": "Member challenge panel set up June 2026"},
    "service_transformation": "transitional", "organisational_change": "transitional",
    "back_office_front_line": "transactional", "planning_monitoring": "transitional",
    "sustainability": "transitional", "time_scales": "transitional"}}


def test_each_part_of_merged_advice_names_its_characteristic(classify):
    result = classify(TRANSITIONAL)
    rec = next(r for r in result.recommendations if r.id == "leadership_and_policy_first")
    assert set(rec.covers) == {"next_stage_efficiency_policy", "next_stage_management_leadership"}
    why = " ".join(rec.why)
    assert "Today it is at" not in why
    assert ("Efficiency policy is today at the transitional stage, which Table 4 describes as “Policy – but "
            "not linked") in why
    assert ("Management and leadership of efficiency is today at the transitional stage, which Table 4 "
            "describes as “Partial "
            "engagement") in why
    # the evidence follows the characteristic it is about
    assert why.index("Management and leadership of efficiency is today") < why.index("The assessment found")


def test_the_letter_does_not_repeat_today_it_is_at(run_cli, tmp_path):
    path = tmp_path / "council.yaml"
    path.write_text(
        "council: {name: Borsetshire district council, type: district}\ncharacteristics:\n"
        + "".join(f"  {c}: {s if isinstance(s, str) else s['stage']}\n"
                  for c, s in TRANSITIONAL["characteristics"].items()), encoding="utf-8")
    code, out, err = run_cli("letter", str(path))
    assert code == 0, err
    assert "Efficiency policy is today at the transitional stage" in out
    for line in out.splitlines():  # a paragraph, or a row of the annex
        assert line.count("Today it is at") <= 1, line


def _bundled():
    profiles = [(p.stem, profile_mod.load(p)) for p in sorted((ROOT / "examples").glob("*.yaml"))]
    profiles += [(f"case{c.number}", c.profile) for c in cases_mod.load_all().values()]
    return profiles


@pytest.mark.parametrize("name,profile", _bundled(), ids=[n for n, _ in _bundled()])
def test_no_reason_says_today_it_is_at_twice(classifier, name, profile):
    for rec in classifier.classify(profile).recommendations:
        assert " ".join(rec.why).count("Today it is at") <= 1, rec.id
        if rec.covers:
            assert "Today it is at" not in " ".join(rec.why) or rec.rule == "BT201", rec.id
