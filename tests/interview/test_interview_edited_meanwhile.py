"""A profile changed outside a running interview (a hand edit saved from an editor, another program's
write, the file deleted or moved away, a new profile's file made by someone else) is never written over:
the interview's next save is refused, one line says what happened, which answer was not saved and what to
do, exit 2 with no traceback, and the file stays as the other hand left it. The same bytes written again
(an editor's save with no change) are no change. The line mode driven through its input, the full screen
through Textual's pilot, and both under a real terminal."""

from __future__ import annotations

import asyncio
import errno
import io
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

import forked
import interview_bank
import pexpect
import pytest
from backtofront.classifier import profile
from backtofront.interview.app import CouncilScreen, InterviewApp, QuestionScreen
from backtofront.interview.session import Session
from backtofront.interview.store import ChangedOutside, ProfileFile

COUNCIL = "# kept\ncouncil: {name: A, type: county}\n"
COUNCIL_DETAILS = "the council's details"
ENV = {**{k: v for k, v in forked.environ().items() if k not in ("COLUMNS", "LINES")},
       "TERM": "xterm-256color", "NO_COLOR": "1"}


def changed(what: str) -> str:
    return (f"was changed outside the interview while it was open; the interview did not save {what} into "
            "it, so as not to write over that change: run the interview again to continue from the changed "
            "file")


def gone(what: str) -> str:
    return (f"was deleted or moved outside the interview while it was open; the interview did not save "
            f"{what}, nor make the file again: put the file back and run the interview again to continue "
            "from it, or run it again to start anew")


def created(what: str) -> str:
    return (f"was created outside the interview while it was open; the interview did not save {what} into "
            "it, so as not to write over it: run the interview again to continue from that file")


@pytest.fixture
def bank(monkeypatch):
    return interview_bank.install(monkeypatch)


class Typed(io.StringIO):
    """Standard input for the line mode: lines typed, with things done to the profile between them (a
    callable runs when the interview asks for the line after it)."""

    def __init__(self, *steps: str | Callable[[], object]):
        super().__init__()
        self.steps = list(steps)

    def readline(self, size: int | None = -1) -> str:
        while self.steps and callable(self.steps[0]):
            self.steps.pop(0)()
        step = self.steps.pop(0) if self.steps else None
        return "" if step is None else f"{step}\n"


def answered(path: Path) -> dict:
    return {k: v.answer for k, v in profile.load(path).answered().items()}


def others(folder: Path, *names: str) -> list[str]:
    """What the folder holds besides `names`: a temporary file or a lock file left behind would show."""
    return sorted(p.name for p in folder.iterdir() if p.name not in names)


def plain(run_cli, monkeypatch, path: Path, *steps: str | Callable[[], object], args: tuple = ()):
    monkeypatch.setattr(sys, "stdin", Typed(*steps))
    return run_cli("interview", "-o", str(path), "--plain", *args)


# --- the line mode ------------------------------------------------------------------------------------
def test_a_hand_edit_saved_meanwhile_is_kept_and_the_next_run_continues_from_it(bank, tmp_path, run_cli,
                                                                               monkeypatch):
    path = tmp_path / "council.yaml"
    path.write_text(COUNCIL)

    def edit():   # as an editor saves: the whole file written again, the interview's answer kept
        text = path.read_text()
        assert "policy_status: ad_hoc" in text
        path.write_text(text.replace("# kept\n", "# kept\n# checked by the finance director\n")
                        + "  policy_owner: cabinet\n")

    code, out, err = plain(run_cli, monkeypatch, path, "1", "", edit, "2", "a note that is not saved")
    assert code == 2
    assert err.splitlines() == [f"Error: {path}: {changed('your answer to question 2')}"]
    assert "Traceback" not in out + err
    edited = path.read_text()
    assert "# checked by the finance director\n" in edited and "a note that is not saved" not in edited
    assert answered(path) == {"policy_status": "ad_hoc", "policy_owner": "cabinet"}
    assert others(tmp_path, "council.yaml") == []          # no temporary file, the lock file gone
    # run again: it continues from the changed file, at its first unanswered question
    code, out, err = plain(run_cli, monkeypatch, path, "2", "", "q")
    assert code == 0, err
    assert "Question 3 of 5" in out.split("Answer: ")[0]
    assert answered(path) == {"policy_status": "ad_hoc", "policy_owner": "cabinet",
                              "leadership_challenge": "group"}
    assert path.read_text().startswith("# kept\n# checked by the finance director\n")


