"""`batch -o OUTDIR` into a folder it shares with its user touches only what it owns: the manifest
`.backtofront-batch.json` lists what it wrote; before any council, a path it would replace that is not
its own, or is the input itself, is refused (exit 2, up to five named); a FIFO, device or socket is
refused without blocking; a symbolic link is followed and kept; a read-only folder is one line."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import read_only

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "district-transitional.yaml"
EXE = str(Path(sys.executable).with_name("backtofront"))
MANIFEST = ".backtofront-batch.json"
SUMMARIES = ["summary.csv", "summary.json", "summary.xlsx"]


def _many(tmp_path: Path, n: int) -> Path:
    src = tmp_path / "in"
    src.mkdir(parents=True)
    for i in range(n):
        shutil.copy(EXAMPLE, src / f"c{i}.yaml")
    return src


def _state(folder: Path) -> dict[str, tuple[int, bytes]]:
    """Every entry of `folder` with its change time and content (a link: where it points)."""
    state = {}
    for p in sorted(folder.iterdir()):
        if p.is_symlink():
            state[p.name] = (0, os.readlink(p).encode())
        elif p.is_file():
            state[p.name] = (p.stat().st_mtime_ns, p.read_bytes())
        else:
            state[p.name] = (0, b"")
    return state


def test_the_manifest_lists_what_the_batch_wrote_and_a_rerun_reuses_results(run_cli, tmp_path):
    src, out = _many(tmp_path, 3), tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    (out / ".hidden").write_text("mine")
    code, stdout, _ = run_cli("batch", str(src), "-o", str(out), "-j", "1", "--letters", "md")
    assert code == 0 and "3 assessed" in stdout
    manifest = json.loads((out / MANIFEST).read_text())
    written = [f"c{i}.{ext}" for i in range(3) for ext in ("json", "md")] + SUMMARIES
    assert manifest["files"] == sorted(written) and manifest["runs"] == []
    assert sorted(p.name for p in out.iterdir()) == sorted([*written, MANIFEST, "notes.txt", ".hidden"])
    # a rerun reuses every result made from the same profile (its digest), and touches no one else's file
    before = _state(out)
    code, stdout, _ = run_cli("batch", str(src), "-o", str(out), "-j", "1", "--letters", "md")
    assert code == 0 and "0 assessed, 3 unchanged (skipped)" in stdout
    after = _state(out)
    assert {k: v for k, v in after.items() if k not in [*SUMMARIES, MANIFEST]} == \
        {k: v for k, v in before.items() if k not in [*SUMMARIES, MANIFEST]}
    assert json.loads((out / MANIFEST).read_text())["files"] == sorted(written)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_files_that_are_not_its_own_are_refused_before_any_council(run_cli, tmp_path, jobs):
    src, out = _many(tmp_path, 1), tmp_path / "out"
    # the folder has a manifest, from a batch of the same folder when it held one council
    assert run_cli("batch", str(src), "-o", str(out))[0] == 0
    for i in range(1, 8):
        shutil.copy(EXAMPLE, src / f"c{i}.yaml")
        # a user's own files with the names it would write
        (out / f"c{i}.json").write_text(f'{{"mine": {i}}}')
    before = _state(out)
    code, stdout, err = run_cli("batch", str(src), "-o", str(out), "-j", jobs)
    assert code == 2 and stdout == ""
    named = ", ".join(str(out / f"c{i}.json") for i in range(1, 6))
    assert err.splitlines() == [(f"Error: {out}: holds files this batch did not write and would replace: "
                                 f"{named} and "
                                "2 more; move them, or give another folder")]
    # nothing assessed, nothing written, not even the manifest
    assert _state(out) == before


def test_a_folder_written_by_an_earlier_release_counts_its_results_and_summaries_as_its_own(run_cli,
                                                                                            tmp_path):
    src, out = _many(tmp_path, 2), tmp_path / "out"
    assert run_cli("batch", str(src), "-o", str(out), "-j", "1", "--letters", "html")[0] == 0
    # as an earlier release left it: results carrying batch.version, summaries, letters
    (out / MANIFEST).unlink()
    for name in ("c0.json", "c1.json"):
        data = json.loads((out / name).read_text())
        data["batch"] = {"version": "0.0.9", "options": {"letters": "html"}}  # no profile digest then
        (out / name).write_text(json.dumps(data))
    code, stdout, _ = run_cli("batch", str(src), "-o", str(out), "-j", "1", "--letters", "html")
    assert code == 0 and "2 assessed" in stdout         # redone (another version), not refused
    manifest = json.loads((out / MANIFEST).read_text())
    assert manifest["files"] == sorted(["c0.json", "c0.html", "c1.json", "c1.html", *SUMMARIES])
    assert json.loads((out / "c0.json").read_text())["batch"]["version"] != "0.0.9"
    # a result it reuses (same profile digest) in such a folder stays as it is
    (out / MANIFEST).unlink()
    stamp = (out / "c1.json").stat().st_mtime_ns
    code, stdout, _ = run_cli("batch", str(src), "-o", str(out), "-j", "1", "--letters", "html")
    assert code == 0 and "0 assessed, 2 unchanged (skipped)" in stdout
    assert (out / "c1.json").stat().st_mtime_ns == stamp
    # without a manifest, a .json without batch.version, or a letter its result did
    # not ask for, is not its own
    (out / MANIFEST).unlink()
    (out / "c0.json").write_text('{"council": "my own notes"}')
    (out / "c1.md").write_text("my own letter")
    code, _, err = run_cli("batch", str(src), "-o", str(out), "-j", "1", "--letters", "md")
    assert code == 2 and err.splitlines() == [
        (f"Error: {out}: holds files this batch did not write and would replace: {out / 'c0.json'}, "
        f"{out / 'c1.md'}; move them, or give another folder")]
    assert (out / "c0.json").read_text() == '{"council": "my own notes"}' and not (out / MANIFEST).exists()


def test_users_own_summaries_without_an_earlier_batch_are_refused(run_cli, tmp_path):
    """summary.* count as the batch's own only where an earlier batch shows: a user's own summaries in a
    folder with no manifest and no result carrying batch.version are foreign files."""
    src, out = _many(tmp_path, 1), tmp_path / "out"
    out.mkdir()
    mine = {"summary.csv": "my,own\n1,2\n", "summary.json": '{"mine": true, "batch": "Tuesday"}',
            "summary.xlsx": "not really a workbook"}
    for name, text in mine.items():
        (out / name).write_text(text)
    before = _state(out)
    code, stdout, err = run_cli("batch", str(src), "-o", str(out), "-j", "1")
    assert code == 2 and stdout == ""
    named = ", ".join(str(out / n) for n in SUMMARIES)
    assert err.splitlines() == [f"Error: {out}: holds files this batch did not write and would replace: "
                                f"{named}; move them, or give another folder"]
    assert _state(out) == before
    # an earlier release's own summary.json (schema_version, batch.version, councils) is the evidence, with
    # a summary.csv that opens with the batch's header (a CSV of the user's own never is the batch's)
    (out / "summary.json").write_text(json.dumps({"schema_version": "1.0", "source": "in",
                                                  "batch": {"version": "0.0.9"}, "councils": []}))
    code, stdout, err = run_cli("batch", str(src), "-o", str(out), "-j", "1")
    assert code == 2 and "summary.csv" in err and "summary.json" not in err, err
    (out / "summary.csv").write_text("file,council,type,overall\n")
    code, stdout, _ = run_cli("batch", str(src), "-o", str(out), "-j", "1")
    assert code == 0 and "1 assessed" in stdout
    assert json.loads((out / MANIFEST).read_text())["files"] == sorted(["c0.json", *SUMMARIES])


def test_the_input_itself_is_refused(run_cli, tmp_path):
    """`batch out/summary.csv -o out/` would replace the input with the summary; a hard link to the input
    under another name is the same file."""
    rows = "council.name,council.type,characteristics.time_scales\nNorth Council,district,transitional\n"
    out = tmp_path / "out"
    out.mkdir()
    (out / "summary.csv").write_text(rows)
    code, stdout, err = run_cli("batch", str(out / "summary.csv"), "-o", str(out))
    assert code == 2 and stdout == ""
    assert err.splitlines() == [(f"Error: {out / 'summary.csv'}: is the input itself; refusing to write over "
                                 "it: "
                                "give another folder for the results")]
    assert (out / "summary.csv").read_text() == rows and sorted(p.name
                                                                for p in out.iterdir()) == ["summary.csv"]
    councils = tmp_path / "councils.csv"
    councils.write_text(rows)
    (out / "summary.csv").unlink()
    os.link(councils, out / "summary.csv")
    code, _, err = run_cli("batch", str(councils), "-o", str(out))
    assert code == 2 and f"Error: {out / 'summary.csv'}: is the input {councils}; refusing" in err
    assert councils.read_text() == rows


def _special(kind: str, path: Path) -> str:
    if kind == "fifo":
        os.mkfifo(path)
        return "a FIFO"
    if kind == "socket":
        with socket.socket(socket.AF_UNIX) as server:
            server.bind(str(path))
        return "a socket"
    path.symlink_to("/dev/null")
    return "a device"


@pytest.mark.parametrize("kind", ["fifo", "device", "socket"])
def test_a_fifo_device_or_socket_is_refused_without_blocking(tmp_path, kind):
    src = _many(tmp_path, 1)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    what = _special(kind, tmp_path / "out")
    done = subprocess.run([EXE, "batch", str(src), "-o", str(tmp_path / "out")], capture_output=True,
                          text=True,
                          env=env, timeout=60, check=False)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.splitlines() == [(f"Error: {tmp_path / 'out'}: is {what}, not a regular file; give a "
                                         "folder "
                                        "for the results")]
    # inside the folder, where the summary goes
    out = tmp_path / "out2"
    out.mkdir()
    _special(kind, out / "summary.csv")
    started = time.monotonic()
    done = subprocess.run([EXE, "batch", str(src), "-o", str(out)], capture_output=True, text=True, env=env,
                          timeout=60, check=False)
    assert time.monotonic() - started < 60
    assert done.returncode == 2 and done.stderr.splitlines() == [
        f"Error: {out / 'summary.csv'}: is {what}, not a regular file; give a folder whose files can be "
        "replaced"]
    assert sorted(p.name for p in out.iterdir()) == ["summary.csv"]


def test_symbolic_links_are_followed_and_kept(run_cli, tmp_path):
    src = _many(tmp_path, 2)
    (tmp_path / "real").mkdir()
    out = tmp_path / "out"
    out.symlink_to(tmp_path / "real")                    # -o names a link to a folder
    assert run_cli("batch", str(src), "-o", str(out), "-j", "1")[0] == 0
    assert out.is_symlink() and (tmp_path / "real" / "c0.json").is_file()
    # a summary the user has made a link into a shared folder: written through, and still a link
    shared = tmp_path / "shared"
    shared.mkdir()
    (out / "summary.csv").rename(shared / "summary.csv")
    (out / "summary.csv").symlink_to(shared / "summary.csv")
    (src / "c1.yaml").write_text(EXAMPLE.read_text().replace("Example District Council", "Renamed Council"))
    code, stdout, _ = run_cli("batch", str(src), "-o", str(out), "-j", "1")
    assert code == 0 and "1 assessed, 1 unchanged" in stdout
    assert (out / "summary.csv").is_symlink() and os.readlink(out / "summary.csv") == str(shared
                                                                                          / "summary.csv")
    assert "Renamed Council" in (shared / "summary.csv").read_text()
    assert sorted(p.name for p in shared.iterdir()) == ["summary.csv"]  # no temporary file left beside it
    assert not [p for p in (tmp_path / "real").iterdir() if p.name.startswith(".") and p.name != MANIFEST]


def test_a_read_only_folder_is_one_line_before_any_council(tmp_path):
    src, out = _many(tmp_path, 2), tmp_path / "out"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    assert subprocess.run([EXE, "batch", str(src), "-o", str(out)], env=env, capture_output=True,
                          check=False).returncode == 0
    (src / "c1.yaml").write_text(EXAMPLE.read_text().replace("Example District Council", "Renamed Council"))
    before = _state(out)
    out.chmod(0o555)
    try:
        done = subprocess.run([EXE, "batch", str(src), "-o", str(out)], env=env, capture_output=True,
                              text=True,
                              timeout=120, check=False, **read_only.child_options())
    finally:
        out.chmod(0o755)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.splitlines() == [f"Error: {out}: cannot be written: Permission denied"]
    assert _state(out) == before


def test_a_link_to_nothing_fails_with_its_reason_rather_than_being_passed_over(run_cli, tmp_path,
                                                                               batch_source):
    source = batch_source()
    (source / "gone.yaml").symlink_to("moved-away.yaml")
    code, out, err = run_cli("batch", str(source), "-o", str(tmp_path / "out"), "--jobs", "1")
    assert code == 2
    assert f"Failed: {source / 'gone.yaml'}: is a link to moved-away.yaml, which does not exist" in err
    assert "1 assessed, 0 unchanged (skipped), 1 failed" in " ".join(out.split())


def test_results_of_councils_no_longer_in_the_input_are_kept_and_named(run_cli, tmp_path):
    """A rerun after a profile has left the folder deletes nothing, and says which earlier results the
    summaries no longer cover."""
    source, out_dir = tmp_path / "in", tmp_path / "out"
    source.mkdir()
    for name in ("a", "b"):
        shutil.copy(EXAMPLE, source / f"{name}.yaml")
    code, _out, err = run_cli("batch", str(source), "-o", str(out_dir), "--jobs", "1", "--letters", "md")
    assert code == 0, err
    assert "Kept from an earlier run" not in err
    (source / "b.yaml").unlink()
    code, _out, err = run_cli("batch", str(source), "-o", str(out_dir), "--jobs", "1")
    assert code == 0, err
    assert (f"Kept from an earlier run, for councils not in {source} (the summaries leave them out): "
            "b.json, b.md") in err
    assert (out_dir / "b.json").exists() and (out_dir / "b.md").exists()
    assert [row["file"] for row in json.loads((out_dir / "summary.json").read_text())["councils"]] == ["a"]


def test_a_users_summary_csv_beside_a_stray_result_is_refused(run_cli, tmp_path):
    """A result copied in from another batch is no evidence that the user's own summary.csv is the
    batch's: it is refused, not replaced."""
    src, out = _many(tmp_path, 2), tmp_path / "out"
    assert run_cli("batch", str(src), "-o", str(tmp_path / "other"), "-j", "1")[0] == 0
    out.mkdir()
    shutil.copy(tmp_path / "other" / "c0.json", out / "stray.json")
    (out / "summary.csv").write_text("my own summary\n")
    code, _out, err = run_cli("batch", str(src), "-o", str(out), "-j", "1")
    assert code == 2 and "summary.csv" in err and "did not write" in err, err
    assert (out / "summary.csv").read_text() == "my own summary\n"


