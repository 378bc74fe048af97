"""tests/forked.py, the launcher most terminal tests use, behaves as the installed command started for real:
the same screen and exit status for a report, Ctrl-C, bytes that are not UTF-8 typed at a prompt, a
carriage return inside a line and a terminal that closes under an interview; and its child never returns
into the test process."""

from __future__ import annotations

import os
import re
import signal
import time
from pathlib import Path

import forked
import pexpect
import pytest

pytestmark = pytest.mark.xdist_group("terminal")

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = str(ROOT / "examples" / "district-transitional.yaml")
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
ENV = {**{k: v for k, v in forked.environ().items() if k not in ("COLUMNS", "LINES", "NO_COLOR")},
       "TERM": "xterm-256color", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "PAGER": "cat"}
BOTH = ["forked", "real"]


def start(how: str, args: list[str], cwd: Path | None = None) -> pexpect.spawn:
    kwargs = {"dimensions": (30, 80), "encoding": "utf-8", "codec_errors": "replace", "timeout": 60,
              "cwd": str(cwd) if cwd else None}
    if how == "forked":
        return forked.spawn(args, env=ENV, **kwargs)
    return pexpect.spawn(forked.BIN, args, env=ENV, **kwargs)


def interview(how: str, tmp_path: Path) -> pexpect.spawn:
    """The plain interview started `how`, in a folder of its own, at its first prompt."""
    folder = tmp_path / how
    folder.mkdir()
    child = start(how, ["interview", "--plain", "-o", "c.yaml"], folder)
    child.expect_exact("Council name: ")
    return child


def ended(child: pexpect.spawn) -> tuple[int | None, int | None, str]:
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus, child.signalstatus, ANSI.sub("", child.before).replace("\r\n", "\n")


def test_a_report_is_the_same_screen_and_status():
    runs = {how: ended(start(how, ["assess", EXAMPLE])) for how in BOTH}
    assert runs["forked"] == runs["real"]
    assert runs["real"][0] == 0 and "Overall stage: Transitional" in runs["real"][2]


@pytest.mark.parametrize("typed, shown", [
    (b"Caf\xe9 Council\r", "unpaired surrogate"),                 # Windows-1252 bytes, not UTF-8
    (b"North\x16\rWest\r", "control character (U+000D)"),        # Ctrl-V Enter: a carriage return in a line
])
def test_what_is_typed_at_a_prompt_is_read_as_python_reads_it(tmp_path, typed, shown):
    screens = {}
    for how in BOTH:
        child = interview(how, tmp_path)
        os.write(child.child_fd, typed)
        child.expect_exact("Council name: ")
        screens[how] = child.before
        child.sendcontrol("c")
        ended(child)
    assert shown in screens["real"]
    assert screens["forked"] == screens["real"]


def test_ctrl_c_at_a_prompt_ends_the_same_way():
    runs = {}
    for how in BOTH:
        child = start(how, ["walkthrough", "--case", "7"])
        child.expect_exact("Press Enter")
        child.sendintr()
        runs[how] = ended(child)
    assert runs["forked"][:2] == runs["real"][:2] == (130, None)
    assert runs["forked"][2].rstrip().endswith("Interrupted.")


def test_a_terminal_closed_under_an_interview_ends_the_child_not_the_test(tmp_path):
    """The child's every write then fails: it must still end, with the real command's status, and never
    run on into the test process's own code (which would run the rest of the suite a second time)."""
    statuses = {}
    for how in BOTH:
        child = interview(how, tmp_path)
        pid = child.pid
        child.ptyproc.fileobj.close()  # the terminal window closed
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                statuses[how] = os.waitstatus_to_exitcode(status)
                break
            time.sleep(0.05)
        else:
            os.kill(pid, signal.SIGKILL)
            pytest.fail(f"the {how} command went on running after its terminal closed")
    assert statuses["forked"] == statuses["real"] == 129  # 128 + SIGHUP, as the README says


def test_the_child_leaves_no_descriptor_open_in_the_test_process():
    before = set(os.listdir("/proc/self/fd"))
    for _ in range(3):
        ended(start("forked", ["--version"]))
    assert set(os.listdir("/proc/self/fd")) <= before


def test_runs_a_fork_cannot_match_are_started_for_real(monkeypatch):
    # the suite's own PYTHON* settings (PYTHONPATH, say) would already keep every run from forking: without
    # them, ENV is one a fork can match, and each change below is one it cannot
    for name in [n for n in os.environ if n.startswith("PYTHON") and n not in forked.FOLLOWED]:
        monkeypatch.delenv(name)
    env = {k: v for k, v in ENV.items() if not k.startswith("PYTHON") or k in forked.FOLLOWED}
    assert forked.is_utf8(env)
    assert not forked.is_utf8({**env, "PYTHONPATH": "/elsewhere"})
    assert not forked.is_utf8({**env, "PYTHONIOENCODING": "latin-1"})
    assert not forked.is_utf8({**env, "LANG": "en_GB.ISO-8859-1", "LC_ALL": ""})
    child = forked.spawn(["--version"], env=ENV, ignore_sighup=True, encoding="utf-8")
    assert child.command == forked.BIN  # pexpect's own ignore_sighup holds only across an exec
    ended(child)
