"""Para 36's key characteristics of strategic approaches, as an option of a Table 4 characteristic's question
gives them: facts of their own (classifier/facts.py, `strategic_answered.<id>`), read by the flag for a
characteristic recorded as lacking beside the answer that gives it (BT133)."""

from __future__ import annotations

import pytest
from backtofront.classifier import facts as facts_mod
from backtofront.classifier import questions as questions_mod
from backtofront.render import letter as letter_mod
from conftest import make_profile

# para 36 characteristic -> (the Table 4 characteristic's question, its option that gives the characteristic)
PAIRS = {"citizen_perspective": ("back_office_front_line_efficiency", "seamless"),
         "linked_to_corporate_objectives": ("efficiency_policy_objectives", "strong_links"),
         "political_support": ("management_leadership_challenge", "strong_political_leadership")}


def test_each_pair_is_an_option_of_a_characteristic_question_and_a_para_36_question(kb, classifier):
    bank = questions_mod.load()
    assert {k: (q, *yes) for k, (q, yes, no) in facts_mod.STRATEGIC_ANSWERS.items()} == PAIRS
    assert all(not no for _, _, no in facts_mod.STRATEGIC_ANSWERS.values())  # never absent
    ids = [i.id for i in kb.strategic_characteristics.items]
    for key, (question, option) in PAIRS.items():
        q = bank.by_id[question]
        assert key in ids and q.characteristic and option in {o.id for o in q.options}
        field = bank.by_id[f"strategic_{key}"]
        assert field.field == f"strategic_approach.{key}" and field.citations == ["para 36"]
        assert classifier._facts[f"strategic_answered.{key}"].kind == "tri"
    # the efficiency board is left out (its option does not say what para 36 asks of the board)
    assert "efficiency_board" in ids and "efficiency_board" not in facts_mod.STRATEGIC_ANSWERS


@pytest.mark.parametrize("key", list(PAIRS))
def test_the_flag_quotes_the_option_as_the_bank_words_it(classifier, key):
    question, option = PAIRS[key]
    bank = questions_mod.load()
    words = next(o.text for o in bank.by_id[question].options if o.id == option)
    result = classifier.classify(make_profile({"answers": {question: option, f"strategic_{key}": "lacking"}}))
    [flag] = [f for f in result.flags if f.id == "contradictory_strategic_answers"]
    message = " ".join(flag.message.split())
    assert f"is “{words}”" in message and f"“{bank.by_id[question].text}”" in message
    assert f"“{bank.by_id[f'strategic_{key}'].text}”" in message


@pytest.mark.parametrize("answer,state", [
    ("strong_links", "present"), ("policy_only", "unknown"), ("unconnected", "unknown"),
    ("dont_know", "unknown"), ({"answer": "na", "justification": "No programme yet"}, "unknown"),
    (None, "unknown"),                    # not answered: not recorded
])
def test_an_answer_gives_the_characteristic_or_records_nothing(classifier, answer, state):
    answers = {} if answer is None else {"efficiency_policy_objectives": answer}
    fact = classifier.classify(make_profile({"answers": answers})).facts
    assert fact["strategic_answered.linked_to_corporate_objectives"] == state
    assert fact["strategic.linked_to_corporate_objectives"] == "unknown"  # the para 36 answer is its own


def test_the_facts_in_words(classifier):
    assert classifier.describe_shown("strategic_answered.linked_to_corporate_objectives", "present") == (
        "Efficiency priorities linked to corporate objectives (para 36), as the answer “Strong links between "
        "the efficiency programme and a council's corporate objectives” to “How are the council's efficiency "
        "gains connected to its corporate objectives?” gives it: answered")
    assert classifier.describe_shown("strategic_answered.political_support", "unknown").endswith(
        ": not answered")


def test_a_letter_names_the_answers_that_contradict_each_other_once(classifier):
    result = classifier.classify(make_profile({"answers": {
        "efficiency_policy_objectives": "strong_links",
        "strategic_linked_to_corporate_objectives": "lacking"}}))
    letter = letter_mod.build(result, classifier.kb)
    found = [f for f in letter.findings if "Strong links between the efficiency programme" in f]
    assert len(found) == 1 and "record which holds" in found[0]
    assert "“How are the council's efficiency gains connected to its corporate objectives?”" in found[0]
    assert "(para 50)" in found[0]