def test_a_second_batch_into_a_folder_another_batch_is_writing_is_refused(run_cli, tmp_path):
    """Two batches into one folder at once: the second is refused at start, naming the first's process;
    once that process has gone, its entry is tidied and the folder is free again."""
    src, out = _many(tmp_path, 2), tmp_path / "out"
    out.mkdir()
    first = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    try:
        (out / MANIFEST).write_text(json.dumps({
            "manifest": 1, "version": "1.0.0", "files": [],
            "runs": [{"pid": first.pid, "token": "0badcafe", "started": "2026-12-06T09:30:00",
                      "planned": ["c0.json", "c1.json", *SUMMARIES], "temporary": []}]}))
        code, stdout, err = run_cli("batch", str(src), "-o", str(out), "-j", "1")
        assert code == 2 and not stdout
        assert err == (f"Error: {out}: is being written by another batch (pid {first.pid} since 09:30); wait "
                       "for it to finish, or give another folder\n")
        assert sorted(p.name for p in out.iterdir()) == [MANIFEST]
    finally:
        first.kill()
        first.wait()
    code, stdout, err = run_cli("batch", str(src), "-o", str(out), "-j", "1")
    assert code == 0 and "2 assessed" in stdout, err
    assert json.loads((out / MANIFEST).read_text())["runs"] == []


