"""The durable-rules wrapper: sessions are cleaned up, errors surface, rule sets coexist."""

from __future__ import annotations

import pytest
from backtofront.classifier import engine
from backtofront.classifier.rules import Condition, EngineRule


def _rule(key: str, *conds: Condition) -> EngineRule:
    return EngineRule(key, None, None, tuple(conds), ())  # type: ignore[arg-type]


def test_only_the_matching_rules_fire():
    compiled = engine.CompiledRules([_rule("big", Condition("n", "gt", 5)),
                                     _rule("small", Condition("n", "lte", 5))])
    assert compiled.run({"n": 9}) == ["big"]
    assert compiled.run({"n": 1}) == ["small"]


def test_a_fact_that_matches_nothing_is_not_an_error():
    compiled = engine.CompiledRules([_rule("big", Condition("n", "gt", 5))])
    assert compiled.run({"n": 1}) == []


def test_negative_conditions_do_not_loop_on_session_state():
    compiled = engine.CompiledRules([_rule("absent", Condition("x", "exists", False))])
    assert compiled.run({"n": 1}) == ["absent"]
    assert compiled.run({"x": 1}) == []


def test_a_rule_fires_once_when_several_or_branches_hold():
    rule = EngineRule("either", None, None, (Condition("n", "gt", 0),),  # type: ignore[arg-type]
                      (Condition("a", "eq", 1), Condition("b", "eq", 1)))
    assert engine.CompiledRules([rule]).run({"n": 1, "a": 1, "b": 1}) == ["either"]


def test_sessions_are_deleted(classifier, classify):
    """Without delete_state the 1,025th live session raises MemoryError."""
    for _ in range(1100):
        classify({"characteristics": {"time_scales": "transitional"}})


def test_an_engine_error_surfaces():
    """No Python action runs (the fired rules are read from the engine's action queue), so what can fail
    is the engine itself: a value it refuses (an infinity, error 202) is an EngineError, not a crash."""
    compiled = engine.CompiledRules([_rule("r", Condition("n", "gt", 0))])
    with pytest.raises(engine.EngineError):
        compiled.run({"n": float("inf")})
    assert compiled.run({"n": 1}) == ["r"]  # and the rule set still works afterwards


def test_rules_fire_in_queue_order_each_once():
    rules = [_rule(f"r{i}", Condition("n", "gt", i)) for i in range(5)]
    fired = engine.CompiledRules(rules).run({"n": 3})
    assert sorted(fired) == ["r0", "r1", "r2"]
    assert len(fired) == len(set(fired))


def test_no_background_threads_are_started():
    import threading
    before = threading.active_count()
    engine.CompiledRules([_rule("r", Condition("n", "gt", 0))]).run({"n": 1})
    assert threading.active_count() == before
