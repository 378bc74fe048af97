"""compare, benchmark, batch and example as a person sees them: under a real pseudo-terminal (stdlib pty)
at 120, 80 and 60 columns; nothing wider than the terminal, the key content there, and Ctrl-C."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import select
import shutil
import struct
import sys
import termios
import time
import unicodedata
from pathlib import Path

import pytest
from backtofront.classifier import cases as cases_mod

# Terminals, signals and timings: one xdist worker runs this group, never two of them side by side.
pytestmark = pytest.mark.xdist_group("terminal")

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = str(ROOT / "examples" / "district-transitional.yaml")
EXE = str(Path(sys.executable).with_name("backtofront"))
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")


def run_in_terminal(args: list[str], columns: int, cwd: Path, *, interrupt_when=None, rows: int = 50):
    """Run the installed command on a pseudo-terminal of `columns` x `rows`; returns (exit code, the
    screen text without escape codes, raw output). `interrupt_when(raw_so_far)` -> True sends Ctrl-C."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "COLUMNS", "LINES", "NO_COLOR")}
    env["TERM"] = "xterm-256color"
    pid, fd = pty.fork()
    if pid == 0:  # the child: never return into the test runner, whatever happens
        try:
            fcntl.ioctl(1, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
            os.chdir(cwd)
            os.execve(EXE, [EXE, *args], env)
        finally:
            os._exit(127)
    raw, sent = b"", False
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            raw += chunk
        if interrupt_when and not sent and interrupt_when(raw):
            os.write(fd, b"\x03")
            sent = True
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    text = raw.decode("utf-8", "replace")
    return os.waitstatus_to_exitcode(status), ANSI.sub("", text).replace("\r\n", "\n"), text


def _width(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


def _assert_fits(screen: str, columns: int) -> None:
    for line in re.split(r"[\r\n]", screen):
        assert _width(line) <= columns, f"{_width(line)} > {columns}: {line!r}"


def _profiles(tmp_path: Path, n_copies: int = 0) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for p in (ROOT / "examples").glob("*.yaml"):
        shutil.copy(p, folder / p.name)
    text = Path(EXAMPLE).read_text(encoding="utf-8")
    for i in range(n_copies):  # one council each, as a batch of many councils has
        (folder / f"copy{i:03}.yaml").write_text(
            text.replace("Example District Council", f"Copy {i:03} District Council", 1), encoding="utf-8")
    return folder


COLUMNS = [120, 80, 60]


@pytest.mark.parametrize("columns", COLUMNS)
def test_compare_in_a_terminal(tmp_path, columns):
    old = tmp_path / "old.yaml"
    old.write_text(Path(EXAMPLE).read_text().replace("2008-03-31", "2007-03-31")
                   .replace("  sustainability: transactional", "  sustainability: transitional"))
    code, screen, raw = run_in_terminal(["compare", str(old), EXAMPLE], columns, tmp_path)
    assert code == 0, screen
    assert "From 2007-03-31 to 2008-03-31" in screen and "DOWN" in screen
    assert "Sustainability of efficiency" in screen
    assert "\x1b[" in raw  # a colour terminal
    if columns < 90:  # stages as number and shade, the key below
        assert "2▒ → 1░" in screen and "1░ transactional, 2▒ transitional" in screen
    else:
        assert "Transitional" in screen and "Transactional" in screen
    _assert_fits(screen, columns)


@pytest.mark.parametrize("columns", COLUMNS)
def test_benchmark_in_a_terminal(tmp_path, columns):
    code, screen, _ = run_in_terminal(["benchmark", EXAMPLE], columns, tmp_path)
    assert code == 0, screen
    assert screen.startswith(f"Example District Council against {len(cases_mod.load_all())} councils")
    assert "Councils by characteristic (Table 4)" in screen and "Pol" in screen and "All" in screen
    assert "2▒" in screen and "3█" in screen
    _assert_fits(screen, columns)


@pytest.mark.parametrize("columns", COLUMNS)
def test_batch_in_a_terminal(tmp_path, columns):
    src = _profiles(tmp_path, 30)
    code, screen, raw = run_in_terminal(["batch", str(src), "-o", "out", "-j", "2"], columns, tmp_path)
    assert code == 0, screen
    assert "32 assessed, 0 unchanged (skipped), 0 failed." in " ".join(screen.split())
    assert "Summary: councils by" in screen
    header = next(line for line in screen.splitlines() if line.startswith("Council"))
    assert header.split()[-3:] == ["Time", "Lead", "All"]  # every stage column, at every width
    assert ("Type" in header and "Flags" in header) is (columns >= 80)  # the extras give way on a narrow one
    assert "Assessing" in raw  # the progress bar was drawn on the terminal
    _assert_fits(screen, columns)
    assert json.loads((tmp_path / "out" / "copy000.json").read_text())["overall"]["stage"] == "transitional"


@pytest.mark.parametrize("columns", COLUMNS)
def test_example_csv_in_a_terminal(tmp_path, columns):
    code, screen, _ = run_in_terminal(["example", "--format", "csv"], columns, tmp_path)
    assert code == 0
    assert screen.startswith("council.name,council.type,assessed_on,")  # CSV is data: never wrapped
    code, screen, _ = run_in_terminal(["example"], columns, tmp_path)
    assert code == 0 and "council:" in screen


def test_ctrl_c_in_a_terminal_batch(tmp_path):
    src = _profiles(tmp_path, 150)
    out = tmp_path / "out"

    def some_written(_raw: bytes) -> bool:
        return out.is_dir() and len(list(out.glob("*.json"))) >= 3

    code, screen, _ = run_in_terminal(["batch", str(src), "-o", "out", "-j", "2"], 80, tmp_path,
                                      interrupt_when=some_written)
    assert code == 130
    assert screen.rstrip().splitlines()[-1] == "Interrupted."
    # the line before says how far it got and how to finish
    assert re.search(
        r"Stopped: \d+ of \d+ councils written; run the same command again to finish the rest\.$",
                     screen.rstrip().splitlines()[-2])
    assert "Traceback" not in screen
    for p in out.glob("*.json"):
        json.loads(p.read_text())
    # the run settled its entry
    assert json.loads((out / ".backtofront-batch.json").read_text())["runs"] == []
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == [".backtofront-batch.json"]


def _combined_years(tmp_path: Path) -> list[str]:
    """The workshop's respondents combined (examples/workshop), in 2008 and in 2009 with an agreed stage."""
    import yaml

    from backtofront.cohort import combine

    data = combine.combine(sorted(str(p) for p in (ROOT / "examples" / "workshop").glob("*.yaml")))
    paths = []
    for year in (2008, 2009):
        data = {**data, "assessed_on": f"{year}-03-31"}
        if year == 2009:
            data["characteristics"] = {"time_scales": {"override": {"stage": "transformational",
                                                                    "reason": "Agreed at the workshop"}}}
        path = tmp_path / f"council-{year}.yaml"
        path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
        paths.append(str(path))
    return paths


@pytest.mark.parametrize("columns", COLUMNS)
def test_compare_and_benchmark_of_combined_profiles_in_a_terminal(tmp_path, columns):
    years = _combined_years(tmp_path)
    code, screen, _ = run_in_terminal(["compare", *years], columns, tmp_path, rows=60)
    assert code == 0, screen
    words = " ".join(screen.split())
    assert "The respondents at 2008-03-31" in words and "The respondents at 2009-03-31" in words
    assert "(Agreed" in screen and "Sam Patel, Payroll" in words
    # a table where every stage column holds "Transformational" whole, a list below that; never a stage
    # split across two lines ("Transformation" / "al")
    assert ("Each respondent's stage, by role" in screen) is (columns >= 120)
    assert not re.search(r"Transformation(?!al)", screen), screen
    _assert_fits(screen, columns)
    code, screen, _ = run_in_terminal(["benchmark", years[1]], columns, tmp_path, rows=60)
    assert code == 0, screen
    words = " ".join(screen.split())
    assert "Example District Council: the respondents, each one's stage by role" in words
    assert "Staff" in screen and "(Agreed" in screen   # the agreed stage beside the spread (a cell may wrap)
    _assert_fits(screen, columns)
