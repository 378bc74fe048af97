"""README.md shows what the commands print today: its sample output is generated (tools/readme_samples.py,
`make docs`) and checked here against the real output, and every option of every command it shows exists."""

from __future__ import annotations

import importlib.util
import re
import shlex
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
_spec = importlib.util.spec_from_file_location("readme_samples", ROOT / "tools" / "readme_samples.py")
samples = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(samples)


def test_every_sample_of_output_is_generated():
    assert set(samples.output_blocks(README)) == set(samples.SAMPLES), \
        "a README block shows output not listed in tools/readme_samples.py SAMPLES"


@pytest.mark.parametrize("command", sorted(samples.SAMPLES))
def test_the_sample_is_what_the_command_prints(run_cli, monkeypatch, command):
    monkeypatch.chdir(ROOT)
    code, out, err = run_cli(*command.split()[1:])
    assert code == 0, err
    assert samples.output_blocks(README)[command] == samples.excerpt(out, samples.SAMPLES[command]), \
        "README.md's sample is stale: run `make docs` (python tools/readme_samples.py)"


def test_a_stale_sample_is_rewritten():
    stale = "```console\n$ backtofront assess examples/district-transitional.yaml\nOld output\n...\n```\n"
    text = samples.update(stale, lambda command: "Example District Council\nWhy\nShortest path to x\n"
                          "Top priorities\n  1. A\nIn detail\nThe eight characteristics (Table 4)\n┏━┓\n"
                          "│ Service\nFlags\n  [high] W\n  [warning] E\nRecommendations\n  1. R\n  3. S\n")
    assert "Old output" not in text and "Top priorities\n  1. A\n...\n" in text


COMMANDS = sorted({line[2:].split("#")[0].strip() for line in re.findall(r"^\$ backtofront[^\n]*", README,
                                                                         re.M)})


@pytest.mark.parametrize("command", COMMANDS)
def test_every_option_shown_exists(run_cli, command):
    words = shlex.split(command.split("|")[0])[1:]
    path = []
    for word in words:  # the command and its subcommand, before the first argument or option
        if word.startswith("-") or "." in word or "/" in word or not word.isalpha():
            break
        path.append(word)
        code, out, _ = run_cli(*path, "--help")
        if code != 0 or "Commands:" not in out:
            break
    code, help_text, err = run_cli(*path, "--help")
    assert code == 0, err
    for word in words:
        if word.startswith("--"):
            assert word.split("=")[0] in help_text, f"{word} is not an option of backtofront {' '.join(path)}"
