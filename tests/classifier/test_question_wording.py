"""The question bank does not lead: an option describes a practice, never names the stage it is evidence
for (an officer would pick the stage's name, not the practice), while still quoting the report."""

from __future__ import annotations

import re

import pytest
from backtofront.classifier import questions

BANK = questions.load()
STAGE_WORDS = re.compile(r"\b(transactional|transitional|transformational)\b", re.IGNORECASE)


@pytest.mark.parametrize("question", BANK.questions, ids=lambda q: q.id)
def test_no_option_names_a_stage(question):
    leading = [(o.id, o.text) for o in question.options if STAGE_WORDS.search(o.text)]
    assert leading == []


@pytest.mark.parametrize("qid, oid, stage", [
    ("service_transformation_perspective", "department", "transactional"),
    ("service_transformation_perspective", "customers", "transformational"),
    ("sustainability_windfalls", "some", "transitional"),
])
def test_reworded_options_keep_their_ids_and_stages(qid, oid, stage):
    option = BANK.by_id[qid].option(oid)
    assert option is not None and option.stage == stage


def test_a_list_question_whose_unchosen_options_mean_no_says_so():
    """An option left out of an answered techniques question is recorded as not used (or not planned):
    the advice may then say so, so the question tells the person answering before they answer."""
    from backtofront.classifier import questions as questions_mod

    bank = questions_mod.load().by_id
    for qid, word in (("techniques_used", "not used"), ("techniques_planned", "not planned")):
        assert f"a technique left out is recorded as {word}" in bank[qid].help, qid
