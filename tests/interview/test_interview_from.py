"""`interview --from OLD`: a new assessment of the same council that starts from the last one (issue 17).
Last time's answers are offered one by one (Enter keeps one, another key changes it, s leaves it open),
its evidence and stated stages are shown and never become answers, the new profile records `follows`,
and OLD is never touched, even when the interview is stopped with Ctrl-C in the middle. Driven by
keystrokes: the line mode through standard input and a pseudo-terminal, the full screen through Textual's
pilot and a pseudo-terminal. Then `letter` reads `follows`, and `compare` takes the pair either way."""

from __future__ import annotations

import asyncio
import subprocess
import time
from pathlib import Path

import follows_pair
import interview_bank
import forked
import pexpect
import pytest
from backtofront.classifier import profile
from backtofront.classifier.validation import load_yaml
from backtofront.interview import previous as previous_mod
from backtofront.interview.app import InterviewApp, QuestionScreen
from backtofront.interview.session import Session
from backtofront.interview.store import ProfileFile

# Terminals, signals and timings: one xdist worker runs this group, never two of them side by side. The
# line mode through standard input, the full screen through Textual's pilot (no terminal) and the refusals
# time nothing: any worker runs them.
TERMINAL = pytest.mark.xdist_group("terminal")

ENV = {**{k: v for k, v in forked.environ().items() if k not in ("COLUMNS", "LINES")},
       "TERM": "xterm-256color",
       "NO_COLOR": "1"}

OLD = """\
# last year's workshop
council:
  name: Example District Council
  type: district
assessed_on: 2008-03-31
characteristics:
  efficiency_policy: {stage: transitional, evidence: "Strategy 2007, p. 3"}
  management_leadership: transactional
answers:
  policy_status:
    answer: not_linked
    evidence: "Cabinet paper, May 2007"
  policy_owner: finance
  techniques_used: [ict, procurement]
  back_office_share: 40
"""


@pytest.fixture
def bank(monkeypatch):
    return interview_bank.install(monkeypatch)


@pytest.fixture
def old(tmp_path) -> Path:
    path = tmp_path / "council-2008.yaml"
    path.write_text(OLD)
    return path


def data(path: Path) -> dict:
    return load_yaml(path.read_text())


def answered(path: Path) -> dict:
    return {k: v.answer for k, v in profile.load(path).answered().items()}


def launch(args: list[str], cwd: Path, stdin: str) -> subprocess.CompletedProcess:
    return subprocess.run([*interview_bank.launcher(), *args], cwd=cwd,
                          input=stdin,
                          capture_output=True, text=True, timeout=60, env=ENV)


def spawn(args: list[str], cwd: Path, width: int = 80) -> pexpect.spawn:
    return interview_bank.spawn(args, cwd=str(cwd), dimensions=(30, width), encoding="utf-8", timeout=30,
                                env=ENV)


def finish(child: pexpect.spawn) -> int:
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus if child.exitstatus is not None else 128 + child.signalstatus


