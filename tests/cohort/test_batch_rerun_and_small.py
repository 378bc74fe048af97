"""`backtofront batch`: a rerun that changes nothing leaves the summaries alone, and a batch too small to pay
for starting worker processes runs in this process."""

from __future__ import annotations

import io
import json
import os
import shutil
import zipfile
from pathlib import Path

import pytest
from backtofront.cohort import batch as batch_mod

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "district-transitional.yaml"


def _folder(tmp_path: Path, n: int) -> Path:
    src = tmp_path / "in"
    src.mkdir()
    for i in range(n):
        shutil.copy(EXAMPLE, src / f"c{i:03}.yaml")
    return src


def _stamps(out: Path) -> dict[str, int]:
    return {name: (out / name).stat().st_mtime_ns for name in batch_mod.SUMMARY_FILES}


def test_a_no_op_rerun_rewrites_no_summary(run_cli, tmp_path):
    src, out = _folder(tmp_path, 3), tmp_path / "out"
    assert run_cli("batch", str(src), "-o", str(out), "-j", "1")[0] == 0
    before = _stamps(out)
    inodes = {name: (out / name).stat().st_ino for name in batch_mod.SUMMARY_FILES}
    code, stdout, _ = run_cli("batch", str(src), "-o", str(out), "-j", "1")
    assert code == 0 and "0 assessed, 3 unchanged (skipped)" in stdout
    assert _stamps(out) == before  # not rewritten: the same files, untouched
    assert {name: (out / name).stat().st_ino for name in batch_mod.SUMMARY_FILES} == inodes


def test_a_changed_council_rewrites_the_summaries(run_cli, tmp_path):
    src, out = _folder(tmp_path, 3), tmp_path / "out"
    assert run_cli("batch", str(src), "-o", str(out), "-j", "1")[0] == 0
    inodes = {name: (out / name).stat().st_ino for name in batch_mod.SUMMARY_FILES}
    profile = src / "c001.yaml"
    profile.write_text(profile.read_text().replace("Example District Council", "Other District Council"))
    code, stdout, _ = run_cli("batch", str(src), "-o", str(out), "-j", "1")
    assert code == 0 and "1 assessed" in stdout
    for name in batch_mod.SUMMARY_FILES:  # each replaced (a new file renamed over it), with the new name
        assert (out / name).stat().st_ino != inodes[name], name
    assert "Other District Council" in (out / "summary.csv").read_text(encoding="utf-8")


def test_the_workbook_is_compared_without_its_save_time(tmp_path):
    """summary.xlsx carries the time it was saved: the same table saved again is the same content."""
    path = tmp_path / "summary.xlsx"
    first = batch_mod._xlsx(["file", "council"], [["a", "A Council"]])
    path.write_bytes(first)
    again = _resaved(first)
    assert again != first
    assert batch_mod._same_content(path, again)
    assert not batch_mod._same_content(path, batch_mod._xlsx(["file", "council"], [["a", "B Council"]]))
    path.write_bytes(b"not a workbook")
    assert not batch_mod._same_content(path, first)
    assert not batch_mod._same_content(tmp_path / "missing.xlsx", first)