def test_a_batch_of_another_folder_into_the_same_results_is_refused_but_a_moved_one_is_its_own(run_cli,
                                                                                                tmp_path):
    """Two folders each holding a council.yaml of a different council: the second batch into the first's
    results would replace the first council's result with its own, so it is refused before any council;
    the first folder moved elsewhere is taken to be the same source."""
    first, second, out = tmp_path / "north", tmp_path / "south", tmp_path / "out"
    metropolitan = ROOT / "examples" / "metropolitan-transactional.yaml"
    for folder, example in ((first, EXAMPLE), (second, metropolitan)):
        folder.mkdir()
        shutil.copy(example, folder / "council.yaml")
    assert run_cli("batch", str(first), "-o", str(out), "-j", "1")[0] == 0
    before = (out / "council.json").read_bytes()
    code, stdout, err = run_cli("batch", str(second), "-o", str(out), "-j", "1")
    assert (code, stdout, err.strip()) == (2, "", f"Error: {out}: holds the results of a batch of "
                                                  f"{os.path.realpath(first)}; give another folder for these "
                                                  "results, or empty this one first")
    assert (out / "council.json").read_bytes() == before
    moved = tmp_path / "north-2008"
    first.rename(moved)
    code, stdout, err = run_cli("batch", str(moved), "-o", str(out), "-j", "1")
    assert code == 0, err
    assert "0 assessed, 1 unchanged (skipped)" in " ".join(stdout.split())
    manifest = json.loads((out / ".backtofront-batch.json").read_text(encoding="utf-8"))
    assert manifest["source"] == os.path.realpath(moved)


