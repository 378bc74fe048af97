"""`backtofront benchmark` in a real terminal (stdlib pty) at 80 and 60 columns: the figures' heading is
whole, and every bullet wraps with a hanging indent (continuations under the text, never at column 0)."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import struct
import sys
import termios
from pathlib import Path

import pytest

# Terminals, signals and timings: one xdist worker runs this group, never two of them side by side.
pytestmark = pytest.mark.xdist_group("terminal")

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = str(ROOT / "examples" / "district-transitional.yaml")
BIN = str(Path(sys.executable).parent / "backtofront")
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
HEADING = "Figures against the report's national figures"


def run_pty(args: list[str], width: int) -> tuple[int, list[str]]:
    """Run under a pseudo-terminal `width` columns wide; (exit status, the lines seen, colour and
    trailing spaces removed)."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: the terminal's size, then the command (never back into the tests)
        try:
            fcntl.ioctl(1, termios.TIOCSWINSZ, struct.pack("HHHH", 40, width, 0, 0))
            env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "NO_COLOR")}
            env.update(TERM="xterm-256color", LANG="C.UTF-8", LC_ALL="C.UTF-8")
            os.execve(BIN, [BIN, *args], env)
        finally:
            os._exit(127)
    chunks = []
    while True:
        try:
            data = os.read(fd, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    _, status = os.waitpid(pid, 0)  # before closing the terminal, which would hang up on the child
    os.close(fd)
    text = ANSI.sub("", b"".join(chunks).decode("utf-8", "replace")).replace("\r\n", "\n")
    return os.waitstatus_to_exitcode(status), [line.rstrip() for line in text.split("\n")]


def _figures(lines: list[str]) -> list[str]:
    start = lines.index(HEADING) + 1
    end = lines.index("", start)
    return lines[start:end]


@pytest.mark.parametrize("width", [80, 60])
def test_figures_heading_is_whole_and_bullets_hang(width):
    status, lines = run_pty(["benchmark", EXAMPLE], width)
    assert status == 0
    assert HEADING in lines  # on a line of its own, not cut
    assert all(len(line) <= width for line in lines)
    figures = _figures(lines)
    bullets = [line for line in figures if line.lstrip().startswith("- ")]
    assert len(bullets) >= 3  # back office share, its cohort spread, corporate services share
    # a sub-bullet: the two case-study councils giving the figure are too few to show their spread
    assert any(line.startswith("  - In the cohort: too few councils give it to show") for line in figures)
    assert not any(line.startswith("-  ") for line in figures)  # no wide gap after a bullet's dash
    indent = None  # the column of the text of the bullet in hand
    wrapped = 0
    for line in figures:
        lead = len(line) - len(line.lstrip())
        if line.lstrip().startswith("- "):
            indent = lead + 2
        else:
            assert indent is not None and lead == indent, f"continuation not under its bullet: {line!r}"
            wrapped += 1
    assert wrapped >= 2  # the long bullets did wrap at this width


@pytest.mark.parametrize("width", [80, 60])
def test_benchmark_headings_are_whole(width):
    status, lines = run_pty(["benchmark", EXAMPLE], width)
    assert status == 0
    text = " ".join(line.strip() for line in lines)
    for heading in ("Stages (Table 4): this council and the spread of the cohort", HEADING):
        assert heading in text
    assert "Figures against the report's" not in [line.strip() for line in lines]
