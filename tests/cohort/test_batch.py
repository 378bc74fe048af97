"""`backtofront batch`: many councils into a folder, with worker processes, failures, reruns and Ctrl-C."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from backtofront.cohort import batch as batch_mod

ROOT = Path(__file__).resolve().parents[2]
CASES = sorted((ROOT / "examples" / "cases").glob("*.yaml"))
EXE = str(Path(sys.executable).with_name("backtofront"))


def _profiles(tmp_path: Path, bad: bool = True) -> Path:
    """A folder of profiles: the two examples, the case studies' profiles, and (optionally) a bad one."""
    import yaml

    folder = tmp_path / "in"
    folder.mkdir()
    for p in (ROOT / "examples").glob("*.yaml"):
        shutil.copy(p, folder / p.name)
    for p in CASES:
        data = yaml.safe_load(p.read_text())["profile"]
        (folder / f"{p.stem}.json").write_text(json.dumps(data))
    if bad:
        (folder / "zz-bad.yml").write_text("council: {name: Broken, type: parish}\n")
    return folder


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.suffix != ".xlsx"}


def test_batch_writes_a_result_per_council_and_the_summaries(run_cli, tmp_path):
    src = _profiles(tmp_path)
    out = tmp_path / "out"
    code, stdout, err = run_cli("batch", str(src), "-o", str(out), "--jobs", "1")
    assert code == 2  # one council failed
    assert f"Failed: {src / 'zz-bad.yml'}: council.type: 'parish' is not valid" in err
    n = 2 + len(CASES)
    assert f"{n} assessed, 0 unchanged (skipped), 1 failed." in stdout
    assert "Summary: councils by characteristic (Table 4)" in stdout and "Worcestershire" in stdout
    result = json.loads((out / "district-transitional.json").read_text())
    assert result["schema_version"] == "1.10" and result["overall"]["stage"] == "transitional"
    import hashlib

    digest = hashlib.sha256((src / "district-transitional.yaml").read_bytes()).hexdigest()
    assert result["batch"] == {"version": result["batch"]["version"], "options": {"letters": None},
                               "profile": digest}
    assert not (out / "zz-bad.json").exists()
    rows = list(csv.DictReader(io.StringIO((out / "summary.csv").read_text(encoding="utf-8"))))
    assert len(rows) == n + 1
    row = next(r for r in rows if r["file"] == "cs09-worcestershire")
    assert row["council"] == "Worcestershire County Council" and row["overall"] == "transformational"
    assert row["efficiency_policy"] == "transformational" and row["sustainability"] == "" and row[
        "status"] == "ok"
    bad = next(r for r in rows if r["file"] == "zz-bad")
    assert bad["status"] == "failed" and "parish" in bad["error"]
    summary = json.loads((out / "summary.json").read_text())
    # the same rows, the JSON's `provisional` a true/false where the CSV writes true or false
    assert summary["schema_version"] == "1.10" and summary["councils"] == [
        {**r, "provisional": {"true": True, "false": False}.get(r["provisional"], r["provisional"])}
        for r in rows]
    from openpyxl import load_workbook

    # summary.xlsx is for people: the same rows in plain headings and words (test_batch_summary_words)
    ws = load_workbook(out / "summary.xlsx").active
    values = list(ws.values)
    assert values[0][:4] == ("File", "Council", "Type", "Overall stage")
    assert [str(v or "") for v in values[1][:2]] == [rows[0]["file"], rows[0]["council"]]
    assert len(values) == n + 2


@pytest.mark.parametrize("method", ["spawn", "forkserver"])
def test_parallel_results_are_identical_to_serial(tmp_path, method, monkeypatch):
    monkeypatch.setattr(batch_mod, "PAYS_FOR_WORKERS", {})  # workers for these 20 councils whatever it costs
    src = _profiles(tmp_path)
    serial, parallel = tmp_path / "serial", tmp_path / "parallel"
    a = batch_mod.run(str(src), str(serial), jobs=1, letters="md")
    b = batch_mod.run(str(src), str(parallel), jobs=2, letters="md", start_method=method)
    assert [(o.name, o.status) for o in a.outcomes] == [(o.name, o.status) for o in b.outcomes]
    assert _files(serial) == _files(parallel)
    assert "cs09-worcestershire.md" in _files(serial)


def test_the_worker_start_method_is_never_fork():
    assert batch_mod._context().get_start_method() in ("forkserver", "spawn")
    with pytest.raises(ValueError, match="only forkserver or spawn"):
        batch_mod._context("fork")