@pytest.mark.parametrize("name", ["out.csv", "results.XLSX", "summary.json"])
def test_an_output_named_like_a_file_is_refused_rather_than_made_a_folder(run_cli, tmp_path, name):
    src = _many(tmp_path, 1)
    code, out, err = run_cli("batch", str(src), "-o", str(tmp_path / name))
    suffix = name[name.rindex("."):]
    assert (code, out, err.strip()) == (2, "", f"Error: {tmp_path / name}: names a {suffix} file, but batch "
                                               "writes a folder of results (each council's result, and "
                                               "summary.csv, summary.json and summary.xlsx); give a folder "
                                               "name")
    assert not (tmp_path / name).exists()
    (tmp_path / name).mkdir()   # a folder of that name the user made is used
    assert run_cli("batch", str(src), "-o", str(tmp_path / name))[0] == 0


def test_a_link_put_in_place_of_a_result_is_refused_not_written_through(run_cli, tmp_path):
    """A result swapped for a symbolic link to somebody's file: the rerun refuses the folder before writing
    anything, and that file is as it was (a link to a summary an earlier batch wrote is followed, above)."""
    src, out = _many(tmp_path, 2), tmp_path / "out"
    assert run_cli("batch", str(src), "-o", str(out), "-j", "1")[0] == 0
    precious = tmp_path / "precious.txt"
    precious.write_text("precious\n")
    (out / "c0.json").unlink()
    (out / "c0.json").symlink_to(precious)
    (src / "c0.yaml").write_text(EXAMPLE.read_text().replace("Example District Council", "Renamed Council"))
    code, _stdout, err = run_cli("batch", str(src), "-o", str(out), "-j", "1")
    assert code == 2
    assert err == (f"Error: {out}: holds files this batch did not write and would replace: "
                   f"{out / 'c0.json'}; move them, or give another folder\n")
    assert precious.read_text() == "precious\n" and (out / "c0.json").is_symlink()
    (out / "c0.json").unlink()  # the link moved away: the rerun goes on
    assert run_cli("batch", str(src), "-o", str(out), "-j", "1")[0] == 0
    assert "Renamed Council" in (out / "c0.json").read_text()


