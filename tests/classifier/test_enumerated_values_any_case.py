"""Enumerated values (council type, stages, targets, pressures, barriers, techniques, answers) are read in
any case and with spaces for underscores, as spreadsheets write them, in YAML, JSON and CSV profiles and in
answers files; a real misspelling is still refused with its suggestion."""

from __future__ import annotations

import json

import interview_bank
import pytest
from backtofront.classifier import profile

CAPITALISED = {
    "council": {"name": "Ambridge", "type": "London Borough"},
    "characteristics": {"time_scales": "Transformational",
                        "efficiency_policy": {"stage": "TRANSITIONAL", "evidence": "Plan",
                                              "override": {"stage": " Transformational ",
                                                           "reason": "Seen it"}}},
    "targets": {"time_scales": "Transformational"},
    "pressures": ["SR04", "Financial position"],
    "barriers": ["Risk aversion"],
    "techniques": {"used": ["Lean BPI", "ICT"], "planned": ["Shared services"]},
    "answers": {"sustainability_windfalls": "Little",
                "efficiency_policy_status": {"answer": "Strategic Embedded"},
                "sustainability_investment": {"answer": "NA", "justification": "No capital programme"},
                "sustainability_gains_use": "Dont know"},
}


def _check(p: profile.Profile) -> None:
    assert p.council.type == "london_borough"
    assert p.characteristics.time_scales == "transformational"
    assert p.characteristics.efficiency_policy.stage == "transitional"
    assert p.characteristics.efficiency_policy.override.stage == "transformational"
    assert p.targets.time_scales == "transformational"
    assert p.pressures == ["sr04", "financial_position"] and p.barriers == ["risk_aversion"]
    assert p.techniques.used == ["lean_bpi", "ict"] and p.techniques.planned == ["shared_services"]
    answers = {k: a.answer for k, a in p.answered().items()}
    assert answers == {"sustainability_windfalls": "little", "efficiency_policy_status": "strategic_embedded",
                       "sustainability_investment": "na", "sustainability_gains_use": "dont_know"}


def test_yaml_profile_with_capitals_and_spaces(tmp_path):
    path = tmp_path / "p.yaml"
    import yaml
    path.write_text(yaml.safe_dump(CAPITALISED))
    _check(profile.load(path))


def test_json_profile_with_capitals_and_spaces(tmp_path):
    path = tmp_path / "p.json"
    path.write_text(json.dumps(CAPITALISED))
    _check(profile.load(path))


def test_assess_accepts_capitalised_type_and_stage(run_cli, tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("council: {name: X, type: District}\ncharacteristics: {time_scales: Transformational}\n")
    code, out, err = run_cli("assess", str(path), "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["council"]["type"] == "district"
    assert data["characteristics"]["time_scales"]["stage"] == "transformational"


@pytest.mark.parametrize("text,message", [
    ("council: {name: X, type: Distrct}\n", "council.type: 'Distrct' is not valid; choose one of district"),
    ("council: {name: X, type: district}\ncharacteristics: {time_scales: Transformatonal}\n",
     "characteristics.time_scales: 'Transformatonal' is not valid"),
])
def test_misspellings_are_still_refused_with_a_suggestion(run_cli, tmp_path, text, message):
    path = tmp_path / "p.yaml"
    path.write_text(text)
    code, _, err = run_cli("assess", str(path))
    assert code == 2 and message in err and "did you mean" in err


def test_csv_profile_with_capitals(run_cli, tmp_path):
    path = tmp_path / "councils.csv"
    path.write_text("council.name,council.type,characteristics.time_scales,pressures,techniques.used\n"
                    "Ambridge,London borough,Transformational,SR04;Council tax,Lean BPI;ICT\n"
                    "Borsetshire,County,transitional,,\n")
    out = tmp_path / "out"
    code, _, err = run_cli("batch", str(path), "-o", str(out))
    assert code == 0, err
    result = json.loads((out / "ambridge.json").read_text())
    assert result["council"]["type"] == "london_borough"
    assert result["characteristics"]["time_scales"]["stage"] == "transformational"


@pytest.fixture
def bank(monkeypatch):
    return interview_bank.install(monkeypatch)


def test_answers_files_with_capitals(bank, tmp_path, run_cli):
    yaml_file = tmp_path / "a.yaml"
    yaml_file.write_text("council: {name: A, type: County}\nanswers:\n  policy_status: Embedded\n"
                         "  techniques_used: [ICT, Procurement]\n  policy_owner: {answer: NA, justification: "
                         "Shared}\n")
    target = tmp_path / "y.yaml"
    code, _, err = run_cli("interview", "-o", str(target), "--answers", str(yaml_file))
    assert code == 0, err
    p = profile.load(target)
    assert p.council.type == "county"
    assert {k: a.answer for k, a in p.answered().items()} == {
        "policy_status": "embedded", "techniques_used": ["ict", "procurement"], "policy_owner": "na"}

    csv_file = tmp_path / "a.csv"
    csv_file.write_text("question_id,answer,evidence\npolicy_status,Not linked,\ntechniques_used,ICT;Lean "
                        "BPI,\n")
    target = tmp_path / "c.yaml"
    code, _, err = run_cli("interview", "-o", str(target), "--answers", str(csv_file), "--name", "B",
                           "--type", "London borough")
    assert code == 0, err
    p = profile.load(target)
    assert p.council.type == "london_borough"
    assert {k: a.answer for k, a in p.answered().items()} == {
        "policy_status": "not_linked", "techniques_used": ["ict", "lean_bpi"]}


def test_answers_file_misspelling_still_refused(bank, tmp_path, run_cli):
    csv_file = tmp_path / "a.csv"
    csv_file.write_text("question_id,answer,evidence\npolicy_status,Embeded,\n")
    code, _, err = run_cli("interview", "-o", str(tmp_path / "c.yaml"), "--answers", str(csv_file),
                           "--name", "B", "--type", "county")
    assert code == 2 and "'Embeded' is not one of its options" in err
