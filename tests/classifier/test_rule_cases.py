"""Every rule's named cases, from tests/rule_cases/<RULE>.yaml, through one parametrised test.

A case gives a profile (the council is filled in) and what the rule must do:
  fires: true/false, or for a for_each rule the list of items it fires for (exactly those);
and optionally: overall (stage id or null), stages ({characteristic: stage id or null}), flags (ids that must
be raised), recommendations (ids that must be given), not_recommended (ids that must not be given), to_confirm
(facts that must be asked for instead of advised on), held_back (ids the consistency pass held back, with its
reason in the trace), not_to_confirm (facts that must not be), conclusion (text the rule's conclusion must
contain), per flag id: message_contains (text the message of that flag, as this rule raised it, must contain)
and message_lacks (texts it must not), per recommendation id: action_contains (text), action_lacks (texts),
why_contains (text), why_lacks (texts), citations (that must be among its citations), citations_lack, basis
(report or inferred), priority, moves (its characteristics and stages), and per fact asked for:
confirm_contains (text), confirm_lacks (texts), confirm_citations (that must be among its citations),
confirm_citations_lack."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import make_profile

CASES = Path(__file__).resolve().parents[1] / "rule_cases"


def _cases():
    for path in sorted(CASES.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for name, case in data["cases"].items():
            yield pytest.param(data["rule"], case, id=f"{data['rule']}_{name}")


# Every key a case may give: a misspelt one would otherwise check nothing and pass
KEYS = {
    "action_contains", "action_lacks", "basis", "citations", "citations_lack", "conclusion",
    "confirm_citations", "confirm_citations_lack", "confirm_contains", "confirm_lacks", "fires",
    "flags", "held_back", "merged_into", "message_contains", "message_lacks", "moves", "not_recommended",
    "not_to_confirm", "overall", "priority", "profile", "recommendations", "stages", "title", "to_confirm",
    "why_contains", "why_lacks",
}


def test_every_case_uses_only_the_keys_this_test_checks():
    unknown = {(rule_id, key) for param in _cases() for rule_id, case in [param.values] for key in case
               if key not in KEYS}
    assert not unknown, f"unknown keys in tests/rule_cases: {sorted(unknown)}"


@pytest.mark.parametrize("rule_id,case", list(_cases()))
def test_rule_case(classifier, rule_id, case):
    result = classifier.classify(make_profile(case.get("profile") or {}))
    fired = [t for t in result.trace if t.rule == rule_id and t.phase != "consistency"]
    rule = classifier.rules.get(rule_id)
    expected = case["fires"]
    if rule.spec.for_each:
        assert sorted(t.item for t in fired) == sorted(expected or [])
    else:
        assert len(fired) == int(expected), [t.conclusion for t in fired]  # fires once, or not at all
    if "overall" in case:
        assert result.overall.stage == case["overall"]
    for cid, stage in case.get("stages", {}).items():
        got = result.characteristics[cid].stage
        assert (got.id if got else None) == stage, cid
    for flag_id in case.get("flags", []):
        assert flag_id in [f.id for f in result.flags]
    for rec_id in case.get("recommendations", []):
        assert rec_id in [r.id for r in result.recommendations]
    for rec_id in case.get("not_recommended", []):
        assert rec_id not in [r.id for r in result.recommendations]
    held = [t.item for t in result.trace if t.phase == "consistency" and t.conclusion.startswith("Held back")]
    for rec_id in case.get("held_back", []):
        assert rec_id in held and rec_id not in [r.id for r in result.recommendations], held
    asked = [t.fact for t in result.to_confirm]
    for fact in case.get("to_confirm", []):
        assert fact in asked, asked
    for fact in case.get("not_to_confirm", []):
        assert fact not in asked, asked
    if "conclusion" in case:
        assert any(case["conclusion"] in t.conclusion for t in fired), [t.conclusion for t in fired]
    # the words of a flag this rule raised (a for_each rule's messages, one after another)
    messages = {f.id: " ".join(" ".join(g.message.split()) for g in result.flags
                               if g.id == f.id and g.rule == rule_id) for f in result.flags}
    for flag_id, text in case.get("message_contains", {}).items():
        assert " ".join(text.split()) in messages.get(flag_id, ""), messages.get(flag_id)
    for flag_id, texts in case.get("message_lacks", {}).items():
        assert all(t not in messages.get(flag_id, "") for t in texts), messages.get(flag_id)
    recs = {r.id: r for r in result.recommendations}
    for rec_id, text in case.get("action_contains", {}).items():
        assert text in " ".join(recs[rec_id].action.split()), recs[rec_id].action
    for rec_id, texts in case.get("action_lacks", {}).items():
        assert all(t not in recs[rec_id].action for t in texts), recs[rec_id].action
    for rec_id, cites in case.get("citations", {}).items():
        assert set(cites) <= set(recs[rec_id].citations), recs[rec_id].citations
    for rec_id, cites in case.get("citations_lack", {}).items():
        assert not set(cites) & set(recs[rec_id].citations), recs[rec_id].citations
    for rec_id, title in case.get("title", {}).items():
        assert recs[rec_id].title == title, recs[rec_id].title
    for rec_id, text in case.get("why_contains", {}).items():
        assert " ".join(text.split()) in " ".join(" ".join(recs[rec_id].why).split()), recs[rec_id].why
    for rec_id, texts in case.get("why_lacks", {}).items():
        assert all(t not in " ".join(recs[rec_id].why) for t in texts), recs[rec_id].why
    # advice that says the same as other advice is one recommendation with it (consistency.one_each)
    for rec_id, host in case.get("merged_into", {}).items():
        assert rec_id not in recs and rec_id in recs[host].covers, [(r.id, list(r.covers))
                                                                    for r in recs.values()]
    for rec_id, basis in case.get("basis", {}).items():
        assert recs[rec_id].basis == basis, rec_id
    for rec_id, priority in case.get("priority", {}).items():
        assert recs[rec_id].priority == priority, rec_id
    for rec_id, moves in case.get("moves", {}).items():
        assert recs[rec_id].characteristics == moves, rec_id
    confirms = {t.fact: t for t in result.to_confirm}
    for fact, text in case.get("confirm_contains", {}).items():
        assert text in " ".join(confirms[fact].text.split()), confirms[fact].text
    for fact, texts in case.get("confirm_lacks", {}).items():
        assert all(t not in confirms[fact].text for t in texts), confirms[fact].text
    for fact, cites in case.get("confirm_citations", {}).items():
        assert set(cites) <= set(confirms[fact].citations), confirms[fact].citations
    for fact, cites in case.get("confirm_citations_lack", {}).items():
        assert not set(cites) & set(confirms[fact].citations), confirms[fact].citations
