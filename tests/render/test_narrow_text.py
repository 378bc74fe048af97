"""Text that wraps at narrow widths: `backtofront questions` options hang under their own text and say
"tick all that apply"; the line mode's jump list keeps "(3 of 3 answered)" whole and hangs long titles."""

from __future__ import annotations

import re

import interview_bank
import pytest
from backtofront.classifier import knowledge, questions
from backtofront.interview import plain
from backtofront.interview.session import Session
from backtofront.interview.store import ProfileFile
from backtofront.render import questions_view


@pytest.mark.parametrize("width", [60, 80])
def test_questions_text_options_wrap_with_a_hanging_indent(width):
    text = questions_view.as_text(questions.load(), knowledge.load(), width=width)
    lines = text.splitlines()
    starts = [i for i, line in enumerate(lines) if line.startswith("    - ")]
    assert starts
    wrapped = 0
    for i in starts:
        j = i + 1
        while j < len(lines) and lines[j].strip() and not lines[j].startswith("    - ") \
                and lines[j].startswith("      "):
            wrapped += 1
            j += 1
        # the line after an option is another option, a blank line, or its continuation at column 6
        assert j >= len(lines) or not lines[j].strip() or lines[j].startswith("    - ") or \
            not lines[j].startswith("    "), lines[i:j + 1]
    assert wrapped > 0                                   # some options do wrap at this width
    assert max(len(line) for line in lines) <= width


def test_questions_text_says_tick_all_that_apply():
    text = questions_view.as_text(questions.load(), knowledge.load(), width=100)
    assert "techniques_used (tick all that apply; Table 5" in text
    assert "choose any" not in text and "(a list)" not in text


@pytest.mark.parametrize("width", [40, 60])
def test_plain_jump_list_keeps_the_progress_whole_and_hangs_titles(monkeypatch, tmp_path, width):
    interview_bank.install(monkeypatch)
    path = tmp_path / "p.yaml"
    path.write_text("council: {name: A, type: unitary}\nanswers: {techniques_used: [ict]}\n")
    out: list[str] = []
    lines = iter(["j", ""])

    def ask(prompt):
        try:
            return next(lines)
        except StopIteration:
            raise EOFError from None

    session = Session(interview_bank.bank(), ProfileFile(path))
    session.parts[0] = session.parts[0].__class__(session.parts[0].key,
                                                  "A very long part title that has to wrap at narrow widths",
                                                  session.parts[0].questions)
    plain.run(session, ask, out.append, width)
    listing = [line for chunk in out for line in chunk.split("\n") if re.match(r"^ +\d+\. |^      \S", line)]
    assert any("(1 of 1 answered)" in line for line in listing)   # never split over two lines
    for line in listing:
        assert len(line) <= width
        if not re.match(r"^ +\d+\. ", line):
            assert line.startswith("      ") and not line.startswith("       ")   # under the title
    assert any(not re.match(r"^ +\d+\. ", line) for line in listing)             # the long title wrapped


@pytest.mark.parametrize("width", [40, 60])
def test_every_line_of_the_plain_interview_fits_the_screen(monkeypatch, tmp_path, width):
    """The key hints, the saved message, the hints after a bad answer: every line the plain interview
    prints wraps at the screen's width (a file path longer than the screen stays whole)."""
    interview_bank.install(monkeypatch)
    path = tmp_path / "p.yaml"
    out: list[str] = []
    lines = iter(["Example District Council", "1", "", "9", "1", "", "j", "", "q"])

    def ask(prompt):
        out.append(prompt)
        try:
            return next(lines)
        except StopIteration:
            raise EOFError from None

    plain.run(Session(interview_bank.bank(), ProfileFile(path)), ask, out.append, width)
    printed = [line for chunk in out for line in chunk.split("\n")]
    assert any("b goes back a question and q quits" in line for line in printed)
    assert any(line.strip().startswith("At Evidence note, b goes back") for line in printed)
    for line in printed:
        assert len(line) <= width or " " not in line.strip(), line


@pytest.mark.parametrize("width", [80, 120])
def test_the_characteristics_table_drops_a_next_stage_column_of_dashes(run_cli, width, monkeypatch):
    """Worcestershire (Case study 9) is transformational wherever it is assessed: no characteristic has a
    next stage, so the table has no column of dashes and Table 4's words get its room. A council with a
    next stage keeps the column."""
    monkeypatch.setenv("COLUMNS", str(width))
    code, out, _ = run_cli("assess", "--case", "9")
    assert code == 0
    table = out[out.index("The eight characteristics"):]
    assert "Table 4 at this stage" in table and "Next stage" not in table
    code, out, _ = run_cli("assess", "--case", "7")
    table = out[out.index("The eight characteristics"):]
    assert code == 0 and "Next stage" in table and "Transitional:" in table
