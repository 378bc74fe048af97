"""An option a respondent picks describes their own council's situation, in the present tense; an option
resting on a case study does not retell that case study (one district's past, a named council): its
citation and quoted key phrase say where in the report it comes from."""

from __future__ import annotations

import re

import pytest
from backtofront.classifier import knowledge, questions

BANK = questions.load()
KB = knowledge.load()
# A story's verbs: what one council did, or what was done to it.
PAST = re.compile(r"\b(did|was|were|had|considered|failed|rejected|led|began|used)\b", re.IGNORECASE)
# The case-study councils' names as an option might carry them ("Worcestershire", "North Warwickshire").
PLACES = sorted({w for cs in KB.case_studies.values() for w in re.findall(r"[A-Z][a-z]{3,}", cs.council)}
                - {"Council", "County", "District", "Borough", "City", "London", "Metropolitan"})

FROM_CASE_STUDIES = [pytest.param(q, o, id=f"{q.id}.{o.id}") for q in BANK.questions for o in q.options
                     if (o.cite or "").startswith("Case study")]


def test_the_case_study_options_are_found():
    ids = {p.id for p in FROM_CASE_STUDIES}
    assert {"management_leadership_challenge.no_forum", "management_leadership_scrutiny.retrospect"} <= ids
    assert "Worcestershire" in PLACES


@pytest.mark.parametrize("question,option", FROM_CASE_STUDIES)
def test_an_option_from_a_case_study_describes_not_retells(question, option):
    assert not PAST.search(option.text), option.text
    assert not [p for p in PLACES if p in option.text], option.text


@pytest.mark.parametrize("qid, oid, cite, text", [
    ("management_leadership_challenge", "no_forum", "Case study 4",
     "No: senior officers and councillors do not have a forum to discuss and develop strategy"),
    ("management_leadership_scrutiny", "retrospect", "Case study 4",
     "It looks at the efficiency programme, but only in retrospect"),
])
def test_the_case_study_4_options_read_as_a_situation(qid, oid, cite, text):
    option = BANK.by_id[qid].option(oid)
    assert option.cite == cite and option.stage == "transactional" and option.text == text
