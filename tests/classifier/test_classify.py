"""The classifier as a whole: stages, flags, trace and the JSON contract."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from backtofront.classifier import profile as profile_mod

ROOT = Path(__file__).resolve().parents[2]
ALL = ["efficiency_policy", "service_transformation", "organisational_change", "back_office_front_line",
       "planning_monitoring", "sustainability", "time_scales", "management_leadership"]


def test_bundled_example(classifier):
    result = classifier.classify(profile_mod.load(ROOT / "examples" / "district-transitional.yaml"))
    assert result.overall.stage == "transitional"
    assert {f.id for f in result.flags} == {"windfall_risk", "element_lacking",
                                            "strategic_characteristic_lacking",
                                            "mostly_unevidenced"}  # every stage is stated
    assert result.recommendations[0].priority == "high"
    ids = [r.id for r in result.recommendations]
    assert "barrier_existing_contracts" in ids and "barrier_low_change_capacity" in ids
    capacity = next(r for r in result.recommendations if r.id == "barrier_low_change_capacity")
    # the advice on external deals, merged in
    assert "Make a clear business case for each outsourcing" in capacity.action
    existing = next(r for r in result.recommendations if r.id == "barrier_existing_contracts")
    assert "Case study 1" in existing.case_studies and "para 39" in existing.citations


def test_every_stage_is_reachable(classify):
    assert classify({"characteristics": {c: "transactional" for c in ALL}}).overall.stage == "transactional"
    assert classify({"characteristics": {c: "transitional" for c in ALL}}).overall.stage == "transitional"
    assert classify({"characteristics": {c: "transformational"
                                         for c in ALL}}).overall.stage == "transformational"


def test_transformational_council_gets_no_next_stage_targets(classify):
    result = classify({"characteristics": {c: "transformational" for c in ALL}})
    assert not [r for r in result.recommendations if r.id.startswith("next_stage_")]
    assert all(c.next is None for c in result.characteristics.values())


def test_gate_holds_back_an_otherwise_transformational_council(classify):
    stages = {c: "transformational" for c in ALL} | {"management_leadership": "transitional"}
    result = classify({"characteristics": stages})
    assert result.overall.stage == "transitional"
    gate = result.flag("transformational_gate")
    assert gate and "Management and leadership is transitional" in gate.message
    assert result.recommendations[0].id in ("leadership_and_policy_first", "next_stage_management_leadership")


def test_partial_profile_classifies_and_names_the_gaps(classify):
    result = classify({"characteristics": {"time_scales": "transitional", "sustainability": "transitional"}})
    assert result.overall.stage == "transitional"
    coverage = result.flag("partial_coverage")
    assert coverage.message.startswith("6 of 8 characteristics not assessed: Efficiency policy, ")
    assert "Time scales" not in coverage.message
    assert len(result.unassessed) == 6


def test_empty_profile(classify):
    result = classify({})
    assert result.overall.stage is None
    assert "No characteristic" in result.overall.reasons[-1]


def test_trace_shows_rule_facts_conclusion_and_citation(classify):
    result = classify({"characteristics": {"efficiency_policy": "transactional",
                                           "time_scales": "transformational"}})
    uneven = next(t for t in result.trace if t.rule == "BT121")
    assert uneven.facts == {"lowest_stage": "transactional", "highest_stage": "transformational"}
    assert uneven.citation == "Table 4, para 47, Figure 12"
    assert "uneven" in uneven.conclusion
    phases = [t.phase for t in result.trace if t.phase != "consistency"]  # the checks come after the advice
    assert phases == sorted(phases) and "recommend" in phases  # classify before recommend


def test_json_contract(classify):
    data = json.loads(json.dumps(classify({"characteristics": {"time_scales": "transitional"},
                                           "barriers": ["risk_aversion"]}).to_dict()))
    assert set(data) >= {"council", "overall", "characteristics", "flags", "recommendations", "trace"}
    assert data["council"] == {"name": "Test Council", "type": "district"}
    assert set(data["overall"]) >= {"stage", "reasons"}
    ts = data["characteristics"]["time_scales"]
    assert ts["stage"] == "transitional" and ts["next"]["stage"] == "transformational"
    assert ts["descriptor"].startswith("Mix of short-term and long-term gains.")
    assert data["characteristics"]["sustainability"]["stage"] is None
    assert all({"id"} <= set(f) for f in data["flags"])
    for rec in data["recommendations"]:
        assert {"id", "title", "action", "priority", "citations"} <= set(rec)
        assert rec["citations"] and rec["priority"] in ("high", "medium", "low")
    for t in data["trace"]:
        assert {"rule", "citation", "facts", "conclusion"} <= set(t)


def test_recommendations_are_ranked_by_priority(classify):
    result = classify({"characteristics": {c: "transactional" for c in ALL},
                       "barriers": ["existing_contracts"], "pressures": ["sr04"]})
    order = [r.priority for r in result.recommendations]
    assert order == sorted(order, key=["high", "medium", "low"].index)


def test_two_different_profiles_get_different_advice(classify):
    a = classify({"characteristics": {c: "transactional" for c in ALL},
                  "techniques": {"used": ["procurement"]}})
    b = classify({"characteristics": {c: "transitional" for c in ALL}, "barriers": ["risk_aversion"]})
    assert {r.id for r in a.recommendations} != {r.id for r in b.recommendations}


def test_table_5_value_for_the_council_type(classifier):
    county = classifier.classify(profile_mod.parse({"council": {"name": "C", "type": "county"},
                                                    "techniques": {"used": ["outsourcing"],
                                                                   "not_used": ["lean_bpi"]}}))
    lean = next(r for r in county.recommendations if r.id == "technique_lean_bpi")
    assert "21 of the 23 case study sites" in lean.action and "£7,000,000" in lean.action


def test_only_the_engine_module_imports_durable_rules():
    """Scans the installed package's modules, the code that ships (pyproject.toml's packages: in an
    editable install the package is the checkout, whose .venv and tests ship nothing)."""
    import tomllib
    from importlib import resources
    package = Path(str(resources.files("backtofront")))
    shipped = tomllib.loads((Path(__file__).resolve().parents[2] / "pyproject.toml").read_text())
    folders = [name.removeprefix("backtofront").lstrip(".").replace(".", "/")
               for name in shipped["tool"]["setuptools"]["packages"]]
    sources = [p for folder in folders for p in (package / folder).glob("*.py")]
    assert len(sources) > 10
    importers = sorted(p.relative_to(package).as_posix() for p in sources
                       if "import durable" in p.read_text(encoding="utf-8"))
    assert importers == ["classifier/engine.py"]


@pytest.mark.parametrize("kind", ["pressures", "barriers"])
def test_every_factor_of_table_3_gets_a_response_grounded_in_the_report(classify, kb, kind):
    for factor_id, factor in getattr(kb, kind).items():
        result = classify({kind: [factor_id]})
        rec = next(r for r in result.recommendations if r.id == f"{kind[:-1]}_{factor_id}")
        assert rec.action == factor.response.action
        assert "Table 3" in rec.citations and set(factor.response.citations) <= set(rec.citations)
        assert [f"Case study {c.number}" for c in factor.case_studies] == rec.case_studies
