"""Facts about a council are yes, no or not recorded, decided once in classifier/facts.py (issue 15):
only an explicit answer is a no."""

from __future__ import annotations

from typing import get_args

import pytest
from backtofront.classifier import facts as facts_mod
from backtofront.classifier import profile as profile_mod
from backtofront.classifier.errors import InputError
from conftest import make_profile


def states(kb, data: dict) -> dict[str, str]:
    return facts_mod.council_states(make_profile(data), kb)


def test_benchmarking_ids_are_table_6s(kb):
    assert set(get_args(profile_mod.BenchmarkingId)) == set(kb.benchmarking_types) == {"strategic", "service",
                                                                                       "data"}


@pytest.mark.parametrize("data,used,planned,either", [
    ({}, "unknown", "unknown", "unknown"),                                      # no section: not recorded
    ({"techniques": {}}, "absent", "absent", "absent"),                         # documented: uses none
    ({"techniques": {"used": []}}, "absent", "absent", "absent"),
    ({"techniques": {"used": ["ict"]}}, "unknown", "unknown", "unknown"),       # in no list: not recorded
    ({"techniques": {"used": ["ict"], "not_used": ["lean_bpi"]}}, "absent", "absent", "absent"),
    ({"techniques": {"used": ["lean_bpi"]}}, "present", "unknown", "present"),
    ({"techniques": {"used": [], "planned": ["lean_bpi"]}}, "absent", "present", "present"),
    # `used` left out: a plan records that plan only, never "uses none"
    ({"techniques": {"planned": ["shared_services"]}}, "unknown", "unknown", "unknown"),
    ({"techniques": {"planned": ["lean_bpi"]}}, "unknown", "present", "present"),
    ({"techniques": {"not_used": ["ict"]}}, "unknown", "unknown", "unknown"),
    ({"techniques": {"used": [], "planned": ["shared_services"]}}, "absent", "absent", "absent"),
    # an answered multiple question: every option unticked is a no; dont_know records nothing
    ({"answers": {"techniques_used": ["ict"]}}, "absent", "unknown", "unknown"),
    ({"answers": {"techniques_used": ["ict"], "techniques_planned": []}}, "absent", "absent", "absent"),
    ({"answers": {"techniques_used": "dont_know"}}, "unknown", "unknown", "unknown"),
    ({"answers": {"techniques_used": {"answer": "na", "justification": "x"}}}, "unknown", "unknown",
     "unknown"),
])
def test_technique_states(kb, classifier, data, used, planned, either):
    # through classify, so that answers are judged and filled in as in every command
    fact = classifier.classify(make_profile(data)).facts
    assert (fact["technique_used.lean_bpi"], fact["technique_planned.lean_bpi"],
            fact["technique.lean_bpi"]) == \
        (used, planned, either)


def test_method_states(classifier):
    fact = classifier.classify(make_profile({"techniques": {"used": ["procurement"],
                                                            "not_used": ["shared_services"]}})).facts
    assert fact["method_use.internal"] == "present" and fact["method_any.mutual"] == "unknown"
    fact = classifier.classify(make_profile({"techniques": {"used": ["procurement"], "not_used": [
        "shared_services", "informal_partnerships"]}})).facts
    assert fact["method_any.mutual"] == "absent" and fact["method_used.mutual"] == 0


@pytest.mark.parametrize("data,expected", [
    ({}, "unknown"), ({"pressures": []}, "absent"), ({"pressures": ["sr04"]}, "absent"),
    ({"pressures": ["csr07"]}, "present"), ({"answers": {"pressures": []}}, "absent"),
    ({"answers": {"pressures": "dont_know"}}, "unknown"), ({"answers": {"pressures": ["csr07"]}}, "present"),
])
def test_pressure_states(classifier, data, expected):
    assert classifier.classify(make_profile(data)).facts["pressure.csr07"] == expected


@pytest.mark.parametrize("data,expected", [
    ({}, "unknown"), ({"benchmarking": {}}, "absent"), ({"benchmarking": {"used": ["data"]}}, "unknown"),
    ({"benchmarking": {"not_used": ["service"]}}, "absent"),
    ({"benchmarking": {"used": ["service"]}}, "present"),
    ({"benchmarking": {"used": []}}, "absent"), ({"benchmarking": {"not_used": ["data"]}}, "unknown"),
])
def test_benchmarking_states(kb, data, expected):
    assert states(kb, data)["benchmarking.service"] == expected


@pytest.mark.parametrize("data,problem", [
    ({"techniques": {"used": ["ict"], "not_used": ["ict"]}}, "also listed as used or planned"),
    ({"techniques": {"not_used": ["ict", "ict"]}}, "listed more than once"),
    ({"benchmarking": {"used": ["data"], "not_used": ["data"]}}, "also listed as used"),
    ({"benchmarking": {"used": ["cost"]}}, "benchmarking.used"),
])
def test_contradictory_or_unknown_lists_are_refused(data, problem):
    with pytest.raises(InputError) as exc:
        make_profile(data)
    assert problem in str(exc.value)


def test_stated_empty_lists_are_kept_over_answers(classifier):
    """`barriers: []` in the profile is stated: an answer does not fill it in."""
    result = classifier.classify(make_profile({"barriers": [], "answers": {"barriers": ["risk_aversion"]}}))
    assert result.barriers == [] and result.facts["barrier.risk_aversion"] == "absent"
