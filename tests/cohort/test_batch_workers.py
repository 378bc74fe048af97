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

# Terminals, signals and timings: one xdist worker runs this group, never two of them side by side. The
# tests that neither send a signal nor wait for one (tasks, files, names) run on any worker.
TERMINAL = pytest.mark.xdist_group("terminal")

ROOT = Path(__file__).resolve().parents[2]
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


@TERMINAL
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


def _many(tmp_path: Path, n: int = 120) -> Path:
    src = tmp_path / "in"
    src.mkdir()
    for i in range(n):
        (src / f"c{i:03}.yaml").write_text(EXAMPLE.read_text())
    return src


def _gone(pgid: int, within: float = 20.0) -> bool:
    """Whether every process of the group `pgid` has exited within `within` seconds."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


def _start(src: Path, out: Path, jobs: str) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    child = subprocess.Popen([EXE, "batch", str(src), "-o", str(out), "-j", jobs, "--letters", "html"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
                             start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(out.glob("c*.json"))) < 5:
        time.sleep(0.02)
    return child


def _whole(out: Path) -> int:
    written = sorted(out.glob("c*.json"))
    for p in written:
        assert p.read_text().rstrip().endswith("}")
        assert p.with_suffix(".html").read_text().rstrip().endswith("</html>")
    # no temporary file left
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == [".backtofront-batch.json"]
    return len(written)


@TERMINAL
@pytest.mark.parametrize(("signame", "jobs", "group"), [
    ("SIGTERM", "2", True), ("SIGHUP", "2", True), ("SIGTERM", "1", True), ("SIGTERM", "2", False)])
def test_sigterm_and_sighup_stop_the_batch_like_ctrl_c(tmp_path, signame, jobs, group):
    """A terminal closing (SIGHUP to the group) or `kill` (SIGTERM, to the group or to the main process
    alone): the councils in hand are finished whole, no temporary file is left, every worker exits, and
    the exit code is 128 + the signal's number."""
    src, out = _many(tmp_path), tmp_path / "out"
    child = _start(src, out, jobs)
    signum = getattr(signal, signame)
    (os.killpg if group else os.kill)(child.pid, signum)
    _, err = child.communicate(timeout=90)
    assert child.returncode == 128 + signum, err
    assert "Traceback" not in err.decode()
    assert _gone(child.pid), "a worker or the forkserver outlived the batch"
    assert 5 <= _whole(out) < 120


@TERMINAL
def test_workers_leave_when_the_main_process_is_killed_outright(tmp_path):
    src, out = _many(tmp_path), tmp_path / "out"
    child = _start(src, out, "2")
    os.kill(child.pid, signal.SIGKILL)
    child.communicate(timeout=30)
    assert _gone(child.pid), "workers kept running after their main process was killed"
    assert 5 <= _whole(out) < 120


def test_a_full_disk_stops_the_batch_with_one_line(run_cli, tmp_path, monkeypatch):
    import errno

    src, out = _many(tmp_path, 3), tmp_path / "out"

    def full(path, data, temporary=None):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(batch_mod, "atomic_write", full)
    code, _, err = run_cli("batch", str(src), "-o", str(out), "-j", "1")
    assert code == 2
    assert err.strip() == f"Error: {out / 'c000.json'}: cannot be written: No space left on device"


def test_an_output_folder_that_cannot_be_created_is_one_line(run_cli, tmp_path):
    src = _many(tmp_path, 1)
    (tmp_path / "file").write_text("x")
    code, _, err = run_cli("batch", str(src), "-o", str(tmp_path / "file" / "out"), "-j", "1")
    assert code == 2 and err.startswith("Error: ") and "Traceback" not in err and len(
        err.strip().splitlines()) == 1


def test_a_rerun_redoes_a_council_whose_profile_changed_even_with_an_older_date(run_cli, tmp_path):
    src, out = _many(tmp_path, 2), tmp_path / "out"
    assert run_cli("batch", str(src), "-o", str(out), "-j", "1")[0] == 0
    other = EXAMPLE.read_text().replace("Example District Council", "Another Council")
    (src / "c001.yaml").write_text(other)
    os.utime(src / "c001.yaml", (0, 0))  # restored from a backup with its old date
    code, stdout, _ = run_cli("batch", str(src), "-o", str(out), "-j", "1")
    assert code == 0 and "1 assessed, 1 unchanged (skipped)" in stdout
    import json

    assert json.loads((out / "c001.json").read_text())["council"]["name"] == "Another Council"


def test_only_the_temporary_files_a_dead_run_listed_are_removed(run_cli, tmp_path):
    """A run killed outright leaves its entry in the folder's manifest; the next run removes the temporary
    files that entry lists, and nothing else, however much a user's hidden file looks like one."""
    import json

    src, out = _many(tmp_path, 1), tmp_path / "out"
    assert run_cli("batch", str(src), "-o", str(out), "-j", "1")[0] == 0
    manifest = out / ".backtofront-batch.json"
    data = json.loads(manifest.read_text())
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True, check=True).stdout.strip()
    listed = out / ".c000.json.deadbeef.tmp"
    data["runs"].append({"pid": int(dead), "token": "deadbeef", "started": "2026-01-01T00:00:00",
                         "planned": ["c000.json", "summary.csv"], "temporary": [listed.name]})
    manifest.write_text(json.dumps(data))
    old = time.time() - 3600
    mine = [out / ".c000.json.ab12cd_9", out / ".c001.html.zz99yy00", out / ".notes.txt",
            out / ".summary.csv.deadbeef.tmp"]  # a user's, named like the temporary files
    for p in [listed, *mine]:
        p.write_text("kept")
        os.utime(p, (old, old))
    assert run_cli("batch", str(src), "-o", str(out), "-j", "1")[0] == 0
    assert not listed.exists()
    assert all(p.read_text() == "kept" for p in mine)
    assert json.loads(manifest.read_text())["runs"] == []


