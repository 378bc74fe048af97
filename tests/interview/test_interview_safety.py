"""`interview -o PROFILE` never loses or damages an answer: a second interview on the same profile is
refused at start (and many rounds of two at once lose nothing), a FIFO, device or socket is refused
before any prompt, a symbolic link is followed and kept, a save on a read-only or full disk is one line
with the profile as it was, end of input before the council's details is exit 2, SIGTERM exits 143."""

from __future__ import annotations

import errno
import io
import os
import re
import signal
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import interview_bank
import forked
import pexpect
import pytest
import read_only
from backtofront.classifier import profile

ENV = {**{k: v for k, v in forked.environ().items() if k not in ("COLUMNS", "LINES")},
       "TERM": "xterm-256color",
       "NO_COLOR": "1"}
COUNCIL = "# kept\ncouncil: {name: A, type: county}\n"
LOCKED = re.compile(r"^Error: (\S+) is open in another interview \(pid (\d+) since \d\d:\d\d\)$")


@pytest.fixture
def bank(monkeypatch):
    return interview_bank.install(monkeypatch)


def spawn(args: list[str], cwd: Path, width: int = 80, **kw) -> pexpect.spawn:
    return interview_bank.spawn(args, entry=True, cwd=str(cwd), dimensions=(30, width), encoding="utf-8",
                                timeout=60, env=ENV, **kw)


def run(args: list[str], cwd: Path, stdin: str = "", timeout: float = 60,
        **kw) -> subprocess.CompletedProcess:
    return subprocess.run([*interview_bank.launcher(entry=True), *args], cwd=str(cwd),
                          input=stdin, capture_output=True, text=True, timeout=timeout, env=ENV, check=False,
                          **kw)


def finish(child: pexpect.spawn) -> int:
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus if child.exitstatus is not None else 128 + child.signalstatus


def answered(path: Path) -> dict:
    return {k: v.answer for k, v in profile.load(path).answered().items()}


def lines(text: str) -> list[str]:
    return [line for line in text.replace("\r", "").split("\n") if line.strip()]


