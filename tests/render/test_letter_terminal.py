"""`letter --brief` and the walkthrough as a person meets them: under a real pseudo-terminal, at 120, 80
and 60 columns."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

# Terminals, signals and timings: one xdist worker runs this group, never two of them side by side.
pytestmark = pytest.mark.xdist_group("terminal")

EXAMPLE = str(Path(__file__).resolve().parents[2] / "examples" / "district-transitional.yaml")


def run_in_terminal(args: list[str], columns: int) -> tuple[int, str]:
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "NO_COLOR")}
    env["PAGER"] = "cat"  # long output is paged on a terminal; cat lets the test read it to the end
    proc = subprocess.Popen([sys.executable, "-m", "backtofront", *args], stdin=follower, stdout=follower,
                            stderr=follower, env=env, close_fds=True)
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 65536)
        except OSError:  # the terminal closes when the program ends
            break
        if not data:
            break
        chunks.append(data)
    os.close(leader)
    return proc.wait(timeout=60), b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n")


@pytest.mark.parametrize("columns", [120, 80, 60])
def test_brief_letter_in_a_terminal(columns):
    code, out = run_in_terminal(["letter", EXAMPLE, "--brief", "--date", "2008-11-01"], columns)
    assert code == 0, out
    assert "## Priorities" in out and "Yours sincerely," in out and "Annex" not in out
    assert not re.search(r"\bBT\d{3}\b|\b[a-z]+_[a-z_]+\b", out)


@pytest.mark.parametrize("columns", [120, 80, 60])
def test_walkthrough_in_a_terminal_speaks_plain_english(columns):
    code, out = run_in_terminal(["walkthrough", "--case", "7", "--no-pause"], columns)
    assert code == 0, out
    text = " ".join(re.sub(r"\x1b\[[0-9;]*m", "", out).split())  # bold headings; wrapped at the terminal
    assert "Step 1 of 7:" in text and \
        "Overall stage: Transactional (stated by the report, para 48, Case study 7)." in text
    assert not re.search(r"\bBT\d{3}\b|\b[a-z]+_[a-z_]+\b", out)
    assert max(len(re.sub(r"\x1b\[[0-9;]*m", "", line)) for line in out.splitlines()) <= columns