def test_an_interrupt_wrapped_by_an_import_counts_as_an_interrupt():
    from backtofront import entry

    try:
        try:
            raise KeyboardInterrupt
        except KeyboardInterrupt as inner:
            raise RuntimeError("Error calling __set_name__") from inner
    except RuntimeError as exc:
        assert entry._from_interrupt(exc)
    assert not entry._from_interrupt(RuntimeError("plain"))


@pytest.mark.parametrize("width", [40, 48, 49, 60])
def test_the_heatmap_fits_a_narrow_terminal(width):
    from backtofront.classifier import knowledge
    from backtofront.cohort import heatmap

    kb = knowledge.load()
    stages = {cid: "transitional" for cid in kb.characteristics}
    rows = [("Example District Council", stages, "transitional"),
            ("Sheffield City Council", {**stages, "sustainability": None}, "transactional")]
    text = heatmap.render(kb, rows, color=False, width=width, mark="Sheffield City Council")
    assert max(len(line) for line in text.splitlines()) <= width
    flat = " ".join(text.split())
    assert "▶ Sheffield" in flat  # names wrap between words, whole
    assert all(word in flat.split() for word in ("Sheffield", "City", "Example", "District", "Council"))
    assert " · " in flat  # the unassessed cell is still there
    assert flat.count("2▒") >= 16 and "1░" in flat  # every stage of both councils


def test_a_council_name_is_one_line(run_cli, tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "c.yaml").write_text(EXAMPLE.read_text().replace("Example District Council",
                                                            '"Multi\\nLine\\tCouncil"', 1))
    code, _, err = run_cli("assess", str(src / "c.yaml"))
    assert code == 2 and "council.name: a council's name is one line, but this one holds a line break" in err


def test_a_name_that_looks_like_a_formula_stays_text_in_the_workbook(run_cli, tmp_path):
    from openpyxl import load_workbook

    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "c.yaml").write_text(EXAMPLE.read_text().replace("Example District Council",
                                                            "'=HYPERLINK(\"http://x\",\"y\")'", 1))
    assert run_cli("batch", str(src), "-o", str(out), "-j", "1")[0] == 0
    cell = load_workbook(out / "summary.xlsx").active["B2"]
    assert cell.value == '=HYPERLINK("http://x","y")' and cell.data_type == "s"


def test_hidden_files_are_not_profiles_and_batch_needs_a_folder(run_cli, tmp_path):
    src = _many(tmp_path, 1)
    (src / "._c000.yaml").write_bytes(b"\x00\x05\x16\x07Mac OS X")
    (src / ".draft.yaml").write_text("council: {name: Draft, type: parish}\n")
    code, stdout, _ = run_cli("batch", str(src), "-o", str(tmp_path / "out"), "-j", "1")
    assert code == 0 and "1 assessed, 0 unchanged (skipped), 0 failed." in " ".join(stdout.split())
    code, _, err = run_cli("batch", str(src), "-o", "-")
    assert code == 2 and "batch writes a folder of results" in err and not (Path.cwd() / "-").exists()


@TERMINAL
def test_a_stop_while_the_summaries_are_written_lets_them_finish(run_cli, tmp_path, monkeypatch):
    src, out = _many(tmp_path, 2), tmp_path / "out"
    original = batch_mod.write_summaries

    def stopped_midway(report, source, token=None):
        os.kill(os.getpid(), signal.SIGTERM)  # as `kill` would, while the summaries are being written
        original(report, source, token)

    monkeypatch.setattr(batch_mod, "write_summaries", stopped_midway)
    code, _, err = run_cli("batch", str(src), "-o", str(out), "-j", "1")
    assert code == 128 + signal.SIGTERM
    assert "Stopped after every council and the summaries were written." in err
    assert all((out / name).exists() for name in batch_mod.SUMMARY_FILES)


@TERMINAL
def test_a_batch_under_nohup_outlives_its_terminal(tmp_path):
    """SIGHUP already ignored (nohup) stays ignored: the batch runs to the end when the terminal closes."""
    src, out = _many(tmp_path, 30), tmp_path / "out"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    child = subprocess.Popen([EXE, "batch", str(src), "-o", str(out), "-j", "2", "--letters", "html"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
                             start_new_session=True,
                             preexec_fn=lambda: signal.signal(signal.SIGHUP, signal.SIG_IGN))  # noqa: PLW1509
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(out.glob("c*.json"))) < 3:
        time.sleep(0.02)
    os.killpg(child.pid, signal.SIGHUP)
    _, err = child.communicate(timeout=120)
    assert child.returncode == 0, err
    assert len(list(out.glob("c*.json"))) == 30 and (out / "summary.xlsx").exists()


@TERMINAL
def test_sigterm_stops_any_command_as_ctrl_c_does():
    from backtofront import stopping

    previous = signal.getsignal(signal.SIGTERM)
    try:
        stopping.install()
        with pytest.raises(stopping.Stopped) as caught:
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(1)
        assert caught.value.signum == signal.SIGTERM
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        stopping.install()  # an ignored signal stays ignored
        assert signal.getsignal(signal.SIGTERM) == signal.SIG_IGN
    finally:
        signal.signal(signal.SIGTERM, previous)
