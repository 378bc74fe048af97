"""The shortest path to the next overall stage (classifier/paths.py), checked against a brute-force search
over the same loaded overall-stage rules for all 3^8 sets of stated stages, and against the real classifier
(the rules engine) for a fixed sample of 300 profiles with characteristics not assessed."""

from __future__ import annotations

import itertools
import os
import random

import pytest
from backtofront.classifier import facts as facts_mod
from backtofront.classifier.paths import FIRST, PathFinder
from backtofront.classifier.result import Overall

from tests.conftest import make_profile

STAGES = ("not_assessed", "transactional", "transitional", "transformational")


@pytest.fixture(scope="module")
def ids(kb):
    return list(kb.characteristics)


class Brute:
    """The overall stage of a set of stages from the loaded stage rules, and every end state with its cost:
    nothing of paths.py but the rules it is given."""

    def __init__(self, classifier):
        self.kb = classifier.kb
        self.ids = list(classifier.kb.characteristics)
        self.rules = [(classifier.kb.stage_rank(r.spec.then.stage), er)
                      for r in classifier.rules.phase("classify") if r.spec.then.stage
                      for er in r.engine_rules]
        assert {s for s, _ in self.rules} == {1, 2, 3}
        self.memo: dict[tuple, tuple[int, bool]] = {}

    def overall(self, ranks):
        if ranks not in self.memo:
            fact = facts_mod.stage_facts(dict(zip(self.ids, ranks)))
            stage = max((s for s, er in self.rules
                         if all(c.holds(fact.get(c.fact)) for c in er.all)
                         and (not er.any or any(c.holds(fact.get(c.fact)) for c in er.any))), default=0)
            provisional = Overall("x" if stage else None, "", [], assessed=fact["assessed_count"]).provisional
            self.memo[ranks] = (stage, provisional)
        return self.memo[ranks]

    @staticmethod
    def ends(start):
        """Every end state with its number of moves: up a stage a move; not assessed: one move to any
        stage. (The moves and the stages are multiplied out side by side, in the same order.)"""
        per = [[(0, 0), (1, 1), (1, 2), (1, 3)] if r == 0 else [(t - r, t) for t in range(r, 4)]
               for r in start]
        costs = itertools.product(*([c for c, _ in options] for options in per))
        return zip(map(sum, costs), itertools.product(*([t for _, t in options] for options in per)))

    def shortest(self, start, to):
        best, found, overall = None, [], self.overall
        for cost, end in self.ends(start):
            if best is not None and cost > best:
                continue
            stage, provisional = overall(end)
            if stage < to or provisional:
                continue
            if best is None or cost < best:
                best, found = cost, []
            found.append(end)
        return best, found


def order_key(start, end, targets, ids):
    """The issue's order among paths of one length: management and leadership, then efficiency policy,
    then the largest gap to the target, then Table 4's order."""
    keys = []
    for i, (cid, a, b) in enumerate(zip(ids, start, end)):
        if a == b:
            continue
        tier = {"management_leadership": 0, "efficiency_policy": 1}.get(cid, 2)
        gap = (targets[cid] - a) if cid in targets else 0
        for hi in ([b] if a == 0 else range(a + 1, b + 1)):
            keys.append((tier, -gap, i, hi))
    return sorted(keys)


def path_end(start, path, ids, kb):
    end = list(start)
    for m in path:
        i = ids.index(m.characteristic)
        assert m.from_ == STAGES[end[i]], "each move starts where the last one left the characteristic"
        if end[i]:
            assert kb.stage_rank(m.to) == end[i] + 1, "a move raises an assessed characteristic one stage"
        end[i] = kb.stage_rank(m.to)
        assert m.descriptor == kb.characteristics[m.characteristic].descriptors[m.to]
    return tuple(end)


def test_first_is_para_47s_order():
    assert FIRST == ("management_leadership", "efficiency_policy")


def test_every_set_of_stated_stages_against_brute_force(classifier, kb, ids):
    """All 3^8 sets of stated stages: the fewest moves, the number of paths that short and the first three
    in order, each against a brute-force search over the same loaded rules."""
    finder, brute = PathFinder(kb, classifier.rules), Brute(classifier)
    checked = 0
    for start in itertools.product((1, 2, 3), repeat=8):
        stage, _ = brute.overall(start)
        assert finder.overall(start) == brute.overall(start)
        ranks = dict(zip(ids, start))
        got = finder.next_stage_path(ranks, STAGES[stage])
        if stage == 3:
            assert got is None
            continue
        best, found = brute.shortest(start, stage + 1)
        assert got is not None and got.moves == best, start
        assert got.to == STAGES[stage + 1]
        assert len(got.paths) + got.more == len(found), start
        expected = sorted(found, key=lambda e: order_key(start, e, {}, ids))[:3]
        assert [path_end(start, p, ids, kb) for p in got.paths] == expected, start
        assert all(len(p) == best for p in got.paths)
        checked += 1
    assert checked > 3000