def _same_size_same_time(path: Path) -> None:
    """Other bytes of the same length, the modification time put back to the nanosecond: only the bytes
    tell."""
    info = path.stat()
    data = path.read_bytes()
    path.write_bytes(data.replace(b"name: A", b"name: B"))
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert path.stat().st_size == info.st_size and path.stat().st_mtime_ns == info.st_mtime_ns


def _renamed_in(path: Path) -> None:
    """An editor that saves by writing a new file and renaming it over the old one."""
    new = path.with_name(".council.yaml.swp")
    new.write_text(path.read_text() + "notes: edited\n")
    os.replace(new, path)


@pytest.mark.parametrize("edit", [_same_size_same_time, _renamed_in],
                         ids=["same-size-and-time", "renamed-in"])
def test_every_kind_of_change_is_seen(bank, tmp_path, run_cli, monkeypatch, edit):
    path = tmp_path / "council.yaml"
    path.write_text(COUNCIL)
    edited: list[bytes] = []

    def change():
        edit(path)
        edited.append(path.read_bytes())

    code, _, err = plain(run_cli, monkeypatch, path, "1", "", change, "2", "")
    assert code == 2
    assert err.splitlines() == [f"Error: {path}: {changed('your answer to question 2')}"]
    assert path.read_bytes() == edited[0]
    assert others(tmp_path, "council.yaml") == []


def test_the_same_bytes_written_again_are_no_change(bank, tmp_path, run_cli, monkeypatch):
    """An editor's save with nothing changed (a new modification time, even a new file): the interview
    goes on saving."""
    path = tmp_path / "council.yaml"
    path.write_text(COUNCIL)

    def save_unchanged():
        data = path.read_bytes()
        path.unlink()
        path.write_bytes(data)
        os.utime(path, ns=(time.time_ns() + 10**9, time.time_ns() + 10**9))

    code, _, err = plain(run_cli, monkeypatch, path, "1", "", save_unchanged, "2", "", "q")
    assert code == 0, err
    assert answered(path) == {"policy_status": "ad_hoc", "policy_owner": "finance"}


@pytest.mark.parametrize("how", ["deleted", "moved"])
def test_a_profile_deleted_or_moved_meanwhile_is_not_made_again(bank, tmp_path, run_cli, monkeypatch, how):
    path = tmp_path / "council.yaml"
    path.write_text(COUNCIL)
    moved = tmp_path / "filed" / "council.yaml"

    def remove():
        if how == "deleted":
            path.unlink()
        else:
            moved.parent.mkdir()
            path.rename(moved)

    code, out, err = plain(run_cli, monkeypatch, path, "1", "", remove, "2", "")
    assert code == 2
    assert err.splitlines() == [f"Error: {path}: {gone('your answer to question 2')}"]
    assert "Traceback" not in out + err
    assert not path.exists()
    if how == "moved":
        assert answered(moved) == {"policy_status": "ad_hoc"}   # the moved file, not the answer refused
    assert others(tmp_path) == (["filed"] if how == "moved" else [])


def test_q_at_the_evidence_note_after_an_edit_is_refused_not_a_quiet_quit(bank, tmp_path, run_cli,
                                                                       monkeypatch):
    path = tmp_path / "council.yaml"
    path.write_text(COUNCIL)
    code, _, err = plain(run_cli, monkeypatch, path, "1", "", "2",
                         lambda: path.write_text(COUNCIL + "notes: mine\n"), "q")
    assert code == 2
    assert err.splitlines() == [f"Error: {path}: {changed('your answer to question 2')}"]
    assert path.read_text() == COUNCIL + "notes: mine\n"


