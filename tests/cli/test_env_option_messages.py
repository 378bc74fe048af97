"""A bad option value names where it came from: the environment variable only when the value came from
it; a date with digits other than 0-9 is refused as in profiles."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "district-transitional.yaml"


@pytest.fixture
def councils(tmp_path) -> Path:
    (tmp_path / "in").mkdir()
    shutil.copy(EXAMPLE, tmp_path / "in" / "a.yaml")
    return tmp_path / "in"


def test_jobs_from_the_environment_names_the_variable(run_cli, councils, tmp_path, monkeypatch):
    monkeypatch.setenv("BACKTOFRONT_JOBS", "0")
    code, out, err = run_cli("batch", str(councils), "-o", str(tmp_path / "x"))
    assert code == 2 and out == ""
    assert err.splitlines() == ["Error: BACKTOFRONT_JOBS=0: give 1 or more worker processes"]
    assert not (tmp_path / "x").exists()


def test_jobs_typed_names_the_option(run_cli, councils, tmp_path, monkeypatch):
    monkeypatch.setenv("BACKTOFRONT_JOBS", "2")
    code, _, err = run_cli("batch", str(councils), "-o", str(tmp_path / "x"), "--jobs", "0")
    assert code == 2 and err.splitlines() == ["Error: --jobs: give 1 or more worker processes"]


def test_min_cohort_typed_does_not_mention_the_variable(run_cli, monkeypatch):
    monkeypatch.delenv("BACKTOFRONT_MIN_COHORT", raising=False)
    code, _, err = run_cli("benchmark", "--case", "7", "--min-cohort", "0")
    assert code == 2 and len(err.splitlines()) == 1
    assert "'--min-cohort'" in err and "BACKTOFRONT_MIN_COHORT" not in err and "env var" not in err
    monkeypatch.setenv("BACKTOFRONT_MIN_COHORT", "0")
    code, _, err = run_cli("benchmark", "--case", "7")
    assert code == 2 and "BACKTOFRONT_MIN_COHORT" in err


@pytest.mark.parametrize("command", [["letter", "--case", "7"],
                                     ["batch", "IN", "-o", "OUT", "--letters", "md"]])
def test_full_width_digits_in_a_date_are_refused(run_cli, councils, tmp_path, command):
    args = [str(councils) if a == "IN" else str(tmp_path / "out") if a == "OUT" else a for a in command]
    code, out, err = run_cli(*args, "--date", "２００８-１１-０１")
    assert code == 2 and out == ""
    assert len(err.splitlines()) == 1
    assert "U+FF12 FULLWIDTH DIGIT TWO, which is not one of the digits 0-9" in err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("value, said", [
    ("abc", "'abc' is not a whole number; give 1 or more"),
    (" ", "' ' is not a whole number; give 1 or more"),
    ("\u0663", "'\u0663' is not a whole number; give 1 or more"),   # an Arabic-Indic three: not 0-9
    ("0", "0 is less than 1; give 1 or more"),
    ("-2", "-2 is less than 1; give 1 or more"),
    ("9" * 5000, "'" + "9" * 20 + "…' is too large a number"),    # named by its start, not echoed whole
])
def test_a_bad_number_from_the_environment_is_named_briefly(run_cli, monkeypatch, value, said):
    monkeypatch.setenv("BACKTOFRONT_TOP", value)
    code, out, err = run_cli("assess", str(EXAMPLE))
    assert code == 2 and out == ""
    assert err.splitlines() == [f"Error: Invalid value for '--top' (env var: 'BACKTOFRONT_TOP'): {said} "
                                "(see 'backtofront assess --help')"]


def test_top_and_jobs_take_a_plain_number(run_cli, councils, tmp_path, monkeypatch):
    monkeypatch.setenv("BACKTOFRONT_TOP", " 2 ")
    code, out, _ = run_cli("assess", str(EXAMPLE))
    assert code == 0 and "\n  and 17 more: --all" in out and "\n  3. " not in out
    code, _, err = run_cli("batch", str(councils), "-o", str(tmp_path / "x"), "--jobs", "9" * 30)
    assert code == 2 and err.splitlines() == [
        "Error: Invalid value for '-j' / '--jobs': '" + "9" * 20 + "…' is too large a number "
        "(see 'backtofront batch --help')"]


@pytest.mark.parametrize("args, name", [
    (["cases", "show", "\u0667"], "NUMBER"),
    (["assess", "--case", "\u0667"], "--case"),
    (["walkthrough", "--case", "\uff17", "--no-pause"], "--case"),
    (["letter", "--case", "7.0"], "--case"),
])
def test_a_case_number_is_written_with_the_digits_0_to_9(run_cli, args, name):
    """An Arabic-Indic or full-width seven is not read as case study 7, as no number option reads it."""
    code, out, err = run_cli(*args)
    shown = repr(args[-1] if args[-1] != "--no-pause" else args[-2])
    assert (code, out) == (2, "")
    assert err.startswith(f"Error: Invalid value for '{name}': {shown} is not a whole number"), err
