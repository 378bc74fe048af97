"""A Table 3 factor's response owns its suggested owner (knowledge/factors.yaml), beside its title, action and
why: rules BT210 and BT211 take it from there and hard-code no factor's owner."""

from __future__ import annotations

import copy
from pathlib import Path

import msgspec
import pytest
from backtofront.classifier import knowledge, rules
from backtofront.classifier import profile as profile_mod
from backtofront.classifier.errors import DataError

ROOT = Path(__file__).resolve().parents[2]


def factors(kb):
    return [*kb.pressures.values(), *kb.barriers.values()]


def test_every_factor_has_an_owner_the_report_names(kb):
    assert len(factors(kb)) == 15   # Table 3: eight pressures, seven barriers
    for f in factors(kb):
        assert f.response.owner in rules.OWNERS, f.id


@pytest.mark.parametrize("rule", ["BT210", "BT211"])
def test_the_factor_rules_take_the_owner_from_the_factor(rule):
    text = (ROOT / "rules" / f"{rule}.yaml").read_text(encoding="utf-8")
    assert 'owner: "{{ item.response.owner }}"' in text
    for owner in rules.OWNERS:
        assert f"'{owner}'" not in text   # no owner chosen in the rule itself


def test_each_response_is_owned_as_its_factor_says(kb, classifier):
    p = profile_mod.parse({"council": {"name": "Test Council", "type": "district"},
                           "pressures": list(kb.pressures), "barriers": list(kb.barriers)})
    result = classifier.classify(p)
    by_id = {r.id: r.owner for r in result.recommendations}
    for group, known in (("pressure", kb.pressures), ("barrier", kb.barriers)):
        for fid, f in known.items():
            if f"{group}_{fid}" in by_id:   # some responses merge into other advice
                assert by_id[f"{group}_{fid}"] == f.response.owner, fid


def test_a_factor_without_an_owner_is_refused():
    text = (ROOT / "knowledge" / "factors.yaml").read_text(encoding="utf-8")
    with pytest.raises(msgspec.ValidationError, match="owner"):
        msgspec.yaml.decode(text.replace("      owner: finance\n", "", 1).encode(),
                            type=knowledge.FactorsFile)


def test_a_factor_owner_not_among_the_actors_is_refused(kb):
    bad = msgspec.structs.replace(kb.pressures["sr04"], response=msgspec.structs.replace(
        kb.pressures["sr04"].response, owner="mayor"))
    broken = copy.copy(kb)
    broken.pressures = {**kb.pressures, "sr04": bad}
    texts = {p.name: p.read_text(encoding="utf-8") for p in (ROOT / "rules").glob("*.yaml")}
    with pytest.raises(DataError, match="sr04: response.owner 'mayor'"):
        rules.load_from(texts, broken)
