"""An empty output name (`-o ''`, or an unset shell variable: `-o "$OUT"`) is exit 2 with one short line
naming the option and saying what to give, for every command that has -o, before any work is done."""

from __future__ import annotations

import click
import pytest
from backtofront import cli as cli_mod
from backtofront.classifier.errors import InputError
from backtofront.render.output import write_output
from test_terminal import PTY_CASES, expand

WHAT = {"FILE": "give a file name, or - for standard output", "OUTDIR": "give a folder name",
        "PROFILE": "give the profile's file name"}


def _commands_with_o(group: click.Group, prefix: str = "") -> dict[str, click.Option]:
    found = {}
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            found |= _commands_with_o(command, prefix + name + " ")
        for param in command.params:
            if isinstance(param, click.Option) and "-o" in param.opts:
                found[prefix + name] = param
    return found


COMMANDS = _commands_with_o(cli_mod.cli)
ARGS = {}
for _path, _args, *_ in PTY_CASES:
    ARGS.setdefault(_path, _args)


def _without_o(args: list[str]) -> list[str]:
    out, skip = [], False
    for arg in args:
        if skip:
            skip = False
        elif arg in ("-o", "--output"):
            skip = True
        else:
            out.append(arg)
    return out


def test_the_walk_finds_the_commands_that_write():
    assert {"assess", "letter", "knowledge", "batch", "interview", "compare", "benchmark"} <= set(COMMANDS)


@pytest.mark.parametrize("path", sorted(COMMANDS))
@pytest.mark.parametrize("name", ["", "  "], ids=["empty", "spaces"])
def test_an_empty_output_name_names_the_option(run_cli, tmp_path, monkeypatch, path, name):
    monkeypatch.chdir(tmp_path)
    args = _without_o(expand(ARGS[path], tmp_path))
    before = sorted(p.name for p in tmp_path.iterdir())
    code, out, err = run_cli(*args, "-o", name)
    what = WHAT[COMMANDS[path].metavar]
    assert code == 2 and out == ""
    assert err.strip() == f"Error: -o/--output: the name is empty; {what}", err
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing written, no folder made


def test_the_long_form_says_the_same(run_cli):
    code, _, err = run_cli("assess", "--case", "7", "--output=")
    assert code == 2 and err.strip() == f"Error: -o/--output: the name is empty; {WHAT['FILE']}"


def test_write_output_refuses_an_empty_name_too():
    with pytest.raises(InputError, match=r"^-o/--output: the name is empty; give a file name"):
        write_output("text", "")
