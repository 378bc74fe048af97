"""A case-study council's stage read from the report's own sentence is the assessment's reading of the
report, and its reasons say so: never "Today it is at the transitional stage" as if the council had
stated it (Result.credited)."""

from __future__ import annotations

import re

import pytest


@pytest.mark.parametrize("case", ["3", "5", "8"])
def test_a_stage_read_from_the_report_is_said_to_be_a_reading(run_cli, case):
    code, out, err = run_cli("letter", "--case", case, "-f", "md", "--date", "2008-11-01")
    assert code == 0, err
    flat = " ".join(out.split())
    # the reading's own reasoning (the case file's note), or Table 4's description read from the report
    assert re.search(r"is read as (transactional|transitional|transformational) \(the assessment's reading\)",
                     flat) or "On the assessment's reading of the report, " in flat
    assert f"The report, Case study {case}, says:" in flat
    assert "Today it is at the" not in flat and "is today at the" not in flat