def test_rerun_skips_up_to_date_councils(run_cli, tmp_path):
    src = _profiles(tmp_path, bad=False)
    out = tmp_path / "out"
    assert run_cli("batch", str(src), "-o", str(out), "-j", "1")[0] == 0
    stamps = {p.name: p.stat().st_mtime_ns for p in out.glob("[!.]*.json")}
    code, stdout, _ = run_cli("batch", str(src), "-o", str(out), "-j", "1")
    assert code == 0 and f"0 assessed, {len(stamps) - 1} unchanged (skipped)" in stdout
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("[!.]*.json") if p.name != "summary.json"} == \
        {k: v for k, v in stamps.items() if k != "summary.json"}
    # a changed profile is redone, the others kept
    time.sleep(0.01)
    profile = src / "district-transitional.yaml"
    profile.write_text(profile.read_text().replace("notes: ", "notes: Re-checked. "))
    code, stdout, _ = run_cli("batch", str(src), "-o", str(out), "-j", "1")
    assert code == 0 and "1 assessed" in stdout
    # other options (letters) redo every council; so does --force
    code, stdout, _ = run_cli("batch", str(src), "-o", str(out), "-j", "1", "--letters", "md")
    assert f"{len(stamps) - 1} assessed" in stdout and (out / "district-transitional.md").exists()
    assert "0 assessed" in run_cli("batch", str(src), "-o", str(out), "-j", "1", "--letters", "md")[1]
    assert f"{len(stamps) - 1} assessed" in run_cli("batch", str(src), "-o", str(out), "-j", "1", "--letters",
                                                    "md",
                                                    "--force")[1]
    # a result from another version is redone
    result = out / "district-transitional.json"
    data = json.loads(result.read_text())
    data["batch"]["version"] = "0.0.1"
    result.write_text(json.dumps(data))
    assert "1 assessed" in run_cli("batch", str(src), "-o", str(out), "-j", "1", "--letters", "md")[1]


def test_batch_from_a_csv_with_docx_letters(run_cli, tmp_path):
    rows = ["council.name,council.type,characteristics.time_scales,pressures",
            "North Council,district,transitional,csr07",
            "South Council,county,transformational,",
            "Bad Council,county,transitionel,"]
    path = tmp_path / "c.csv"
    path.write_text("\n".join(rows) + "\n")
    out = tmp_path / "out"
    code, stdout, err = run_cli("batch", str(path), "-o", str(out), "--letters", "docx", "-j", "2")
    assert code == 2
    assert f"Failed: {path} line 4: characteristics.time_scales: 'transitionel' is not valid" in err
    assert (out / "north-council.docx").read_bytes()[:2] == b"PK"
    south = json.loads((out / "south-council.json").read_text())
    assert south["council"] == {"name": "South Council", "type": "county"}
    assert south["characteristics"]["time_scales"]["stage"] == "transformational"
    assert "2 assessed, 0 unchanged (skipped), 1 failed." in stdout


@pytest.mark.parametrize("args,needle", [
    (["batch", "nowhere", "-o", "out"], "nowhere: no such file or folder"),
    (["batch", "."], "Missing option '-o'"),
    (["batch", ".", "-o", "out", "--jobs", "0"], "Error: --jobs: give 1 or more worker processes\n"),
    (["batch", ".", "-o", "out", "--jobs", "-3"], "Error: --jobs: give 1 or more worker processes\n"),
    (["batch", ".", "-o", "out", "--letters", "rtf"], "'rtf' is not one of"),
])
def test_usage_errors_exit_2(run_cli, args, needle):
    code, _, err = run_cli(*args)
    assert code == 2 and needle in err


def test_output_folder_problems(run_cli, tmp_path):
    src = _profiles(tmp_path, bad=False)
    (tmp_path / "file").write_text("x")
    code, _, err = run_cli("batch", str(src), "-o", str(tmp_path / "file"))
    assert code == 2 and "is a file; give a folder for the results" in err
    code, _, err = run_cli("batch", str(src), "-o", str(tmp_path / "no" / "out"))
    assert code == 2 and "does not exist" in err
    code, _, err = run_cli("batch", str(src), "-o", str(src))
    assert code == 2 and "is the folder of profiles; write the results to another folder" in err
    empty = tmp_path / "empty"
    empty.mkdir()
    code, _, err = run_cli("batch", str(empty), "-o", str(tmp_path / "o"))
    assert code == 2 and "holds no profile" in err