def test_a_manifest_write_cut_short_leaves_nothing_the_next_run_keeps(run_cli, tmp_path):
    """A run stopped between making the manifest's temporary file and renaming it (a second Ctrl-C) leaves
    `.<manifest>.XXXXXXXX`: the next run's first write of the manifest removes it."""
    src, out = _many(tmp_path, 2), tmp_path / "out"
    assert run_cli("batch", str(src), "-o", str(out), "-j", "1")[0] == 0
    (out / f".{MANIFEST}.k5czczjd").write_bytes(b"")
    (out / f".{MANIFEST}.trmezr75").write_text('{"manifest": 1')
    assert run_cli("batch", str(src), "-o", str(out), "-j", "1")[0] == 0
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == [MANIFEST]


def test_a_link_to_another_batchs_result_is_refused_not_written_into_that_batch(run_cli, tmp_path):
    """A result linked to one an earlier batch wrote elsewhere: writing through it would change that other
    batch's results behind its summaries. Only a summary's link is followed (above)."""
    src, other, out = _many(tmp_path, 2), tmp_path / "other", tmp_path / "out"
    assert run_cli("batch", str(src), "-o", str(other), "-j", "1")[0] == 0
    before = (other / "c0.json").read_bytes()
    out.mkdir()
    (out / "c0.json").symlink_to(other / "c0.json")
    code, _stdout, err = run_cli("batch", str(src), "-o", str(out), "-j", "1")
    assert code == 2 and "holds files this batch did not write" in err
    assert (other / "c0.json").read_bytes() == before


