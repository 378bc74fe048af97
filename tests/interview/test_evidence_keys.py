"""At the plain interview's evidence note, `q` and `b` are the commands they are at every other prompt: `q`
saves the answer just given (the note kept, as Enter would) and quits, `b` goes back to the answer with
nothing saved for it; `\\q` and `\\b` are notes of that one letter. In process and under a pseudo-terminal."""

from __future__ import annotations

import pytest
from backtofront.classifier import profile
from backtofront.interview import plain
from test_interview import run_plain
from test_interview_pty import answered, finish, spawn

# Terminals, signals and timings: one xdist worker runs this group, never two of them side by side.
pytestmark = pytest.mark.xdist_group("terminal")


@pytest.fixture
def bank(monkeypatch):
    import interview_bank
    return interview_bank.install(monkeypatch)


def _start(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("council: {name: A, type: unitary}\n")
    return path


def _notes(path) -> dict:
    return {k: (v.answer, v.evidence) for k, v in profile.load(path).answered().items()}


def test_q_at_the_evidence_note_saves_the_answer_and_quits(bank, tmp_path):
    path = _start(tmp_path)
    assess, keys, out = run_plain(path, ["2", "q"])
    assert assess is False
    assert _notes(path) == {"policy_status": ("not_linked", None)}
    assert keys.prompts.count("Answer: ") == 1                  # nothing asked after q
    assert plain.EVIDENCE_KEYS in " ".join(out.split())     # wrapped at the screen's width


def test_b_at_the_evidence_note_goes_back_to_the_answer(bank, tmp_path):
    path = _start(tmp_path)
    _assess, keys, out = run_plain(path, ["2", "b", "3", "Cabinet paper", "q"])
    assert _notes(path) == {"policy_status": ("embedded", "Cabinet paper")}
    assert "Back to the answer; nothing was saved for it." in out
    assert out.count("Question 1 of") == 1 and keys.prompts.count("Answer: ") == 3


@pytest.mark.parametrize("typed, note", [("\\q", "q"), ("\\B", "B"), ("Q4 budget paper", "Q4 budget paper")])
def test_a_note_of_one_letter_is_typed_with_a_backslash(bank, tmp_path, typed, note):
    path = _start(tmp_path)
    run_plain(path, ["2", typed, "q"])
    assert _notes(path) == {"policy_status": ("not_linked", note)}


def test_q_keeps_an_earlier_note(bank, tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("council: {name: A, type: unitary}\n"
                    "answers: {policy_status: {answer: embedded, evidence: Cabinet paper}}\n")
    run_plain(path, ["b", "2", "q"])  # back to question 1, a new answer, then q at its note
    assert _notes(path) == {"policy_status": ("not_linked", "Cabinet paper")}


@pytest.mark.parametrize("width", [80, 40])
def test_q_and_b_at_the_evidence_note_under_a_terminal(bank, tmp_path, width):
    path = tmp_path / "council.yaml"
    path.write_text("council: {name: A, type: county}\n")
    child = spawn(["interview", "-o", "council.yaml", "--plain"], tmp_path, width)
    child.expect_exact("Question 1 of 5")
    child.expect_exact("Answer: ")
    child.sendline("2")
    child.expect_exact("(Enter to skip): ")
    child.sendline("b")
    child.expect(r"nothing\s+was\s+saved\s+for\s+it\.")
    child.expect_exact("Answer: ")
    child.sendline("3")
    child.expect_exact("(Enter to skip): ")
    child.sendline("\\q")
    child.expect_exact("Question 2 of 5")
    child.expect_exact("Answer: ")
    child.sendline("1")
    child.expect_exact("(Enter to skip): ")
    child.sendline("q")
    child.expect(r"resume at\s+question 3")
    assert finish(child) == 0
    assert answered(path) == {"policy_status": "embedded", "policy_owner": "nobody"}
    assert profile.load(path).answered()["policy_status"].evidence == "q"
