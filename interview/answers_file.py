"""Answers from a file, for `backtofront interview -o PROFILE --answers FILE` (no prompts).

- YAML or JSON: a mapping with the profile's `answers:` mapping (`{question_id: answer}` or
  `{question_id: {answer, evidence, justification}}`), and optionally `council:` and `assessed_on:`
  (used when PROFILE does not exist yet). A whole profile works as an answers file.
- CSV (`.csv`): a header row with the columns `question_id,answer` (and optionally `evidence` and
  `justification`; case, spaces and underscores do not matter: `Question ID,Answer,Evidence`), separated
  by commas, semicolons or tabs, in UTF-8 or UTF-16 with a BOM; an answer is an option id or its number
  (1 for the first option), in any case and with spaces for underscores (`Lean BPI`), a `multiple` answer
  lists them separated by `;` or `,` (or by spaces when it holds neither); a `number`
  answer is a figure as a spreadsheet writes it (`classifier.csvtable.number`: a decimal comma in a file
  separated by semicolons or tabs, thousands grouped in threes, `£` and `%`); `na` takes its
  justification from the `justification` column, else from `evidence`.
  A row whose answer is empty (a question still open) is skipped; `read` lists those lines.

Every bad entry is found before anything is added: one InputError lists them all (at most errors.MAX_PROBLEMS,
then "and N more"), each naming the file, the place (key or line) and what would fit.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from backtofront.classifier import csvtable, loading, workbook
from backtofront.classifier import profile as profile_mod
from backtofront.classifier.errors import InputError, raise_all
from backtofront.classifier.questions import Question, QuestionBank
from backtofront.classifier.workbook import read_option
from backtofront.classifier.validation import guess

from .store import DONT_KNOW, NA, Answer, _shown, answer_from_data, check_answer

CSV_COLUMNS = ("question_id", "answer")   # required; evidence and justification are optional
CSV_OPTIONAL = ("evidence", "justification")


def _unknown(question_id: str, bank: QuestionBank) -> str:
    return (f"unknown question id {question_id!r}{guess(question_id, list(bank.by_id))}; "
            "`backtofront questions` lists them")


def read(path: str | Path, bank: QuestionBank) -> tuple[dict[str, Answer], dict[str, Any]]:
    """The answers in FILE, checked against the bank: ({question_id: Answer}, extra) where extra holds
    `council` and `assessed_on` when a YAML/JSON file gives them, and for a CSV `skipped`: the line
    numbers of rows with an empty answer. Raises InputError."""
    path = Path(path)
    if workbook.is_workbook(path):
        filled = workbook.read(path, bank)
        answers = {qid: Answer(value, evidence, justification)
                   for qid, (value, evidence, justification) in filled.answers.items()}
        extra: dict[str, Any] = {"skipped": []}
        if filled.council:
            extra["council"] = dict(filled.council)
        if filled.respondent:
            extra["respondent"] = dict(filled.respondent)
        return answers, extra
    if path.suffix.lower() in csvtable.SHEET_SUFFIXES:
        skipped: list[int] = []
        answers = _read_csv(csv_text(path), str(path), bank, skipped)
        return answers, {"skipped": skipped}
    text = profile_mod.read_text(path)
    if loading.answers_header(text[:4096]):   # a sheet of answers through a pipe (`-`, `<(...)`)
        source = "standard input" if str(path) == loading.STDIN else str(path)
        open_rows: list[int] = []
        return _read_csv(text, source, bank, open_rows), {"skipped": open_rows}
    return _read_mapping(text, str(path), bank, path.suffix.lower() == ".json")


def csv_text(path: Path) -> str:
    """The text of a CSV answers file as spreadsheets save it, through the shared CSV reader
    (`classifier.csvtable.read_text`): UTF-8 (with or without Excel's BOM) or UTF-16 with a BOM (Excel's
    "Unicode text"), within the profile size limit. Anything else, such as Excel's default "CSV (Comma
    delimited)" in Windows-1252 with a `£`, is an InputError naming the first line that is not UTF-8 and
    saying to save the file as "CSV UTF-8 (Comma delimited)"."""
    return csvtable.read_text(path, limit=profile_mod.MAX_PROFILE_BYTES)


def _read_mapping(text: str, source: str, bank: QuestionBank, is_json: bool) -> tuple[dict, dict]:
    # repeated keys, nesting, typing: InputError
    data = loading.parse(text, source, "json" if is_json else None)
    if problem := loading.check_data(data):
        raise InputError(problem, source=source)
    data = loading.plain_spaces(data)
    if not isinstance(data, dict) or not isinstance(data.get("answers"), dict):
        raise InputError("expected a mapping with an 'answers:' mapping of question id to answer",
                         source=source)
    out: dict[str, Answer] = {}
    problems: list[str] = []
    for qid, raw in data["answers"].items():
        qid = str(qid)
        if qid not in bank.by_id:
            problems.append(f"answers.{qid}: {_unknown(qid, bank)}")
            continue
        if isinstance(raw, dict):
            unknown = set(raw) - {"answer", "evidence", "justification"}
            if unknown or "answer" not in raw:
                problems.append(f"answers.{qid}: expected an answer, or a mapping with 'answer' and "
                                "optionally 'evidence' and 'justification'")
                continue
        answer = answer_from_data(raw)
        if isinstance(answer.value, int) and not isinstance(answer.value, bool):
            answer = Answer(float(answer.value), answer.evidence, answer.justification)
        question = bank.by_id[qid]
        value = answer.value
        value = [read_option(question, v) for v in value] if isinstance(value,
                                                                        list) else read_option(question,
                                                                                               value)
        answer = Answer(value, answer.evidence, answer.justification)
        problem = check_answer(question, answer)
        if problem:
            problems.append(f"answers.{qid}: {problem}")
            continue
        out[qid] = answer
    raise_all(problems, source)
    extra = {k: data[k] for k in ("council", "assessed_on", "respondent") if k in data}
    return out, extra


def parse_value(text: str, kind: str, options: list[str] | None = None, separator: str = ",",
                question: Question | None = None) -> Any:
    """An answer typed as text (a CSV cell): option id(s) or their numbers (1 for the first option, as
    in the interview), a number, na or dont_know. A number is read as a spreadsheet writes it in a file
    separated by `separator` (`csvtable.number`: `1,5` is 1.5 in a semicolon file); text with no digit is
    returned as it is (for `check_answer` to refuse); csvtable.NumberError for a figure written wrongly or
    ambiguously (`1,500` in a semicolon file)."""
    text = text.strip()
    if question is not None and kind != "number":   # an option's text as the workbook's drop-down shows it
        text = read_option(question, text) if kind == "single" else text
        if kind == "multiple" and read_option(question, text) in ("na", "dont_know"):
            return read_option(question, text)
    if text.lower() in ("na", "dont_know", "n/a", "don't know", "dont know", "not applicable"):
        return {"n/a": "na", "don't know": "dont_know", "dont know": "dont_know",
                "not applicable": "na"}.get(text.lower(),
                                                                                       text.lower())
    if kind == "multiple":
        # `ICT; Lean BPI` or `ict lean_bpi`; `0` for none of them, as the interview takes it
        if text == "0":
            return []
        separators = r"\s*[;,]\s*" if re.search(r"[;,]", text) else r"\s+"
        if question is not None and (whole := read_option(question, text)) != text:
            return [whole]   # one option's text, commas and all
        parts = [p for p in re.split(separators, text) if p]
        if not parts:   # separators alone (`;`): no option named, which is not "none of these"
            return text
        return [_option(read_option(question, p) if question is not None else p, options) for p in parts]
    if kind == "number":
        try:
            return csvtable.figure(text, separator, question.unit if question is not None else None)
        except csvtable.NumberError:
            if any(ch.isdigit() for ch in text):
                raise
            return text
    return _option(text, options)


def _option(text: str, options: list[str] | None) -> str:
    """An option id (in any case, spaces for underscores: `profile.choice`), or the id of option number
    `text` (1-based) when it is a number in range."""
    if options and text.isascii() and text.isdigit() and 1 <= int(text) <= len(
        options) and text not in options:
        return options[int(text) - 1]
    return profile_mod.choice(text, options) if options else text


def _read_csv(text: str, source: str, bank: QuestionBank,
              skipped: list[int] | None = None) -> dict[str, Answer]:
    table = csvtable.parse(text, source)
    header = [csvtable.header_name(h) for h in table.header]
    if not header:
        raise InputError("line 1: expected a header row question_id,answer (and optionally evidence, "
                         "justification)", source=source)
    missing = [c for c in CSV_COLUMNS if c not in header]
    if missing:
        raise InputError(f"line {table.header_line}: the header needs the columns {','.join(CSV_COLUMNS)} "
                         f"(missing: {', '.join(missing)}; read as separated by {table.separated_by})",
                         source=source)
    col = {name: header.index(name) for name in (*CSV_COLUMNS, *CSV_OPTIONAL) if name in header}
    seen: dict[str, int] = {}
    out: dict[str, Answer] = {}
    problems: list[str] = []
    for line, row in table.rows:
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header) and any(cell.strip() for cell in row[len(header):]):
            problems.append(f"line {line}: {len(row)} columns, the header has {len(header)} "
                            "(quote a value that holds the separator)")
            continue
        cell = {name: (row[i].strip() if i < len(row) else "") for name, i in col.items()}
        bad = [f"line {line}: {name}: the text {problem}" for name, given in cell.items()
               if (problem := loading.text_problem(given))]
        if bad:
            problems.append(bad[0])
            continue
        cell = {name: given.translate(loading.NO_BREAK_SPACES) for name, given in cell.items()}
        qid = cell["question_id"]
        if qid not in bank.by_id:
            problems.append(f"line {line}: {_unknown(qid, bank)}")
            continue
        if qid in seen:
            problems.append(f"line {line}: question {qid!r} is answered twice (first at line {seen[qid]})")
            continue
        question = bank.by_id[qid]
        if not cell["answer"]:   # a question still open (a workshop template): left for later
            if skipped is not None:
                skipped.append(line)
            continue
        seen[qid] = line
        try:
            value = parse_value(cell["answer"], question.kind, [o.id for o in question.options],
                                table.separator,
                                question)
        except csvtable.NumberError as exc:
            problems.append(f"line {line}: {qid}: {exc}")
            continue
        evidence = cell.get("evidence") or None
        justification = cell.get("justification") or None
        if value == NA and not justification:
            justification, evidence = evidence, None
        if value != NA and justification:   # a note in the other column: kept as evidence, as a workbook's is
            evidence = "; ".join(x for x in (evidence, justification) if x)
            justification = None
        answer = Answer(value, evidence, justification)
        problem = _sheet_problem(question, answer)
        if problem:
            problems.append(f"line {line}: {qid}: {problem}")
            continue
        out[qid] = answer
    raise_all(problems, source)
    return out


def _sheet_problem(question: Question, answer: Answer) -> str | None:
    """`check_answer` in the sheet's own terms: an answer that is none of a question's options says what the
    sheet's options column offers (the options' numbers, their words, Not applicable, Don't know), never
    the option ids the sheet does not show."""
    problem = check_answer(question, answer)
    value = answer.value
    if problem is None or question.kind == "number" or value in (NA, DONT_KNOW):
        return problem
    ids = [o.id for o in question.options]
    if isinstance(value, list):
        bad = [v for v in value if v not in ids]
        if not bad:   # an option given twice: said as it is
            return problem
        value = bad[0]
    return f"{_shown(value)} is not one of its options: {_sheet_choices(question)}"


def _sheet_choices(question: Question) -> str:
    """What an answers sheet's answer cell takes for an option question, as its options column offers it:
    "give 1, 2 or 3 (the options column says what each is), the option's words, Not applicable (with a
    justification) or Don't know"; for a several-option question, the numbers separated by `;` or 0."""
    n = len(question.options)
    numbers = (f"{', '.join(map(str, range(1, n)))} or {n}" if 1 < n <= 4 else
               "1" if n == 1 else f"1 to {n}")
    # options that open with a short label ("Most: an over-reliance on windfall gains") are named by it, for a
    # sheet without the options column
    labels = [o.text.split(": ", 1)[0] for o in question.options if ": " in o.text]
    if question.kind != "multiple" and 1 < n <= 4 and len(labels) == n and max(map(len, labels)) <= 25:
        named = [f"{i} ({label})" for i, label in enumerate(labels, 1)]
        numbers = f"{', '.join(named[:-1])} or {named[-1]}"
    special = f"{workbook.SPECIAL_TEXT[NA]} (with a justification) or {workbook.SPECIAL_TEXT[DONT_KNOW]}"
    if question.kind == "multiple":
        return (f"give numbers from 1 to {n} separated by ; or 0 for none of them (the options column says "
                f"what each is), the options' words, {special}")
    return f"give {numbers} (the options column says what each is), the option's words, {special}"
