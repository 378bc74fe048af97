"""`backtofront batch` worker processes: councils handed out in tasks, and Ctrl-C while the workers are
still starting."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from backtofront.cohort import batch as batch_mod
from backtofront.cohort import sources

ROOT = Path(__file__).resolve().parent.parent
EXE = str(Path(sys.executable).with_name("backtofront"))
EXAMPLE = ROOT / "examples" / "district-transitional.yaml"


def _entries(n: int) -> list[sources.Entry]:
    return [sources.Entry(name=f"c{i}", source=f"c{i}.yaml", path=None) for i in range(n)]


@pytest.mark.parametrize(("councils", "jobs", "letters", "sizes"), [
    (1000, 2, None, [25] * 40),          # results alone: at most 25 councils a task
    (100, 2, None, [6] * 16 + [4]),      # fewer councils: at least eight tasks a worker
    (10, 2, None, [1] * 10),
    (1000, 2, "pdf", [1] * 1000),        # letters: one council a task, so Ctrl-C waits for one letter
    (0, 2, None, []),
])
def test_councils_are_handed_out_in_tasks(councils, jobs, letters, sizes):
    todo = _entries(councils)
    tasks = batch_mod.chunks(todo, jobs, letters)
    assert [len(t) for t in tasks] == sizes
    assert [e for t in tasks for e in t] == todo  # every council once, in the source's order


def test_a_task_of_several_councils_reports_each(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(3):
        (folder / f"c{i}.yaml").write_text(EXAMPLE.read_text())
    (folder / "c3.yaml").write_text("council: {name: Broken, type: parish}\n")
    outcomes = batch_mod.assess_many(sources.entries(str(folder)), str(tmp_path), None)
    assert [(o.name, o.status) for o in outcomes] == [("c0", "written"), ("c1", "written"), ("c2", "written"),
                                                      ("c3", "failed")]
    assert sorted(p.name for p in tmp_path.glob("*.json")) == ["c0.json", "c1.json", "c2.json"]


def _interrupt(cmd: list[str], after: float, folder: Path) -> tuple[int, str]:
    """Run `cmd` in a session of its own, send SIGINT to the whole group (as a terminal does) `after`
    seconds after the first sign of the batch's output folder, and return (exit code, standard error)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
                             start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not folder.exists() and child.poll() is None:
        time.sleep(0.005)
    time.sleep(after)
    try:
        os.killpg(child.pid, signal.SIGINT)
    except ProcessLookupError:
        pass
    _, err = child.communicate(timeout=90)
    return child.returncode, err.decode(errors="replace")


SPAWN_RUN = ("import sys\n"
             "from backtofront.cohort import batch\n"
             "try:\n"
             "    batch.run(sys.argv[1], sys.argv[2], jobs=2, letters='html', start_method='spawn')\n"
             "except KeyboardInterrupt:\n"
             "    print('Interrupted.', file=sys.stderr)\n"
             "    sys.exit(130)\n")


@pytest.mark.parametrize("method", ["forkserver", "spawn"])
def test_ctrl_c_while_the_workers_start_prints_no_traceback(tmp_path, method):
    """Ctrl-C at moments across the start of the workers (the forkserver importing, workers being born,
    the first councils): always exit 130 with one line, never a traceback from a worker or the server."""
    src = tmp_path / "in"
    src.mkdir()
    for i in range(40):
        (src / f"c{i:03}.yaml").write_text(EXAMPLE.read_text())
    for n, after in enumerate((0.0, 0.01, 0.03, 0.06, 0.1, 0.15, 0.25, 0.4)):
        out = tmp_path / f"out{n}"
        if method == "forkserver":
            cmd = [EXE, "batch", str(src), "-o", str(out), "-j", "2", "--letters", "html"]
        else:
            cmd = [sys.executable, "-c", SPAWN_RUN, str(src), str(out)]
        code, err = _interrupt(cmd, after, out)
        assert "Traceback" not in err, f"Ctrl-C {after} s in: {err}"
        assert code in (0, 130), err
        if code == 130:
            assert err.strip().splitlines()[-1] == "Interrupted.", err
