"""`backtofront interview` under a real pseudo-terminal, as a consultant meets it: keystrokes, Ctrl-C
mid-interview, a closed terminal (SIGHUP), resuming, at 120, 80 and 60 columns. Most runs use the small
test bank (tests/interview_bank.py) through a launcher, so they do not depend on the packaged bank's size;
one runs the installed command on the packaged bank."""

from __future__ import annotations

import re
import signal
import sys
import time
from pathlib import Path

import interview_bank
import forked
import pexpect
import pytest
from backtofront.classifier import profile

# Terminals, signals and timings: one xdist worker runs this group, never two of them side by side.
pytestmark = pytest.mark.xdist_group("terminal")

ENV = {**{k: v for k, v in forked.environ().items() if k not in ("COLUMNS", "LINES")},
       "TERM": "xterm-256color",
       "NO_COLOR": "1"}


@pytest.fixture
def bank(monkeypatch):
    return interview_bank.install(monkeypatch)


def spawn(args: list[str], cwd: Path, width: int = 80) -> pexpect.spawn:
    return interview_bank.spawn(args, cwd=str(cwd), dimensions=(30, width), encoding="utf-8", timeout=30,
                                env=ENV)


def answered(path: Path) -> dict:
    return {k: v.answer for k, v in profile.load(path).answered().items()}


def finish(child: pexpect.spawn) -> int:
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus if child.exitstatus is not None else 128 + child.signalstatus


@pytest.mark.parametrize("width", [120, 80, 60])
def test_plain_under_a_terminal_ctrl_c_then_resume(bank, tmp_path, width):
    path = tmp_path / "council.yaml"
    child = spawn(["interview", "-o", "council.yaml", "--plain"], tmp_path, width)
    child.expect_exact("Council name: ")
    child.sendline("Example District Council")
    child.expect_exact("Council type [1-5]: ")
    child.sendline("2")
    child.expect_exact("(Enter for none): ")
    child.sendline("")
    child.expect_exact("Question 1 of 5")
    assert answered(path) == {}                               # saved from the moment name and type are in
    child.expect_exact("Answer: ")
    child.sendline("3")
    child.expect_exact("(Enter to skip): ")
    child.sendline("Cabinet paper, May 2007")
    child.expect_exact("Question 2 of 5")
    child.expect_exact("Answer: ")
    assert answered(path) == {"policy_status": "embedded"}   # valid after the answer
    child.sendline("1")
    child.expect_exact("(Enter to skip): ")
    child.send("half a note")                                # being typed when Ctrl-C comes
    child.sendintr()
    assert finish(child) == 130
    lines = [line for line in child.before.replace("\r", "").split("\n") if line.strip()]
    assert lines[-1] == "Interrupted; answers so far are saved in council.yaml."
    assert "Traceback" not in child.before
    assert answered(path) == {"policy_status": "embedded"}
    assert [p.name for p in tmp_path.iterdir()] == ["council.yaml"]  # no temporary file left

    child = spawn(["interview", "-o", "council.yaml", "--plain"], tmp_path, width)
    child.expect_exact("Question 2 of 5")                     # resumes at the first unanswered question
    child.expect_exact("Answer: ")
    child.sendline("d")
    child.expect_exact("(Enter to skip): ")
    child.sendline("")
    child.expect_exact("Question 3 of 5")
    child.expect_exact("Answer: ")
    child.sendline("q")
    child.expect(r"resume at\s+question 3")
    assert finish(child) == 0
    assert answered(path) == {"policy_status": "embedded", "policy_owner": "dont_know"}


def test_plain_closed_terminal_keeps_every_answer(bank, tmp_path):
    path = tmp_path / "council.yaml"
    path.write_text("# kept\ncouncil: {name: A, type: county}\n")
    child = spawn(["interview", "-o", "council.yaml", "--plain"], tmp_path)
    child.expect_exact("Answer: ")
    child.sendline("2")
    child.expect_exact("(Enter to skip): ")
    child.sendline("")
    child.expect_exact("Question 2 of 5")
    child.expect_exact("Answer: ")
    child.kill(signal.SIGHUP)
    assert finish(child) == 129
    assert answered(path) == {"policy_status": "not_linked"}
    assert path.read_text().startswith("# kept\n")
    assert [p.name for p in tmp_path.iterdir()] == ["council.yaml"]


