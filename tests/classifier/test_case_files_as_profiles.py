"""The bundled case-study files (examples/cases/*.yaml and examples/cases/answers/*.yaml: keys
case_study, profile and sources) work wherever a profile is read: the file's `profile` is the council."""

from __future__ import annotations

import json
import shutil

import pytest
from backtofront.classifier import cases, profile
from conftest import ROOT

CASES = ROOT / "examples" / "cases"
WORCESTERSHIRE = CASES / "cs09-worcestershire.yaml"
SHEFFIELD_ANSWERS = CASES / "answers" / "cs01-sheffield.yaml"


def test_load_gives_the_case_files_profile():
    assert profile.load(WORCESTERSHIRE) == cases.get(9).profile
    assert profile.load(SHEFFIELD_ANSWERS) == cases.load_answers()[1].profile


@pytest.mark.parametrize("path", [WORCESTERSHIRE, SHEFFIELD_ANSWERS])
def test_assess_takes_a_case_file(run_cli, path):
    code, out, err = run_cli("assess", str(path), "--format", "json")
    assert code == 0, err
    assert "unknown key" not in err
    assert json.loads(out)["council"]["name"] == cases.parse(path.read_text(), path.name).profile.council.name


def test_assess_of_the_case_file_matches_case_option(run_cli):
    by_file = run_cli("assess", str(WORCESTERSHIRE), "--format", "json")
    by_case = run_cli("assess", "--case", "9", "--format", "json")
    assert by_file[0] == by_case[0] == 0
    a, b = json.loads(by_file[1]), json.loads(by_case[1])
    assert a["overall"] == b["overall"] and a["characteristics"] == b["characteristics"]


def test_letter_takes_a_case_file(run_cli, tmp_path):
    out = tmp_path / "letter.md"
    code, _, err = run_cli("letter", str(WORCESTERSHIRE), "-o", str(out))
    assert code == 0, err
    assert "Worcestershire County Council" in out.read_text()


def test_compare_takes_case_files(run_cli):
    code, out, err = run_cli("compare", str(WORCESTERSHIRE),
                             str(CASES / "answers" / "cs09-worcestershire.yaml"))
    assert code == 0, err
    assert "Worcestershire County Council" in out


def test_benchmark_cohort_and_batch_take_a_folder_of_case_files(run_cli, tmp_path):
    folder = tmp_path / "cohort"
    folder.mkdir()
    for path in sorted(CASES.glob("*.yaml")):
        shutil.copy(path, folder)
    count = len(list(folder.glob("*.yaml")))
    code, out, err = run_cli("benchmark", str(WORCESTERSHIRE), "--cohort", str(folder), "--format", "json")
    assert code == 0, err
    code, out, err = run_cli("batch", str(folder), "-o", str(tmp_path / "out"))
    assert code == 0, err
    assert f"{count} assessed" in err + out and "0 failed" in err + out
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert summary["schema_version"] and len(list((tmp_path / "out").glob("cs*.json"))) == count


def test_a_case_file_with_a_bad_profile_names_the_problem(run_cli, tmp_path):
    path = tmp_path / "case.yaml"
    path.write_text("case_study: 9\nprofile:\n  council: {name: X, type: parish}\nsources: {}\n")
    code, _, err = run_cli("assess", str(path))
    assert (code == 2 and f"{path}: profile.council.type: 'parish' is not valid" in err
            and "case_study" not in err)


def test_other_keys_beside_case_study_are_still_refused(run_cli, tmp_path):
    path = tmp_path / "odd.yaml"
    path.write_text("case_study: 9\nprofile: {council: {name: X, type: county}}\ncouncil: {name: Y, type: "
                    "county}\n")
    code, _, err = run_cli("assess", str(path))
    assert code == 2 and "unknown key 'case_study'" in err
