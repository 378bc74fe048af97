"""The full-screen interview under a real pseudo-terminal, keys typed faster than the screen is drawn:
a number then Enter at once, back and skip in a burst, and Ctrl+Q saying where the answers are saved."""

from __future__ import annotations

import time

import pytest
from backtofront.classifier import profile
from test_interview_pty import answered, bank, finish, spawn  # noqa: F401 - bank is a fixture

# Terminals, signals and timings: one xdist worker runs this group, never two of them side by side.
pytestmark = pytest.mark.xdist_group("terminal")

WIDTHS = [80, 60]


@pytest.mark.parametrize("width", WIDTHS)
def test_a_number_and_enter_typed_at_once_save_the_answer(bank, tmp_path, width):  # noqa: F811
    path = tmp_path / "council.yaml"
    path.write_text("council: {name: A, type: county}\n")
    child = spawn(["interview", "-o", "council.yaml"], tmp_path, width)
    child.expect_exact("Question 1 of 5")
    time.sleep(0.5)
    child.send("3\r")                                          # one write: no pause between the keys
    child.expect_exact("Question 2 of 5")
    child.send("1\r")
    child.expect_exact("Question 3 of 5")
    child.send("\x03")
    assert finish(child) == 130
    assert answered(path) == {"policy_status": "embedded", "policy_owner": "nobody"}


@pytest.mark.parametrize("width", WIDTHS)
def test_skip_and_back_in_a_burst_land_on_the_right_question(bank, tmp_path, width):  # noqa: F811
    path = tmp_path / "council.yaml"
    path.write_text("council: {name: A, type: county}\n")
    child = spawn(["interview", "-o", "council.yaml"], tmp_path, width)
    child.expect_exact("Question 1 of 5")
    time.sleep(0.5)
    child.send("ssbd\r")          # skip, skip, back: question 2; don't know, Enter saves it there
    child.expect_exact("Question 3 of 5")
    child.send("2\r")             # question 3 (a challenge group)
    child.expect_exact("Question 4 of 5")
    child.send("\x03")
    assert finish(child) == 130
    assert answered(path) == {"policy_owner": "dont_know", "leadership_challenge": "group"}


@pytest.mark.parametrize("width", WIDTHS)
def test_ctrl_q_says_where_the_answers_are_saved(bank, tmp_path, width):  # noqa: F811
    path = tmp_path / "council.yaml"
    path.write_text("council: {name: A, type: county}\n")
    child = spawn(["interview", "-o", "council.yaml"], tmp_path, width)
    child.expect_exact("Question 1 of 5")
    time.sleep(0.5)
    child.send("2\r")
    child.expect_exact("Question 2 of 5")
    child.send("\x11")                                         # Ctrl+Q
    assert finish(child) == 0
    tail = " ".join(child.before.replace("\r", "").split())
    assert ("Saved council.yaml (1 of 5 questions answered). Run the same command again to resume at "
            "question 2.") in tail
    assert answered(path) == {"policy_status": "not_linked"}


@pytest.mark.parametrize("width", WIDTHS)
def test_text_and_enter_typed_at_once_go_where_they_were_typed(bank, tmp_path, width):  # noqa: F811
    path = tmp_path / "council.yaml"
    path.write_text("council: {name: A, type: county}\n")
    child = spawn(["interview", "-o", "council.yaml"], tmp_path, width)
    child.expect_exact("Question 1 of 5")
    time.sleep(0.5)
    child.send("nShared with the county\rMinutes, May 2007\r2Cabinet paper\r")   # one burst
    child.expect_exact("Question 3 of 5")
    child.send("\x03")
    assert finish(child) == 130
    saved = profile.load(path).answered()
    assert (saved["policy_status"].answer, saved["policy_status"].justification,
            saved["policy_status"].evidence) == ("na", "Shared with the county", "Minutes, May 2007")
    assert (saved["policy_owner"].answer, saved["policy_owner"].evidence) == ("finance", "Cabinet paper")
