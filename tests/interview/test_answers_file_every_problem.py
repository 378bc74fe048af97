"""`interview --answers FILE` reports every bad row or key at once (file, line or key, message), at most
20 and then "and N more", exits 2 and adds nothing."""

from __future__ import annotations

import interview_bank
import pytest

GOOD = "council: {name: A, type: county}\n"


@pytest.fixture
def bank(monkeypatch):
    return interview_bank.install(monkeypatch)


def _run(run_cli, tmp_path, name, content):
    answers = tmp_path / name
    answers.write_text(content)
    target = tmp_path / "p.yaml"
    target.write_text(GOOD)
    code, out, err = run_cli("interview", "-o", str(target), "--answers", str(answers))
    return code, out, err, answers, target


def test_every_bad_csv_row_is_reported(bank, tmp_path, run_cli):
    content = ("question_id,answer,evidence\n"
               "policy_status,sideways,\n"        # line 2: not an option
               "policy_owner,cabinet,\n"          # line 3: fine
               "not_a_question,x,\n"              # line 4: unknown question
               "back_office_share,120,\n"         # line 5: over 100
               "policy_owner,finance,\n"          # line 6: answered twice
               "leadership_challenge,na,\n")      # line 7: na without a reason
    code, out, err, answers, target = _run(run_cli, tmp_path, "a.csv", content)
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert lines[0].startswith(f"Error: {answers}: line 2: policy_status: 'sideways' is not one")
    assert [line.split(": ")[1 + (i == 0)] for i, line in enumerate(lines)] == [
        "line 2", "line 4", "line 5", "line 6", "line 7"]
    assert f"{answers}: line 6: question 'policy_owner' is answered twice (first at line 3)" in err
    assert "line 7: leadership_challenge: 'na' (not applicable) needs a justification" in err
    assert target.read_text() == GOOD          # nothing added


def test_every_bad_yaml_answer_is_reported(bank, tmp_path, run_cli):
    content = ("answers:\n  policy_stat: embedded\n  policy_owner: sideways\n  techniques_used: ict\n  "
               "policy_status: embedded\n")
    code, _, err, answers, target = _run(run_cli, tmp_path, "a.yaml", content)
    assert code == 2
    assert f"{answers}: answers.policy_stat: unknown question id 'policy_stat'" in err
    assert f"{answers}: answers.policy_owner: 'sideways' is not one of its options" in err
    assert f"{answers}: answers.techniques_used: expected a list" in err
    assert len(err.strip().splitlines()) == 3
    assert target.read_text() == GOOD


def test_at_most_twenty_problems_then_how_many_more(bank, tmp_path, run_cli):
    rows = "".join(f"question_{i},x,\n" for i in range(35))
    code, _, err, answers, _ = _run(run_cli, tmp_path, "a.csv", "question_id,answer,evidence\n" + rows)
    lines = err.strip().splitlines()
    assert code == 2 and len(lines) == 21
    assert "line 21: unknown question id 'question_19'" in lines[19]
    assert lines[20] == f"{answers}: and 15 more problems"


def test_an_open_row_then_an_answer_to_the_same_question_is_fine(bank, tmp_path, run_cli):
    content = "question_id,answer,evidence\npolicy_status,,\npolicy_status,embedded,\n"
    code, _, err, _, target = _run(run_cli, tmp_path, "a.csv", content)
    assert code == 0, err
    assert "policy_status: embedded" in target.read_text()


def test_a_yaml_answer_of_the_wrong_kind_is_named_as_written_not_as_python_shows_it(bank, tmp_path, run_cli):
    """A number as written (2, not 2.0), a date, null, true/false and binary data by their kind: never
    `datetime.date(2008, 1, 1)`, `None`, `True` or `b'...'`."""
    content = ("answers:\n  policy_status: 2\n  policy_owner: 2008-01-01\n  leadership_challenge: null\n"
               "  techniques_used: [true]\n  policy_stat: !!binary aGVsbG8=\n")
    code, _, err, answers, target = _run(run_cli, tmp_path, "a.yaml", content)
    assert code == 2
    assert f"{answers}: answers.policy_status: 2 is not one of its options" in err
    assert f"{answers}: answers.policy_owner: a date is not one of its options" in err
    assert f"{answers}: answers.leadership_challenge: nothing (null) is not one of its options" in err
    assert f"{answers}: answers.techniques_used: true/false is not one of its options" in err
    for python in ("2.0", "datetime", "None", "True", "b'"):
        assert python not in err, err
    assert target.read_text() == GOOD