# --- the line mode, through standard input ------------------------------------------------------------
def test_plain_offers_each_answer_to_confirm_change_or_leave_open(bank, old, tmp_path):
    keys = "\n".join([
        "",             # the date is required: asked again
        "2008-01-01",   # before the earlier assessment: asked again
        "01/04/2009",   # a UK date, saved as 2009-04-01
        "",             # policy_status: Enter keeps last time's not_linked ...
        "",             # ... with no note (last time's note is shown, not copied)
        "3",            # policy_owner: changed from finance to cabinet
        "Cabinet minute 12",
        "s",            # leadership_challenge: no answer last time; skipped
        "s",            # techniques_used: skipped, so last time's [ict, procurement] is NOT copied
        "",             # back_office_share: 40 kept
        "",
        "n",            # the summary's "Assess now?"
    ]) + "\n"
    run = launch(["interview", "-o", "council-2009.yaml", "--from", "council-2008.yaml"], tmp_path, keys)
    assert run.returncode == 0, run.stderr
    out = run.stdout
    assert ("A new assessment of Example District Council (district), following council-2008.yaml, "
            "assessed on 2008-03-31." in " ".join(out.split()))
    assert "Give this assessment's date" in out
    assert "The earlier assessment is dated 2008-03-31; give a later date for this one." in out
    assert "Council name:" not in out and "Council type" not in out          # carried, not asked
    flat = " ".join(out.split())
    assert ("Last time (2008-03-31): A policy, not linked to other policies (evidence: Cabinet paper, "
            "May 2007); Enter keeps the answer, and its note is asked for again." in flat)
    assert ("Last time (2008-03-31), stated stage of Efficiency policy: Transitional (evidence: "
            "Strategy 2007, p. 3); shown, not an answer." in flat)
    assert ("stated stage of Management and leadership of efficiency: Transactional; shown, not an "
            "answer." in flat)
    assert "Last time (2008-03-31): no answer." in flat
    assert "Answer (Enter keeps last time's): " in out
    new = tmp_path / "council-2009.yaml"
    saved = data(new)
    assert list(saved)[:3] == ["council", "assessed_on", "follows"]
    assert saved["council"] == {"name": "Example District Council", "type": "district"}
    assert str(saved["assessed_on"]) == "2009-04-01"
    assert saved["follows"] == {"file": "council-2008.yaml", "assessed_on": saved["follows"]["assessed_on"]}
    assert str(saved["follows"]["assessed_on"]) == "2008-03-31"
    assert "characteristics" not in saved                                    # stated stages never answers
    assert saved["answers"] == {"policy_status": "not_linked",
                                "policy_owner": {"answer": "cabinet", "evidence": "Cabinet minute 12"},
                                "back_office_share": 40}
    assert (tmp_path / "council-2008.yaml").read_text() == OLD
    loaded = profile.load(new)
    assert loaded.follows.file == "council-2008.yaml" and str(loaded.follows.assessed_on) == "2008-03-31"


def test_plain_resume_offers_only_what_is_still_open(bank, old, tmp_path):
    new = tmp_path / "council-2009.yaml"
    first = launch(["interview", "-o", new.name, "--from", old.name], tmp_path, "2009-04-01\n\n\nq\n")
    assert first.returncode == 0, first.stderr
    assert answered(new) == {"policy_status": "not_linked"}
    again = launch(["interview", "-o", new.name, "--from", old.name], tmp_path, "\n\nq\n")
    assert again.returncode == 0, again.stderr
    assert "Date of this assessment" not in again.stdout                     # the date is in the file
    assert "Question 2 of 5" in again.stdout
    assert answered(new) == {"policy_status": "not_linked", "policy_owner": "finance"}
    assert old.read_text() == OLD


def test_profile_in_another_folder_records_the_relative_path(bank, old, tmp_path):
    (tmp_path / "2009").mkdir()
    run = launch(["interview", "-o", "2009/council.yaml", "--from", old.name], tmp_path, "2009-04-01\nq\n")
    assert run.returncode == 0, run.stderr
    assert data(tmp_path / "2009" / "council.yaml")["follows"]["file"] == "../council-2008.yaml"


