"""Profiles as CSV: one row a council, one column a field (docs/profile-format.md, "Many councils in one
CSV file"). A column is the field's key path in the YAML profile (`council.name`,
`characteristics.time_scales`, `figures.cashable_share_pct`); lists are ids separated by `;` (`none`: an
empty list, which says "none of them", while an empty cell records nothing); yes/no
fields take yes, no or an empty cell (unknown); every empty cell is left out of the profile. The file
opens in any spreadsheet; `backtofront example --format csv` prints a template to fill in."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from backtofront.classifier import csvtable, loading
from backtofront.classifier import profile as profile_mod
from backtofront.classifier.errors import InputError
from backtofront.classifier.validation import did_you_mean

MAX_CSV_BYTES = 50_000_000
LIST_SEPARATOR = ";"
_YES = {"yes", "y", "true", "1", "present"}
_NO = {"no", "n", "false", "0", "absent", "lacking"}


def _fields(struct_type) -> tuple[str, ...]:
    return struct_type.__struct_fields__


def _columns(*, template: bool = False) -> dict[str, str]:
    """Every column a profile CSV may have, in template order, each with its kind: text, stage, list,
    number, yesno, date, or answer:<question kind> (`answers.<question id>`). The template leaves out the
    optional `answers.<id>.evidence` and `answers.<id>.justification` columns."""
    from backtofront.classifier import questions as questions_mod

    p = profile_mod
    cols: dict[str, str] = {"council.name": "text", "council.type": "text", "assessed_on": "date"}
    for cid in _fields(p.Characteristics):
        cols[f"characteristics.{cid}"] = "stage"
    for cid in _fields(p.Characteristics):
        cols[f"characteristics.{cid}.evidence"] = "text"
    for cid in _fields(p.Characteristics):
        cols[f"characteristics.{cid}.override"] = "stage"
        cols[f"characteristics.{cid}.override_reason"] = "text"
    for cid in _fields(p.Targets):
        cols[f"targets.{cid}"] = "stage"
    cols["pressures"] = "list"
    cols["barriers"] = "list"
    cols["techniques.used"] = "list"
    cols["techniques.planned"] = "list"
    cols["techniques.not_used"] = "list"
    cols["benchmarking.used"] = "list"
    cols["benchmarking.not_used"] = "list"
    for key in _fields(p.Figures):
        cols[f"figures.{key}"] = "number"
    for key in _fields(p.FourElements):
        cols[f"four_elements.{key}"] = "yesno"
    for key in _fields(p.StrategicApproach):
        cols[f"strategic_approach.{key}"] = "yesno"
    cols["notes"] = "text"
    if not template:  # a batch's letters: who signs each council's letter and to whom (beats the options)
        cols["letter.sender"] = "text"
        cols["letter.recipient"] = "text"
    for q in questions_mod.load().questions:
        cols[f"answers.{q.id}"] = f"answer:{q.kind}"
        if not template:
            cols[f"answers.{q.id}.evidence"] = "text"
            cols[f"answers.{q.id}.justification"] = "text"
    return cols


COLUMNS = _columns()


@dataclass(frozen=True)
class Row:
    """One council of a CSV file: its 1-based line number, and the profile as plain data (not yet
    validated: `profile_mod.parse(row.data, row.source)` does that)."""
    line: int
    source: str   # "FILE line N"
    data: dict[str, Any]

    @property
    def name(self) -> str:
        council = self.data.get("council") or {}
        return str(council.get("name") or f"line {self.line}")


def _cell(kind: str, column: str, raw: str, where: str, separator: str = ",") -> Any:
    value = raw.strip()
    if kind == "list":
        if value.lower() == "none":  # an explicit empty list: "none of them" (an empty cell says nothing)
            return []
        return [v.strip() for v in value.replace(",", LIST_SEPARATOR).split(LIST_SEPARATOR) if v.strip()]
    if kind == "number":
        # a figure's unit is its column's suffix: one comma before three digits groups thousands in pounds
        # (`£560,000`), as every other reader takes it (`csvtable.figure`)
        unit = "gbp" if column.endswith("_gbp") else "pct" if column.endswith("_pct") else None
        try:
            return csvtable.figure(value, separator, unit)
        except csvtable.NumberError as exc:
            raise InputError(f"column {column}: {exc}", source=where) from None
    if kind == "yesno":
        if value.lower() in _YES:
            return True
        if value.lower() in _NO:
            return False
        raise InputError(f"column {column}: {raw!r} is not yes or no (leave the cell empty if unknown)",
                         source=where)
    if kind == "date":
        return value  # profile validation reads the ISO date and names a bad one
    if kind.startswith("answer:"):
        if value in ("na", "dont_know"):
            return value
        inner = {"answer:single": "text", "answer:multiple": "list", "answer:number": "number"}[kind]
        return _cell(inner, column, raw, where, separator)
    return value


def row_to_data(header: list[str], cells: list[str], where: str, separator: str = ",") -> dict[str, Any]:
    """One CSV row as profile data (nested dicts, as the YAML would give), empty cells left out.
    `separator`: the file's (`,`, `;` or a tab), which says how figures are written (`csvtable.number`);
    InputError 'column C: ...' for a bad cell."""
    data: dict[str, Any] = {}
    chars: dict[str, dict[str, Any]] = {}
    answers: dict[str, dict[str, Any]] = {}
    for index, (column, raw) in enumerate(zip(header, cells)):
        if not raw.strip():
            continue
        if not column:
            raise InputError(f"column {index + 1} has no name in the header but holds "
                             f"{csvtable.named(raw.strip())}; name the column or empty the cell",
                             source=where)
        value = _cell(COLUMNS[column], column, raw, where, separator)
        parts = column.split(".")
        if parts[0] == "characteristics":
            key = {2: "stage", 3: parts[-1]}[len(parts)]
            chars.setdefault(parts[1], {})[key] = value
            continue
        if parts[0] == "answers":
            answers.setdefault(parts[1], {})["answer" if len(parts) == 2 else parts[2]] = value
            continue
        node = data
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    for cid, given in chars.items():
        if "override" in given or "override_reason" in given:
            given["override"] = {"stage": given.pop("override", None),
                                 "reason": given.pop("override_reason", None)}
            given["override"] = {k: v for k, v in given["override"].items() if v is not None}
        data.setdefault("characteristics", {})[cid] = given["stage"] if set(given) == {"stage"} else given
    for qid, given in answers.items():
        data.setdefault("answers", {})[qid] = given["answer"] if set(given) == {"answer"} else given
    return data


def _check_header(table: csvtable.Table) -> list[str]:
    """The stripped column names; InputError with one short line about the first problem, naming at most
    a few columns, each cut: a header read as one column (an unknown separator), unknown columns (with
    the closest name), repeated columns, a missing council.name or council.type. A column with no name
    is allowed (spreadsheets add them): a row that fills it is refused on its own."""
    header = [h.strip() for h in table.header]
    source = table.source
    unknown = [h for h in header if h and h not in COLUMNS]
    if len(header) == 1 and unknown and any(c in header[0] for c in ",;\t|:"):
        raise InputError(f"line {table.header_line}: the header reads as one column "
                         f"({csvtable.named(header[0])}); separate the columns with commas, semicolons or "
                         "tabs", source=source)
    if unknown:
        close = did_you_mean(unknown[0], list(COLUMNS))
        message = f"column {csvtable.named(unknown[0])} is not a profile field" + (
            f"; did you mean {close!r}?" if close else " (see docs/profile-format.md)")
        if len(unknown) > 1:
            more = ", ".join(csvtable.named(h) for h in unknown[1:4]) + (", …" if len(unknown) > 4 else "")
            message += f" (and {len(unknown) - 1} more unknown: {more})"
        raise InputError(message, source=source)
    repeated = sorted({h for h in header if h and header.count(h) > 1})
    if repeated:
        raise InputError(f"{'column' if len(repeated) == 1 else 'columns'} given twice: "
                         f"{', '.join(csvtable.named(h) for h in repeated[:3])}", source=source)
    if "council.name" not in header or "council.type" not in header:
        raise InputError(f"needs the columns council.name and council.type (the header was read as separated "
                         f"by {table.separated_by})", source=source)
    return header


def read(path: str | Path) -> list[Row]:
    """The rows of a profile CSV as spreadsheets save it (`classifier.csvtable`): separated by commas,
    semicolons or tabs (read from the header row); UTF-8 with or without a BOM, or UTF-16 with one; a
    decimal comma in figures where the separator allows it.

    Errors: InputError for a file that cannot be read or whose header names an unknown column (the whole
    file is refused, since every row would be wrong). A row's own problems (a bad cell, an ambiguous
    figure) are raised when the row is parsed (`parse_row`), so one bad council does not stop the others."""
    path = Path(path)
    source = str(path)
    # the project's safe reader: at most MAX_CSV_BYTES from any file (a pipe, /dev/zero), UTF-8 or UTF-16
    # with a byte-order mark, a workbook or binary file named as such, Windows-1252 bytes named by line
    table = csvtable.read(path, limit=MAX_CSV_BYTES)
    if not any(c.strip() for c in table.header):
        raise InputError(
            "is empty; the first line names the columns (see `backtofront example --format csv`)",
                         source=source)
    header = _check_header(table)
    rows = []
    for number, cells in table.rows:
        if not any(c.strip() for c in cells):
            continue
        where = f"{source} line {number}"
        # the council's name and type, read on their own so that a row failing on another cell is still
        # named after its council (in outputs and summaries)
        council = {k: cells[header.index(f"council.{k}")].strip() for k in ("name", "type")
                   if header.index(f"council.{k}") < len(cells)
                   and cells[header.index(f"council.{k}")].strip()
                   and loading.text_problem(cells[header.index(f"council.{k}")]) is None}
        if len(cells) > len(header):
            extra = [c for c in cells[len(header):] if c.strip()]
            if extra:
                rows.append(Row(number, where, {"__error__": f"{len(cells)} cells but {len(header)} "
                                                             f"column{'s' if len(header) != 1 else ''} (the "
                                                             "file is read as separated by "
                                                             f"{table.separated_by}; quote a cell that holds "
                                                             "one)", "council": council}))
                continue
        try:
            rows.append(Row(number, where, row_to_data(header, cells, where, table.separator)))
        except InputError as exc:
            rows.append(Row(number, where, {"__error__": exc.problems[0], "council": council}))
    return rows


def parse_row(row: Row) -> profile_mod.Profile:
    """A row validated into a Profile; InputError names the file, the line and the field."""
    if "__error__" in row.data:
        raise InputError(row.data["__error__"], source=row.source)
    return profile_mod.parse(row.data, row.source)


def template(example: dict[str, Any] | None = None) -> str:
    """A CSV template: the header of every column, then one filled row (the bundled example profile
    when `example` is None). Opens in a spreadsheet; delete the example row and add one row a council."""
    if example is None:
        from importlib import resources

        from backtofront.classifier.validation import load_yaml

        text = (resources.files("backtofront") / "examples" / "district-transitional.yaml").read_text("utf-8")
        example = load_yaml(text)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    columns = _columns(template=True)
    writer.writerow(columns)
    writer.writerow([_flatten(example, column) for column in columns])
    return out.getvalue()


def _flatten(data: dict[str, Any], column: str) -> str:
    parts = column.split(".")
    if parts[0] in ("characteristics", "answers"):
        value = (data.get(parts[0]) or {}).get(parts[1])
        key = "stage" if parts[0] == "characteristics" else "answer"
        if len(parts) == 2:
            node = value.get(key) if isinstance(value, dict) else value
        elif parts[2] == "override":
            node = ((value or {}).get("override") or {}).get("stage") if isinstance(value, dict) else None
        elif parts[2] == "override_reason":
            node = ((value or {}).get("override") or {}).get("reason") if isinstance(value, dict) else None
        else:
            node = value.get(parts[2]) if isinstance(value, dict) else None
    else:
        node = data
        for part in parts:
            node = node.get(part) if isinstance(node, dict) else None
    if node is None:
        return ""
    if isinstance(node, list):
        return LIST_SEPARATOR.join(node) if node else "none"  # an empty list is "none of them"
    if isinstance(node, bool):
        return "yes" if node else "no"
    if isinstance(node, float) and node.is_integer():
        return str(int(node))
    return str(node)
