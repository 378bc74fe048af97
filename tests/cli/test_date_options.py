"""Every --date option reads a date as profiles do (`profile.read_date`): ISO or the UK day-first form."""

from __future__ import annotations

from pathlib import Path

import pytest

EXAMPLE = str(Path(__file__).resolve().parents[2] / "examples" / "district-transitional.yaml")


@pytest.mark.parametrize("written", ["01/04/2027", "1/4/2027", "01.04.2027", "2027-04-01"])
def test_letter_takes_a_uk_date(run_cli, written):
    code, out, err = run_cli("letter", EXAMPLE, "--date", written)
    assert code == 0, err
    assert "**Date:** 1 April 2027" in out  # day first: never 4 January


@pytest.mark.parametrize("written,why", [("31/02/2027", "is not a real date"),
                                         ("next Tuesday", "is not a date"),
                                         ("04/01/27", "is not a date")])
def test_letter_refuses_a_bad_date_naming_the_forms(run_cli, written, why):
    code, out, err = run_cli("letter", EXAMPLE, "--date", written)
    assert code == 2 and out == ""
    assert why in err and "--date" in err
    assert "YYYY-MM-DD (2008-03-31) or DD/MM/YYYY (31/03/2008)" in err and "Traceback" not in err
