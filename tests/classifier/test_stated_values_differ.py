"""A field a profile states and an answer contradicts (rule BT310, flag stated_value_differs), beyond the rule
cases: every field a question fills is compared, the stated value is still the one used, each firing cites
its fields' questions, figures agree within half a unit, and a combined profile's own answer is its answer."""

from __future__ import annotations

from typing import Any

import pytest
from backtofront.classifier import answers as answers_mod
from backtofront.classifier import questions as questions_mod
from backtofront.render import letter as letter_mod
from backtofront.render.plain import Expander, user_texts
from conftest import make_profile

BANK = questions_mod.load()
FIELD_QUESTIONS = [q for q in BANK.questions if q.field]


def _stated(field: str, value: Any) -> dict:
    """Profile data stating `value` in `field` ("pressures", "techniques.used", "figures.x_pct")."""
    group, _, key = field.partition(".")
    return {group: {key: value}} if key else {group: value}


def _values(q: questions_mod.Question) -> tuple[Any, Any, Any]:
    """For a field question: a value to state, the answer that says the same, and one that says otherwise."""
    if q.kind == "single":
        return True, "present", "lacking"
    if q.kind == "multiple":
        first, second = q.options[0].id, q.options[1].id
        return [first, second], [second, first], [second]
    return 10, 10, 20


def test_every_field_question_has_the_kinds_compared():
    assert {q.kind for q in FIELD_QUESTIONS} == {"single", "multiple", "number"}
    for q in FIELD_QUESTIONS:
        if q.kind == "single":  # a yes/no: the answer maps onto present or absent
            assert {o.id for o in q.options} == set(answers_mod.YES_NO), q.id


@pytest.mark.parametrize("q", FIELD_QUESTIONS, ids=lambda q: q.id)
def test_every_field_is_compared_with_its_answer(classify, q):
    stated, same, other = _values(q)
    r = classify({**_stated(q.field, stated), "answers": {q.id: other}})
    flags = [f for f in r.flags if f.id == "stated_value_differs"]
    assert len(flags) == 1
    assert flags[0].message.count(f"“{q.text}”") == 1
    assert flags[0].citations == q.citations  # the places its question cites, and only those
    assert flags[0].rule == "BT310" and flags[0].severity == "warning"
    assert not classify({**_stated(q.field, stated), "answers": {q.id: same}}).flag("stated_value_differs")


def test_the_rule_cites_every_place_the_field_questions_cite(classifier):
    places = {c for q in FIELD_QUESTIONS for c in q.citations}
    assert set(classifier.rules.get("BT310").spec.citations) == places


def test_the_stated_value_is_used_and_each_field_named_once(classify):
    r = classify({
        "pressures": ["sr04"], "four_elements": {"robust_challenge": True},
        "figures": {"cashable_share_pct": 40}, "techniques": {"used": ["ict"]},
        "answers": {"pressures": ["csr07"], "element_robust_challenge": "lacking",
                    "figure_cashable_share_pct": 75, "techniques_used": ["ict", "procurement"],
                    "element_consensus": "lacking"},
    })
    assert r.pressures == ["sr04"]  # stated: kept, as before
    assert r.elements["robust_challenge"] == "present"
    assert r.figures == {"cashable_share_pct": 40.0}
    assert r.techniques_used == ["ict"]
    assert r.elements["consensus"] == "absent"  # an answer to a field the profile leaves empty fills it
    [flag] = [f for f in r.flags if f.id == "stated_value_differs"]
    for q in ("pressures", "techniques_used", "element_robust_challenge", "figure_cashable_share_pct"):
        assert flag.message.count(f"“{BANK.by_id[q].text}”") == 1, q
    assert BANK.by_id["element_consensus"].text not in flag.message
    assert flag.citations == ["Table 3", "Table 5", "para 78", "para 11", "para 12", "para 15"]
    assert flag.item is None
    [entry] = [t for t in r.trace if t.rule == "BT310"]
    assert entry.phase == "judge" and entry.facts == {"answers.stated_fields_differ": 4}
    assert r.to_dict()["flags"][0]["id"] == "stated_value_differs"


