"""A class: students' quiz answers recorded as files, graded against the case councils' reference answers
(classifier/reference.py), with a class summary; rendered as text, Markdown, HTML or JSON.

A student's file (`walkthrough --case N --quiz --student NAME --answers-out FILE`) is YAML:

    schema: student-answers/1
    student: A. Patel
    case: 7
    blind: false
    taken_at: 2027-03-01T10:15:00Z
    answers: {efficiency_policy: transactional, back_office_front_line: transitional, overall: dont_know}

Each answer is a stage's name or `dont_know`; a key is a Table 4 characteristic's id or `overall`.
Grading marks only the questions the report's words settle: right, or wrong by one or two stages (or
"don't know"); every other answer is discussed against the assessment's reading, never marked.
"""

from __future__ import annotations

import datetime as dt
import html
import os
from collections import Counter
from collections.abc import Callable
from typing import Literal

import msgspec
import yaml
from backtofront.classifier import loading
from backtofront.classifier import reference as reference_mod
from backtofront.classifier.errors import InputError
from backtofront.classifier.profile import name_key
from backtofront.classifier.reference import DONT_KNOW, OVERALL, STAGES
from backtofront.render.templating import markdown_text

SCHEMA = "student-answers/1"
Stage = Literal["transactional", "transitional", "transformational", "dont_know"]
Verdict = Literal["right", "wrong", "dont_know", "discussed", "not_answered"]
# A question the student's file has no answer to: the quiz ended (q, Ctrl+C) before it. Not "don't know":
# the student never saw it. It counts among the marked questions (not right), never as a judgement.
NOT_ANSWERED = "not_answered"


class StudentAnswers(msgspec.Struct, forbid_unknown_fields=True):
    """One student's answers to one case's quiz (the student-answers/1 file)."""
    schema: Literal["student-answers/1"]
    student: str
    case: int
    answers: dict[str, Stage]
    blind: bool = False
    taken_at: str | None = None


def write_answers(path: str, *, student: str | None, case: int | None, blind: bool,
                  answers: dict[str, str], now: dt.datetime | None = None) -> None:
    """Write a student-answers/1 file to `path` (safely: see render/output.py). Raises InputError (exit 2)
    for a path that cannot be written, or for answers without a case (a quiz on a profile file)."""
    from .output import write_output

    if case is None:
        raise InputError("--answers-out records a case's quiz: give --case N")
    taken = (now or dt.datetime.now(dt.timezone.utc)).replace(microsecond=0)
    data = {"schema": SCHEMA, "student": student or "", "case": case, "blind": blind,
            "taken_at": taken.isoformat().replace("+00:00", "Z"), "answers": dict(answers)}
    # a retake replaces this student's earlier answers to the case (check_answers_out allowed no other file)
    write_output(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), path,
                 replaces="a student's quiz answers")


def student_problem(name: str) -> str | None:
    """Why a student's name cannot be taken, or None: the checks of any user text
    (`loading.text_problem`: control, invisible formatting and noncharacters), and a line break (a name
    is one line)."""
    if problem := loading.text_problem(name):
        return f"the text {problem}"
    if "\n" in name or "\r" in name:
        return "the text holds a line break; a name is one line"
    return None


def check_answers_out(path: str, *, student: str | None, case: int | None) -> None:
    """Before the quiz's first question, whether its answers can be written to `path`: InputError (exit 2,
    one line) for a name not ending in .yaml or .yml (or only that: a hidden file), a folder, a FIFO, a
    device or a socket (never opened), a folder that does not exist or
    cannot be written to, and an existing file that is not this student's earlier answers to this case
    (which a retake replaces)."""
    from .output import refuse_special

    if os.path.isdir(path):
        raise InputError("is a directory; give a file name for the answers", source=path)
    refuse_special(path, "a file name for the answers")
    name = os.path.basename(path).lower()
    if name in (".yaml", ".yml"):
        raise InputError("an extension without a name (it would be a hidden file, which `grade *.yaml` "
                         "does not see); give the file a name, e.g. answers.yaml", source=path)
    if not name.endswith((".yaml", ".yml")):
        from .output_format import wrong_extension

        raise wrong_extension(path, (".yaml", ".yml"), "a student's answers file")
    folder = os.path.dirname(os.path.realpath(path))
    if not os.path.isdir(folder):
        raise InputError(f"folder {os.path.dirname(path) or '.'!r} does not exist", source=path)
    if not os.access(folder, os.W_OK | os.X_OK):
        raise InputError("cannot be written: its folder cannot be written to (read-only, or no permission)",
                         source=path)
    if os.path.lexists(path):
        try:
            earlier = read_answers(path)
        except InputError:
            earlier = None
        if earlier is None or earlier.case != case or earlier.student != (student or ""):
            raise InputError(f"{path} exists; give another name")


