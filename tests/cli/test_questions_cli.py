"""`backtofront questions` and `assess` on profiles with answers: exit codes, output, and a real terminal
(a pseudo-terminal at 120, 80 and 60 columns)."""

from __future__ import annotations

import csv

import fcntl
import json
import os
import pty
import re
import struct
import sys
import termios

import pytest
import yaml

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def test_json_is_the_public_contract(run_cli):
    code, out, err = run_cli("questions", "--format", "json")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert list(data) == ["questions"]
    for q in data["questions"]:
        assert list(q) == ["id", "section", "characteristic", "kind", "text", "help", "citations", "options"]
        assert q["kind"] in ("single", "multiple", "number")
        # an indicator option says where its stage comes from: the report's place, or the assessment's reading
        assert all(list(o) == ["id", "text", "stage", "basis", "cite", "reasoning"] for o in q["options"])
        assert all((o["basis"] is None) == (o["stage"] is None) for o in q["options"])
        assert not {"na", "dont_know"} & {o["id"] for o in q["options"]}
    by_id = {q["id"]: q for q in data["questions"]}
    assert by_id["techniques_used"]["kind"] == "multiple"
    assert by_id["figure_cashable_share_pct"]["kind"] == "number" and by_id["figure_cashable_share_pct"][
        "options"] == []


def test_text_and_markdown(run_cli, tmp_path):
    code, out, _ = run_cli("questions")
    assert code == 0
    assert ("Where do the council's efficiency gains go?" in out
            and "[transactional; the report, Table 4: “Gains are retained within traditional budgets”]"
            in " ".join(out.split()))   # the report's words in the option: the rest is not theirs
    assert "Para 89: the three elements of effective leadership" in out
    target = tmp_path / "q.md"
    code, out, _ = run_cli("questions", "-f", "md", "-o", str(target))
    assert code == 0 and out == ""
    md = target.read_text(encoding="utf-8")
    assert md.startswith("# The question bank") and "### Is there a senior-level challenge group" in md


def test_bad_format_is_a_usage_error(run_cli):
    code, _, err = run_cli("questions", "--format", "yaml")
    assert code == 2 and "yaml" in err and "Traceback" not in err


