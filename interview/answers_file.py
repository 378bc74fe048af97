"""Answers from a file, for `backtofront interview -o PROFILE --answers FILE` (no prompts).

- YAML or JSON: a mapping with the profile's `answers:` mapping (`{question_id: answer}` or
  `{question_id: {answer, evidence, justification}}`), and optionally `council:` and `assessed_on:`
  (used when PROFILE does not exist yet). A whole profile works as an answers file.
- CSV (`.csv`): a header row with the columns `question_id,answer,evidence` (and optionally
  `justification`); a `multiple` answer lists its option ids separated by `;`, `,` or spaces; a `number`
  answer is a figure; `na` takes its justification from the `justification` column, else from `evidence`.

Every bad entry is an InputError naming the file and the place (key or line) and what would fit.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

from backtofront.classifier import profile as profile_mod
from backtofront.classifier.errors import InputError
from backtofront.classifier.questions import QuestionBank
from backtofront.classifier.validation import did_you_mean, load_yaml

from .store import NA, Answer, answer_from_data, check_answer

CSV_COLUMNS = ("question_id", "answer", "evidence")


def _unknown(question_id: str, bank: QuestionBank) -> str:
    hint = did_you_mean(question_id, list(bank.by_id))
    return f"unknown question id {question_id!r}" + (f" (did you mean {hint!r}?)" if hint else "") + \
        "; `backtofront questions` lists them"


def read(path: str | Path, bank: QuestionBank) -> tuple[dict[str, Answer], dict[str, Any]]:
    """The answers in FILE, checked against the bank: ({question_id: Answer}, extra) where extra holds
    `council` and `assessed_on` when a YAML/JSON file gives them. Raises InputError."""
    path = Path(path)
    text = profile_mod.read_text(path)
    if path.suffix.lower() == ".csv":
        return _read_csv(text, str(path), bank), {}
    return _read_mapping(text, str(path), bank, path.suffix.lower() == ".json")


def _read_mapping(text: str, source: str, bank: QuestionBank, is_json: bool) -> tuple[dict, dict]:
    try:
        data = json.loads(text) if is_json or text.lstrip().startswith("{") else load_yaml(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"JSON syntax error at line {exc.lineno} column {exc.colno}: {exc.msg}",
                         source=source) from None
    except Exception as exc:  # noqa: BLE001 - YAMLError, and ValueError for an impossible date
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1} column {mark.column + 1}" if mark else ""
        raise InputError(f"YAML error{where}: {getattr(exc, 'problem', None) or exc}", source=source) from None
    if not isinstance(data, dict) or not isinstance(data.get("answers"), dict):
        raise InputError("expected a mapping with an 'answers:' mapping of question id to answer",
                         source=source)
    out: dict[str, Answer] = {}
    for qid, raw in data["answers"].items():
        qid = str(qid)
        if qid not in bank.by_id:
            raise InputError(f"answers.{qid}: {_unknown(qid, bank)}", source=source)
        if isinstance(raw, dict):
            unknown = set(raw) - {"answer", "evidence", "justification"}
            if unknown or "answer" not in raw:
                raise InputError(f"answers.{qid}: expected an answer, or a mapping with 'answer' and "
                                 "optionally 'evidence' and 'justification'", source=source)
        answer = answer_from_data(raw)
        if isinstance(answer.value, int) and not isinstance(answer.value, bool):
            answer = Answer(float(answer.value), answer.evidence, answer.justification)
        problem = check_answer(bank.by_id[qid], answer)
        if problem:
            raise InputError(f"answers.{qid}: {problem}", source=source)
        out[qid] = answer
    extra = {k: data[k] for k in ("council", "assessed_on") if k in data}
    return out, extra


def parse_value(text: str, kind: str) -> Any:
    """An answer typed as text (a CSV cell): option id(s), a number, na or dont_know."""
    text = text.strip()
    if text in ("na", "dont_know"):
        return text
    if kind == "multiple":
        return [p for p in re.split(r"[;,\s]+", text) if p]
    if kind == "number":
        try:
            return float(text.replace(",", "").rstrip("%").lstrip("£"))
        except ValueError:
            return text
    return text


def _read_csv(text: str, source: str, bank: QuestionBank) -> dict[str, Answer]:
    reader = csv.reader(io.StringIO(text))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except (StopIteration, csv.Error):
        raise InputError("line 1: expected a header row question_id,answer,evidence", source=source) from None
    missing = [c for c in CSV_COLUMNS if c not in header]
    if missing:
        raise InputError(f"line 1: the header needs the columns {','.join(CSV_COLUMNS)} "
                         f"(missing: {', '.join(missing)})", source=source)
    col = {name: header.index(name) for name in (*CSV_COLUMNS, "justification") if name in header}
    out: dict[str, Answer] = {}
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(header):
                raise InputError(f"line {line}: {len(row)} columns, the header has {len(header)} "
                                 "(quote a value that holds a comma)", source=source)
            cell = {name: (row[i].strip() if i < len(row) else "") for name, i in col.items()}
            qid = cell["question_id"]
            if qid not in bank.by_id:
                raise InputError(f"line {line}: {_unknown(qid, bank)}", source=source)
            if qid in out:
                raise InputError(f"line {line}: question {qid!r} is answered twice", source=source)
            question = bank.by_id[qid]
            if not cell["answer"]:
                raise InputError(f"line {line}: no answer for {qid!r} (an option id, na or dont_know)",
                                 source=source)
            value = parse_value(cell["answer"], question.kind)
            evidence = cell.get("evidence") or None
            justification = cell.get("justification") or None
            if value == NA and not justification:
                justification, evidence = evidence, None
            answer = Answer(value, evidence, justification)
            problem = check_answer(question, answer)
            if problem:
                raise InputError(f"line {line}: {qid}: {problem}", source=source)
            out[qid] = answer
    except csv.Error as exc:
        raise InputError(f"line {reader.line_num}: CSV error: {exc}", source=source) from None
    return out