# -- reading ---------------------------------------------------------------------------------------
def read_answers(path: str) -> StudentAnswers:
    """A student's file, checked: the schema, a known case, known questions and stages. Raises InputError
    with one short line naming the problem."""
    data, source = loading.load(path, what="student-answers file")
    if problem := loading.check_data(data):
        raise InputError(problem, source=source)
    if not isinstance(data, dict):
        raise InputError("not a student-answers file (expected a mapping with schema: student-answers/1)",
                         source=path)
    if isinstance(data.get("taken_at"), (dt.datetime, dt.date)):
        data["taken_at"] = data["taken_at"].isoformat()
    from backtofront.classifier import validation

    try:
        got = validation.convert(data, StudentAnswers)
    except validation.Invalid as exc:  # in plain words: the key, the value and what it may be
        raise InputError(f"not a student-answers/1 file: {exc}", source=path) from None
    if problem := student_problem(got.student):
        raise InputError(f"student: {problem}", source=path)
    try:
        ref = reference_mod.reference(got.case)
    except InputError as exc:
        raise InputError(exc.problems[0], source=path) from None
    unknown = sorted(k for k in got.answers if ref.get(k) is None)
    if unknown:
        raise InputError(f"case {got.case} asks no question {', '.join(unknown)}", source=path)
    return got


# -- grading ---------------------------------------------------------------------------------------
class Mark(msgspec.Struct):
    """One answer graded: `verdict` is right, wrong, dont_know (marked questions), discussed, or
    not_answered (the quiz ended before the question: `answer` is "not_answered")."""
    question: str        # the characteristic's id, or "overall"
    name: str
    answer: str
    reference: str       # the report's stage (marked) or the assessment's reading (discussed)
    marked: bool
    verdict: Verdict
    stages_off: int | None   # how many stages from the reference (None: don't know)
    reason: str
    place: str
    settled_by: str | None = None   # the report's sentence that settles a marked question


class StudentGrade(msgspec.Struct):
    file: str
    student: str
    case: int
    council: str
    blind: bool
    taken_at: str | None
    marks: list[Mark]
    right: int
    marked: int
    baseline: int        # right answers from always answering the commonest stage
    kappa: float | None
    not_answered: int = 0   # marked questions the quiz ended before (counted in `marked`, not right)


class Misjudged(msgspec.Struct):
    case: int
    question: str
    name: str
    wrong: int           # marked: answers not the report's stage; discussed: answers unlike the reading
    answered: int
    marked: bool


class ClassSummary(msgspec.Struct):
    students: int   # the quizzes graded (a student who took two counts twice)
    right: int
    marked: int
    baseline_stage: str
    baseline: int
    kappa: float | None
    misjudged: list[Misjudged]
    overall_spread: dict[str, dict[str, int]]   # case number -> stage or dont_know -> students
    answered: int = 0   # the marked answers given (the questions the quiz reached), which kappa is over


class ClassGrade(msgspec.Struct):
    schema: Literal["class-grade/1"]
    students: list[StudentGrade]
    summary: ClassSummary
    bad_files: list[str]


