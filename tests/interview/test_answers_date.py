"""`interview --answers FILE --date DATE`: the assessment date of a new profile (or of one not yet dated),
read as `letter --date` reads it; a profile dated otherwise, or an answers file giving another date, is
refused in one line (exit 2) and nothing is written."""

from __future__ import annotations

import datetime as dt

import interview_bank
import pytest
from backtofront.classifier import profile

SHEET = "question_id,answer\npolicy_status,3\n"
OCTOBER = dt.date(2008, 10, 31)


@pytest.fixture
def bank(monkeypatch):
    return interview_bank.install(monkeypatch)


@pytest.fixture
def sheet(tmp_path):
    path = tmp_path / "workshop.csv"
    path.write_text(SHEET, encoding="utf-8")
    return path


def fill(run_cli, target, answers, *more: str):
    return run_cli("interview", "-o", str(target), "--answers", str(answers), *more)


@pytest.mark.parametrize("name", ["p.yaml", "p.json"])
@pytest.mark.parametrize("typed", ["2008-10-31", "31/10/2008"])
def test_a_new_profile_records_the_date(bank, tmp_path, run_cli, sheet, name, typed):
    target = tmp_path / name
    code, _, err = fill(run_cli, target, sheet, "--name", "A", "--type", "county", "--date", typed)
    assert code == 0, err
    assert err.startswith(f"Added 1 answer from {sheet} to {target}.")
    assert profile.load(target).assessed_on == OCTOBER
    assert "2008-10-31" in target.read_text(encoding="utf-8")   # saved as ISO, whatever was typed


def test_a_date_that_is_not_one_is_refused_before_anything_is_made(bank, tmp_path, run_cli, sheet):
    target = tmp_path / "p.yaml"
    code, out, err = fill(run_cli, target, sheet, "--name", "A", "--type", "county", "--date", "31/02/2008")
    assert (code, out) == (2, "")
    assert err.startswith("Error: Invalid value for '--date': '31/02/2008' is not a real date")
    assert len(err.strip().splitlines()) == 1
    assert not target.exists()


def test_a_profile_dated_otherwise_is_refused_and_the_same_date_kept(bank, tmp_path, run_cli, sheet):
    target = tmp_path / "p.yaml"
    dated = "council: {name: A, type: county}\nassessed_on: 2008-09-30  # the workshop\n"
    target.write_text(dated, encoding="utf-8")
    code, out, err = fill(run_cli, target, sheet, "--date", "2008-10-31")
    assert (code, out) == (2, "")
    assert err.strip() == (f"Error: {target}: is dated 2008-09-30, not --date 2008-10-31: an interview does "
                           "not change a profile's date; to change it, edit its assessed_on: key")
    assert target.read_text(encoding="utf-8") == dated          # nothing added, the date as it was
    code, _, err = fill(run_cli, target, sheet, "--date", "30/09/2008")
    assert code == 0, err
    assert target.read_text(encoding="utf-8").startswith(dated)  # the same date: nothing to do
    assert profile.load(target).answered()["policy_status"].answer == "embedded"


def test_an_undated_profile_takes_the_date(bank, tmp_path, run_cli, sheet):
    target = tmp_path / "p.yaml"
    target.write_text("council: {name: A, type: county}\n", encoding="utf-8")
    code, _, err = fill(run_cli, target, sheet, "--date", "31/10/2008")
    assert code == 0, err
    assert profile.load(target).assessed_on == OCTOBER
    assert target.read_text(encoding="utf-8").startswith("council: {name: A, type: county}\n"
                                                         "assessed_on: 2008-10-31\n")


def test_an_answers_file_giving_another_date_is_refused_naming_both(bank, tmp_path, run_cli):
    answers = tmp_path / "r.yaml"
    answers.write_text("council: {name: A, type: county}\nassessed_on: 2008-09-30\n"
                       "answers:\n  policy_status: embedded\n", encoding="utf-8")
    target = tmp_path / "p.yaml"
    code, out, err = fill(run_cli, target, answers, "--date", "2008-10-31")
    assert (code, out) == (2, "")
    assert err.strip() == (f"Error: --date 2008-10-31 and the assessed_on: 2008-09-30 of {answers} differ; "
                           "give one date")
    assert not target.exists()
    code, _, err = fill(run_cli, target, answers, "--date", "30/09/2008")   # the same date, written otherwise
    assert code == 0, err
    assert profile.load(target).assessed_on == dt.date(2008, 9, 30)
    again = tmp_path / "again.yaml"
    code, _, err = fill(run_cli, again, answers)                             # the file's own date alone
    assert code == 0, err
    assert profile.load(again).assessed_on == dt.date(2008, 9, 30)


def test_date_without_answers_is_refused(bank, tmp_path, run_cli):
    target = tmp_path / "p.yaml"
    code, out, err = run_cli("interview", "-o", str(target), "--plain", "--date", "2008-10-31")
    assert (code, out) == (2, "")
    assert err.strip() == ("Error: --date goes with --answers; the interview asks for the assessment date "
                           "itself")
    assert not target.exists()


def test_the_help_documents_date_with_an_example(run_cli):
    code, out, _ = run_cli("interview", "--help")
    assert code == 0
    assert "--date DATE" in out and "--type district --date 2008-10-31" in out
