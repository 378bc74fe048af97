"""A class: the quiz writes a student's answers (student-answers/1); `grade` grades twelve of them against
the case councils, with a class summary checked against sums made here; bad files are named, one a line,
after the rest are graded (exit 2)."""

from __future__ import annotations

import io
import json
import os
import random
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml
from backtofront.classifier import reference as reference_mod

STAGES = reference_mod.STAGES
CHOICES = [*STAGES, "dont_know"]


def _class(folder: Path, n: int = 12) -> list[dict]:
    """n students' files, half on case 7 and half on case 9, with answers drawn from a fixed seed."""
    rng = random.Random(20)
    students = []
    for i in range(n):
        case = 7 if i % 2 == 0 else 9
        ref = reference_mod.reference(case)
        answers = {q.key: rng.choice(CHOICES) for q in ref.questions}
        data = {"schema": "student-answers/1", "student": f"Student {i + 1:02d}", "case": case,
                "blind": i % 3 == 0,
                "taken_at": "2027-03-01T10:15:00Z", "answers": answers}
        (folder / f"s{i + 1:02d}.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
        students.append(data)
    return students


@pytest.fixture
def klass(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    students = _class(tmp_path)
    return tmp_path, students, sorted(str(p.name) for p in tmp_path.glob("s*.yaml"))


def _expected(students):
    right = marked = base = 0
    wrong: Counter = Counter()
    spread: dict[str, Counter] = {}
    pairs = []
    for s in students:
        ref = reference_mod.reference(s["case"])
        for q in ref.questions:
            a = s["answers"][q.key]
            if q.graded:
                marked += 1
                right += a == q.stage
                base += q.stage == "transactional"
                pairs.append((a, q.stage))
                wrong[(s["case"], q.name)] += a != q.stage
            if q.key == "overall":
                spread.setdefault(str(s["case"]), Counter())[a] += 1
    return right, marked, base, wrong, spread, reference_mod.kappa(pairs)


def test_twelve_students_graded_with_the_class_summary(run_cli, klass):
    folder, students, files = klass
    code, out, err = run_cli("grade", *files, "-f", "json")
    assert code == 0 and err == ""
    got = json.loads(out)
    right, marked, base, wrong, spread, kappa = _expected(students)
    summary = got["summary"]
    assert summary["students"] == 12 and len(got["students"]) == 12
    assert (summary["right"], summary["marked"], summary["baseline"]) == (right, marked, base)
    assert summary["baseline_stage"] == "transactional"
    assert summary["kappa"] == pytest.approx(kappa) if kappa is not None else summary["kappa"] is None
    assert summary["overall_spread"] == {k: {s: c[s] for s in CHOICES if c[s]} for k, c in spread.items()}
    marked_misjudged = [(m["case"], m["name"], m["wrong"]) for m in summary["misjudged"] if m["marked"]]
    assert marked_misjudged == sorted(marked_misjudged, key=lambda m: -m[2] / 6) and \
        {(c, n): w for c, n, w in marked_misjudged} == {k: v for k, v in wrong.items() if v}
    for s, g in zip(students, got["students"]):
        assert g["student"] == s["student"] and g["case"] == s["case"]
        for m in g["marks"]:
            answer = s["answers"][m["question"]]
            assert m["answer"] == answer
            if not m["marked"]:
                assert m["verdict"] == "discussed"
                assert m["reason"].startswith(("The report does not say; the assessment reads it as",
                                               "The report prints"))
            elif answer == "dont_know":
                assert m["verdict"] == "dont_know" and m["stages_off"] is None
            else:
                off = abs(STAGES.index(answer) - STAGES.index(m["reference"]))
                assert m["stages_off"] == off and m["verdict"] == ("right" if off == 0 else "wrong")
                assert m["settled_by"] and m["place"]


def test_text_summary_shows_the_baseline_beside_the_class_score(run_cli, klass):
    folder, students, files = klass
    code, out, _ = run_cli("grade", *files)
    text = " ".join(out.split())
    right, marked, base, wrong, spread, kappa = _expected(students)
    assert code == 0
    assert "Class summary: 12 students" in text
    assert (f"Marked answers right: {right} of {marked} ({round(100 * right / marked)} per cent); always "
            f"answering transactional, the commonest stage: {base} of {marked}") in text
    assert "Misjudged most (marked): " in text and "Overall stage, Case study 7: " in text
    assert "Settled by: “Back office and front line efficiency activities were clearly separate" in text
    assert "(Case study 7, para 48)" in text and ("WRONG by" in text or "RIGHT" in text)


@pytest.mark.parametrize("fmt, needle", [("md", "## Class summary: 12 students"),
                                          ("html", '<html lang="en-GB">'), ("text", "Class summary")])
def test_grade_writes_each_format_to_a_file(run_cli, klass, fmt, needle):
    folder, _, files = klass
    code, out, err = run_cli("grade", *files, "-f", fmt, "-o", f"class.{fmt}")
    assert code == 0 and needle in (folder / f"class.{fmt}").read_text("utf-8")
    if fmt == "html":
        html = (folder / "class.html").read_text("utf-8")
        assert '<meta name="viewport"' in html and html.count("<caption>") == 12


def test_bad_files_are_named_one_a_line_after_the_rest_are_graded(run_cli, klass):
    folder, _, files = klass
    (folder / "empty.yaml").write_text("", encoding="utf-8")
    (folder / "other.yaml").write_text(yaml.safe_dump(
        {"schema": "student-answers/1", "student": "X", "case": 9,
                                                       "answers": {"overall": "maybe"}}), encoding="utf-8")
    (folder / "unknown.yaml").write_text(yaml.safe_dump(
        {"schema": "student-answers/1", "student": "Y", "case": 7,
                                                         "answers": {
                                                             "service_transformation": "transitional"}}),
                                         encoding="utf-8")
    code, out, err = run_cli("grade", *files, "empty.yaml", "other.yaml", "unknown.yaml", "missing.yaml")
    assert code == 2
    assert "Class summary: 12 students" in out
    lines = err.strip().split("\n")
    assert len(lines) == 4 and "Traceback" not in err
    assert [line.removeprefix("Error: ").split(":")[0] for line in lines] == \
        ["empty.yaml", "other.yaml", "unknown.yaml", "missing.yaml"]
    assert "case 7 asks no question service_transformation" in lines[2]
    assert lines[1] == ("other.yaml: not a student-answers/1 file: answers.overall: 'maybe' is not "
                        "valid; choose one of transactional, transitional, transformational, dont_know")


def test_a_file_for_another_case_is_refused_with_case(run_cli, klass):
    folder, _, files = klass
    code, out, err = run_cli("grade", *files, "--case", "7")
    assert code == 2
    assert out.count("Case study 7, North Warwickshire") == 6
    assert err.count("answers case 9, not case 7 (--case)") == 6


def test_the_quiz_writes_the_students_answers_and_still_exits_0(run_cli, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("sys.stdin", io.StringIO("?\n3\n2\n1\n1\n"))
    code, out, err = run_cli("walkthrough", "--case", "7", "--quiz", "--no-pause", "--blind", "--student",
                             "A. Patel", "--answers-out", "patel.yaml")
    assert code == 0
    data = yaml.safe_load((tmp_path / "patel.yaml").read_text("utf-8"))
    assert set(data) == {"schema", "student", "case", "blind", "taken_at", "answers"}
    assert data["schema"] == "student-answers/1" and data["student"] == "A. Patel" and data["case"] == 7
    assert data["blind"] is True and data["taken_at"].endswith("Z")
    assert data["answers"] == {"organisational_change": "dont_know",
                               "back_office_front_line": "transformational",
                               "planning_monitoring": "transitional",
                               "time_scales": "transactional", "overall": "transactional"}
    code, out, _ = run_cli("grade", "patel.yaml")
    assert code == 0 and "WRONG by two stages: Back office functions & front line services" in out
    assert "RIGHT: Overall stage" in out


@pytest.mark.parametrize("typed, answered, says", [
    ("3\n3\n3\n3\n3\n3\nq\n", 6, "Stopped."),          # q at "Press Enter for more"
    ("3\n3\n3\n3\n3\n3\n", 6, "(Input ended.)"),        # input ends at "Press Enter for more"
    ("3\n1\n", 2, "(Input ended.)"),                        # input ends part-way through the questions
])
def test_a_quiz_ended_early_still_writes_what_was_answered(run_cli, monkeypatch, tmp_path, typed, answered,
                                                           says):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("sys.stdin", io.StringIO(typed))
    code, out, err = run_cli("walkthrough", "--case", "9", "--quiz", "--blind", "--student", "A. Patel",
                             "--answers-out", "patel.yaml")
    assert code == 0 and says in out
    assert [line for line in out.splitlines() if "Press Enter" in line and "  " in line.strip()] == []
    assert "because targets set" not in out and "because efficiency planning" not in out
    assert not re.search(r"\bpara \d", out.split("Answers:")[0])  # blind: no paragraph before the answers
    assert f"{answered} of 6 questions answered." in err and "Wrote patel.yaml" in err
    data = yaml.safe_load((tmp_path / "patel.yaml").read_text("utf-8"))
    assert data["student"] == "A. Patel" and data["case"] == 9 and len(data["answers"]) == answered
    assert list(data["answers"].values())[:2] == ["transformational", "transformational" if answered == 6
                                                  else "transactional"]
    assert [p.name for p in tmp_path.iterdir()] == ["patel.yaml"]  # written whole, no temporary left
    code, out, _ = run_cli("grade", "patel.yaml")
    assert code == 0 and "A. Patel" in out
    code, out, _ = run_cli("grade", "patel.yaml", "-f", "json")
    grade = json.loads(out)["students"][0]
    unreached = [m for m in grade["marks"] if m["question"] not in data["answers"]]
    assert len(unreached) == len(grade["marks"]) - answered
    assert all(m["verdict"] == "not_answered" and m["answer"] == "not_answered" for m in unreached)
    assert grade["not_answered"] == sum(m["marked"] for m in unreached)


def test_questions_the_quiz_never_reached_are_not_answered_not_dont_know(run_cli, tmp_path):
    """A student who quit after two questions never said "don't know" to the rest: those are shown as not
    answered, count among the marked questions (not right), and stay out of kappa, the class's spread of
    overall stages and the questions it misjudged."""
    ref = reference_mod.reference(7)
    marked = [q for q in ref.questions if q.graded]
    discussed = [q for q in ref.questions if not q.graded]
    assert [q.key for q in marked] == ["back_office_front_line", "overall"]
    # the first marked question right, one discussed question "don't know"; the overall stage never reached
    given = {marked[0].key: marked[0].stage, discussed[0].key: "dont_know"}
    data = {"schema": "student-answers/1", "student": "B. Quit", "case": 7, "answers": given}
    (tmp_path / "quit.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    code, out, err = run_cli("grade", str(tmp_path / "quit.yaml"), "-f", "json")
    assert code == 0, err
    got = json.loads(out)
    student = got["students"][0]
    marks = {m["question"]: m for m in student["marks"]}
    assert marks[marked[0].key]["verdict"] == "right"
    said = marks[discussed[0].key]
    assert (said["verdict"], said["answer"]) == ("discussed", "dont_know")
    rest = [m for k, m in marks.items() if k not in given]
    assert len(rest) == len(ref.questions) - 2
    assert all(m["verdict"] == "not_answered" and m["answer"] == "not_answered" and m["stages_off"] is None
               for m in rest)
    assert (student["right"], student["marked"], student["not_answered"]) == (1, 2, 1)
    assert student["kappa"] == reference_mod.kappa([(marked[0].stage, marked[0].stage)])
    summary = got["summary"]
    assert (summary["right"], summary["marked"]) == (1, 2)
    assert summary["overall_spread"] == {}  # the overall stage was never answered
    assert {m["question"] for m in summary["misjudged"]} == {discussed[0].key}
    code, out, _ = run_cli("grade", str(tmp_path / "quit.yaml"))
    assert code == 0
    flat = " ".join(out.split())
    assert "Marked: 1 of 2 right (1 not answered: the quiz ended before it)" in flat
    assert "NOT ANSWERED: Overall stage: the quiz ended before it; the report's words make it" in flat
    assert "DON'T KNOW" not in out


def test_a_quiz_with_no_answer_says_kappa_has_nothing_to_rest_on(run_cli, tmp_path):
    data = {"schema": "student-answers/1", "student": "C. Early", "case": 9, "answers": {}}
    (tmp_path / "early.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    code, out, _ = run_cli("grade", str(tmp_path / "early.yaml"))
    flat = " ".join(out.split())
    assert code == 0 and "Cohen's kappa: not defined (no marked question answered)" in flat
    assert "every answer and reference the same stage" not in flat


def test_answers_out_needs_the_quiz(run_cli):
    code, _, err = run_cli("walkthrough", "--case", "7", "--answers-out", "x.yaml")
    assert code == 2 and "go with --quiz" in err


def test_a_file_given_twice_is_graded_once_with_a_warning(run_cli, klass, tmp_path):
    _folder, _students, files = klass
    link = tmp_path / "same-student.yaml"
    link.symlink_to(files[0])
    hard = tmp_path / "hard-link.yaml"
    os.link(files[0], hard)
    code, out, err = run_cli("grade", files[0], files[0], str(link), str(hard), files[1], "-f", "json")
    assert code == 0
    assert err.splitlines() == [f"Warning: {files[0]} is given four times (also as {link} and {hard}); it is "
                                "graded once."]
    assert [s["file"] for s in json.loads(out)["students"]] == [files[0], files[1]]


def test_a_copy_of_a_students_answers_is_graded_once_with_a_warning(run_cli, klass, tmp_path):
    _folder, students, files = klass
    copy = tmp_path / "copy.yaml"
    copy.write_bytes(Path(files[0]).read_bytes())
    retake = tmp_path / "retake.yaml"   # the same student, other answers: a second attempt, graded
    other = dict(students[0], answers={k: "dont_know" for k in students[0]["answers"]})
    retake.write_text(yaml.safe_dump(other), encoding="utf-8")
    code, out, err = run_cli("grade", files[0], str(copy), str(retake), "-f", "json")
    assert code == 0
    assert err.splitlines() == [f"Warning: {copy} gives the same student's same answers as {files[0]}; they "
                                "are graded once."]
    assert [s["file"] for s in json.loads(out)["students"]] == [files[0], str(retake)]
    # the same answers under the same name typed otherwise are a copy too
    typed = tmp_path / "typed.yaml"
    typed.write_text(yaml.safe_dump(dict(students[0], student=f"  {students[0]['student'].upper()}")),
                     encoding="utf-8")
    code, out, err = run_cli("grade", files[0], str(typed), "-f", "json")
    assert code == 0
    assert err.splitlines() == [f"Warning: {typed} gives the same student's same answers as {files[0]}; they "
                                "are graded once."]


def test_q_at_a_quiz_question_stops_and_keeps_what_was_answered(run_cli, monkeypatch, tmp_path):
    """q (or quit) at a question ends the quiz, as the help says; the answers given are written, and the
    questions not reached are not answered (never recorded as don't know)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("sys.stdin", io.StringIO("2\nq\n"))
    code, out, err = run_cli("walkthrough", "--case", "9", "--quiz", "--blind", "--student", "A. Patel",
                             "--answers-out", "patel.yaml")
    assert code == 0 and out.rstrip().endswith("Stopped.") and "is not a stage" not in out
    assert "1 of 6 questions answered." in err
    data = yaml.safe_load((tmp_path / "patel.yaml").read_text("utf-8"))
    assert list(data["answers"].values()) == ["transitional"]
    code, out, _ = run_cli("grade", "patel.yaml", "-f", "json")
    marks = json.loads(out)["students"][0]["marks"]
    assert sum(m["verdict"] == "not_answered" for m in marks) == len(marks) - 1


def test_a_student_who_took_two_quizzes_is_one_student(run_cli, tmp_path):
    """Two students, each quizzed on two cases: "2 students, 4 quizzes", not "4 students"."""
    files = []
    # one student's name however it was typed: case, spacing, an invisible character
    for name, again in (("A. Patel", "a.patel"), ("B. Jones", "B.\u200b JONES")):
        for case, name in ((7, name), (9, again)):
            path = tmp_path / f"{name[-5:].lower()}-{case}.yaml"
            path.write_text(yaml.safe_dump({"schema": "student-answers/1", "student": name, "case": case,
                                            "blind": True, "taken_at": "2027-03-01T10:15:00Z",
                                            "answers": {"overall": "transitional"}}), encoding="utf-8")
            files.append(str(path))
    for fmt in ("text", "md", "html"):
        code, out, err = run_cli("grade", *files, "-f", fmt)
        assert code == 0, err
        assert "Class summary: 2 students, 4 quizzes" in out
    code, out, _ = run_cli("grade", *files, "-f", "json")
    assert json.loads(out)["summary"]["students"] == 4   # the JSON counts the quizzes graded