def grade_one(path: str, got: StudentAnswers) -> StudentGrade:
    """One student's answers against the case council's reference (classifier/reference.py)."""
    ref = reference_mod.reference(got.case)
    marks = []
    for q in ref.questions:
        answer = got.answers.get(q.key, NOT_ANSWERED)
        off = reference_mod.distance(answer, q.stage) if answer != NOT_ANSWERED else None
        verdict: Verdict = ("not_answered" if answer == NOT_ANSWERED else "discussed" if not q.graded
                            else "dont_know" if off is None else "right" if off == 0 else "wrong")
        settling = q.evidence if q.graded else None
        marks.append(Mark(q.key, q.name, answer, q.stage, q.graded, verdict, off, q.reason, q.place,
                          settling))
    # kappa over the answers given; the score over every marked question, an unanswered one not right
    pairs = [(m.answer, m.reference) for m in marks if m.marked and m.verdict != "not_answered"]
    base, _ = reference_mod.baseline(ref.questions)
    return StudentGrade(path, got.student, got.case, ref.council, got.blind, got.taken_at, marks,
                        sum(m.verdict == "right" for m in marks), sum(m.marked for m in marks), base,
                        reference_mod.kappa(pairs),
                        sum(m.marked and m.verdict == "not_answered" for m in marks))


def summarise(grades: list[StudentGrade]) -> ClassSummary:
    """The class: its marked score beside the commonest-stage baseline and Cohen's kappa over every marked
    answer; the questions it misjudged most (marked first, then discussed answers unlike the assessment's
    reading); the spread of its overall stages for each case."""
    pairs = [(m.answer, m.reference) for g in grades for m in g.marks
             if m.marked and m.verdict != "not_answered"]
    tally: dict[tuple[int, str], list[int]] = {}
    names: dict[tuple[int, str], tuple[str, bool]] = {}
    spread: dict[str, Counter] = {}
    for g in grades:
        for m in g.marks:
            if m.verdict == "not_answered":  # neither misjudged nor a stage the class gave
                continue
            key = (g.case, m.question)
            names[key] = (m.name, m.marked)
            t = tally.setdefault(key, [0, 0])
            t[1] += 1
            t[0] += m.answer != m.reference
            if m.question == OVERALL:
                spread.setdefault(str(g.case), Counter())[m.answer] += 1
    misjudged = [Misjudged(case, q, names[(case, q)][0], w, n, names[(case, q)][1])
                 for (case, q), (w, n) in tally.items() if w]
    misjudged.sort(key=lambda m: (not m.marked, -m.wrong / m.answered, m.case, m.name))
    order = [*STAGES, DONT_KNOW]
    spreads = {case: {s: c[s] for s in order if c[s]}
               for case, c in sorted(spread.items(), key=lambda kv: int(kv[0]))}
    return ClassSummary(len(grades), sum(g.right for g in grades), sum(g.marked for g in grades),
                        reference_mod.commonest_stage(), sum(g.baseline for g in grades),
                        reference_mod.kappa(pairs), misjudged, spreads, answered=len(pairs))


def grade(paths: list[str], case: int | None = None,
          warn: Callable[[str], None] | None = None) -> ClassGrade:
    """Grade every file in `paths`; a file that cannot be read, is not a student-answers/1 file, or
    answers another case than `case` is listed in `bad_files` ("FILE: problem") and the rest graded. A file
    given twice (the same file, by any name), or a copy of one already graded (the same student, case and
    answers under another name), is graded once, and `warn(line)` is told (standard error by default), so
    that no student counts twice in the class summary."""
    grades, bad = [], []
    submitted: dict[tuple, str] = {}   # (student, case, answers) -> the first file that gave them

    def say(line: str) -> None:
        if warn is None:
            import click

            click.echo(line, err=True)
        else:
            warn(line)

    from .output import by_file, given_words

    for names in by_file(paths):   # a file given by several names (a link, a hard link too) is one file
        path = names[0]
        if len(names) > 1:
            say(f"Warning: {path} is {given_words(names)}; it is graded once.")
        try:
            got = read_answers(path)
            if case is not None and reference_mod.reference(case).number != got.case:
                raise InputError(f"answers case {got.case}, not case {case} (--case)", source=path)
        except InputError as exc:
            bad.append(str(exc).split("\n")[0])
            continue
        key = (name_key(got.student), got.case, tuple(sorted(got.answers.items())))
        if key in submitted:
            say(f"Warning: {path} gives the same student's same answers as {submitted[key]}; they are "
                "graded once.")
            continue
        submitted[key] = path
        grades.append(grade_one(path, got))
    return ClassGrade("class-grade/1", grades, summarise(grades), bad)


