"""Nothing of the user's is written over or misread: a letter never replaces the earlier profile it reads,
a profile is never written under another format's extension, a malformed `respondents` is a bad input
(exit 2), and a council's name is printed as typed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "district-transitional.yaml"
WORKSHOP = sorted((ROOT / "examples" / "workshop").glob("*.yaml"))


def test_a_letter_never_replaces_the_earlier_profile_it_reads(run_cli, tmp_path):
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    shutil.copy(EXAMPLE, old)
    new.write_text(EXAMPLE.read_text(encoding="utf-8").replace("2008-03-31", "2009-03-31"), encoding="utf-8")
    before = old.read_bytes()
    code, _, err = run_cli("letter", str(new), "--previous", str(old), "-f", "md", "-o", str(old))
    assert code == 2 and len(err.strip().splitlines()) == 1 and old.read_bytes() == before


@pytest.mark.parametrize("name", ["survey.xlsx", "council.md", "council"])
def test_combine_writes_a_profile_only_as_yaml(run_cli, tmp_path, name):
    target = tmp_path / name
    target.write_bytes(b"the user's own file")
    code, _, err = run_cli("combine", *map(str, WORKSHOP), "-o", str(target))
    assert code == 2 and "a profile is written as .yaml or .yml" in err and len(err.strip().splitlines()) == 1
    assert target.read_bytes() == b"the user's own file"


def test_the_interview_writes_a_profile_only_as_yaml_or_json(run_cli, tmp_path):
    code, _, err = run_cli("interview", "-o", str(tmp_path / "iv.xlsx"), "--plain")
    assert code == 2 and "a profile is written as .yaml, .yml or .json, not .xlsx" in err
    assert not (tmp_path / "iv.xlsx").exists()


@pytest.mark.parametrize("value", ["5", "5.5", "true", "2008-01-01"])
def test_respondents_not_a_list_is_a_bad_input(run_cli, tmp_path, value):
    path = tmp_path / "r.yaml"
    path.write_text(f"council: {{name: X, type: district}}\nrespondents: {value}\n", encoding="utf-8")
    code, _, err = run_cli("assess", str(path))
    assert code == 2 and "respondents" in err and len(err.strip().splitlines()) == 1


def test_a_councils_name_is_printed_as_typed(run_cli, tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text("council: {name: Tendring district council, type: district}\n"
                    "characteristics: {time_scales: transitional}\n", encoding="utf-8")
    code, out, _ = run_cli("letter", str(path), "-f", "md")
    assert code == 0 and "assessment, Tendring district council takes" in out
    code, out, _ = run_cli("letter", "--case", "10", "-f", "md")
    assert code == 0 and "that the district council of Case study 10 took" in out