def _resaved(data: bytes) -> bytes:
    """`data` (a workbook) with another save time in docProps/core.xml and other zip member times."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            body = old.read(info)
            if info.filename == "docProps/core.xml":
                body = body.replace(b"<dcterms:modified", b"<dcterms:modified ") or body + b" "
            new.writestr(zipfile.ZipInfo(info.filename, date_time=(2001, 2, 3, 4, 5, 6)), body)
    return out.getvalue()


@pytest.mark.parametrize("letters", [None, *batch_mod.LETTER_FORMATS])
def test_too_few_councils_to_pay_for_workers_run_in_this_process(letters):
    least = batch_mod.PAYS_FOR_WORKERS[letters]
    assert least >= 2
    assert batch_mod.workers(2, least - 1, letters) == 1
    assert batch_mod.workers(2, least, letters) == 2
    assert batch_mod.workers(1, 10_000, letters) == 1


def test_a_small_batch_starts_no_worker(run_cli, tmp_path, monkeypatch):
    src, out = _folder(tmp_path, 3), tmp_path / "out"

    def no_pool(*args, **kwargs):
        raise AssertionError("worker processes started for three councils")
    monkeypatch.setattr(batch_mod, "_parallel", no_pool)
    code, stdout, _ = run_cli("batch", str(src), "-o", str(out), "-j", "2")
    assert code == 0 and "3 assessed" in stdout
    assert sorted(p.name for p in out.glob("c*.json")) == ["c000.json", "c001.json", "c002.json"]


def test_a_rerun_with_every_council_up_to_date_starts_no_worker_server(run_cli, tmp_path, monkeypatch):
    """The workers' server starts early only for a first run into a new or empty folder; a rerun that finds
    every council up to date starts none (and no worker)."""
    least = batch_mod.PAYS_FOR_WORKERS[None]
    src, out = _folder(tmp_path, least), tmp_path / "out"
    code, _, err = run_cli("batch", str(src), "-o", str(out), "-j", "1")
    assert code == 0, err
    started = []
    monkeypatch.setattr(batch_mod, "_start_server", lambda *args: started.append(args))
    monkeypatch.setattr(batch_mod, "_parallel", lambda *args, **kwargs: started.append(args))
    code, stdout, err = run_cli("batch", str(src), "-o", str(out), "-j", "2")
    assert code == 0 and f"0 assessed, {least} unchanged (skipped)" in " ".join(stdout.split()), stdout + err
    assert started == []
    assert batch_mod._empty_folder(tmp_path / "missing") and batch_mod._empty_folder(src / "nothing") is True


def test_a_file_name_that_is_not_utf8_fails_that_council_alone(run_cli, tmp_path):
    """Bytes in a name that no encoding reads (a Windows share's, an old archive's) reach Python as lone
    surrogates, which no result or summary can hold: that council fails, named with escapes, the rest go on;
    a source folder so named is refused in one line."""
    src = _folder(tmp_path, 1)
    shutil.copy(EXAMPLE, src / os.fsdecode(b"bad\xff.yaml"))
    out = tmp_path / "out"
    code, stdout, err = run_cli("batch", str(src), "-o", str(out))
    assert code == 2 and "Traceback" not in err
    assert err.strip() == (f"Failed: {src}/bad\\udcff.yaml: its name is not valid UTF-8 text (the escapes "
                           "stand for its bytes); rename it")
    assert "1 assessed" in stdout and (out / "c000.json").exists()
    rows = json.loads((out / "summary.json").read_text(encoding="utf-8"))["councils"]
    assert [(r["file"], r["status"]) for r in rows] == [("bad\\udcff", "failed"), ("c000", "ok")]
    odd = tmp_path / os.fsdecode(b"src\xfe")
    odd.mkdir()
    shutil.copy(EXAMPLE, odd / "a.yaml")
    code, _, err = run_cli("batch", str(odd), "-o", str(tmp_path / "out2"))
    assert code == 2 and err == (f"Error: {tmp_path}/src\\udcfe: its name is not valid UTF-8 text (the "
                                 "escapes stand for its bytes); rename it\n")


@pytest.mark.parametrize("name", ["esc\x1b[31mred", "two\nlines", "tab\there", "rtl\u202eoverride"])
def test_a_file_name_with_a_control_character_fails_that_council_alone(run_cli, tmp_path, name):
    """A control character in a profile's file name (an escape sequence, a line break, a bidirectional
    override) would reach the result's file name, the summaries and the terminal: that council fails,
    named with escapes; the rest go on."""
    src = _folder(tmp_path, 1)
    shutil.copy(EXAMPLE, src / f"{name}.yaml")
    out = tmp_path / "out"
    code, stdout, err = run_cli("batch", str(src), "-o", str(out))
    shown = name.encode("unicode_escape").decode("ascii")
    assert code == 2 and "Traceback" not in err
    assert err.strip() == (f"Failed: {src}/{shown}.yaml: its name holds a control character (shown as an "
                           "escape), which would reach the result's file name and the summaries; rename it")
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [
        "c000.json", "summary.csv", "summary.json", "summary.xlsx"]
    assert all(ord(c) >= 32 for c in (out / "summary.csv").read_text(encoding="utf-8").replace("\n", ""))


def test_a_csv_row_with_several_problems_says_how_to_see_the_rest(run_cli, tmp_path):
    """`assess` cannot read a CSV row, so a failed row's line says to put its first problem right and run
    the batch again; a profile file's says `assess` lists them all, and a count past what is counted is
    not made up."""
    sheet = tmp_path / "councils.csv"
    sheet.write_text("council.name,council.type,assessed_on,characteristics.time_scales\n"
                     "A Council,county,31/02/2008,yes\n", encoding="utf-8")
    code, _out, err = run_cli("batch", str(sheet), "-o", str(tmp_path / "out"))
    assert code == 2
    assert err.strip().endswith("(and 1 more problem: put this one right and run the batch again to see the "
                                "next)")
    src = tmp_path / "src"
    src.mkdir()
    base = EXAMPLE.read_text(encoding="utf-8")
    (src / "many.yaml").write_text(base + "".join(f"k{i}: {i}\n" for i in range(30)), encoding="utf-8")
    (src / "lots.yaml").write_text(base + "".join(f"k{i}: {i}\n" for i in range(500)), encoding="utf-8")
    code, _out, err = run_cli("batch", str(src), "-o", str(tmp_path / "out2"))
    lines = sorted(err.strip().splitlines())
    assert code == 2 and len(lines) == 2
    assert lines[0].endswith("(and more problems: `backtofront assess` of the file lists them all)")
    assert lines[1].endswith("(and 29 more problems: `backtofront assess` of the file lists them all)")
