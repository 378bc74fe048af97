"""`walkthrough --quiz --answers-out FILE` checks FILE before the first question: a folder, a FIFO or a
device, a folder that cannot be written, or another student's answers already there is one line, exit
2, and no question asked; the same student's earlier answers to the same case may be replaced (a retake)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import read_only
import yaml

EXE = str(Path(sys.executable).with_name("backtofront"))
QUIZ = ["walkthrough", "--case", "7", "--quiz", "--student", "Sam", "--answers-out"]


def _run(args: list[str], cwd: Path, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([EXE, *args], cwd=cwd, input="", capture_output=True, text=True, timeout=120, **kw)


def _earlier(path: Path, student: str, case: int = 7) -> Path:
    path.write_text(yaml.safe_dump({"schema": "student-answers/1", "student": student, "case": case,
                                    "blind": False, "taken_at": "2027-03-01T10:15:00Z",
                                    "answers": {"overall": "transitional"}}))
    return path


def test_a_directory_is_refused_before_any_question(tmp_path):
    (tmp_path / "answers").mkdir()
    done = _run([*QUIZ, "answers"], tmp_path)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.splitlines() == ["Error: answers: is a directory; give a file name for the answers"]


@pytest.mark.parametrize("name, said", [
    ("x.json", "a student's answers file is written as .yaml or .yml, not .json"),
    ("x.pdf", "a student's answers file is written as .yaml or .yml, not .pdf"),
    (".yaml", "an extension without a name (it would be a hidden file, which `grade *.yaml` does not see); "
              "give the file a name, e.g. answers.yaml"),
])
def test_a_name_grade_would_not_read_is_refused_before_any_question(run_cli, tmp_path, monkeypatch, name,
                                                                     said):
    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli(*QUIZ, name)
    assert (code, out, err) == (2, "", f"Error: {name}: {said}\n")
    assert list(tmp_path.iterdir()) == []


def test_a_fifo_is_refused_without_opening_it(tmp_path):
    os.mkfifo(tmp_path / "answers.yaml")
    done = _run([*QUIZ, "answers.yaml"], tmp_path)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.splitlines() == [
        "Error: answers.yaml: is a FIFO, not a regular file; give a file name for the answers"]
    assert stat.S_ISFIFO(os.stat(tmp_path / "answers.yaml").st_mode)


def test_a_read_only_folder_is_refused_before_any_question(tmp_path):
    folder = tmp_path / "class"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        done = _run([*QUIZ, "class/sam.yaml"], tmp_path, **read_only.child_options())
    finally:
        folder.chmod(0o755)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.splitlines() == [
        "Error: class/sam.yaml: cannot be written: its folder cannot be written to (read-only, or no "
        "permission)"]


@pytest.mark.parametrize("student,case", [("Alex", 7), ("Sam", 9)])
def test_another_students_answers_are_never_overwritten(tmp_path, student, case):
    before = _earlier(tmp_path / "answers.yaml", student, case).read_bytes()
    done = _run([*QUIZ, "answers.yaml"], tmp_path)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.splitlines() == ["Error: answers.yaml exists; give another name"]
    assert (tmp_path / "answers.yaml").read_bytes() == before


def test_a_file_that_is_not_answers_is_never_overwritten(tmp_path):
    (tmp_path / "notes.yaml").write_text("my notes\n")
    done = _run([*QUIZ, "notes.yaml"], tmp_path)
    assert done.returncode == 2 and done.stderr.splitlines() == [
        "Error: notes.yaml exists; give another name"]
    assert (tmp_path / "notes.yaml").read_text() == "my notes\n"


def test_the_same_students_earlier_answers_to_the_case_may_be_retaken(tmp_path):
    _earlier(tmp_path / "answers.yaml", "Sam")
    done = _run([*QUIZ, "answers.yaml"], tmp_path)
    assert "exists" not in done.stderr
    assert done.stdout != ""  # the quiz started
