"""Profiles with answers to the question bank and characteristic overrides: loading and validation."""

from __future__ import annotations

import pytest
from backtofront.classifier import profile
from backtofront.classifier.errors import InputError
from backtofront.classifier.questions import load as load_bank

COUNCIL = {"name": "X", "type": "district"}


def _parse(**data):
    return profile.parse({"council": COUNCIL, **data}, "p.yaml")


def _first(kind):
    return next(q for q in load_bank().questions if q.kind == kind)


def test_short_and_long_answers_normalised():
    q = _first("single")
    p = _parse(answers={q.id: {"answer": q.options[0].id, "evidence": "minutes 3 May"}})
    a = p.answered()[q.id]
    assert (a.answer, a.evidence, a.justification) == (q.options[0].id, "minutes 3 May", None)
    p = _parse(answers={q.id: "dont_know"})
    assert p.answered()[q.id].answer == "dont_know"


def test_na_needs_justification():
    q = _first("single")
    with pytest.raises(InputError, match=rf"answers\.{q.id}: 'na' .* needs a one-line justification"):
        _parse(answers={q.id: "na"})
    p = _parse(answers={q.id: {"answer": "na", "justification": "no such service"}})
    assert p.answered()[q.id].justification == "no such service"


@pytest.mark.parametrize("answers,message", [
    ({"efficiency_policy_statu": "ad_hoc"}, r"unknown question "
                                            r"'efficiency_policy_statu'.*'efficiency_policy_status'"),
    ({"efficiency_policy_status": "adhoc"}, r"'adhoc' is not valid; choose one of .*did you mean 'ad_hoc'"),
    ({"efficiency_policy_status": {"answer": "ad_hoc", "evidenc": "x"}}, r"evidenc: unknown key.*'evidence'"),
    ({"efficiency_policy_status": {"evidence": "x"}}, r"answer: required key is missing"),
    ({"efficiency_policy_status": {"answer": "ad_hoc", "justification": "x"}}, r"only an 'na' answer"),
    ("ad_hoc", r"answers: expected a mapping"),
])
def test_bad_answers_name_place_and_fix(answers, message):
    with pytest.raises(InputError, match=message) as info:
        _parse(answers=answers)
    assert str(info.value).startswith("p.yaml: answers")


def test_override_alone_or_beside_a_stage():
    p = _parse(characteristics={"sustainability": {"override": {"stage": "transitional", "reason": "r"}},
                                "time_scales": {"stage": "transactional",
                                                "override": {"stage": "transformational", "reason": "s"}}})
    assert p.characteristics.assessed().keys() == {"time_scales"}
    assert {k: (o.stage, o.reason) for k, o in p.characteristics.overrides().items()} == {
        "sustainability": ("transitional", "r"), "time_scales": ("transformational", "s")}


@pytest.mark.parametrize("value,message", [
    ({"evidence": "x"}, "needs a stage, an override"),
    ({"override": {"stage": "transitional"}}, r"override\.reason: required key is missing"),
    ({"override": {"stage": "transitonal", "reason": "r"}}, r"did you mean 'transitional'"),
])
def test_bad_overrides(value, message):
    with pytest.raises(InputError, match=message):
        _parse(characteristics={"sustainability": value})