@pytest.mark.parametrize("width", [120, 80, 60])
def test_full_screen_under_a_terminal_ctrl_c(bank, tmp_path, width):
    path = tmp_path / "council.yaml"
    path.write_text("council: {name: A, type: county}\n")
    child = spawn(["interview", "-o", "council.yaml"], tmp_path, width)
    child.expect_exact("Question 1 of 5")
    child.send("2")
    time.sleep(0.3)
    child.send("Cabinet paper\r")
    child.expect_exact("Question 2 of 5")
    child.send("\x03")                                         # Ctrl-C: raw mode, so a key, not a signal
    assert finish(child) == 130
    assert "Interrupted; answers so far are saved in council.yaml." in child.before
    assert answered(path) == {"policy_status": "not_linked"}


def test_full_screen_closed_terminal(bank, tmp_path):
    path = tmp_path / "council.yaml"
    path.write_text("council: {name: A, type: county}\n")
    child = spawn(["interview", "-o", "council.yaml"], tmp_path, 80)
    child.expect_exact("Question 1 of 5")
    child.send("1")
    time.sleep(0.3)
    child.send("\r")
    child.expect_exact("Question 2 of 5")
    child.kill(signal.SIGHUP)
    assert finish(child) == 129
    assert answered(path) == {"policy_status": "ad_hoc"}
    assert [p.name for p in tmp_path.iterdir()] == ["council.yaml"]


@pytest.mark.parametrize("width", [120, 60])
def test_installed_command_on_the_packaged_bank(tmp_path, width):
    from backtofront.classifier import questions

    first = questions.load().questions[0]
    child = pexpect.spawn(str(Path(sys.executable).parent / "backtofront"),
                          ["interview", "-o", "c.yaml", "--plain", "--name", "Example DC", "--type",
                           "district"],
                          cwd=str(tmp_path), dimensions=(30, width), encoding="utf-8", timeout=30, env=ENV)
    child.expect_exact("(Enter for none): ")
    child.sendline("")
    child.expect_exact(f"Question 1 of {len(questions.load().questions)}")
    child.expect_exact("Answer: ")
    child.sendline("d")
    child.expect_exact("(Enter to skip): ")
    child.sendline("Ask the finance director")
    child.sendline("q")
    assert finish(child) == 0
    saved = profile.load(tmp_path / "c.yaml").answered()
    assert saved[first.id].answer == "dont_know"
    assert saved[first.id].evidence == "Ask the finance director"
    assert all(len(line) <= width for line in child.before.replace("\r", "").split("\n"))


def test_from_nothing_to_an_assessed_council_on_the_packaged_bank(tmp_path):
    """The whole packaged bank, line by line in a terminal, then the assessment: no stage typed anywhere."""
    from backtofront.classifier import questions

    bank = questions.load()
    child = pexpect.spawn(str(Path(sys.executable).parent / "backtofront"),
                          ["interview", "-o", "c.yaml", "--plain"],
                          cwd=str(tmp_path), dimensions=(40, 80), encoding="utf-8", timeout=60, env=ENV)
    child.expect_exact("Council name: ")
    child.sendline("Example District Council")
    child.expect_exact("Council type [1-5]: ")
    child.sendline("district")
    child.expect_exact("(Enter for none): ")
    child.sendline("2008-03-31")
    for n, question in enumerate(bank.questions, 1):
        child.expect_exact(f"Question {n} of {len(bank.questions)}")
        child.expect_exact("Answer: ")
        child.sendline("12" if question.kind == "number" else "2")
        child.expect_exact("(Enter to skip): ")
        child.sendline(f"Note {n}")
    child.expect_exact("Assess now?")
    child.sendline("")
    child.expect_exact("Overall stage:")
    assert finish(child) == 0
    saved = profile.load(tmp_path / "c.yaml").answered()
    assert len(saved) == len(bank.questions)
    assert all(a.evidence == f"Note {n}" for n, a in enumerate(saved.values(), 1))
    stage = re.sub(r"\x1b\[[0-9;]*m", "", child.before.split("\n")[0]).strip()
    assert stage in ("Transactional (the assessment's reading)", "Transitional (the assessment's reading)",
                     "Transformational (the assessment's reading)")
