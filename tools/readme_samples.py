"""Regenerates the sample output in README.md from what the commands print today, so it cannot drift.

A sample is a ```console block whose first line is `$ backtofront ...` and whose other lines are that
command's output. Each command in SAMPLES is run (as `python -m backtofront`, colours off, as in a pipe)
and its block rewritten: the excerpts SAMPLES names, each from the first line that starts with its first
marker up to the line before the first one that starts with its second, joined by "..." lines where
output is left out. tests/cli/test_readme_samples.py checks README.md against the same excerpts.
Run: python tools/readme_samples.py (also part of `make docs`)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"

# command -> the excerpts shown: (first line starts with, the line after the excerpt starts with)
SAMPLES: dict[str, list[tuple[str, str]]] = {
    "backtofront assess examples/district-transitional.yaml": [
        ("Example District Council", "Shortest path to"),
        ("Top priorities", "In detail"),
        ("The eight characteristics (Table 4)", "│ Service"),
        ("Flags", "[warning]"),
        ("Recommendations", "3. "),
    ],
}

BLOCK = re.compile(r"^```console\n(?P<body>\$ (?P<command>[^\n]*)\n(?:(?!```)[^\n]*\n)*?)```$", re.M)


def excerpt(output: str, parts: list[tuple[str, str]]) -> str:
    """The lines of `output` that `parts` name (see SAMPLES), joined by "..." and ending with one.
    ValueError naming a marker that is not found (the output changed shape: update SAMPLES)."""
    lines = output.splitlines()
    out: list[str] = []
    at = 0
    for start, end in parts:
        first = next((i for i in range(at, len(lines)) if lines[i].strip().startswith(start)), None)
        if first is None:
            raise ValueError(f"no line starting {start!r} in the output")
        last = next((i for i in range(first + 1, len(lines)) if lines[i].strip().startswith(end)), None)
        if last is None:
            raise ValueError(f"no line starting {end!r} after {start!r} in the output")
        chunk = lines[first:last]
        while chunk and not chunk[-1].strip():
            chunk.pop()
        out += [*chunk, "..."]
        at = last
    return "\n".join(out) + "\n"


def output_blocks(text: str) -> dict[str, str]:
    """{command: the block's lines after the command} for every sample block of `text` (a ```console
    block whose first line is `$ backtofront ...` and which holds a line that is not a command)."""
    blocks = {}
    for m in BLOCK.finditer(text):
        rest = m.group("body").split("\n", 1)[1]
        if any(line and not line.startswith("$ ") for line in rest.splitlines()):
            blocks[m.group("command")] = rest
    return blocks


def run(command: str) -> str:
    """What `command` (`backtofront ...`) prints, run from the repository root as in a pipe."""
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "FORCE_COLOR")}
    env["NO_COLOR"] = "1"
    args = command.split()[1:]
    done = subprocess.run([sys.executable, "-m", "backtofront", *args], cwd=README.parent, env=env,
                          capture_output=True, text=True, encoding="utf-8", check=True)
    return done.stdout


def update(text: str, printed: Callable[[str], str] = run) -> str:
    """README text with every sample block of SAMPLES regenerated from `printed(command)`."""
    def block(m: re.Match) -> str:
        command = m.group("command")
        if command not in SAMPLES:
            return m.group(0)
        return f"```console\n$ {command}\n{excerpt(printed(command), SAMPLES[command])}```"
    return BLOCK.sub(block, text)


def main() -> None:
    text = README.read_text(encoding="utf-8")
    new = update(text)
    if new != text:
        README.write_text(new, encoding="utf-8")
        print(f"{README.name}: samples regenerated")


if __name__ == "__main__":
    main()
