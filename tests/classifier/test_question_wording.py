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