def test_targets_order_ties_by_the_largest_gap(classifier, kb, ids):
    """With all eight transactional, the first path moves management and leadership and efficiency policy,
    then the characteristic with the larger gap to its target before Table 4's order."""
    finder = PathFinder(kb, classifier.rules)
    ranks = dict.fromkeys(ids, 1)
    plain = finder.next_stage_path(ranks, "transactional")
    assert plain.moves == 4 and plain.to == "transitional"
    assert [m.characteristic for m in plain.paths[0]] == [
        "management_leadership", "efficiency_policy", "service_transformation", "organisational_change"]
    targets = dict.fromkeys(ids, "transitional") | {"time_scales": "transformational"}
    aimed = finder.next_stage_path(ranks, "transactional", targets)
    assert [m.characteristic for m in aimed.paths[0]] == [
        "management_leadership", "efficiency_policy", "time_scales", "service_transformation"]
    assert plain.more + len(plain.paths) == 70  # four of eight, one move each


def test_metropolitan_example(classifier):
    from backtofront.classifier import profile
    from tests.conftest import ROOT

    result = classifier.classify(profile.load(ROOT / "examples" / "metropolitan-transactional.yaml"))
    path = result.next_stage_path
    assert (path.to, path.moves, path.more, path.basis) == ("transitional", 2, 12, "inferred")
    assert [[m.characteristic for m in p] for p in path.paths] == [
        ["efficiency_policy", "service_transformation"], ["efficiency_policy", "organisational_change"],
        ["efficiency_policy", "planning_monitoring"]]
    data = result.to_dict()["next_stage_path"]
    assert data["paths"][0][0] == {"characteristic": "efficiency_policy", "from": "transactional",
                                   "to": "transitional", "descriptor": "Policy – but not linked to other "
                                                                       "policies."}
    assert data["basis"] == "inferred" and data["more"] == 12


def test_transformational_has_no_path(classify):
    result = classify({"characteristics": dict.fromkeys(
        ["efficiency_policy", "service_transformation", "organisational_change", "back_office_front_line",
         "planning_monitoring", "sustainability", "time_scales", "management_leadership"],
        "transformational")})
    assert result.overall.stage == "transformational"
    assert result.next_stage_path is None and result.to_dict()["next_stage_path"] is None


def _profile(ids, ranks):
    return make_profile({"characteristics": {c: STAGES[r] for c, r in zip(ids, ranks) if r}})


# Sets of stages the sample below draws: `make test` the same 100 every run, `make fuzz` 1,000
SAMPLE = 100 if os.environ.get("HYPOTHESIS_PROFILE", "ci") == "ci" else 1000


def test_sample_against_the_real_classifier(classifier, kb, ids):
    """SAMPLE fixed sets of stages with characteristics not assessed: the classifier (rules engine) gives the
    same overall stage as the evaluation the search uses, every path shown reaches the next stage, not
    provisionally, when classified for real, and no set of stages fewer moves away reaches it."""
    rng = random.Random(17 if SAMPLE == 100 else None)
    brute = Brute(classifier)
    seen = 0
    while seen < SAMPLE:
        start = tuple(rng.choice((0, 0, 1, 2, 3)) for _ in ids)
        if not any(start):
            continue
        seen += 1
        result = classifier.classify(_profile(ids, start))
        stage = kb.stage_rank(result.overall.stage)
        assert brute.overall(start) == (stage, result.overall.provisional), start
        got = result.next_stage_path
        if stage == 3:
            assert got is None
            continue
        best, found = brute.shortest(start, stage + 1)
        assert got.moves == best and len(got.paths) + got.more == len(found), start
        for path in got.paths:
            end = path_end(start, path, ids, kb)
            after = classifier.classify(_profile(ids, end)).overall
            assert kb.stage_rank(after.stage) >= stage + 1 and not after.provisional, (start, end)
        shorter = [end for cost, end in brute.ends(start) if cost == best - 1]
        for end in shorter[:: max(1, len(shorter) // 3)][:3]:  # a few one move shorter, asked of the engine
            after = classifier.classify(_profile(ids, end)).overall
            assert kb.stage_rank(after.stage) <= stage or after.provisional, (start, end)