# --- two interviews on one profile -------------------------------------------------------------------
@pytest.mark.parametrize("width", [100, 60])
def test_a_second_interview_on_the_same_profile_is_refused_at_start(bank, tmp_path, width):
    path = tmp_path / "council.yaml"
    path.write_text(COUNCIL)
    (tmp_path / "link.yaml").symlink_to("council.yaml")  # another name for the same profile
    first = spawn(["interview", "-o", "council.yaml"], tmp_path, width)  # full screen
    first.expect_exact("Question 1 of 5")
    for name, extra in (("council.yaml", ["--plain"]), ("link.yaml", ["--plain"]),
                        ("council.yaml", ["--answers", "answers.csv"])):
        (tmp_path / "answers.csv").write_text("question_id,answer,evidence\npolicy_owner,cabinet,\n")
        second = spawn(["interview", "-o", name, *extra], tmp_path, width)
        assert finish(second) == 2                       # before any prompt
        shown = lines(second.before)
        assert len(shown) == 1, shown
        found = LOCKED.match(shown[0])
        assert found and found.group(1) == name and int(found.group(2)) == first.pid, shown
    assert answered(path) == {}                          # the refused --answers added nothing
    first.send("2")
    time.sleep(0.3)
    first.send("note\r")
    first.expect_exact("Question 2 of 5")
    first.send("\x11")                                   # Ctrl+Q: save and quit
    assert finish(first) == 0
    assert answered(path) == {"policy_status": "not_linked"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["answers.csv", "council.yaml", "link.yaml"]
    # once the first has ended, the profile is free again
    done = run(["interview", "-o", "council.yaml", "--answers", "answers.csv"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert answered(path) == {"policy_status": "not_linked", "policy_owner": "cabinet"}


# Rounds of two interviews at once: `make test` runs 12, `make fuzz` (which hunts for a rare race) 40
ROUNDS = 12 if os.environ.get("HYPOTHESIS_PROFILE", "ci") == "ci" else 40


def test_two_interviews_on_one_profile_many_rounds_no_answer_lost(bank, tmp_path):
    """Each round starts two interviews on the same profile at once; whichever comes second is refused
    at start, before it reads the profile; the other answers the next question and quits. Without the
    lock both would read the profile, and the later save would drop the other's answer."""
    path = tmp_path / "council.yaml"
    path.write_text(COUNCIL)
    size = len(interview_bank.bank().questions)
    window: list[str] = []   # the notes given since the profile was last emptied (the bank is small)
    for n in range(ROUNDS):
        pair = [spawn(["interview", "-o", "council.yaml", "--plain"], tmp_path) for _ in range(2)]
        # every interview still running waits at its first question before anyone types
        running = [child for child in pair if child.expect_exact(["Answer: ", pexpect.EOF]) == 0]
        refused = [child for child in pair if child not in running]
        assert len(running) == 1 and len(refused) == 1, [child.before for child in pair]
        message = lines(refused[0].before)
        refused[0].close()
        assert refused[0].exitstatus == 2 and len(message) == 1, message
        found = LOCKED.match(message[0])
        assert found and int(found.group(2)) == running[0].pid, message
        child = running[0]
        child.sendline("d")
        child.expect_exact("(Enter to skip): ")
        child.sendline(f"round {n}")
        # the next question, or after the last one the summary: quit either way
        child.sendline("q" if child.expect_exact(["Answer: ", "Assess now? "]) == 0 else "n")
        assert finish(child) == 0
        window.append(f"round {n}")
        notes = sorted(v.evidence for v in profile.load(path).answered().values())
        assert notes == sorted(window)                      # every answer so far is there
        if len(window) == size:
            path.write_text(COUNCIL)
            window = []
    assert not [p for p in tmp_path.iterdir() if p.name != "council.yaml"]  # no lock or temporary file left


# --- what PROFILE may be ---------------------------------------------------------------------------------
def _special(kind: str, folder: Path) -> str:
    if kind == "fifo":
        os.mkfifo(folder / "council.yaml")
        return "council.yaml: is a FIFO, not a regular file; give a file name for the profile"
    if kind == "socket":
        with socket.socket(socket.AF_UNIX) as server:  # its node stays in the folder once closed
            server.bind(str(folder / "council.yaml"))
        return "council.yaml: is a socket, not a regular file; give a file name for the profile"
    (folder / "council.yaml").symlink_to("/dev/null")
    return "council.yaml: is a device, not a regular file; give a file name for the profile"


@pytest.mark.parametrize("kind", ["fifo", "device", "socket"])
@pytest.mark.parametrize("extra", [[], ["--plain"], ["--answers", "answers.csv"]])
def test_a_fifo_device_or_socket_is_refused_before_any_prompt(bank, tmp_path, kind, extra):
    message = _special(kind, tmp_path)
    (tmp_path / "answers.csv").write_text("question_id,answer\npolicy_owner,cabinet\n")
    child = spawn(["interview", "-o", "council.yaml", "--name", "A", "--type", "county", *extra], tmp_path)
    started = time.monotonic()
    assert finish(child) == 2
    assert time.monotonic() - started < 30                # never waits for a writer
    assert lines(child.before) == [f"Error: {message}"]


def test_a_symbolic_link_is_followed_and_kept(bank, tmp_path):
    (tmp_path / "shared").mkdir()
    target = tmp_path / "shared" / "council.yaml"
    target.write_text(COUNCIL)
    target.chmod(0o640)
    link = tmp_path / "council.yaml"
    link.symlink_to(target)
    child = spawn(["interview", "-o", "council.yaml", "--plain"], tmp_path)
    child.expect_exact("Answer: ")
    child.sendline("3")
    child.expect_exact("(Enter to skip): ")
    child.sendline("Cabinet paper")
    child.expect_exact("Question 2 of 5")
    child.expect_exact("Answer: ")
    child.sendline("q")
    assert finish(child) == 0
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert answered(target) == {"policy_status": "embedded"}
    assert target.read_text().startswith("# kept\n") and stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(p.name for p in (tmp_path / "shared").iterdir()) == ["council.yaml"]


# --- a save that cannot be made ------------------------------------------------------------------------
def test_a_folder_made_read_only_mid_interview_is_one_line_and_the_profile_intact(bank, tmp_path):
    path = tmp_path / "council.yaml"
    path.write_text(COUNCIL)
    child = spawn(["interview", "-o", "council.yaml", "--plain"], tmp_path, **read_only.child_options())
    child.expect_exact("Answer: ")
    child.sendline("1")
    child.expect_exact("(Enter to skip): ")
    child.sendline("")
    child.expect_exact("Question 2 of 5")
    child.expect_exact("Answer: ")
    saved = path.read_bytes()
    tmp_path.chmod(0o555)                            # the share becomes read-only
    child.sendline("2")
    child.expect_exact("(Enter to skip): ")
    child.sendline("a note")
    assert finish(child) == 2
    after = lines(child.before)
    assert after[-1] == ("Error: council.yaml: cannot be saved: Permission denied; the profile is as it was "
                         "before this change"), after
    assert "Traceback" not in child.before
    assert path.read_bytes() == saved and answered(path) == {"policy_status": "ad_hoc"}
    # an interview started there is refused at once, one line, the file untouched
    for stale_lock in (True, False):  # (the first could not remove its lock file from the read-only folder)
        assert (tmp_path / ".council.yaml.lock").exists() is stale_lock
        again = run(["interview", "-o", "council.yaml", "--plain"], tmp_path, "q\n",
                    **read_only.child_options())
        assert again.returncode == 2 and again.stdout == ""
        assert again.stderr.splitlines() == [
            "Error: council.yaml: cannot be saved: its folder cannot be written to (read-only, or no "
            "permission)"]
        assert path.read_bytes() == saved
        tmp_path.chmod(0o755)
        (tmp_path / ".council.yaml.lock").unlink(missing_ok=True)
        tmp_path.chmod(0o555)
    tmp_path.chmod(0o755)


@pytest.mark.parametrize("width", [100, 60])
def test_a_full_screen_save_that_fails_is_one_line_after_the_screen(bank, tmp_path, width):
    path = tmp_path / "council.yaml"
    path.write_text(COUNCIL)
    child = spawn(["interview", "-o", "council.yaml"], tmp_path, width, **read_only.child_options())
    child.expect_exact("Question 1 of 5")
    child.send("1")
    time.sleep(0.3)
    child.send("\r")
    child.expect_exact("Question 2 of 5")
    saved = path.read_bytes()
    tmp_path.chmod(0o555)
    try:
        child.send("2")
        time.sleep(0.3)
        child.send("\r")
        assert finish(child) == 2
    finally:
        tmp_path.chmod(0o755)
    assert lines(child.before)[-1].endswith(
        "Error: council.yaml: cannot be saved: Permission denied; the profile is as it was before this "
        "change")
    assert "Traceback" not in child.before and "stopped on an error" not in child.before
    assert path.read_bytes() == saved and answered(path) == {"policy_status": "ad_hoc"}


@pytest.mark.parametrize("step", ["council", "answer"])
def test_a_full_disk_is_one_line_and_the_profile_intact(bank, tmp_path, run_cli, monkeypatch, step):
    """ENOSPC as a disk reports it when the data is flushed: the command says so in one line, exit 2,
    and the file is the one before the save (none, for a new profile)."""
    from backtofront.render import output

    path = tmp_path / "council.yaml"
    typed = ["Example DC", "1", ""] if step == "council" else ["1", "", "2", "", "q"]
    if step == "answer":
        path.write_text(COUNCIL)
    before = path.read_bytes() if path.exists() else None
    saves = []
    real_fsync = os.fsync

    def fsync(fd):
        saves.append(fd)
        if len(saves) == (1 if step == "council" else 2):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_fsync(fd)

    monkeypatch.setattr(output.os, "fsync", fsync)
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n".join(typed) + "\n"))
    code, _, err = run_cli("interview", "-o", str(path), "--plain")
    assert code == 2
    if step == "council":
        assert err.splitlines() == [f"Error: {path}: cannot be saved: No space left on device; nothing was "
                                    "saved"]
        assert not path.exists()
    else:
        assert err.splitlines() == [(f"Error: {path}: cannot be saved: No space left on device; the profile "
                                     "is as "
                                    "it was before this change")]
        assert answered(path) == {"policy_status": "ad_hoc"} and before is not None
    assert sorted(p.name for p in tmp_path.iterdir()) == (["council.yaml"] if step == "answer" else [])


# --- exit codes ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("typed", ["", "Example DC\n", "Example DC\n1\n", "Example DC\nparish\n"])
def test_end_of_input_before_the_council_details_are_complete_is_exit_2(bank, tmp_path, typed):
    done = run(["interview", "-o", "council.yaml"], tmp_path, typed)  # standard input is not a terminal
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "Error: no more input before the council's details were complete; council.yaml was not created"]
    assert not list(tmp_path.iterdir())
    (tmp_path / "council.yaml").write_text(COUNCIL)
    # a profile's council is never renamed by an interview: --name for another council is refused at once
    done = run(["interview", "-o", "council.yaml", "--name", "Renamed"], tmp_path, typed.partition("\n")[2])
    assert done.returncode == 2 and done.stderr.splitlines() == [
        "Error: council.yaml: is A (county), not 'Renamed' (--name): an interview adds answers to the "
        "profile's own council; to rename it, edit its council: key"]
    assert (tmp_path / "council.yaml").read_text() == COUNCIL


def test_end_of_input_after_the_council_details_saves_and_stops_like_q(bank, tmp_path):
    done = run(["interview", "-o", "council.yaml"], tmp_path, "Example DC\n1\n\n2\n")
    assert done.returncode == 0, done.stderr
    assert answered(tmp_path / "council.yaml") == {}     # an answer waits for its note: Enter or text
    done = run(["interview", "-o", "council.yaml"], tmp_path, "2\n\n")
    assert done.returncode == 0 and answered(tmp_path / "council.yaml") == {"policy_status": "not_linked"}


@pytest.mark.parametrize("width", [100, 60])
def test_sigterm_in_the_plain_interview_exits_143(bank, tmp_path, width):
    path = tmp_path / "council.yaml"
    child = spawn(["interview", "-o", "council.yaml", "--plain"], tmp_path, width)
    child.expect_exact("Council name: ")
    child.sendline("Example DC")
    child.expect_exact("Council type [1-5]: ")
    child.sendline("1")
    child.expect_exact("(Enter for none): ")
    child.sendline("")
    child.expect_exact("Answer: ")
    child.sendline("2")
    child.expect_exact("(Enter to skip): ")
    child.sendline("")
    child.expect_exact("Answer: ")
    child.kill(signal.SIGTERM)
    assert finish(child) == 143
    assert lines(child.before)[-1] == "Interrupted; answers so far are saved in council.yaml."
    assert "Traceback" not in child.before
    assert answered(path) == {"policy_status": "not_linked"}
    assert [p.name for p in tmp_path.iterdir()] == ["council.yaml"]  # the lock file went with it


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)],
                         ids=["SIGTERM", "SIGINT"])
