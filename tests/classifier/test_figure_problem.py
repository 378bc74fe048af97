"""A figure answer out of range is said the same way by every reader of answers: a profile's `answers`, the
questionnaire workbook and the interview all ask profile.figure_problem (negative; a percentage over 100;
pounds over all councils' SR04 gains, para 8)."""

from __future__ import annotations

import pytest
import yaml
from backtofront.classifier import profile
from backtofront.classifier import questions as questions_mod
from backtofront.interview import store
from workbook_fill import blank, fill

CASES = [
    ("figure_back_office_share_of_gains_pct", -3, "-3 is negative: a figure is 0 or more"),
    ("figure_back_office_share_of_gains_pct", 150, "150 is more than 100: a percentage is from 0 to 100 "
                                                   "(45 for 45%)"),
    ("figure_sr04_efficiency_gains_gbp", 5_000_000_000, "5,000,000,000 is more than all councils in England "
                                                        "made together in SR04 (£4.3 billion, para 8): check "
                                                        "the figure is in pounds"),
]


@pytest.mark.parametrize("qid, value, words", CASES)
def test_the_profile_the_workbook_and_the_interview_say_the_same(run_cli, tmp_path, qid, value, words):
    path = tmp_path / "council.yaml"
    path.write_text(yaml.safe_dump({"council": {"name": "A District Council", "type": "district"},
                                    "answers": {qid: value}}), encoding="utf-8")
    code, _, err = run_cli("assess", str(path))
    assert code == 2 and f"answers.{qid}: {words}" in err, err
    book = fill(blank(tmp_path / "survey.xlsx"), answers={qid: value})
    other = tmp_path / "other.yaml"   # a second respondent, for combine
    other.write_text("council: {name: A District Council, type: district}\nrespondent: {name: Bea}\n"
                     "answers: {efficiency_policy_status: ad_hoc}\n", encoding="utf-8")
    code, _, err = run_cli("combine", str(book), str(other), "-o", str(tmp_path / "out.yaml"))
    assert code == 2 and words in err, err
    question = questions_mod.load().by_id[qid]
    assert store.check_answer(question, store.Answer(value)) == words


@pytest.mark.parametrize("unit, value", [("pct", 0), ("pct", 100), ("gbp", profile.MAX_GBP), (None, 0.5)])
def test_a_figure_in_range_has_no_problem(unit, value):
    assert profile.figure_problem(value, unit) is None
