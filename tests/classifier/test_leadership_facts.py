"""Para 89's three elements of effective leadership, as the council answers them: facts of their own
(classifier/facts.py, `leadership.<id>`), yes, no or not recorded like every fact about a council, read by
the advice on robust challenge (BT230) and by the flag for answers on challenge that contradict each other
(BT132)."""

from __future__ import annotations

import pytest
from backtofront.classifier import facts as facts_mod
from backtofront.classifier import questions as questions_mod
from backtofront.render import letter as letter_mod
from conftest import make_profile

QUESTIONS = {"challenge_existing": "leadership_challenge_existing",
             "challenge_proposed": "leadership_challenge_proposed",
             "support_agreed": "leadership_support_agreed"}


def test_each_element_of_para_89_is_a_fact_read_from_its_question(kb, classifier):
    bank = questions_mod.load()
    assert ([i.id for i in kb.leadership_elements.items] == list(facts_mod.LEADERSHIP_ANSWERS)
            == list(QUESTIONS))
    for key, (question, yes, no) in facts_mod.LEADERSHIP_ANSWERS.items():
        q = bank.by_id[question]
        assert question == QUESTIONS[key] and q.section == "leadership" and q.field is None
        assert yes | no == {o.id for o in q.options} and yes == {"strong"} and no == {"weak"}
        assert classifier._facts[f"leadership.{key}"].kind == "tri"


@pytest.mark.parametrize("answer,state", [
    ("strong", "present"), ("weak", "absent"),
    ("dont_know", "unknown"), ({"answer": "na", "justification": "No leaders yet"}, "unknown"),
    (None, "unknown"),                    # not answered: not recorded, never a no
])
def test_an_answer_is_yes_no_or_not_recorded(classifier, answer, state):
    answers = {} if answer is None else {q: answer for q in QUESTIONS.values()}
    fact = classifier.classify(make_profile({"answers": answers})).facts
    assert [fact[f"leadership.{key}"] for key in QUESTIONS] == [state] * 3


def test_the_facts_in_words(classifier):
    assert classifier.describe_shown("leadership.challenge_existing", "present") == (
        "Challenge to existing ways of doing things by the council's leaders (para 89): strong")
    assert classifier.describe_shown("leadership.support_agreed", "absent") == (
        "Support for agreed actions by the council's leaders (para 89): weak or none")
    assert classifier.describe_shown("leadership.challenge_proposed", "unknown").endswith("not recorded")


def test_a_letter_names_the_answers_that_contradict_each_other(classifier):
    result = classifier.classify(make_profile({"answers": {
        "element_robust_challenge": "lacking", "leadership_challenge_existing": "strong",
        "leadership_challenge_proposed": "strong"}}))
    letter = letter_mod.build(result, classifier.kb)
    found = [f for f in letter.findings if "robust approaches to challenging" in f]
    assert len(found) == 1 and "record which holds" in found[0]
    assert "“Do the council's leaders challenge proposed new approaches?”" in found[0]