# --- Ctrl-C in the middle, under a terminal -------------------------------------------------------------
@TERMINAL
@pytest.mark.parametrize("width", [80, 60])
def test_plain_ctrl_c_in_the_middle_loses_nothing_from_either_file(bank, old, tmp_path, width):
    before = old.read_bytes()
    child = spawn(["interview", "-o", "council-2009.yaml", "--from", "council-2008.yaml", "--plain"],
                  tmp_path, width)
    child.expect_exact("Date of this assessment, YYYY-MM-DD or DD/MM/YYYY: ")
    child.sendline("2009-04-01")
    child.expect_exact("Question 1 of 5")
    child.expect_exact("Answer (Enter keeps last time's): ")
    child.sendline("")
    child.expect_exact("(Enter to skip): ")
    child.sendline("Checked again")
    child.expect_exact("Question 2 of 5")
    child.expect_exact("Answer (Enter keeps last time's): ")
    child.sendline("1")                                       # changing finance to nobody ...
    child.expect_exact("(Enter to skip): ")
    child.send("half a note")                                 # ... when Ctrl-C comes
    child.sendintr()
    assert finish(child) == 130
    assert "Interrupted; answers so far are saved in council-2009.yaml." in child.before
    assert "Traceback" not in child.before
    assert old.read_bytes() == before                         # byte for byte
    new = tmp_path / "council-2009.yaml"
    assert answered(new) == {"policy_status": "not_linked"}   # what was confirmed, nothing more
    assert profile.load(new).answered()["policy_status"].evidence == "Checked again"
    assert profile.load(new).follows.file == "council-2008.yaml"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["council-2008.yaml", "council-2009.yaml"]


@TERMINAL
@pytest.mark.parametrize("width", [120, 80])
def test_full_screen_ctrl_c_in_the_middle_loses_nothing_from_either_file(bank, old, tmp_path, width):
    before = old.read_bytes()
    child = spawn(["interview", "-o", "council-2009.yaml", "--from", "council-2008.yaml"], tmp_path, width)
    child.expect_exact("Date of this assessment")
    time.sleep(0.5)
    child.send("2009-04-01\r")
    child.expect_exact("Question 1 of 5")
    child.expect_exact("Last time's answer, not yet saved")
    time.sleep(0.3)
    child.send("\r")                                          # Enter keeps last time's answer
    child.expect_exact("Question 2 of 5")
    time.sleep(0.3)
    child.send("\x03")                                        # Ctrl-C: raw mode, so a key
    assert finish(child) == 130
    assert "Interrupted; answers so far are saved in council-2009.yaml." in child.before
    assert old.read_bytes() == before
    new = tmp_path / "council-2009.yaml"
    assert answered(new) == {"policy_status": "not_linked"}
    assert str(profile.load(new).assessed_on) == "2009-04-01"
    assert profile.load(new).follows.file == "council-2008.yaml"


# --- the full screen, through Textual's pilot -----------------------------------------------------------
def screen_text(app) -> str:
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)


def shown(app, selector: str) -> str:
    return " ".join(str(app.screen.query_one(selector).render()).split())


def drive(new: Path, old: Path, script, width: int = 100):
    async def go():
        session = Session(interview_bank.bank(), ProfileFile(new),
                          previous=previous_mod.load(str(old), str(new)))
        app = InterviewApp(session)
        async with app.run_test(size=(width, 40)) as pilot:
            await pilot.pause()
            await script(app, pilot)
        return app.return_value
    return asyncio.run(go())


