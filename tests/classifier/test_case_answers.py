"""Every bundled case-study council also ships as an answers profile (examples/cases/answers/): its
answers, judged by the rules, give the stages its bundled profile states, and every answer is sourced
in the report."""

from __future__ import annotations

import re

import pytest
from backtofront.classifier import cases as cases_mod

STATED = cases_mod.load_all()
ANSWERED = cases_mod.load_answers()


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("’", "'").replace("‘", "'")).strip()


def test_every_bundled_case_has_an_answers_profile():
    assert sorted(ANSWERED) == sorted(STATED)


@pytest.mark.parametrize("number", sorted(STATED))
def test_answers_give_the_stated_stages(classifier, number):
    stated = STATED[number].profile.characteristics.assessed()
    case = ANSWERED[number]
    assert case.profile.council == STATED[number].profile.council
    assert not case.profile.characteristics.assessed()  # no stage is written: they are all judged
    result = classifier.classify(case.profile)
    judged = {cid: c.stage.id for cid, c in result.characteristics.items() if c.stage}
    assert judged == {cid: a.stage for cid, a in stated.items()}
    for cid in stated:
        c = result.characteristics[cid]
        assert c.basis == "evidenced", cid
        if c.provisional:  # the file says why, naming the characteristic
            assert c.name in (case.profile.notes or ""), cid
    assert not result.flag("conflicting_evidence")


@pytest.mark.parametrize("number", sorted(STATED))
def test_every_answer_is_sourced_in_the_report(report_text, number):
    case = ANSWERED[number]
    text = _squash(report_text)
    for qid, answer in case.profile.answered().items():
        source = case.sources[f"answers.{qid}"]
        assert answer.evidence and _squash(answer.evidence) in text, qid
        assert source.quote and _squash(source.quote) == _squash(answer.evidence), qid
        if source.basis == "reading":
            assert source.note, qid
