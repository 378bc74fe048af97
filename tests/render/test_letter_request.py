"""What a letter asks and how it marks its readings: the suggested date of the next assessment is never a
month already past, and the reading marker goes with the advice's citations, never after a quotation."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from backtofront.render import letter as letter_mod

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = str(ROOT / "examples" / "district-transitional.yaml")  # assessed on 31 March 2008


def test_the_next_assessment_is_a_year_after_this_one_when_that_is_still_ahead(run_cli):
    code, out, _ = run_cli("letter", EXAMPLE, "-f", "md", "--date", "2008-06-01")
    assert code == 0 and "we suggest March 2009, a year after this assessment" in out


def test_the_next_assessment_is_never_a_month_already_past(run_cli):
    code, out, _ = run_cli("letter", EXAMPLE, "-f", "md", "--date", "2010-06-01")
    assert code == 0
    assert "we suggest June 2011, a year from this letter" in out and "March 2009" not in out


def test_a_profile_without_a_date_is_reassessed_a_year_from_the_letter(run_cli):
    """Case study 9's profile gives no date of assessment: the suggestion counts from the letter, and never
    speaks of "a year after this assessment"."""
    code, out, _ = run_cli("letter", "--case", "9", "-f", "md", "--date", "2008-11-01")
    assert code == 0
    assert "we suggest November 2009, a year from this letter" in out and "after this assessment" not in out


def test_the_reading_marker_goes_with_the_citations_not_after_a_quotation(run_cli):
    code, out, _ = run_cli("letter", "--case", "5", "-f", "md", "--date", "2008-11-01")
    assert code == 0
    assert "This advice is the assessment's reading" not in out  # no stock sentence per recommendation
    assert not re.search(r"”\s*\(the assessment's reading\)", out)  # never right after a quotation
    # the body's citation line
    assert re.search(r"_para \d+[^_\n]*\(the assessment's reading\)\. Read: ", out)
    assert re.search(r"\| [^|\n]*Table 4[^|\n]* \(the assessment's reading\) \|", out)  # annex citations


@pytest.mark.parametrize("priorities, words", [(0, "the next steps"), (1, "the priority below and its owner"),
                                               (3, "the priorities below and their owners")])
def test_the_request_agrees_with_the_number_of_priorities(priorities, words):
    """Worcestershire's letter has one priority: "agree the priority below and its owner", never "the
    priorities below"."""
    text = letter_mod.request("A Council", dt.date(2026, 12, 6), "2026-11-01", priorities)
    assert text.startswith(f"We ask you to agree {words} by 3 January 2027")