@pytest.mark.parametrize("field,stated,answer,differs", [
    ("cashable_share_pct", 40, 40.5, False),           # a whole per cent rounds either way to the other
    ("cashable_share_pct", 40, 39.5, False),
    ("cashable_share_pct", 40, 40.51, True),
    ("cashable_share_pct", 0, 0.6, True),
    ("sr04_efficiency_gains_gbp", 475000, 475000.5, False),  # pounds to the pound
    ("sr04_efficiency_gains_gbp", 475000, 475000.6, True),
    ("sr04_efficiency_gains_gbp", 475000, 475000000, True),  # pounds for thousands of pounds
])
def test_figures_agree_within_half_a_unit(field, stated, answer, differs):
    profile = make_profile({"figures": {field: stated}, "answers": {f"figure_{field}": answer}})
    found = answers_mod.stated_differences(profile, BANK)
    assert [d.field for d in found] == ([f"figures.{field}"] if differs else [])
    assert answers_mod.FIGURE_TOLERANCE == 0.5


def test_a_difference_in_words():
    profile = make_profile({"barriers": [], "strategic_approach": {"political_support": False},
                            "figures": {"back_office_gains_gbp": 1250000},
                            "answers": {"barriers": ["risk_aversion", "existing_contracts"],
                                        "strategic_political_support": "present",
                                        "figure_back_office_gains_gbp": 60000}})
    found = {d.question: (d.kind, d.stated, d.answer, d.by_respondents)
             for d in answers_mod.stated_differences(profile, BANK)}
    assert found == {
        "barriers": ("list", "none", "existing contracts and arrangements and risk aversion", False),
        "strategic_political_support": ("yesno", "lacking", "present", False),
        "figure_back_office_gains_gbp": ("number", "£1,250,000", "£60,000", False)}


def test_the_letter_shows_the_flag(classifier, classify):
    r = classify({"characteristics": {"time_scales": "transitional"}, "four_elements": {"consensus": True},
                  "answers": {"element_consensus": "lacking"}})
    letter = letter_mod.build(r, classifier.kb)
    flag = r.flag("stated_value_differs")
    assert Expander(protect=user_texts(r))(flag.message) in letter.findings


def test_a_combined_profiles_own_answer_records_techniques_over_the_respondents(classify):
    """Respondents who tick techniques differently record those every one of them ticks; an answer in the
    combined profile itself (the facilitator's, after the workshop) records them instead, so nothing stated
    is left to contradict it."""
    respondents = [{"name": "A", "role": "officer", "answers": {"techniques_used": ["ict"]}},
                   {"name": "B", "role": "staff", "answers": {"techniques_used": ["ict", "lean_bpi"]}}]
    r = classify({"respondents": respondents})
    assert r.techniques_used == ["ict"] and not r.flag("stated_value_differs")
    r = classify({"respondents": respondents, "answers": {"techniques_used": ["ict", "procurement"]}})
    assert r.techniques_used == ["ict", "procurement"] and not r.flag("stated_value_differs")
    # a don't know in the combined profile records nothing, so the respondents' agreement stands
    r = classify({"respondents": respondents, "answers": {"techniques_used": "dont_know"}})
    assert r.techniques_used == ["ict"] and not r.flag("stated_value_differs")


def test_a_combined_profile_names_a_field_once_whatever_the_respondents(classify):
    r = classify({"four_elements": {"consensus": True}, "respondents": [
        {"name": n, "role": "staff", "answers": {"element_consensus": "lacking"}} for n in "ABCDE"]})
    [flag] = [f for f in r.flags if f.id == "stated_value_differs"]
    assert flag.message.count("consensus") == 1
    assert "every respondent who answers it answers lacking" in flag.message
    assert r.elements["consensus"] == "present"