def test_a_signal_in_the_full_screen_interview_exits_with_its_code(bank, tmp_path, signum, code):
    """SIGTERM (kill) and SIGINT sent from outside (kill -INT; the screen takes Ctrl-C as a key)."""
    path = tmp_path / "council.yaml"
    path.write_text(COUNCIL)
    child = spawn(["interview", "-o", "council.yaml"], tmp_path)
    child.expect_exact("Question 1 of 5")
    child.send("1")
    time.sleep(0.3)
    child.send("\r")
    child.expect_exact("Question 2 of 5")
    child.kill(signum)
    assert finish(child) == code
    assert "Interrupted; answers so far are saved in council.yaml." in child.before
    assert "Traceback" not in child.before
    assert answered(path) == {"policy_status": "ad_hoc"}
    assert [p.name for p in tmp_path.iterdir()] == ["council.yaml"]


@pytest.mark.parametrize("name", ["council.yaml", "hard.yaml"])
def test_a_profile_with_other_hard_links_is_refused_at_start(bank, tmp_path, name):
    """Two interviews through two hard links would not share a lock, and each save (a replacement) would
    split the link: refused before any prompt, the file untouched, both names still one file."""
    (tmp_path / "council.yaml").write_text("council:\n  name: A\n  type: county\n")
    os.link(tmp_path / "council.yaml", tmp_path / "hard.yaml")
    before = (tmp_path / "council.yaml").read_bytes()
    child = spawn(["interview", "-o", name, "--plain"], tmp_path)
    assert finish(child) == 2
    assert lines(child.before) == [f"Error: {name} has other hard links; an interview saves by replacing the "
                                   "file, which would separate them: copy it first"]
    assert (tmp_path / "council.yaml").read_bytes() == before
    assert os.path.samefile(tmp_path / "council.yaml", tmp_path / "hard.yaml")
    assert not list(tmp_path.glob(".*.lock"))


