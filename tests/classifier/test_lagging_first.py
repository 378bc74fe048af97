"""Advice that brings a characteristic below the council's overall stage up to it ranks before advice that
takes characteristics beyond the overall stage (the lowest stage holds the council back: para 47, Table 4)."""

from __future__ import annotations

from pathlib import Path

import pytest
from backtofront.classifier import cases as cases_mod
from backtofront.classifier import profile as profile_mod
from backtofront.classifier.result import Result

ROOT = Path(__file__).resolve().parents[2]
RANK = {"transactional": 1, "transitional": 2, "transformational": 3}

# A transitional district whose back office functions & front line services fell back to transactional.
LAGGING_ONE = {
    "characteristics": {
        "efficiency_policy": "transitional",
        "management_leadership": {"stage": "transitional", "evidence": "Member challenge panel set up June "
                                                                       "2026"},
        "service_transformation": "transitional", "organisational_change": "transitional",
        "back_office_front_line": "transactional", "planning_monitoring": "transitional",
        "sustainability": "transitional", "time_scales": "transitional"},
    "pressures": ["financial_position"],
}


def _lifts(result: Result, rec) -> bool:
    overall = RANK[result.overall.stage]
    return any(result.characteristics[c].stage and RANK[result.characteristics[c].stage.id] < overall
               for c in rec.characteristics)


def _beyond(result: Result, rec) -> bool:
    return any(RANK[s] > RANK[result.overall.stage] for s in rec.characteristics.values())


def check(result: Result) -> None:
    recs = result.recommendations
    for i, a in enumerate(recs):
        if _lifts(result, a):
            assert a.priority == "high", f"{a.id} brings a lagging characteristic up but is {a.priority}"
            for b in recs[:i]:
                assert not (_beyond(result, b) and not _lifts(result, b)), \
                    f"{b.id} (beyond the overall stage) ranks before {a.id} (a lagging characteristic)"


def test_the_lagging_characteristic_is_the_first_priority(classify):
    result = classify(LAGGING_ONE)
    assert result.overall.stage == "transitional"
    first = result.recommendations[0]
    assert first.id == "next_stage_back_office_front_line" and first.priority == "high"
    assert first.characteristics == {"back_office_front_line": "transitional"}
    check(result)


def test_the_letter_puts_the_lagging_characteristic_first(run_cli, tmp_path):
    path = tmp_path / "council.yaml"
    path.write_text(
        "council: {name: Borsetshire district council, type: district}\n"
        "characteristics:\n"
        + "".join(f"  {c}: {s if isinstance(s, str) else s['stage']}\n"
                  for c, s in LAGGING_ONE["characteristics"].items()),
        encoding="utf-8")
    code, out, err = run_cli("letter", str(path))
    assert code == 0, err
    block = out.split("## Priorities", 1)[1].split("##", 1)[0]
    first = block.strip().splitlines()[0]
    assert first.startswith("1. Take back office functions & front line services to the transitional stage. "
                            "_Suggested owner:")


def test_a_characteristic_at_the_overall_stage_keeps_its_priority(classify):
    data = {"characteristics": {c: "transitional" for c in LAGGING_ONE["characteristics"]}}
    result = classify(data)
    rec = next(r for r in result.recommendations if r.id == "next_stage_service_transformation")
    assert rec.priority == "medium"


def _bundled():
    profiles = [(p.stem, profile_mod.load(p)) for p in sorted((ROOT / "examples").glob("*.yaml"))]
    profiles += [(f"case{c.number}", c.profile) for c in cases_mod.load_all().values()]
    profiles += [(f"answers{c.number}", c.profile) for c in cases_mod.load_answers().values()]
    return profiles


@pytest.mark.parametrize("name,profile", _bundled(), ids=[n for n, _ in _bundled()])
def test_bundled_profiles_bring_lagging_characteristics_up_first(classifier, name, profile):
    result = classifier.classify(profile)
    if result.overall.stage:
        check(result)