# -- rendering -------------------------------------------------------------------------------------
VERDICTS = {"right": "RIGHT", "dont_know": "DON'T KNOW", "discussed": "DISCUSSED",
            "not_answered": "NOT ANSWERED"}


def verdict_text(m: Mark) -> str:
    if m.verdict == "wrong":
        return f"WRONG by {'one stage' if m.stages_off == 1 else 'two stages'}"
    return VERDICTS[m.verdict]


def _students(result: ClassGrade) -> str:
    """"3 students", or "2 students, 4 quizzes" where a student took more than one (a name counted once);
    the JSON's `summary.students` counts the quizzes graded."""
    people = len({name_key(g.student) for g in result.students})
    quizzes = result.summary.students
    said = f"{people} student" + ("" if people == 1 else "s")
    return said if people == quizzes else f"{said}, {quizzes} quizzes"


def _said(answer: str) -> str:
    return ("don't know" if answer == DONT_KNOW else "nothing (the quiz ended before it)"
            if answer == NOT_ANSWERED else answer)


def _pct(a: int, b: int) -> str:
    return f"{round(100 * a / b)} per cent" if b else "nothing marked"


def _kappa(k: float | None, answered: int) -> str:
    """Cohen's kappa in words; `answered`: the marked answers it is over (0: none was given)."""
    if k is not None:
        return f"{k:.2f}"
    return ("not defined (no marked question answered)" if not answered else
            "not defined (every answer and reference the same stage)")


def _mark_lines(m: Mark) -> list[str]:
    said = "the quiz ended before it" if m.verdict == "not_answered" else f"said {_said(m.answer)}"
    lines = [f"{verdict_text(m)}: {m.name}: {said}"
             + (f"; the report's words make it {m.reference}." if m.marked else " (not marked).")]
    if m.settled_by:
        lines.append(f"Settled by: “{m.settled_by}” ({m.place})")
    if not m.settled_by:
        lines.append(f"{m.reason} ({m.place})")
    elif m.settled_by not in m.reason:
        lines.append(m.reason)
    return lines


def _summary_lines(s: ClassSummary) -> list[str]:
    out = [f"Marked answers right: {s.right} of {s.marked} ({_pct(s.right, s.marked)}); always answering "
           f"{s.baseline_stage}, the commonest stage: {s.baseline} of {s.marked} "
           f"({_pct(s.baseline, s.marked)}).",
           f"Cohen's kappa (agreement beyond chance) over the class's marked answers: "
           f"{_kappa(s.kappa, s.answered)}."]
    marked = [m for m in s.misjudged if m.marked][:5]
    discussed = [m for m in s.misjudged if not m.marked][:5]
    if marked:
        out.append("Misjudged most (marked): " + "; ".join(
            f"{m.name}, Case study {m.case}: {m.wrong} of {m.answered} wrong" for m in marked) + ".")
    if discussed:
        out.append("Furthest from the assessment's reading (discussed, not marked): " + "; ".join(
            f"{m.name}, Case study {m.case}: {m.wrong} of {m.answered}" for m in discussed) + ".")
    for case, counts in s.overall_spread.items():
        out.append(f"Overall stage, Case study {case}: "
                   + ", ".join(f"{_said(k)} {v}" for k, v in counts.items())
                   + ".")
    return out


def _student_head(g: StudentGrade) -> str:
    return f"{g.student or '(no name)'}: Case study {g.case}, {g.council}" + (" (blind)" if g.blind else "")


def _student_score(g: StudentGrade) -> str:
    if not g.marked:
        return ("Nothing in this case is settled by the report's words: every answer is discussed, none "
                "marked.")
    unanswered = (f" ({g.not_answered} not answered: the quiz ended before "
                  f"{'it' if g.not_answered == 1 else 'them'})" if g.not_answered else "")
    return (f"Marked: {g.right} of {g.marked} right{unanswered}; always answering "
            f"{reference_mod.commonest_stage()}: {g.baseline} of {g.marked}; Cohen's kappa: "
            f"{_kappa(g.kappa, g.marked - g.not_answered)}.")