def test_a_new_profile_made_by_someone_else_before_the_first_save_is_not_written_over(bank, tmp_path, run_cli,
                                                                                      monkeypatch):
    path = tmp_path / "council.yaml"
    theirs = "council: {name: Their DC, type: unitary}\n"
    code, out, err = plain(run_cli, monkeypatch, path, "Example DC", lambda: path.write_text(theirs), "1", "")
    assert code == 2
    assert err.splitlines() == [f"Error: {path}: {created(COUNCIL_DETAILS)}"]
    assert "Traceback" not in out + err
    assert path.read_text() == theirs
    assert others(tmp_path, "council.yaml") == []


def test_a_change_to_the_file_a_symbolic_link_leads_to_is_seen(bank, tmp_path, run_cli, monkeypatch):
    (tmp_path / "shared").mkdir()
    target = tmp_path / "shared" / "council.yaml"
    target.write_text(COUNCIL)
    link = tmp_path / "council.yaml"
    link.symlink_to(target)
    code, _, err = plain(run_cli, monkeypatch, link, "1", "",
                         lambda: target.write_text(target.read_text() + "notes: shared\n"), "2", "")
    assert code == 2
    assert err.splitlines() == [f"Error: {link}: {changed('your answer to question 2')}"]
    assert link.is_symlink() and target.read_text().endswith("notes: shared\n")
    assert answered(target) == {"policy_status": "ad_hoc"}


@pytest.mark.parametrize("command", ["interview", "answers"])
def test_a_change_saved_while_the_answer_is_flushed_to_disk_is_seen(bank, tmp_path, run_cli, monkeypatch,
                                                                    command):
    """The check is made again once the new text is on disk, just before the rename: an edit saved while
    the interview's save is under way is kept too, and the temporary file goes."""
    from backtofront.render import output

    path = tmp_path / "council.yaml"
    path.write_text(COUNCIL)
    (tmp_path / "answers.csv").write_text("question_id,answer,evidence\npolicy_owner,cabinet,\n")
    saves = []
    real_fsync = os.fsync

    def fsync(fd):
        real_fsync(fd)
        saves.append(fd)
        if len(saves) == (2 if command == "interview" else 1):
            path.write_text(path.read_text() + "notes: saved meanwhile\n")

    monkeypatch.setattr(output.os, "fsync", fsync)
    if command == "interview":
        code, _, err = plain(run_cli, monkeypatch, path, "1", "", "2", "")
        what = "your answer to question 2"
    else:
        code, _, err = run_cli("interview", "-o", str(path), "--answers", str(tmp_path / "answers.csv"))
        what = f"the answers from {tmp_path / 'answers.csv'}"
    assert code == 2
    assert err.splitlines() == [f"Error: {path}: {changed(what)}"]
    assert path.read_text().endswith("notes: saved meanwhile\n")
    assert answered(path) == ({"policy_status": "ad_hoc"} if command == "interview" else {})
    assert others(tmp_path, "council.yaml", "answers.csv") == []


def test_a_profile_that_cannot_be_read_again_is_a_save_that_cannot_be_made(bank, tmp_path, run_cli,
                                                                            monkeypatch):
    """The file made unreadable meanwhile: its bytes cannot be compared, so nothing is written; said as a
    save that cannot be made."""
    from backtofront.interview import store

    path = tmp_path / "council.yaml"
    path.write_text(COUNCIL)
    real_open = open

    def refuse(name, *args, **kw):
        if Path(name) == path and "b" in (args[0] if args else kw.get("mode", "r")):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(name))
        return real_open(name, *args, **kw)

    def lock_it():
        path.write_text(path.read_text().replace("name: A", "name: Z"))   # the same size: bytes are read
        monkeypatch.setattr(store, "open", refuse, raising=False)

    code, _, err = plain(run_cli, monkeypatch, path, "1", "", lock_it, "2", "")
    assert code == 2
    assert err.splitlines() == [f"Error: {path}: cannot be saved: Permission denied; the profile is as it "
                                "was before this change"]
    assert "name: Z" in path.read_text()