# Councils in the Ctrl-C test: enough that Ctrl-C after the fifth result lands well before the end
STOPPED = 60


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_stops_cleanly_keeping_whole_files(tmp_path, jobs):
    """Ctrl-C (SIGINT to the whole process group, as a terminal sends it) mid-batch: exit 130, one line,
    and every file written is whole; a rerun finishes the rest."""
    src = tmp_path / "in"
    src.mkdir()
    example = (ROOT / "examples" / "district-transitional.yaml").read_text()
    for i in range(STOPPED):
        (src / f"c{i:03}.yaml").write_text(example)
    out = tmp_path / "out"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    child = subprocess.Popen([EXE, "batch", str(src), "-o", str(out), "-j", jobs, "--letters", "html"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(out.glob("c*.json"))) < 5:
        time.sleep(0.02)
    os.killpg(child.pid, signal.SIGINT)
    _stdout, stderr = child.communicate(timeout=60)
    assert child.returncode == 130, stderr
    *before, stopped, last = stderr.decode().strip().splitlines()
    assert last == "Interrupted."
    assert "Traceback" not in stderr.decode()
    written = sorted(out.glob("c*.json"))
    assert 5 <= len(written) < STOPPED
    # how far it got, counting the councils the workers finished after Ctrl-C
    assert (stopped == f"Stopped: {len(written)} of {STOPPED} councils written; run the same command again "
                       "to finish the rest.")
    assert not before
    for p in written:
        assert json.loads(p.read_text())["overall"]["stage"] == "transitional"
        assert p.with_suffix(".html").read_text().rstrip().endswith("</html>")
    # no temporary file left
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == [".backtofront-batch.json"]
    assert not (out / "summary.csv").exists()
    done = subprocess.run([EXE, "batch", str(src), "-o", str(out), "-j", jobs, "--letters", "html"],
                          capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0
    assert f"{STOPPED - len(written)} assessed, {len(written)} unchanged (skipped), 0 failed." in done.stdout


def test_a_profile_named_summary_does_not_overwrite_the_summaries(run_cli, tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(ROOT / "examples" / "district-transitional.yaml", src / "summary.yaml")
    out = tmp_path / "out"
    assert run_cli("batch", str(src), "-o", str(out), "-j", "1")[0] == 0
    assert json.loads((out / "summary-council.json").read_text())["overall"]["stage"] == "transitional"
    assert json.loads((out / "summary.json").read_text())["councils"][0]["file"] == "summary-council"


def test_two_files_with_one_stem_each_get_their_own_result(run_cli, tmp_path):
    import yaml

    src = tmp_path / "in"
    src.mkdir()
    example = ROOT / "examples" / "district-transitional.yaml"
    shutil.copy(example, src / "a.yaml")
    data = yaml.safe_load((ROOT / "examples" / "metropolitan-transactional.yaml").read_text())
    (src / "a.json").write_text(json.dumps(data, default=str))
    shutil.copy(example, src / "b.yaml")
    out = tmp_path / "out"
    code, stdout, err = run_cli("batch", str(src), "-o", str(out), "-j", "1")
    assert code == 0, err
    assert "3 assessed" in stdout
    assert json.loads((out / "a.yaml.json").read_text())["overall"]["stage"] == "transitional"
    assert json.loads((out / "a.json.json").read_text())["overall"]["stage"] == "transactional"
    assert (out / "b.json").exists() and not (out / "a.json").exists()
    files = [c["file"] for c in json.loads((out / "summary.json").read_text())["councils"]]
    assert sorted(files) == ["a.json", "a.yaml", "b"]
    code, stdout, _ = run_cli("batch", str(src), "-o", str(out), "-j", "1")
    assert code == 0 and "0 assessed, 3 unchanged (skipped)" in stdout


def test_no_more_workers_than_councils_nor_twice_the_cores(monkeypatch):
    monkeypatch.setattr(os, "cpu_count", lambda: 4)
    assert batch_mod.workers(999, 3, "pdf") == 1  # too few to pay for starting workers (PAYS_FOR_WORKERS)
    monkeypatch.setattr(batch_mod, "PAYS_FOR_WORKERS", {})
    assert batch_mod.workers(999, 3) == 3
    assert batch_mod.workers(999, 300) == 8
    assert batch_mod.workers(None, 300) == 4
    assert batch_mod.workers(2, 300) == 2
    assert batch_mod.workers(5, 0) == 1
    assert batch_mod.workers(1, 300) == 1


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_fifo_or_device_named_like_a_profile_fails_without_being_opened(run_cli, tmp_path, jobs):
    """Reading a FIFO would wait for ever (and a stop would wait for it): it is failed by its kind, as a
    link to a device is, and the other councils are assessed."""
    import os
    import shutil

    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(ROOT / "examples" / "district-transitional.yaml", folder / "good.yaml")
    os.mkfifo(folder / "pipe.yaml")
    (folder / "zero.yaml").symlink_to("/dev/zero")
    code, out, err = run_cli("batch", str(folder), "-o", str(tmp_path / "out"), "-j", jobs)
    assert code == 2
    assert f"Failed: {folder / 'pipe.yaml'}: is a FIFO, not a profile file" in err
    assert f"Failed: {folder / 'zero.yaml'}: is a device, not a profile file" in err
    assert "1 assessed, 0 unchanged (skipped), 2 failed" in " ".join(out.split())
