"""The terminal report's case-study reading lists: short, in the report's order, never split so that a
line starts with a bare number."""

from __future__ import annotations

from backtofront.render.formats import reading_list


def test_one_case_study():
    assert reading_list(["Case study 7"]) == "Case study 7"


def test_sorted_and_joined_in_words():
    assert reading_list(["Case study 9", "Case study 2"]) == "Case studies 2 and 9"


def test_at_most_three_the_first_named_and_the_rest_counted():
    named = [f"Case study {n}" for n in (10, 4, 2, 19, 5)]
    assert reading_list(named) == "Case studies 2, 4 and 10 (and 2 more with --format json)"


def test_assess_shows_short_lists(run_cli):
    import re

    code, out, _ = run_cli("assess", "--case", "10")
    assert code == 0
    text = " ".join(out.split())
    lists = re.findall(r"; read (Case stud(?:y|ies) [^(]*?)(?: \(and \d+ more with --format json\))?"
                       r"(?: \(the assessment's reading\))? (?:\d+\. |To confirm|and \d+ more|$)", text)
    assert lists, text[-500:]
    for item in lists:
        assert len(re.findall(r"\d+", item)) <= 3, item
    assert "Case study 2, Case study" not in text
