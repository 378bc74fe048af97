"""The walkthrough's prompt tells the truth: at a terminal one keypress does it (Enter for the next step, q
alone quits, no Enter needed); from a pipe, lines do it and the prompt says "q and Enter". Either prompt
fits one line of a 60-column terminal."""

from __future__ import annotations

import subprocess

import pexpect
import pytest
from test_terminal import BIN, WIDTHS, _env, spawn, visible_lines

# Terminals, signals and timings: one xdist worker runs this group, never two of them side by side.
pytestmark = pytest.mark.xdist_group("terminal")

PROMPT = "Press Enter for the next step, q to quit: "
LINE_PROMPT = "Press Enter for the next step, or q and Enter to quit: "


@pytest.mark.parametrize("width", WIDTHS)
def test_enter_goes_on_and_a_lone_q_quits(width):
    child = spawn(["walkthrough", "--case", "7"], width)
    child.expect_exact(PROMPT)
    child.waitnoecho()  # the walkthrough is waiting for one key
    child.send("\r")    # the Enter key, as a terminal sends it
    child.expect_exact("Step 2 of 7")
    child.expect_exact(PROMPT)
    shown = child.before
    child.waitnoecho()
    child.send("q")     # q alone, no Enter
    child.expect_exact("Stopped.")
    child.expect(pexpect.EOF)
    rest = child.before
    child.close()
    assert child.exitstatus == 0
    assert "Step 3 of 8" not in shown + rest
    assert not [line for line in visible_lines(shown) if len(line) > width]
    assert len(PROMPT) <= 60


def test_other_keys_are_ignored():
    child = spawn(["walkthrough", "--case", "7"], 80)
    child.expect_exact(PROMPT)
    child.waitnoecho()
    child.send("x")
    with pytest.raises(pexpect.TIMEOUT):
        child.expect_exact("Step 2 of 7", timeout=1)
    child.send("\r")
    child.expect_exact("Step 2 of 7")
    child.expect_exact(PROMPT)
    child.waitnoecho()
    child.send("Q")
    child.expect_exact("Stopped.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_a_lone_q_after_the_quiz_quits():
    child = spawn(["walkthrough", "--case", "7", "--quiz"], 60)
    while (found := child.expect([r"q = quit\]: ", "Press Enter for more, q to quit: ",
                                  "Press Enter to walk through the case, q to quit: "])) < 2:
        if found == 1:
            child.waitnoecho()
            child.send("\r")
        else:
            child.sendline("1")
    child.waitnoecho()
    child.send("q")
    child.expect(pexpect.EOF)
    rest = child.before
    child.close()
    assert child.exitstatus == 0 and "Step 1 of" not in rest


def test_ctrl_d_at_the_prompt_ends_the_walkthrough():
    child = spawn(["walkthrough", "--case", "7"], 80)
    child.expect_exact(PROMPT)
    child.waitnoecho()
    child.send("\x04")
    child.expect_exact("(Input ended.)")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_piped_lines_still_work_and_the_prompt_says_so():
    done = subprocess.run([BIN, "walkthrough", "--case", "7"], input="\nq\n", capture_output=True, text=True,
                          env=_env(), timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count(LINE_PROMPT) == 2 and PROMPT not in done.stdout
    assert "Step 2 of 7" in done.stdout and "Step 3 of 8" not in done.stdout
    assert done.stdout.rstrip().endswith("Stopped.")
    assert len(LINE_PROMPT) <= 60


def _closed(child: pexpect.spawn) -> int:
    """Close the terminal window under the command; its exit status."""
    import os

    pid = child.pid
    child.ptyproc.fileobj.close()
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


@pytest.mark.parametrize("quiz", [False, True])
def test_a_closed_terminal_ends_with_129_and_keeps_the_quiz_answers(tmp_path, quiz):
    """A student's window closed mid-quiz: the answers given are written, and the exit is 128 + SIGHUP, as
    for Ctrl-C's 130 (not 2 for a terminal that "cannot be written")."""
    import yaml

    out = tmp_path / "a.yaml"
    quizzing = ["--quiz", "--answers-out", str(out)] if quiz else []
    child = spawn(["walkthrough", "--case", "7", *quizzing], 80)
    if quiz:
        child.expect_exact("Your answer")
        child.sendline("1")
        child.expect_exact("Your answer")  # the next question: the first is answered
    else:
        child.expect_exact(PROMPT)
    assert _closed(child) == 129
    if quiz:
        assert len(yaml.safe_load(out.read_text())["answers"]) == 1
