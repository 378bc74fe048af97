"""Targets per characteristic (issue 11): in the profile, the result JSON, every format, and the order of
recommendations; schema_version in the result JSON."""

from __future__ import annotations

import json
from pathlib import Path

from backtofront.classifier.result import SCHEMA_VERSION

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = str(ROOT / "examples" / "district-transitional.yaml")


def test_assess_json_carries_schema_version_and_default_targets(run_cli):
    code, out, _ = run_cli("assess", EXAMPLE, "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["schema_version"] == SCHEMA_VERSION and SCHEMA_VERSION.split(".")[0] == "1"
    # default: the next stage of every assessed characteristic below transformational
    assert data["targets"]["efficiency_policy"] == {"stage": "transformational", "met": False}
    assert data["targets"]["organisational_change"] == {"stage": "transitional", "met": False}
    assert set(data["targets"]) == set(data["characteristics"])


def test_given_targets_override_the_default_and_say_whether_met(classify):
    r = classify({"characteristics": {"efficiency_policy": "transitional", "time_scales": "transformational",
                                      "sustainability": "transactional"},
                  "targets": {"efficiency_policy": "transitional", "sustainability": "transformational",
                              "organisational_change": "transitional"}})
    t = {cid: (x.stage, x.met) for cid, x in r.targets.items()}
    assert t["efficiency_policy"] == ("transitional", True)          # given, and reached
    assert t["sustainability"] == ("transformational", False)       # given, two stages up
    assert t["organisational_change"] == ("transitional", False)    # given for a characteristic not assessed
    assert "time_scales" not in t                                    # transformational, no target given
    assert "planning_monitoring" not in t                            # not assessed, no target given
    assert r.to_dict()["targets"]["efficiency_policy"] == {"stage": "transitional", "met": True}


def test_a_bad_target_is_refused_with_the_choices(run_cli, tmp_path):
    p = tmp_path / "p.yaml"
    p.write_text("council: {name: X, type: district}\ntargets: {time_scales: transformationel}\n")
    code, _, err = run_cli("assess", str(p))
    assert code == 2
    assert ("targets.time_scales: 'transformationel' is not valid" in err and "did you mean "
                                                                              "'transformational'" in err)


def test_text_and_markdown_show_current_against_target(run_cli, tmp_path):
    p = tmp_path / "p.yaml"
    p.write_text("council: {name: X, type: district}\n"
                 "characteristics: {time_scales: transitional, sustainability: transitional}\n"
                 "targets: {sustainability: transitional}\n")
    code, out, _ = run_cli("assess", str(p), "-f", "markdown")
    assert code == 0
    assert "| Characteristic | Stage | Target |" in out
    assert "| Time scales | Transitional | Transformational |" in out
    assert "| Sustainability of efficiency savings | Transitional | Transitional (met) |" in out
    assert "| Efficiency policy | Not assessed | Assess first |" in out
    code, out, _ = run_cli("assess", str(p))
    assert code == 0 and "Stage → target" in out
    assert "→ Transitional (met)" in out and "→ Transformational" in out and "→ Assess first" in out


def _medium_ids(result):
    return [r.id for r in result.recommendations if r.priority == "medium"]


def test_recommendations_towards_an_unmet_target_come_first_among_equals(classify):
    base = {"characteristics": {"organisational_change": "transactional", "time_scales": "transitional"},
            "pressures": ["csr07"], "barriers": ["low_change_capacity"]}
    default = classify(base)
    ids = _medium_ids(default)
    assert ids[0] == "next_stage_time_scales"  # its default target (transformational) is unmet
    # organisational change, below the council's overall stage, comes first of all (high priority)
    high = [r.id for r in default.recommendations if r.priority == "high"]
    assert "next_stage_organisational_change" in high and "next_stage_organisational_change" not in ids
    # The council says transactional is its target for organisational change: met, so that advice is no
    # longer given (a met target asks nothing of its characteristic).
    met = classify({**base, "targets": {"organisational_change": "transactional"}})
    ids_met = _medium_ids(met)
    assert "next_stage_organisational_change" not in ids_met and ids_met[0] == "next_stage_time_scales"
    # priorities still rank first
    order = ["high", "medium", "low"]
    ranks = [order.index(r.priority) for r in met.recommendations]
    assert ranks == sorted(ranks)