def render_text(result: ClassGrade, *, width: int = 100) -> str:
    from .terminal import wrap

    out = []
    for g in result.students:
        out += [_student_head(g), "  " + _student_score(g)]
        for m in g.marks:
            lines = _mark_lines(m)
            out.append("  " + lines[0])
            out += ["      " + line for line in lines[1:]]
        out.append("")
    out.append(f"Class summary: {_students(result)}")
    out += ["  " + line for line in _summary_lines(result.summary)]
    return wrap("\n".join(out), width) + "\n"


def _md(text: str) -> str:
    return markdown_text(text)  # `*` and `_` too: a student's name cannot make emphasis


def render_md(result: ClassGrade, **_options) -> str:
    out = ["# Class grades", ""]
    for g in result.students:
        out += [f"## {_md(_student_head(g))}", "", _md(_student_score(g)), "",
                "| Question | Answer | Verdict | Why (the report's place) |", "|---|---|---|---|"]
        for m in g.marks:
            why = (f"Settled by “{m.settled_by}”. " if m.settled_by else "") + f"{m.reason} ({m.place})"
            out.append(f"| {_md(m.name)} | {_said(m.answer)} | {verdict_text(m)} | {_md(why)} |")
        out.append("")
    out += [f"## Class summary: {_students(result)}", ""]
    out += [f"- {_md(line)}" for line in _summary_lines(result.summary)]
    out += ["", "_Source: Audit Commission, Back to front (October 2008), Table 4 and the case studies._", ""]
    return "\n".join(out)


def render_html(result: ClassGrade, **_options) -> str:
    e = html.escape
    out = ['<!DOCTYPE html>', '<html lang="en-GB">', '<head>', '<meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">', '<title>Class '
                                                                                   'grades</title>',
           '<style>body{font-family:sans-serif;max-width:60em;margin:1em auto;padding:0 1em}'
           'table{border-collapse:collapse;margin-bottom:1.5em}td,th{border:1px solid #999;padding:.3em;'
           'vertical-align:top;text-align:left}caption{text-align:left;font-weight:bold}'
           '.table-scroll{overflow-x:auto;max-width:100%}.table-scroll:focus{outline:2px solid '
           '#1f4e79}</style>',
           '</head>', '<body>', '<main>', '<h1>Class grades</h1>']
    for g in result.students:
        out += [f"<h2>{e(_student_head(g))}</h2>", f"<p>{e(_student_score(g))}</p>",
                '<div class="table-scroll" role="region" tabindex="0" '
                f'aria-label="{e(g.student or "(no name)")}'
                f"'s answers\">",
                f"<table><caption>{e(g.student or '(no name)')}: answers to Case study {g.case}</caption>",
                '<thead><tr><th scope="col">Question</th><th scope="col">Answer</th><th '
                'scope="col">Verdict</th><th scope="col">Why (the report\'s place)</th></tr></thead><tbody>']
        for m in g.marks:
            why = (f"Settled by “{m.settled_by}”. " if m.settled_by else "") + f"{m.reason} ({m.place})"
            out.append(f'<tr><th scope="row">{e(m.name)}</th><td>{e(_said(m.answer))}</td>'
                       f"<td>{e(verdict_text(m))}</td><td>{e(why)}</td></tr>")
        out.append("</tbody></table></div>")
    out += [f"<h2>Class summary: {_students(result)}</h2>", "<ul>"]
    out += [f"<li>{e(line)}</li>" for line in _summary_lines(result.summary)]
    out += ["</ul>", "<p><small>Source: Audit Commission, Back to front (October 2008), Table 4 and the case "
            "studies.</small></p>", "</main>", "</body>", "</html>", ""]
    return "\n".join(out)


def render_json(result: ClassGrade, **_options) -> str:
    return msgspec.json.format(msgspec.json.encode(result), indent=2).decode("utf-8") + "\n"


def render(result: ClassGrade, fmt: str, width: int = 100) -> str:
    """The class's grades in `fmt` (text, md, html or json), through grade's format registry
    (render/output_format.py); text `width` columns wide."""
    from .output_format import GRADE

    return GRADE.render_text(fmt, result, width=width)
