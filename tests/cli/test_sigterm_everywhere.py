"""SIGTERM (`kill`, a service manager stopping a session) ends every command as Ctrl-C does, with
128 + 15 = 143: "Interrupted." on the last line, no traceback, whether the command waits for standard
input, for a key or for an answer (the interview's plain mode and full screen included)."""

from __future__ import annotations

import signal
import time
from pathlib import Path

import forked
import pexpect
import pytest

# Terminals, signals and timings: one xdist worker runs this group, never two of them side by side.
pytestmark = pytest.mark.xdist_group("terminal")

ENV = {**{k: v for k, v in forked.environ().items() if k not in ("COLUMNS", "LINES", "PYTHONPATH")},
       "TERM": "xterm-256color", "NO_COLOR": "1"}


def _cpu(pid: int) -> tuple[str, int]:
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return fields[0], int(fields[11]) + int(fields[12])


def wait_idle(pid: int, limit: float = 60, quiet: float = 0.5) -> None:
    """Until the process sleeps with no CPU used for `quiet` seconds: waiting for input, past its start.
    Looked at every 50 ms, so that the quiet half second is not waited for twice over."""
    deadline = time.monotonic() + limit
    since, last = time.monotonic(), None
    while time.monotonic() < deadline:
        state, cpu = _cpu(pid)
        now = time.monotonic()
        if cpu != last:
            since, last = now, cpu
        elif state == "S" and now - since >= quiet:
            return
        time.sleep(0.05)


@pytest.mark.parametrize("args,waits_for", [
    (["assess", "-"], None),                                  # a profile on standard input, still typed
    (["letter", "-", "-f", "md"], None),
    (["compare", "-", "examples/district-transitional.yaml"], None),
    (["benchmark", "-"], None),
    (["walkthrough", "--case", "7"], "Press Enter"),
    (["interview", "-o", "{tmp}/council.yaml", "--plain"], "Council name: "),
    (["interview", "-o", "{tmp}/council.yaml"], "Council"),    # full screen
])
@pytest.mark.parametrize("width", [100, 60])
def test_sigterm_exits_143_in_every_command(tmp_path, args, waits_for, width):
    root = Path(__file__).resolve().parents[2]
    # forked from this process (tests/forked.py), with the signal handlers a fresh Python starts with
    child = forked.spawn([a.format(tmp=tmp_path) for a in args], cwd=str(root), env=ENV,
                         dimensions=(30, width), encoding="utf-8", timeout=60)
    if waits_for:
        child.expect_exact(waits_for)
    wait_idle(child.pid)
    child.kill(signal.SIGTERM)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 143, (child.exitstatus, child.signalstatus, child.before[-300:])
    shown = [line for line in child.before.replace("\r", "").split("\n") if line.strip()]
    assert shown[-1].endswith("Interrupted."), shown[-3:]
    assert "Traceback" not in child.before
    assert not (tmp_path / "council.yaml").exists() and not list(tmp_path.iterdir())
