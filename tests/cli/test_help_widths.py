"""`--help` as people meet it in a terminal at 80 and 60 columns: no line wider than the terminal (which
would cut a word where the terminal wraps it) and no command summary cut short with "..."."""

from __future__ import annotations

import re

import pytest
from backtofront import cli as cli_mod
from test_terminal import _command_paths, run_pty, visible_lines

HELPS = [[], *[path.split() for path in _command_paths(cli_mod.cli)]]


@pytest.mark.parametrize("width", (80, 60))
@pytest.mark.parametrize("path", HELPS, ids=lambda p: " ".join(p) or "backtofront")
def test_help_fits_the_terminal_and_cuts_no_summary(path, width):
    status, out = run_pty([*path, "--help"], width)
    lines = [line.rstrip() for line in visible_lines(out)]
    assert status == 0 and any(line.startswith("Usage: backtofront") for line in lines), out
    too_long = [line for line in lines if len(line) > width]
    assert not too_long, too_long[:3]
    cut = [line for line in lines if re.search(r"\w\.\.\.$", line)]  # "[ARGS]..." in the usage line is fine
    assert not cut, cut[:3]
