"""bench/stage_rules.py, the plain-Python stage rules `make bench` measures classify against, gives the
classifier's stages on every bundled profile: the baseline cannot drift from rules/BT101, BT110-BT112."""

from __future__ import annotations

import importlib.util

import pytest
from backtofront.classifier import profile
from conftest import ROOT

BUNDLED = sorted(ROOT.glob("examples/*.yaml")) + sorted(ROOT.glob("examples/cases/*.yaml"))
STAGE_RULES = ("BT110", "BT111", "BT112")


def _baseline():
    spec = importlib.util.spec_from_file_location("bench_stage_rules", ROOT / "bench" / "stage_rules.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


BASELINE = _baseline()


def test_every_bundled_profile_is_checked():
    assert len(BUNDLED) >= 19
    assert {p.parent.name for p in BUNDLED} == {"examples", "cases"}


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.name)
def test_the_plain_rules_give_the_classifiers_stages(classifier, path):
    loaded = profile.load(path)
    result = classifier.classify(loaded)
    assessed, reached = BASELINE.stages(loaded)
    assert assessed == {cid: c.stage.id for cid, c in result.characteristics.items() if c.stage is not None}
    assert list(assessed) == [cid for cid in result.characteristics if cid in assessed]  # Table 4's order
    by_rule = {r.id: r.spec.then.stage for r in classifier.rules.phase("classify") if r.spec.then.stage}
    assert set(by_rule) == set(STAGE_RULES)  # a new overall-stage rule needs its plain-Python twin
    assert reached == [by_rule[t.rule] for t in result.trace if t.rule in by_rule]
    assert (reached[-1] if reached else None) == result.overall.stage


def test_the_baseline_knows_table_4_and_the_stages(kb):
    assert BASELINE.CHARACTERISTICS == tuple(kb.characteristics)
    assert BASELINE.RANK == {s.id: s.rank for s in kb.stages.values()}


def test_an_override_replaces_the_stated_stage(classifier):
    override = {"stage": "transitional", "reason": "Seen."}
    data = {"council": {"name": "Override Council", "type": "district"},
            "characteristics": {"efficiency_policy": {"stage": "transactional", "override": override},
                                "time_scales": "transitional"}}
    loaded = profile.parse(data)
    result = classifier.classify(loaded)
    assessed, reached = BASELINE.stages(loaded)
    assert assessed == {cid: c.stage.id for cid, c in result.characteristics.items() if c.stage is not None}
    assert reached[-1] == result.overall.stage == "transitional"


# At each rule's edge: half transitional (BT111), three quarters transformational with and without the
# gate and with one transactional (BT112), one assessed (BT110), none assessed.
EDGES = {
    "half": {"efficiency_policy": "transitional", "time_scales": "transactional"},
    "under_half": {"efficiency_policy": "transitional", "time_scales": "transactional",
                   "sustainability": "transactional"},
    "three_quarters": {"efficiency_policy": "transformational", "management_leadership": "transformational",
                       "time_scales": "transformational", "sustainability": "transitional"},
    "three_quarters_one_transactional": {"efficiency_policy": "transformational",
                                         "management_leadership": "transformational",
                                         "time_scales": "transformational",
                                         "sustainability": "transactional"},
    "without_the_gate": {"efficiency_policy": "transitional", "management_leadership": "transformational",
                         "time_scales": "transformational", "sustainability": "transformational"},
    "under_three_quarters": {"efficiency_policy": "transformational",
                             "management_leadership": "transformational", "time_scales": "transitional",
                             "sustainability": "transitional", "planning_monitoring": "transformational"},
    "one": {"sustainability": "transformational"},
    "none": {},
}


@pytest.mark.parametrize("name", EDGES)
def test_the_plain_rules_at_each_rules_edge(classifier, name):
    loaded = profile.parse({"council": {"name": "Edge Council", "type": "county"},
                            "characteristics": EDGES[name]})
    result = classifier.classify(loaded)
    assessed, reached = BASELINE.stages(loaded)
    assert assessed == EDGES[name]
    assert (reached[-1] if reached else None) == result.overall.stage