@pytest.mark.parametrize("width", [120, 80])
def test_full_screen_confirm_change_skip_by_keys(bank, old, tmp_path, width):
    new = tmp_path / "council-2009.yaml"

    async def script(app, pilot):
        assert app.screen.query_one("#name").value == "Example District Council"
        assert app.screen.query_one("#name").disabled and app.screen.query_one("#type").disabled
        assert app.focused.id == "date"
        await pilot.press("enter")                                    # no date: asked for
        await pilot.pause()
        assert "Give this assessment's date" in screen_text(app)
        await pilot.press(*"2008-03-31", "enter")                     # not after the earlier one
        await pilot.pause()
        assert "give a later date" in screen_text(app)
        assert not new.exists()
        for _ in range(10):
            await pilot.press("backspace")
        await pilot.press(*"2009-04-01", "enter")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        text = " ".join(screen_text(app).split())
        assert "Last time's answer, not yet saved" in shown(app, "#chosen")
        assert "Last time (2008-03-31): A policy, not linked to other policies (evidence: Cabinet paper, " \
               "May 2007); Enter keeps the answer, and its note is asked for again." in shown(app, "#last")
        assert "Last time (2008-03-31)" in text                        # on the screen, not only in the widget
        assert ("Last time (2008-03-31), stated stage of Efficiency policy: Transitional (evidence: "
                "Strategy 2007, p. 3); shown, not an answer." in shown(app, "#last"))
        assert answered(new) == {}                                    # offered, not copied
        await pilot.press("enter")                                    # policy_status: kept
        await pilot.pause()
        assert answered(new) == {"policy_status": "not_linked"}
        await pilot.press("3", *"Cabinet minute", "enter")            # policy_owner: changed
        await pilot.pause()
        assert answered(new)["policy_owner"] == "cabinet"
        assert ("stated stage of Management and leadership of efficiency: Transactional; shown, not an "
                "answer." in shown(app, "#last"))
        assert "Last time (2008-03-31): no answer." in shown(app, "#last")
        await pilot.press("s")                                        # leadership_challenge: left open
        await pilot.pause()
        await pilot.press("s")                                        # techniques_used: left open, not copied
        await pilot.pause()
        assert app.screen.query_one("#choices").value == "40"         # the figure offered
        await pilot.press("enter", "enter")                           # kept: to the note, then saved
        await pilot.pause()
        await pilot.press("ctrl+c")

    assert drive(new, old, script, width) == "interrupted"
    assert answered(new) == {"policy_status": "not_linked", "policy_owner": "cabinet",
                             "back_office_share": 40}
    assert profile.load(new).answered()["policy_status"].evidence is None
    assert "characteristics" not in data(new)
    assert data(new)["follows"]["file"] == "council-2008.yaml"
    assert old.read_text() == OLD


# --- refusals ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("case", ["missing", "not_a_profile", "folder", "same_file", "same_by_link",
                                  "other_council", "name", "answers"])
def test_refusals_exit_2_in_one_line_and_touch_nothing(bank, old, tmp_path, case):
    new = tmp_path / "council-2009.yaml"
    args = ["interview", "-o", new.name, "--from", old.name, "--plain"]
    if case == "missing":
        args[4] = "nowhere.yaml"
    elif case == "not_a_profile":
        (tmp_path / "notes.txt").write_text("just some notes\n")
        args[4] = "notes.txt"
    elif case == "folder":
        args[4] = "."
    elif case == "same_file":
        args[2] = old.name
    elif case == "same_by_link":
        (tmp_path / "link.yaml").symlink_to(old)
        args[2] = "link.yaml"
    elif case == "other_council":
        new.write_text("council: {name: Another Council, type: county}\n")
    elif case == "name":
        args += ["--name", "Another Council"]
    elif case == "answers":
        (tmp_path / "a.csv").write_text("question_id,answer\npolicy_status,ad_hoc\n")
        args += ["--answers", "a.csv"]
    kept = new.read_bytes() if new.exists() else None
    run = launch(args, tmp_path, "2009-04-01\n\nq\n")
    assert run.returncode == 2, (run.stdout, run.stderr)
    assert len(run.stderr.strip().splitlines()) == 1 and "Traceback" not in run.stderr
    assert old.read_text() == OLD
    assert (new.read_bytes() if new.exists() else None) == kept
    assert not list(tmp_path.glob(".*.lock"))


# --- letter and compare -------------------------------------------------------------------------------
PACKAGED_OLD, PACKAGED_NEW = follows_pair.OLD, follows_pair.NEW


@pytest.fixture
def pair(tmp_path):
    (tmp_path / "2008").mkdir()
    (tmp_path / "2009").mkdir()
    old, new = tmp_path / "2008" / "council.yaml", tmp_path / "2009" / "council.yaml"
    old.write_text(PACKAGED_OLD)
    new.write_text(PACKAGED_NEW)
    return old, new


