"""Page 1 of a letter words its counts for 0, 1 and n ("One of the eight characteristics of Table 4 was
assessed"), says in one plain sentence why a stage is provisional, and why the council is not a stage higher
when most of what was assessed is above its overall stage; an unnamed case-study council reads in lower case
inside a sentence. Every bundled case council's page 1 is read the same way."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from backtofront.classifier.rules import in_words
from backtofront.render import letter as letter_mod

from conftest import make_profile

ROOT = Path(__file__).resolve().parents[2]
IDS = ["efficiency_policy", "service_transformation", "organisational_change", "back_office_front_line",
       "planning_monitoring", "sustainability", "time_scales", "management_leadership"]


def _page_one(classifier, kb, stages: dict) -> str:
    result = classifier.classify(make_profile({"characteristics": stages}))
    return letter_mod.build(result, kb).summary[0]


@pytest.mark.parametrize("n, words", [(1, "One of the eight characteristics of Table 4 was assessed"),
                                      (2, "Two of the eight characteristics of Table 4 were assessed"),
                                      (8, "All eight characteristics of Table 4 were assessed")])
def test_the_count_of_characteristics_agrees_with_its_verb(classifier, kb, n, words):
    text = _page_one(classifier, kb, {cid: "transitional" for cid in IDS[:n]})
    assert words + ":" in text


def test_no_characteristic_assessed_is_said_plainly(classifier, kb):
    text = _page_one(classifier, kb, {})
    assert "No characteristic of Table 4 was assessed for" in text
    assert "were assessed" not in text


@pytest.mark.parametrize("n", [1, 2, 3])
def test_a_provisional_stage_says_why_on_page_one(classifier, kb, n):
    text = _page_one(classifier, kb, {cid: "transitional" for cid in IDS[:n]})
    verb = "was" if n == 1 else "were"
    assert (f"This stage is provisional: only {in_words(n)} of the eight characteristics {verb} "
            "assessed, fewer than half, so it may change when the rest are assessed.") in text


def test_a_stage_on_half_the_characteristics_is_not_called_provisional(classifier, kb):
    text = _page_one(classifier, kb, {cid: "transitional" for cid in IDS[:4]})
    assert "provisional" not in text


def test_a_lone_transformational_characteristic_is_explained(classifier, kb):
    """The council is transitional while its one assessed characteristic is transformational: page 1 says
    why (the rule's unmet condition), in the same paragraph."""
    text = _page_one(classifier, kb, {"management_leadership": "transformational"})
    assert "takes a transitional approach" in text and "one transformational." in text
    assert "This stage is provisional" in text
    assert ("To be transformational (para 47, Table 4), efficiency policy must be transformational; here it "
            "is not assessed.") in text


def test_no_reason_is_added_where_the_stage_is_not_in_doubt(classifier, kb):
    text = _page_one(classifier, kb, {cid: "transitional" for cid in IDS})
    assert "To be transformational" not in text


def test_the_advice_to_assess_the_rest_agrees_with_its_count(classify):
    one = classify({"characteristics": {"time_scales": "transitional"}})
    rec = next(r for r in one.recommendations if r.id == "assess_remaining_characteristics")
    assert rec.why[0].startswith("Only one of the eight characteristics was assessed: the overall stage "
                                 "rests on that one, so it is provisional")
    three = classify({"characteristics": {cid: "transitional" for cid in IDS[:3]}})
    rec = next(r for r in three.recommendations if r.id == "assess_remaining_characteristics")
    assert rec.why[0].startswith("Only three of the eight characteristics were assessed: the overall stage "
                                 "rests on those, so")


CASES = [n for n in range(1, 19) if n != 11]


@pytest.mark.parametrize("case", CASES)
def test_each_case_councils_page_one(run_cli, case):
    code, out, err = run_cli("letter", "--case", str(case), "--brief", "-f", "md")
    assert code == 0, err
    stands = out.split("## Where the council stands: ", 1)[1].split("\n\n")[1]
    assert not re.search(r"\bOne of the eight characteristics[^.]* were\b", out)
    assert not re.search(r"\bOnly one of the eight characteristics were\b", out)
    assert "A district council" not in out.split("**What we ask of you:**", 1)[1].split("\n")[0]
    headline = out.split("## Where the council stands: ", 1)[1].split("\n")[0]
    assert ("This stage is provisional" in stands) == ("provisional" in headline)


def test_an_unnamed_case_council_is_lower_case_on_page_one(run_cli):
    code, out, err = run_cli("letter", "--case", "10", "--brief", "-f", "md")
    assert code == 0, err
    assert "The report states that the district council of Case study 10 took a transactional approach" in out


@pytest.mark.parametrize("n", [1, 2])
def test_the_walkthroughs_last_step_counts_its_recommendations(classifier, n):
    """One recommendation "follows", two "recommendations follow"."""
    from msgspec.structs import replace

    from backtofront.render import trainer

    result = classifier.classify(make_profile({"characteristics": {cid: "transitional" for cid in IDS}}))
    result = replace(result, recommendations=list(result.recommendations)[:n])
    step = trainer._overall_step(result, classifier, None, "backtofront assess council.yaml", {})
    text = " ".join(step.paragraphs)
    if n == 1:
        assert "One recommendation follows: " in text and "recommendations follow" not in text
    else:
        assert "2 recommendations follow; the first: " in text


# A count of ten or fewer is a word wherever the product words it; "2 moves, one of 2 as short" mixed them.
MIXED = re.compile(r"\b(?:one of [0-9]|[0-9] moves?)\b")


@pytest.mark.parametrize("case", CASES)
def test_path_counts_are_words_in_the_letter_and_the_report(run_cli, case):
    for args in (("letter", "--case", str(case), "-f", "md"), ("assess", "--case", str(case))):
        code, out, err = run_cli(*args)
        assert code == 0, err
        assert not MIXED.search(out), MIXED.search(out)


@pytest.mark.parametrize("more, tail", [(1, "and 1 more problem"), (2, "and 2 more problems")])
def test_the_problems_left_unlisted_are_counted_with_their_noun(more, tail):
    from backtofront.classifier.errors import MAX_PROBLEMS, InputError, raise_all

    with pytest.raises(InputError) as caught:
        raise_all([f"line {i}: wrong" for i in range(MAX_PROBLEMS + more)], source="answers.csv")
    assert caught.value.problems[-1] == tail