def test_a_combined_profile_takes_no_interview(run_cli, tmp_path):
    """Answers typed into a combined profile would override the respondents' combined stages with no
    reason: the interview is refused before any prompt, the profile left as it was."""
    folder = Path(__file__).resolve().parents[2] / "examples" / "workshop"
    workshop = sorted(str(p) for p in folder.glob("*.yaml"))
    combined = tmp_path / "council.yaml"
    assert run_cli("combine", *workshop, "-o", str(combined))[0] == 0
    before = combined.read_bytes()
    code, out, err = run_cli("interview", "-o", str(combined), "--plain")
    assert code == 2 and "is combined from respondents' answers" in err and len(err.strip().splitlines()) == 1
    assert "Answer" not in out and combined.read_bytes() == before


@pytest.mark.parametrize("option, value, said", [
    ("--name", "A\nB District Council", "--name: the text holds a line break; give it on one line"),
    ("--respondent", "Ann\tSmith", "--respondent: the text holds a tab; use spaces"),
])
def test_a_name_option_on_more_than_one_line_is_refused_before_any_prompt(run_cli, tmp_path, option, value,
                                                                         said):
    profile = tmp_path / "x.yaml"
    args = ["--name", "A District Council"] if option != "--name" else []
    code, out, err = run_cli("interview", "-o", str(profile), "--plain", "--type", "district", *args,
                             option, value)
    assert code == 2 and err.strip() == f"Error: {said}" and not out and not profile.exists()
