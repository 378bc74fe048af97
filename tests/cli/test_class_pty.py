"""The walkthrough and quiz as a class meets them on an 80x24 projector: under a real pseudo-terminal,
driven by keystrokes, every walkthrough step on one screen with its heading in bold; --no-pause output
straight through, never stopping in a pager; `cases show` through $PAGER on a terminal, never when piped."""

from __future__ import annotations

import re
import subprocess

import forked
import pexpect
import pytest
import yaml
from test_terminal import ANSI, BIN, _env

from backtofront.classifier import cases as cases_mod
from backtofront.classifier.classify import Classifier
from backtofront.render import trainer

# Terminals, signals and timings: one xdist worker runs this group, never two of them side by side.
pytestmark = pytest.mark.xdist_group("terminal")

PROMPT = "Press Enter for the next step, q to quit: "
BOLD = "\x1b[1m"


def spawn24(args: list[str], **env: str) -> pexpect.spawn:
    return forked.spawn(args, dimensions=(24, 80), env=_env(**env), encoding="utf-8",
                        codec_errors="replace", timeout=60)


def _screen(text: str) -> list[str]:
    return [line for line in ANSI.sub("", text).replace("\r\n", "\n").split("\n")]


@pytest.mark.parametrize("number", [4, 7, 9])
def test_every_walkthrough_step_fits_one_80x24_screen(number):
    steps = len(trainer.walkthrough_steps(Classifier().classify(cases_mod.get(number).profile), Classifier(),
                                          number))
    child = spawn24(["walkthrough", "--case", str(number)])
    shown = []
    for i in range(1, steps + 1):
        found = child.expect_exact([PROMPT, "Press Enter for the rest of this step, q to quit: ",
                                    pexpect.EOF])
        screen = child.before
        shown.append(screen)
        lines = _screen(screen)
        assert len(lines) <= 23, f"step {i} of case {number} needs {len(lines)} lines"
        assert not [line for line in lines if len(line) > 80]
        assert f"{BOLD}Step {i} of {steps}:" in screen or i == 1 and f"Step 1 of {steps}:" in ANSI.sub("",
                                                                                                       screen)
        assert not re.search(r"\b[a-z]+_[a-z_]+\b|BT\d{3}", ANSI.sub("", screen))
        if found == 2:
            break
        child.waitnoecho()
        child.send("\r")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "Overall stage:" in ANSI.sub("", shown[-1] + child.before)


def test_the_quiz_by_keystrokes_marks_scores_and_records(tmp_path):
    answers = tmp_path / "student.yaml"
    child = spawn24(["walkthrough", "--case", "7", "--quiz", "--blind", "--student", "Sam",
                     "--answers-out", str(answers)])
    typed = iter(["?", "2", "2", "1", "1"])
    before_answers = ""
    while True:
        found = child.expect([r"q = quit\]: ", "Press Enter for more, q to quit: ",
                              "Press Enter to walk through the case, q to quit: "])
        if found == 0:
            before_answers += child.before
            child.sendline(next(typed))
        elif found == 1:
            child.waitnoecho()
            child.send("\r")
        else:
            break
    seen = ANSI.sub("", before_answers)
    assert "North Warwickshire" not in seen and "Building savings from small projects" not in seen
    assert not re.search(r"The report:.*(transactional|transitional|transformational)", seen)
    child.waitnoecho()
    child.send("q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    text = answers.read_text("utf-8")
    assert "schema: student-answers/1" in text and "back_office_front_line: transitional" in text


def test_ctrl_c_in_the_quiz_writes_what_was_answered(tmp_path):
    answers = tmp_path / "student.yaml"
    child = spawn24(["walkthrough", "--case", "7", "--quiz", "--student", "Sam", "--answers-out",
                     str(answers)])
    for typed in ("1", "2"):
        child.expect(r"q = quit\]: ")
        child.sendline(typed)
    child.expect(r"q = quit\]: ")
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    shown = ANSI.sub("", child.before)
    assert child.exitstatus == 130 and "2 of 5 questions answered." in shown and "Interrupted." in shown
    data = yaml.safe_load(answers.read_text("utf-8"))
    assert data["answers"] == {"organisational_change": "transactional",
                               "back_office_front_line": "transitional"}
    assert [p.name for p in tmp_path.iterdir()] == ["student.yaml"]


def test_the_quiz_feedback_and_score_on_screen():
    child = spawn24(["walkthrough", "--case", "7", "--quiz"])
    typed = iter(["1", "1", "1", "1", "1"])
    screens = []
    while True:
        found = child.expect([r"q = quit\]: ", "Press Enter for more, q to quit: ",
                              "Press Enter to walk through the case, q to quit: "])
        if found == 0:
            child.sendline(next(typed))
            continue
        screens.append(child.before)
        assert len(_screen(child.before)) <= 23
        if found == 2:
            break
        child.waitnoecho()
        child.send("\r")
    text = " ".join(ANSI.sub("", "".join(screens)).split())
    assert "RIGHT Back office functions & front line services: you said transactional" in text
    assert "Score: 2 of 2 marked (3 more discussed, not marked)." in text
    assert "scores 2 of 2 here" in text and "Cohen's kappa" in text
    child.waitnoecho()
    child.send("q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_long_output_goes_through_the_pager_on_a_terminal_only(tmp_path):
    pager = tmp_path / "pager.sh"
    pager.write_text("#!/bin/sh\necho PAGED-BY-PAGER\ncat\n", encoding="utf-8")
    pager.chmod(0o755)
    for args in (["cases", "show", "7"],):
        child = spawn24(args, PAGER=str(pager))
        out = child.read()
        child.close()
        assert child.exitstatus == 0 and "PAGED-BY-PAGER" in out, args
        piped = subprocess.run([BIN, *args], capture_output=True, text=True, env=_env(PAGER=str(pager)),
                               check=True)
        assert "PAGED-BY-PAGER" not in piped.stdout and "\x1b[" not in piped.stdout


def test_walkthrough_no_pause_never_stops_in_a_pager(tmp_path):
    # --no-pause asks for no stops: at a terminal, with no key pressed, it prints every step and ends
    pager = tmp_path / "pager.sh"
    pager.write_text("#!/bin/sh\necho PAGED-BY-PAGER\ncat\n", encoding="utf-8")
    pager.chmod(0o755)
    for env in ({"PAGER": str(pager)}, {"PAGER": ""}):
        child = spawn24(["walkthrough", "--case", "7", "--no-pause"], **env)
        out = child.read()
        child.close()
        assert child.exitstatus == 0 and "PAGED-BY-PAGER" not in out
        assert "Step 7 of 7: The overall stage" in out


def test_the_default_pager_is_less_with_colour():
    child = spawn24(["cases", "show", "7"], PAGER="")
    child.expect(r"\(END\)|:|lines")  # less is showing the first screen
    child.send("q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
