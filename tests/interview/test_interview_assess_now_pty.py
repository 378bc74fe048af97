"""The interview's "assess now" ends on the opening screen (issue 17): driven in a real 80x24 pseudo-terminal
through the full-screen interview and through --plain to "assess now", the last screen a consultant sees
holds the council, the overall stage, the shortest path to the next stage and the top priorities, the very
lines `assess` opens with, and not the last recommendation."""

from __future__ import annotations

import io
import re
import time
from pathlib import Path

import pexpect
import pytest
import interview_bank
from test_interview_pty import ENV, bank, finish  # noqa: F401 - bank is a fixture

# Terminals, signals and timings: one xdist worker runs this group, never two of them side by side.
pytestmark = pytest.mark.xdist_group("terminal")

ROWS, COLUMNS = 24, 80
# Four of the test bank's five questions answered; the interview asks the last, a figure. Six
# characteristics stated, so that the council has an overall stage, a shortest path and several priorities.
PROFILE = """\
council: {name: Example District Council, type: district}
assessed_on: 2009-04-01
characteristics:
  service_transformation: transactional
  organisational_change: transactional
  back_office_front_line: transitional
  planning_monitoring: transactional
  sustainability: transactional
  time_scales: transactional
barriers: [organisational_culture, low_change_capacity]
answers:
  policy_status: {answer: ad_hoc, evidence: "Savings found service by service"}
  policy_owner: nobody
  leadership_challenge: none
  techniques_used: [procurement]
"""
ANSI = re.compile(r"\x1b\[[0-9;?<>=]*[A-Za-z~]|\x1b[()][A-Z0-9]|\x1b[=>]|\x1b\][^\x07]*\x07")


def spawn(args: list[str], cwd: Path, env: dict | None = None) -> pexpect.spawn:
    """The command under an 80x24 pseudo-terminal; everything it writes is kept in `child.logfile_read`."""
    child = interview_bank.spawn(args, cwd=str(cwd), dimensions=(ROWS, COLUMNS), encoding="utf-8", timeout=60,
                                 env=env or ENV)
    child.logfile_read = io.StringIO()
    return child


def last_screen(transcript: str) -> list[str]:
    """The terminal's last screen after the command ended: the main screen's lines (a full-screen app's
    alternate screen is gone once it leaves), the last ROWS of them, the last being the line the shell's
    prompt would take when the output ends with a new line."""
    main = re.sub(r"\x1b\[\?1049h.*?\x1b\[\?1049l", "", transcript, flags=re.S)
    text = ANSI.sub("", main).replace("\r\n", "\n").replace("\r", "")
    lines = text.split("\n")
    return lines[-ROWS:]


def opening_lines(tmp_path: Path) -> list[str]:
    """The first lines `assess` prints for the saved profile at 80 columns, up to the blank line that ends its
    opening screen (tests/cli/test_assess_opening.py)."""
    child = spawn(["assess", "council.yaml"], tmp_path)
    child.expect(pexpect.EOF)
    child.close()
    text = ANSI.sub("", child.logfile_read.getvalue()).replace("\r\n", "\n")
    return text.split("\n\n")[0].split("\n")


def check(screen: list[str], opening: list[str], tmp_path: Path) -> None:
    shown = "\n".join(screen)
    assert opening[0] == "Example District Council (District council)"
    assert opening[0] in screen, shown                                      # the council
    assert any(line.startswith("Overall stage: ") for line in screen), shown   # the stage
    assert any(line.startswith("Shortest path to ") for line in screen), shown
    assert "Top priorities" in screen, shown
    assert any(re.match(r"\s+1\. ", line) for line in screen), shown        # the first priority
    # the same lines as `assess` opens with, in the same order, with nothing of them scrolled away
    start = screen.index(opening[0])
    assert screen[start:start + len(opening)] == opening, shown
    # not the last recommendation: the detail is not printed at all
    assert "In detail" not in shown and "Recommendations" not in shown and "Cites:" not in shown


@pytest.mark.usefixtures("bank")
def test_full_screen_assess_now_ends_on_the_opening_screen(tmp_path):
    (tmp_path / "council.yaml").write_text(PROFILE, encoding="utf-8")
    child = spawn(["interview", "-o", "council.yaml"], tmp_path)
    child.expect_exact("Question 5 of 5")
    time.sleep(0.5)
    child.send("18")
    time.sleep(0.3)
    child.send("\r")                                                       # the figure, then the evidence
    time.sleep(0.3)
    child.send("\r")                                                       # no evidence: saved
    child.expect_exact("Summary")
    time.sleep(0.5)
    child.send("a")                                                        # Assess now
    assert finish(child) == 0
    screen = last_screen(child.logfile_read.getvalue())
    check(screen, opening_lines(tmp_path), tmp_path)
    assert screen[-2] == "The full report: backtofront assess council.yaml"


def plain_to_the_end(tmp_path: Path, env: dict | None = None) -> list[str]:
    """The plain interview of PROFILE answered to "Assess now?" and Enter: its last screen."""
    (tmp_path / "council.yaml").write_text(PROFILE, encoding="utf-8")
    child = spawn(["interview", "-o", "council.yaml", "--plain"], tmp_path, env)
    child.expect_exact("Question 5 of 5")
    child.expect_exact(": ")
    child.sendline("18")
    child.expect_exact("(Enter to skip): ")
    child.sendline("")
    child.expect_exact("Assess now?")
    child.sendline("")
    assert finish(child) == 0
    return last_screen(child.logfile_read.getvalue())


@pytest.mark.usefixtures("bank")
def test_plain_assess_now_ends_on_the_opening_screen(tmp_path):
    screen = plain_to_the_end(tmp_path)
    check(screen, opening_lines(tmp_path), tmp_path)
    assert screen[-2] == "The full report: backtofront assess council.yaml"


@pytest.mark.usefixtures("bank")
def test_the_closing_screen_gives_as_many_priorities_as_BACKTOFRONT_TOP_says(tmp_path):
    """The environment's default for `assess --top` reaches the interview's last screen too."""
    screen = plain_to_the_end(tmp_path, {**ENV, "BACKTOFRONT_TOP": "1"})
    shown = "\n".join(screen)
    assert "Top priorities" in screen, shown
    assert any(re.match(r"\s+1\. ", line) for line in screen), shown
    assert not any(re.match(r"\s+2\. ", line) for line in screen), shown


@pytest.mark.parametrize("bad", ["0", "two"])
def test_a_bad_BACKTOFRONT_TOP_is_refused_before_the_first_question(run_cli, monkeypatch, tmp_path, bad):
    target = tmp_path / "council.yaml"
    monkeypatch.setenv("BACKTOFRONT_TOP", bad)
    code, out, err = run_cli("interview", "-o", str(target), "--plain")
    assert code == 2 and out == "" and len(err.splitlines()) == 1, err
    assert f"BACKTOFRONT_TOP={bad}" in err and "Traceback" not in err
    assert not target.exists()
