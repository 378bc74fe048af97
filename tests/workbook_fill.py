"""Filling the questionnaire workbook as a respondent would in Excel (openpyxl writes the cells), for the
tests of the workbook, `combine` and the round trip."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from backtofront.classifier import knowledge, questions, workbook


def blank(path: Path) -> Path:
    path.write_bytes(workbook.write(questions.load(), knowledge.load()))
    return path


def fill(path: Path, *, council: str = "Example DC", council_type: str = "District",
         name: str = "Ann Officer",
         role: str = "officer", answers: dict | None = None, evidence: dict | None = None) -> Path:
    """Fill the blank workbook at `path` in place. `answers`: {row id: cell value}, the value typed as the
    drop-down shows it (an option's text, Yes/No, Not applicable) or a number; `evidence`: {row id: note}."""
    wb = load_workbook(path)
    cover = wb["Cover"]
    cover["B1"], cover["B2"], cover["B3"], cover["B4"] = council, council_type, name, role
    rows = {}
    for ws in wb.worksheets:
        if ws.title in ("Cover", "Lists"):
            continue
        for r in range(2, ws.max_row + 1):
            rows[ws.cell(r, 1).value] = (ws, r)
    for row_id, value in (answers or {}).items():
        ws, r = rows[row_id]
        ws.cell(r, 3).value = value
    for row_id, note in (evidence or {}).items():
        ws, r = rows[row_id]
        ws.cell(r, 4).value = note
    wb.save(path)
    return path


def option_text(question_id: str, stage: str) -> str:
    """The text of `question_id`'s option at `stage`, as the drop-down shows it."""
    q = questions.load().by_id[question_id]
    return next(o.text for o in q.options if o.stage == stage)


def all_at(stage: str, characteristics: list[str] | None = None) -> dict:
    """Answers placing every indicator question (of `characteristics`, default all) at `stage`."""
    bank = questions.load()
    return {q.id: option_text(q.id, stage) for q in bank.questions
            if q.characteristic and (characteristics is None or q.characteristic in characteristics)}
