"""Student files are user files: `grade` reads them through the one loader (size limit, encodings,
invisible characters), checks the student's name like any user text, and prints it in Markdown and HTML
as text, never as structure."""

from __future__ import annotations

from pathlib import Path

import yaml

RTL_OVERRIDE = "\u202e"


def _answers(path: Path, student: str) -> Path:
    path.write_text(yaml.safe_dump({"schema": "student-answers/1", "student": student, "case": 7,
                                    "blind": False,
                                    "taken_at": "2027-03-01T10:15:00Z",
                                    "answers": {"overall": "transitional"}}, allow_unicode=True),
                    encoding="utf-8")
    return path


def test_grade_reads_no_more_than_the_loader_allows(run_cli):
    code, out, err = run_cli("grade", "/dev/zero")
    assert code == 2
    assert err.strip() == ("Error: /dev/zero: is larger than 1,000,000 bytes; is it really a student-answers "
                           "file?")


def test_a_large_file_is_refused_before_parsing(run_cli, tmp_path):
    big = tmp_path / "big.yaml"
    big.write_bytes(b"# " + b"x" * 2_000_000 + b"\n")
    code, _, err = run_cli("grade", str(big))
    assert code == 2
    assert err.strip() == (f"Error: {big}: is larger than 1,000,000 bytes; is it really a student-answers "
                           "file?")


def test_student_name_with_a_bidi_override_is_refused(run_cli, tmp_path):
    path = _answers(tmp_path / "sam.yaml", f"Sam{RTL_OVERRIDE}evil")
    code, _, err = run_cli("grade", str(path))
    assert code == 2
    assert err.strip() == (f"Error: {path}: student: the text holds U+202E RIGHT-TO-LEFT OVERRIDE, an "
                           "invisible formatting character that can reorder, break or hide what is printed; "
                           "remove it")


def test_student_name_with_a_line_break_is_refused(run_cli, tmp_path):
    path = _answers(tmp_path / "sam.yaml", "Sam\n# Heading")
    code, _, err = run_cli("grade", str(path))
    assert code == 2
    assert err.strip() == f"Error: {path}: student: the text holds a line break; a name is one line"


def test_walkthrough_student_is_checked_like_sender(run_cli, tmp_path):
    code, _, sender_err = run_cli("letter", "--case", "7", "--sender", f"Sam{RTL_OVERRIDE}x")
    assert code == 2
    code, out, err = run_cli("walkthrough", "--case", "7", "--quiz", "--student", f"Sam{RTL_OVERRIDE}x",
                             "--answers-out", str(tmp_path / "a.yaml"))
    assert code == 2 and out == ""
    assert err.strip() == sender_err.strip().replace("--sender", "--student")
    assert len(err.strip().splitlines()) == 1
    code, out, err = run_cli("walkthrough", "--case", "7", "--quiz", "--student", "Sam\nSmith",
                             "--answers-out", str(tmp_path / "a.yaml"))
    assert code == 2 and out == ""
    assert err.strip() == "Error: --student: the text holds a line break; give it on one line"


def test_markdown_and_html_print_the_name_as_text(run_cli, tmp_path):
    path = _answers(tmp_path / "x.yaml", "**bold** | <script>alert(1)</script> # x")
    code, md, _ = run_cli("grade", str(path), "-f", "md")
    assert code == 0
    assert "<script>" not in md and "&lt;script>" in md
    assert "\\*\\*bold\\*\\* \\| " in md
    code, page, _ = run_cli("grade", str(path), "-f", "html")
    assert code == 0
    assert "<script>" not in page and "&lt;script&gt;" in page


def test_profile_notes_cannot_make_a_markdown_table(run_cli, tmp_path):
    profile = tmp_path / "p.yaml"
    profile.write_text(yaml.safe_dump({"council": {"name": "Exampleshire", "type": "district"},
                                       "notes": "line1\n# x\n\n| a | b |\n|---|---|"}))
    code, md, _ = run_cli("assess", str(profile), "-f", "md")
    assert code == 0
    assert "\\| a \\| b \\|\n\\|---\\|---\\|" in md
    assert "| a | b |" not in md.splitlines() and "|---|---|" not in md.splitlines()


def test_a_folder_given_as_a_student_answers_file_says_so_once(run_cli, tmp_path):
    folder = tmp_path / "answers"
    folder.mkdir()
    code, out, err = run_cli("grade", str(folder))
    assert code == 2
    assert err == f"Error: {folder}: is a directory, not a student-answers file\n", err
    assert out == ""  # no class summary of no students before it
    ok = _answers(tmp_path / "ok.yaml", "A student")
    code, out, err = run_cli("grade", str(ok), str(folder))  # with a good file: graded, then the problem
    assert code == 2 and "Class summary: 1 student" in out
    assert err == f"Error: {folder}: is a directory, not a student-answers file\n", err