# --- the full screen (Textual's pilot) -----------------------------------------------------------------
def run_app(path: Path, script) -> InterviewApp:
    async def drive():
        app = InterviewApp(Session(interview_bank.bank(), ProfileFile(path)))
        async with app.run_test(size=(80, 30)) as pilot:
            await pilot.pause()
            await script(app, pilot)
        return app
    return asyncio.run(drive())


@pytest.mark.parametrize("how", ["edited", "deleted"])
def test_the_full_screen_stops_on_an_answer_it_would_write_over_an_edit(bank, tmp_path, how):
    path = tmp_path / "council.yaml"
    path.write_text(COUNCIL)
    edited = COUNCIL + "notes: typed in an editor\n"

    async def script(app, pilot):
        await pilot.press("1", *"first note", "enter")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen) and app.screen.question.id == "policy_owner"
        assert answered(path) == {"policy_status": "ad_hoc"}
        if how == "edited":
            path.write_text(edited)
        else:
            path.unlink()
        await pilot.press("2", *"second note", "enter")
        await pilot.pause()
        assert app._exit                                    # the screen is left at once

    app = run_app(path, script)
    failure = app.failure
    assert isinstance(failure, ChangedOutside)
    expected = changed if how == "edited" else gone
    assert str(failure) == f"{path}: {expected('your answer to question 2')}"
    assert app.return_value is None
    if how == "edited":
        assert path.read_text() == edited
    else:
        assert not path.exists()


def test_quitting_the_first_screen_does_not_write_over_a_file_made_meanwhile(bank, tmp_path):
    """Ctrl+Q on the council's details saves them (as the screen promises), but not over a profile that
    someone else saved under that name in the meantime."""
    path = tmp_path / "council.yaml"
    theirs = "council: {name: Their DC, type: unitary}\n"

    async def script(app, pilot):
        assert isinstance(app.screen, CouncilScreen)
        await pilot.press(*"Example DC", "tab", "enter", "down", "enter")
        await pilot.pause()
        path.write_text(theirs)
        await pilot.press("ctrl+q")
        await pilot.pause()

    app = run_app(path, script)
    assert isinstance(app.failure, ChangedOutside)
    assert str(app.failure) == f"{path}: {created(COUNCIL_DETAILS)}"
    assert path.read_text() == theirs


# --- under a real terminal ---------------------------------------------------------------------------
def spawn(args: list[str], cwd: Path) -> pexpect.spawn:
    return interview_bank.spawn(args, entry=True, cwd=str(cwd), dimensions=(30, 80), encoding="utf-8",
                                timeout=60, env=ENV)


def finish(child: pexpect.spawn) -> int:
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus if child.exitstatus is not None else 128 + child.signalstatus


def lines(text: str) -> list[str]:
    return [line for line in text.replace("\r", "").split("\n") if line.strip()]


@pytest.mark.parametrize("full_screen", [True, False], ids=["full-screen", "plain"])
def test_under_a_terminal_the_last_line_says_what_to_do_and_the_exit_code_is_2(bank, tmp_path, full_screen):
    path = tmp_path / "council.yaml"
    path.write_text(COUNCIL)
    child = spawn(["interview", "-o", "council.yaml", *([] if full_screen else ["--plain"])], tmp_path)
    if full_screen:
        child.expect_exact("Question 1 of 5")
        child.send("1")
        time.sleep(0.3)
        child.send("\r")
        child.expect_exact("Question 2 of 5")
    else:
        child.expect_exact("Answer: ")
        child.sendline("1")
        child.expect_exact("(Enter to skip): ")
        child.sendline("")
        child.expect_exact("Answer: ")
    edited = path.read_text() + "notes: edited by hand\n"
    path.write_text(edited)
    if full_screen:
        child.send("2")
        time.sleep(0.3)
        child.send("\r")
    else:
        child.sendline("2")
        child.expect_exact("(Enter to skip): ")
        child.sendline("a note")
    assert finish(child) == 2
    assert lines(child.before)[-1].endswith(f"Error: council.yaml: {changed('your answer to question 2')}")
    assert "Traceback" not in child.before and "stopped on an error" not in child.before
    assert path.read_text() == edited
    assert others(tmp_path, "council.yaml") == []