def _pty_run(args: list[str], columns: int) -> tuple[int, str]:
    pid, fd = pty.fork()
    if pid == 0:  # the child: a terminal of the given size
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
        env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}  # as in a real terminal
        os.execve(sys.executable, [sys.executable, "-m", "backtofront", *args], env)
    chunks = []
    while True:
        try:
            data = os.read(fd, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.parametrize("columns", [120, 80, 60])
def test_questions_in_a_terminal_fit_its_width(columns):
    code, out = _pty_run(["questions"], columns)
    assert code == 0
    lines = ANSI.sub("", out).replace("\r", "").splitlines()
    assert "The question bank: " in lines[0]
    assert max(len(line) for line in lines) <= columns
    assert any("Where do the council's efficiency gains go?" in line for line in lines)


ANSWERED = """council: {name: Test Borough, type: london_borough}
characteristics:
  time_scales: {override: {stage: transitional, reason: "Three-year plan agreed by cabinet"}}
answers:
  sustainability_gains_use: {answer: ad_hoc, evidence: "Budget report 2008/09, section 4"}
  sustainability_windfalls: {answer: some, evidence: "Two one-off property sales"}
  sustainability_investment: {answer: na, justification: "No capital programme this year"}
  time_scales_gains: short_term
"""


def test_assess_an_answers_profile(run_cli, tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text(ANSWERED, encoding="utf-8")
    code, out, _ = run_cli("assess", str(path), "--format", "json")
    assert code == 0
    ch = json.loads(out)["characteristics"]
    assert ch["sustainability"]["stage"] == "transitional" and ch["sustainability"]["basis"] == "evidenced"
    assert ch["sustainability"]["answers"]["na"] == 1
    assert ch["time_scales"]["basis"] == "override"
    assert ch["time_scales"]["override"] == {"stage": "transitional", "reason": "Three-year plan agreed by "
                                                                                "cabinet"}
    code, md, _ = run_cli("assess", str(path), "--format", "markdown")
    assert "## What each stage rests on" in md
    assert "judged from answers with evidence notes" in md and "Override reason: Three-year plan agreed" in md
    assert "Evidence: Budget report 2008/09, section 4" in md
    code, text, _ = run_cli("assess", str(path))
    assert "Override reason:" in text and "Rests on: set by the" in text
    code, letter, _ = run_cli("letter", str(path), "--format", "md")
    assert code == 0 and "set by the assessor; reason: Three-year plan agreed by cabinet" in letter


@pytest.mark.parametrize("answers,message", [
    ("  sustainability_gain_use: ad_hoc\n", "answers.sustainability_gain_use: unknown question"),
    ("  sustainability_gains_use: adhoc\n", "did you mean 'ad_hoc'?"),
    ("  sustainability_gains_use: na\n", "needs a one-line justification"),
])
def test_bad_answers_exit_2_with_one_message(run_cli, tmp_path, answers, message):
    path = tmp_path / "p.yaml"
    path.write_text("council: {name: X, type: district}\nanswers:\n" + answers, encoding="utf-8")
    code, out, err = run_cli("assess", str(path))
    assert code == 2 and out == ""
    assert message in err and str(path) in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_questionnaire_formats(run_cli, tmp_path):
    """-o survey.xlsx, sheet.csv and workshop.docx by extension; binary ones need a file."""
    import zipfile

    for name in ("survey.xlsx", "sheet.csv", "workshop.docx"):
        code, out, err = run_cli("questions", "-o", str(tmp_path / name))
        assert code == 0 and out == "" and f"Wrote {tmp_path / name}" in err
    assert zipfile.is_zipfile(tmp_path / "survey.xlsx")
    doc = zipfile.ZipFile(tmp_path / "workshop.docx").read("word/document.xml").decode("utf-8")
    assert "\u2610 Don't know" in doc and "Evidence:" in doc and "Ad-hoc efficiency activity." in doc
    header, first = (tmp_path / "sheet.csv").read_text(encoding="utf-8").splitlines()[:2]
    assert header == "question_id,question,answer,evidence,justification,options"
    assert first.startswith(
        "efficiency_policy_status,How does the council's efficiency activity relate to its policies?,,,,"
        "\"one of: 1 = Ad-hoc efficiency activity, with no efficiency policy; 2 = An efficiency policy, but "
        "not linked to other policies; 3 = ")
    assert first.endswith(". Or: Not applicable (with a justification), Don't know\"")
    code, _, err = run_cli("questions", "-f", "xlsx")
    assert code == 2 and "give an output file" in err
    code, _, _ = run_cli("questions", "-f", "md", "-o", str(tmp_path / "paper.md"))
    md = (tmp_path / "paper.md").read_text(encoding="utf-8")
    assert "- [ ] Don't know" in md and "Evidence: ____" in md


def test_the_answers_sheet_says_what_each_answer_takes_and_reads_those_answers_back(run_cli, tmp_path):
    """Each row's options column numbers the options; a number, several numbers for a `multiple` question,
    and a percentage written as the column says are read as those answers."""
    sheet = tmp_path / "sheet.csv"
    run_cli("questions", "-o", str(sheet))
    rows = list(csv.reader(sheet.read_text(encoding="utf-8").splitlines()))
    by_id = {row[0]: row for row in rows[1:]}
    assert by_id["techniques_used"][5].startswith("one or more, separated by ; (1; 3), or 0 for none of "
                                                  "them: 1 = Lean/BPI; 2 = ICT; ")
    assert by_id["figure_back_office_share_of_gains_pct"][5].startswith("a percentage (45%).")
    by_id["efficiency_policy_status"][2] = "2"
    by_id["techniques_used"][2] = "1; 3"
    by_id["figure_back_office_share_of_gains_pct"][2] = "45%"
    with sheet.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    profile = tmp_path / "p.yaml"
    code, _, err = run_cli("interview", "-o", str(profile), "--answers", str(sheet), "--name", "Example DC",
                           "--type", "district")
    assert code == 0, err
    answers = yaml.safe_load(profile.read_text(encoding="utf-8"))["answers"]
    assert answers["efficiency_policy_status"] == "policy_not_linked"
    assert answers["techniques_used"] == ["lean_bpi", "procurement"]
    assert answers["figure_back_office_share_of_gains_pct"] == 45
    for n, (typed, recorded) in enumerate((("0", []), (";", None), (" ; ; ", None))):  # none; no option named
        by_id["techniques_used"][2] = typed
        with sheet.open("w", encoding="utf-8", newline="") as f:
            csv.writer(f).writerows(rows)
        again = tmp_path / f"again-{n}.yaml"
        code, _, err = run_cli("interview", "-o", str(again), "--answers", str(sheet), "--name", "Example DC",
                               "--type", "district")
        if recorded is None:
            bad = f"techniques_used: {typed.strip()!r} is not one of its options: give numbers"
            assert code == 2 and bad in err, err
            assert not again.exists()
        else:
            assert code == 0, err
            assert yaml.safe_load(again.read_text(encoding="utf-8"))["answers"]["techniques_used"] == []


def test_blank_answers_sheet_reads_back_unchanged(run_cli, tmp_path):
    """The blank sheet, one answer typed as its option's text, read by `interview --answers`."""
    sheet = tmp_path / "sheet.csv"
    run_cli("questions", "-o", str(sheet))
    lines = sheet.read_text(encoding="utf-8").splitlines()
    row = next(csv.reader([lines[1]]))
    row[2:4] = ["an efficiency policy,  but NOT linked to other policies", "minutes"]
    lines[1] = ",".join(f'"{cell}"' for cell in row)
    sheet.write_text("\n".join(lines) + "\n", encoding="utf-8")
    profile = tmp_path / "p.yaml"
    code, _, err = run_cli("interview", "-o", str(profile), "--answers", str(sheet), "--name", "Example DC",
                           "--type", "district")
    assert code == 0, err
    assert "Added 1 answer" in err and "policy_not_linked" in profile.read_text(encoding="utf-8")
