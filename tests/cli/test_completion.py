"""Shell completion through the installed `backtofront` command, as a shell calls it (click 8's
_BACKTOFRONT_COMPLETE): the script for bash, zsh and fish, and completions with `--debug` and `--no-color`
on the line, which the entry point takes out of argv before click sees it (completion reads COMP_WORDS)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

EXE = str(Path(sys.executable).with_name("backtofront"))


def _complete(mode: str, words: str | None = None, cword: str | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"} | {"_BACKTOFRONT_COMPLETE": mode}
    if words is not None:
        env |= {"COMP_WORDS": words, "COMP_CWORD": cword or str(len(words.split()) - 1)}
    return subprocess.run([EXE], capture_output=True, text=True, env=env, timeout=60, check=False)


@pytest.mark.parametrize("shell,marker", [("bash",
                                           "complete -o nosort -F _backtofront_completion backtofront"),
                                          ("zsh", "#compdef backtofront"),
                                          ("fish", "complete --no-files --command backtofront")])
def test_the_completion_script_for_each_shell(shell, marker):
    done = _complete(f"{shell}_source")
    assert done.returncode == 0, done.stderr
    assert marker in done.stdout and "_BACKTOFRONT_COMPLETE" in done.stdout and not done.stderr


def test_commands_options_and_choices_complete_with_the_global_flags_on_the_line():
    done = _complete("bash_complete", "backtofront ass", "1")
    assert done.returncode == 0 and done.stdout.splitlines() == ["plain,assess"], done.stdout + done.stderr
    # --debug before the command, --no-color after it: both are taken out of argv, not of COMP_WORDS
    done = _complete("bash_complete", "backtofront --debug letter --no-color --fo", "4")
    assert done.stdout.splitlines() == ["plain,--format"], done.stdout + done.stderr
    done = _complete("bash_complete", "backtofront --no-color letter -f ", "4")
    assert done.stdout.splitlines() == ["plain,md", "plain,html", "plain,docx", "plain,pdf"]
    done = _complete("zsh_complete", "backtofront bench", "1")
    assert done.stdout.splitlines()[:2] == ["plain", "benchmark"]
