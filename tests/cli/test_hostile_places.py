"""Places and values a tester tried that once gave exit 1 or wrote what no command reads again: a full or
closed standard output, a date in the year 9999, a workbook with a sheet cut short, `interview -o -`, a
council name of spaces, a profile too large to read again, Markdown strikethrough and maths in user text,
and a folder holding a.yaml beside a.json."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "district-transitional.yaml"
EXE = str(Path(sys.executable).with_name("backtofront"))


@pytest.mark.parametrize("args", [["assess", str(EXAMPLE)], ["knowledge", "characteristics"]])
def test_a_full_standard_output_is_exit_2_in_one_line(args):
    with open("/dev/full", "w") as full:
        done = subprocess.run([EXE, *args], stdout=full, stderr=subprocess.PIPE, text=True, check=False)
    assert done.returncode == 2, done.stderr
    assert done.stderr == "Error: standard output cannot be written: No space left on device\n"


def test_a_closed_standard_output_is_exit_2_and_a_file_output_still_works(tmp_path):
    closed = subprocess.run(f"{EXE} assess {EXAMPLE} >&-", shell=True, capture_output=True, text=True,
                            check=False)
    assert closed.returncode == 2
    assert closed.stderr == "Error: standard output cannot be written: it is closed\n"
    target = tmp_path / "report.txt"
    to_file = subprocess.run(f"{EXE} assess {EXAMPLE} -o {target} >&-", shell=True, capture_output=True,
                             text=True, check=False)
    assert to_file.returncode == 0, to_file.stderr
    assert target.read_text().startswith("Example District Council")


def test_a_date_too_far_ahead_is_refused_not_a_crash(run_cli, tmp_path):
    code, out, err = run_cli("letter", str(EXAMPLE), "--date", "9999-12-31", "-f", "md")
    assert code == 2 and out == "" and "too far ahead" in err and len(err.splitlines()) == 1, err
    for written in ("9999-11-01", '"9999-11-01"'):
        path = tmp_path / "far.yaml"
        path.write_text(f"council: {{name: X, type: district}}\nassessed_on: {written}\n")
        code, out, err = run_cli("letter", str(path), "-f", "md")
        assert code == 2 and "assessed_on" in err and "too far ahead" in err, err


def _questionnaire(run_cli, tmp_path: Path, part: str, change) -> Path:
    """The questionnaire workbook `questions -o` writes, its archive member `part` replaced by
    `change(its bytes)`."""
    book = tmp_path / "survey.xlsx"
    code, _out, err = run_cli("questions", "-o", str(book))
    assert code == 0, err
    changed = io.BytesIO()
    with zipfile.ZipFile(book) as src, zipfile.ZipFile(changed, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            dst.writestr(item, change(data) if item.filename == part else data)
    book.write_bytes(changed.getvalue())
    return book


def test_a_workbook_with_a_sheet_cut_short_is_exit_2(run_cli, tmp_path):
    book = _questionnaire(run_cli, tmp_path, "xl/worksheets/sheet2.xml", lambda data: data[: len(data) // 2])
    code, out, err = run_cli("assess", str(book))
    assert code == 2 and out == "" and len(err.splitlines()) == 1, err
    assert "cannot be read as a workbook (ParseError" in err


def test_the_interview_needs_a_file_not_standard_output(run_cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli("interview", "-o", "-", "--plain", "--name", "X", "--type", "district")
    assert code == 2 and "needs a file" in err
    assert list(tmp_path.iterdir()) == []


def test_a_council_name_of_spaces_is_refused(run_cli, tmp_path):
    path = tmp_path / "blank.yaml"
    path.write_text('council: {name: "   ", type: district}\n')
    code, _out, err = run_cli("assess", str(path))
    assert code == 2 and err.strip().endswith("council.name: '   ': must not be blank"), err


def test_an_interview_save_too_large_to_read_again_is_refused(tmp_path, monkeypatch):
    from backtofront.classifier import loading
    from backtofront.classifier.errors import InputError
    from backtofront.interview.store import Answer, ProfileFile

    path = tmp_path / "council.yaml"
    path.write_text("council: {name: A, type: district}\n")
    monkeypatch.setattr(loading, "MAX_BYTES", 200)
    store = ProfileFile(path)
    with pytest.raises(InputError, match="larger than 200 bytes"):
        store.set_answer("efficiency_policy_status", Answer("ad_hoc", evidence="x" * 300))
    assert path.read_text() == "council: {name: A, type: district}\n"


def test_a_combined_profile_too_large_to_read_again_is_refused(run_cli, tmp_path, monkeypatch):
    from backtofront.classifier import loading

    for name in ("a", "b"):
        (tmp_path / f"{name}.yaml").write_text(
            f"council: {{name: A, type: district}}\nrespondent: {{name: {name}, role: officer}}\n"
            f"answers:\n  efficiency_policy_status: {{answer: ad_hoc, evidence: {'y' * 150}}}\n")
    monkeypatch.setattr(loading, "MAX_BYTES", 500)
    code, out, err = run_cli("combine", str(tmp_path / "a.yaml"), str(tmp_path / "b.yaml"), "-o",
                             str(tmp_path / "c.yaml"))
    assert code == 2 and "larger than 500 bytes" in err, err
    assert not (tmp_path / "c.yaml").exists()


def test_markdown_strikethrough_and_maths_in_user_text_print_as_written():
    from backtofront.render.templating import markdown_text

    assert markdown_text("~~cut~~ $$x$$") == "\\~\\~cut\\~\\~ \\$\\$x\\$\\$"


def test_a_yaml_and_a_json_of_one_name_are_not_called_left_over(run_cli, tmp_path, batch_source):
    source = batch_source(**{"a.json": '{"council": {"name": "B", "type": "county"}}'})
    code, _out, err = run_cli("batch", str(source), "-o", str(tmp_path / "out"), "--jobs", "1")
    assert code == 0, err
    assert "Kept from an earlier run" not in err
    assert sorted(os.listdir(tmp_path / "out"))[1:3] == ["a.json.json", "a.yaml.json"]


def test_a_failed_council_is_one_line_with_a_count_of_its_other_problems(run_cli, tmp_path, batch_source):
    source = batch_source(**{"b.yaml": "council: {name: B, type: county}\nfoo: 1\nbar: 2\nbaz: 3\n"})
    code, _out, err = run_cli("batch", str(source), "-o", str(tmp_path / "out"), "--jobs", "1")
    assert code == 2
    failed = [line for line in err.splitlines() if line.startswith("Failed:")]
    assert len(failed) == 1 and failed[0].endswith("(and 2 more problems: `backtofront assess` of the file "
                                                   "lists them all)"), failed


def test_the_workbook_librarys_own_warnings_never_reach_the_user(run_cli, tmp_path):
    # a stylesheet with no styles: openpyxl warns
    book = _questionnaire(run_cli, tmp_path, "xl/styles.xml", lambda data: (
        b'<?xml version="1.0" encoding="UTF-8"?><styleSheet '
        b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>'))
    with _no_warning():
        code, out, err = run_cli("assess", str(book))
    assert code == 2 and len(err.splitlines()) == 1 and "cover sheet is blank" in err, err


def _no_warning():
    import warnings

    class Recorder(warnings.catch_warnings):
        def __exit__(self, *exc):
            caught = self.log
            result = super().__exit__(*exc)
            assert not caught, [str(w.message) for w in caught]
            return result

        def __enter__(self):
            self.log = super().__enter__()
            warnings.simplefilter("always")
            return self.log

    return Recorder(record=True)


@pytest.mark.parametrize("args", [["compare", "-", "-"], ["letter", "-", "--previous", "-", "-f", "md"],
                                  ["letter", "-", "--previous", "-", "--previous", "-"]])
def test_standard_input_given_twice_is_refused(run_cli, args):
    code, out, err = run_cli(*args)
    assert code == 2 and out == "" and "standard input (-) can be only one of the profiles" in err


def test_a_file_name_with_a_line_break_is_named_on_one_line(run_cli, tmp_path):
    target = tmp_path / "new\nline.md"
    code, _out, err = run_cli("assess", str(EXAMPLE), "-f", "md", "-o", str(target))
    assert code == 0 and target.exists()
    assert err.splitlines() == [f"Wrote {tmp_path}/new\\nline.md"]


def test_a_closed_standard_input_or_error_is_no_internal_error(tmp_path):
    """Started with standard input closed (`<&-`), a walkthrough ends as input ends and an interview stops
    before the council is complete (exit 2, nothing created); with standard error closed (`2>&-`), a report
    written to its file is exit 0."""
    walk = subprocess.run(f"{EXE} walkthrough --case 7 <&-", shell=True, capture_output=True, text=True,
                          check=False)
    assert walk.returncode == 0 and "(Input ended.)" in walk.stdout, walk.stderr
    profile = tmp_path / "x.yaml"
    interview = subprocess.run(f"{EXE} interview -o {profile} --plain --name A --type district <&-",
                               shell=True, capture_output=True, text=True, check=False)
    assert interview.returncode == 2 and "Internal error" not in interview.stderr
    assert len(interview.stderr.strip().splitlines()) == 1 and not profile.exists()
    report = tmp_path / "report.md"
    quiet = subprocess.run(f"{EXE} assess {EXAMPLE} -o {report} 2>&-", shell=True, capture_output=True,
                           text=True, check=False)
    assert quiet.returncode == 0 and report.read_text(encoding="utf-8").startswith("#")