def test_letter_without_previous_uses_follows_as_previous_would(run_cli, pair):
    old, new = pair
    code, by_follows, err = run_cli("letter", str(new), "--date", "2009-05-01")
    assert code == 0 and err == ""
    code, by_option, _ = run_cli("letter", str(new), "--date", "2009-05-01", "--previous", str(old))
    assert code == 0
    assert by_follows == by_option
    assert "Since the assessment of 31 March 2008" in by_follows
    assert ("Overall stage: transactional → transitional (up, provisional: both stages rest on only 3 of "
            "the 8 characteristics)") in by_follows


def test_letter_notes_a_followed_file_that_is_not_there(run_cli, pair):
    old, new = pair
    old.unlink()
    code, out, err = run_cli("letter", str(new), "--date", "2009-05-01")
    assert code == 0
    assert err.strip() == (f"Note: {new} follows ../2008/council.yaml (2008-03-31), which is not there; the "
                           "letter reports no movement since it (give it with --previous OLD).")
    assert "Since the assessment" not in out


def test_letter_previous_beats_follows(run_cli, pair, tmp_path):
    old, new = pair
    other = tmp_path / "2007.yaml"
    other.write_text(PACKAGED_OLD.replace("2008-03-31", "2007-03-31"))
    code, out, err = run_cli("letter", str(new), "--previous", str(other))
    assert code == 0 and err == ""
    assert "Since the assessment of 31 March 2007" in out


def test_compare_takes_the_pair_either_way(run_cli, pair):
    old, new = pair
    code, forward, err = run_cli("compare", str(old), str(new))
    assert code == 0, err
    code, backward, _ = run_cli("compare", str(new), str(old))
    assert code == 0
    assert forward == backward
    assert "From 2008-03-31 to 2009-04-01" in forward
    # which file it follows is not a change (the reading note's "a stage follows from" is not about it)
    assert "follows:" not in forward.lower() and "follows " + old.name not in forward


def test_compare_a_note_alone_changed(run_cli, tmp_path):
    # --from never copies a note: an answer kept without last time's note is compared in words
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text("council: {name: A, type: county}\nassessed_on: 2008-03-31\nanswers:\n"
                   "  efficiency_policy_status: {answer: ad_hoc, evidence: Minutes}\n")
    new.write_text("council: {name: A, type: county}\nassessed_on: 2009-03-31\nanswers:\n"
                   "  efficiency_policy_status: ad_hoc\n")
    code, out, err = run_cli("compare", str(old), str(new))
    assert code == 0, err
    assert "evidence note no longer given (was: Minutes)" in " ".join(out.split())


@pytest.mark.parametrize("follows, problem", [
    ("{file: old.yaml, when: 2008-03-31}", "follows.when"),
    ("{assessed_on: 2008-03-31}", "follows"),
    ("{file: old.yaml, assessed_on: 31/02/2008}", "follows.assessed_on"),
])
def test_follows_is_checked_as_the_format_says(run_cli, tmp_path, follows, problem):
    path = tmp_path / "p.yaml"
    path.write_text(f"council: {{name: A, type: county}}\nfollows: {follows}\n")
    code, _, err = run_cli("assess", str(path))
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and problem in err


def test_from_onto_a_profile_dated_no_later_than_the_earlier_one_is_refused(run_cli, tmp_path):
    """A profile resumed with --from must be the later assessment: the same date (a copy of the earlier
    file) is refused at start, before `follows:` is written into it, which `letter` would then refuse."""
    import shutil as sh

    old = tmp_path / "p.yaml"
    sh.copy(Path(__file__).resolve().parents[2] / "examples" / "district-transitional.yaml", old)
    new = tmp_path / "p.yml"
    sh.copy(old, new)
    before = new.read_bytes()
    code, _, err = run_cli("interview", "-o", str(new), "--from", str(old), "--plain")
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert (f"is dated 2008-03-31, not after --from {old} (2008-03-31); --from starts a later "
            "assessment") in err
    assert new.read_bytes() == before
