"""The line-mode interview's b and q hold at every prompt, not only at an answer: the council's name, type
and date, the reason a question does not apply, and the part to jump to; the line said on quitting names
the next question only when there is one."""

from __future__ import annotations

import interview_bank
import pytest
from backtofront.classifier import profile
from test_interview import run_plain


@pytest.fixture(autouse=True)
def bank(monkeypatch):
    return interview_bank.install(monkeypatch)


def test_q_at_the_council_name_quits_and_creates_nothing(tmp_path):
    path = tmp_path / "new.yaml"
    assess, keys, out = run_plain(path, ["q"])
    assert assess is False and not path.exists()
    assert " ".join(out.split()).endswith(f"Nothing saved: {path} was not created.")
    assert keys.prompts == ["Council name: "]


def test_b_goes_back_a_council_prompt_and_q_at_the_date_quits(tmp_path):
    path = tmp_path / "new.yaml"
    assess, keys, out = run_plain(path, ["Wrong Name", "b", "Example DC", "2", "b", "1", "q"])
    assert assess is False and not path.exists()
    date = "Assessment date, YYYY-MM-DD or DD/MM/YYYY (Enter for none): "
    name, kind = "Council name: ", "Council type [1-5]: "
    assert keys.prompts == [name, kind, name, kind, date, kind, date]
    # b at the first prompt has nowhere to go, and says so; \q is the name "q"
    assess, keys, out = run_plain(path, ["b", "\\q", "1", "", "q"])
    assert "This is the first question; q quits." in out
    assert profile.load(path).council.name == "q"


def test_b_and_q_at_the_reason_a_question_does_not_apply(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("council: {name: A, type: unitary}\n")
    assess, _keys, out = run_plain(path, ["n", "b", "2", "", "n", "q"])
    assert assess is False
    assert "Back to the answer; nothing was saved for it." in out
    answered = profile.load(path).answered()
    assert list(answered) == ["policy_status"] and answered["policy_status"].answer != "not_applicable"


def test_the_jump_prompt_answers_every_keystroke(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("council: {name: A, type: unitary}\n")
    assess, keys, out = run_plain(path, ["j", "9", "x", "", "q"])
    assert "Type a part's number from 1 to 4, or press Enter to stay." in out
    assert out.count("Type a part's number") == 2
    assert "Staying at question 1." in out


def test_quitting_with_every_question_answered_names_no_question_past_the_last(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("council: {name: A, type: unitary}\n")
    assess, _keys, out = run_plain(path, ["1", "", "1", "", "1", "", "1", "", "45", "", "b", "q"])
    assert assess is False
    assert out.splitlines()[-1].endswith("answered). Run the same command again to change an answer.")
    assert "question 6" not in out


def test_an_empty_name_or_reason_is_asked_again_saying_what_to_give(tmp_path):
    path = tmp_path / "new.yaml"
    _assess, _keys, out = run_plain(path, ["", "q"])
    assert "Give the council's name (q quits)." in out
    path.write_text("council: {name: A, type: unitary}\n")
    _assess, _keys, out = run_plain(path, ["n", "", "q"])
    assert "Give a reason on one line, or b to go back to the answer." in out


def test_the_council_types_are_offered_in_words(tmp_path):
    """The numbered list of council types gives each in words, a London borough with its capital."""
    _assess, _keys, out = run_plain(tmp_path / "new.yaml", ["Example LB", "q"])
    assert "  1. district\n" in out and "  5. London borough\n" in out
    assert "london_borough" not in out and "london borough" not in out
