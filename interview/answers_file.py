"""Answers from a file, for `backtofront interview -o PROFILE --answers FILE` (no prompts).

- YAML or JSON: a mapping with the profile's `answers:` mapping (`{question_id: answer}` or
  `{question_id: {answer, evidence, justification}}`), and optionally `council:` and `assessed_on:`
  (used when PROFILE does not exist yet). A whole profile works as an answers file.
- CSV (`.csv`): a header row with the columns `question_id,answer,evidence` (and optionally
  `justification`; case, spaces and underscores do not matter: `Question ID,Answer,Evidence`), separated
  by commas, semicolons or tabs, in UTF-8 or UTF-16 with a BOM; an answer is an option id or its number
  (1 for the first option), a `multiple` answer lists them separated by `;`, `,` or spaces; a `number`
  answer is a figure; `na` takes its justification from the `justification` column, else from `evidence`.
  A row whose answer is empty (a question still open) is skipped; `read` lists those lines.

Every bad entry is an InputError naming the file and the place (key or line) and what would fit.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

from backtofront.classifier import loading
from backtofront.classifier import profile as profile_mod
from backtofront.classifier.errors import InputError
from backtofront.classifier.questions import QuestionBank
from backtofront.classifier.validation import did_you_mean

from .store import NA, Answer, answer_from_data, check_answer

CSV_COLUMNS = ("question_id", "answer", "evidence")


def _unknown(question_id: str, bank: QuestionBank) -> str:
    hint = did_you_mean(question_id, list(bank.by_id))
    return f"unknown question id {question_id!r}" + (f" (did you mean {hint!r}?)" if hint else "") + \
        "; `backtofront questions` lists them"


def read(path: str | Path, bank: QuestionBank) -> tuple[dict[str, Answer], dict[str, Any]]:
    """The answers in FILE, checked against the bank: ({question_id: Answer}, extra) where extra holds
    `council` and `assessed_on` when a YAML/JSON file gives them, and for a CSV `skipped`: the line
    numbers of rows with an empty answer. Raises InputError."""
    path = Path(path)
    if path.suffix.lower() == ".csv":
        skipped: list[int] = []
        answers = _read_csv(csv_text(path), str(path), bank, skipped)
        return answers, {"skipped": skipped}
    text = profile_mod.read_text(path)
    return _read_mapping(text, str(path), bank, path.suffix.lower() == ".json")


def csv_text(path: Path) -> str:
    """The text of a CSV answers file as spreadsheets save it: UTF-8 (with or without Excel's BOM) or
    UTF-16 with a BOM (Excel's "Unicode text"). Anything else, such as Excel's default "CSV (Comma
    delimited)" in Windows-1252 with a `£`, is an InputError naming the first line that is not UTF-8 and
    saying to save the file as "CSV UTF-8 (Comma delimited)". The one place CSV bytes become text: when
    a shared reader of user files lands (size limits, encodings), this function should call it."""
    if not path.exists() or path.is_dir():
        return profile_mod.read_text(path)   # its message: no such file, a directory
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot be read: {exc.strerror}", source=str(path)) from None
    if len(raw) > profile_mod.MAX_PROFILE_BYTES:
        raise InputError(f"is larger than {profile_mod.MAX_PROFILE_BYTES:,} bytes; is it really an answers "
                         "file?", source=str(path))
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError("is UTF-16 but cannot be read as such; save it as \"CSV UTF-8 (Comma "
                             "delimited)\"", source=str(path)) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        if b"\x00" in raw:
            why = "looks like UTF-16 without a byte-order mark"
        else:
            why = "is not UTF-8 (Excel's \"CSV (Comma delimited)\" saves Windows-1252, e.g. for £)"
        raise InputError(f"line {line}: the file {why}; in Excel save it as \"CSV UTF-8 (Comma "
                         "delimited)\"", source=str(path)) from None


def _read_mapping(text: str, source: str, bank: QuestionBank, is_json: bool) -> tuple[dict, dict]:
    data = loading.parse(text, source, "json" if is_json else None)  # repeated keys, nesting, typing: InputError
    if problem := loading.check_data(data):
        raise InputError(problem, source=source)
    data = loading.plain_spaces(data)
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


def parse_value(text: str, kind: str, options: list[str] | None = None) -> Any:
    """An answer typed as text (a CSV cell): option id(s) or their numbers (1 for the first option, as
    in the interview), a number, na or dont_know."""
    text = text.strip()
    if text.lower() in ("na", "dont_know", "n/a", "don't know", "dont know"):
        return {"n/a": "na", "don't know": "dont_know", "dont know": "dont_know"}.get(text.lower(),
                                                                                       text.lower())
    if kind == "multiple":
        return [_option(p, options) for p in re.split(r"[;,\s]+", text) if p]
    if kind == "number":
        try:
            return float(text.replace(",", "").rstrip("%").lstrip("£"))
        except ValueError:
            return text
    return _option(text, options)


def _option(text: str, options: list[str] | None) -> str:
    """An option id, or the id of option number `text` (1-based) when it is a number in range."""
    if options and text.isdigit() and 1 <= int(text) <= len(options) and text not in options:
        return options[int(text) - 1]
    return text


def _header_name(cell: str) -> str:
    """'Question ID', 'question id', ' Question_Id ' -> 'question_id'."""
    return re.sub(r"[\s_-]+", "_", cell.strip().lower())


def _dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    """Comma, semicolon (Excel in much of Europe) or tab separated: from the header line."""
    first = text.split("\n", 1)[0]
    try:
        return csv.Sniffer().sniff(first, delimiters=",;\t")
    except csv.Error:
        return csv.excel


SEPARATOR_NAMES = {",": "commas", ";": "semicolons", "\t": "tabs"}


def _read_csv(text: str, source: str, bank: QuestionBank, skipped: list[int] | None = None) -> dict[str, Answer]:
    dialect = _dialect(text)
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        header = [_header_name(h) for h in next(reader)]
    except (StopIteration, csv.Error):
        raise InputError("line 1: expected a header row question_id,answer,evidence", source=source) from None
    missing = [c for c in CSV_COLUMNS if c not in header]
    if missing:
        separator = SEPARATOR_NAMES.get(getattr(dialect, "delimiter", ","), "commas")
        raise InputError(f"line 1: the header needs the columns {','.join(CSV_COLUMNS)} "
                         f"(missing: {', '.join(missing)}; read as separated by {separator})", source=source)
    col = {name: header.index(name) for name in (*CSV_COLUMNS, "justification") if name in header}
    out: dict[str, Answer] = {}
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(header) and any(cell.strip() for cell in row[len(header):]):
                raise InputError(f"line {line}: {len(row)} columns, the header has {len(header)} "
                                 "(quote a value that holds the separator)", source=source)
            cell = {name: (row[i].strip() if i < len(row) else "") for name, i in col.items()}
            for name, given in cell.items():
                if problem := loading.text_problem(given.replace("\r\n", "\n")):
                    raise InputError(f"line {line}: {name}: the text {problem}", source=source)
            cell = {name: given.replace("\r\n", "\n").translate(loading.NO_BREAK_SPACES)
                    for name, given in cell.items()}
            qid = cell["question_id"]
            if qid not in bank.by_id:
                raise InputError(f"line {line}: {_unknown(qid, bank)}", source=source)
            if qid in out:
                raise InputError(f"line {line}: question {qid!r} is answered twice", source=source)
            question = bank.by_id[qid]
            if not cell["answer"]:   # a question still open (a workshop template): left for later
                if skipped is not None:
                    skipped.append(line)
                continue
            value = parse_value(cell["answer"], question.kind, [o.id for o in question.options])
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