@pytest.mark.parametrize("where", ["manifest", "folder-loop", "folder-nowhere"])
def test_links_that_lead_nowhere_or_elsewhere_are_refused_in_one_line(run_cli, tmp_path, where):
    src, out = _many(tmp_path, 2), tmp_path / "out"
    if where == "manifest":   # the manifest itself a link: written through, it would land outside the folder
        out.mkdir()
        (out / MANIFEST).symlink_to(tmp_path / "elsewhere.json")
        expected = (f"Error: {out / MANIFEST}: is a symbolic link, not this program's list of the batch's "
                    "files; remove it, or give another folder\n")
    else:
        out.symlink_to(out if where == "folder-loop" else tmp_path / "nowhere")
        expected = (f"Error: {out}: is a symbolic link that leads to no folder; give a folder for the "
                    "results\n")
    code, _stdout, err = run_cli("batch", str(src), "-o", str(out), "-j", "1")
    assert code == 2 and err == expected
    assert not (tmp_path / "elsewhere.json").exists() and not (tmp_path / "nowhere").exists()


def test_a_name_too_long_for_a_file_fails_that_council_alone(run_cli, tmp_path):
    src, out = _many(tmp_path, 1), tmp_path / "out"
    long = "z" * 240
    (src / f"{long}.yaml").write_text(EXAMPLE.read_text())
    code, stdout, err = run_cli("batch", str(src), "-o", str(out), "-j", "1")
    assert code == 2 and "1 assessed" in " ".join(stdout.split())
    assert err.strip() == (f"Failed: {src / long}.yaml: its name is too long for the result's file name (240 "
                           "bytes; at most 200); rename it")
    assert (out / "c0.json").is_file() and (out / "summary.json").is_file()


def test_the_summary_workbook_given_to_assess_is_named_for_what_it_is(run_cli, tmp_path):
    src, out = _many(tmp_path, 1), tmp_path / "out"
    assert run_cli("batch", str(src), "-o", str(out), "-j", "1")[0] == 0
    code, _stdout, err = run_cli("assess", str(out / "summary.xlsx"))
    assert code == 2 and err == (f"Error: {out / 'summary.xlsx'}: is the summary workbook of a batch, not a "
                                 "filled questionnaire; assess the profiles it summarises\n")
