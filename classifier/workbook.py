"""The questionnaire workbook: the question bank as an Excel workbook respondents fill without the
product (`backtofront questions -o survey.xlsx`), and the one reader of filled workbooks (`assess`,
`combine`, `interview --answers`). The layout is a public contract, documented in docs/workbook.md:

- `Cover`: a label in column A and its value in column B for `Council`, `Council type`, `Respondent`
  and `Role` (other rows are notes, ignored).
- One sheet per section of the bank (`SECTION_SHEETS`), whose first row names the columns
  `question_id` (or `id`), `question`, `answer`, `evidence`, `justification` (more may follow and are
  ignored). A `single` or `number` question is one row; a `multiple` question is a row with its own id
  (for `Not applicable` / `Don't know`) then one row per option, id `<question>.<option>` (e.g.
  `techniques_used.lean_bpi`), answered `Yes` or `No`.
- `Lists`: the hidden sheet the drop-downs read (an option's text holds commas, and some lists pass
  Excel's 255-character limit on an inline list); written by the product, ignored on reading.

Reading goes through the archive guard first (`guard`): at most MAX_COMPRESSED bytes on disk,
MAX_UNCOMPRESSED once unpacked (as the archive declares each part, which bounds what is inflated), no
macros (a `.xlsm` renamed), then openpyxl in read-only mode with formulas seen as formulas (never
computed) and XML parsed through defusedxml; at most MAX_ROWS rows a sheet. Every bad cell is found
before anything is used: one InputError lists them all, each naming the sheet and the cell.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import knowledge
from .errors import InputError, raise_all
from .profile import figure_problem, is_workbook  # noqa: F401 - is_workbook: where callers find it
from .questions import SPECIAL_ANSWERS, YES_NO, Question, QuestionBank

MAX_COMPRESSED = 20 * 1024 * 1024      # bytes on disk
MAX_UNCOMPRESSED = 100 * 1024 * 1024   # bytes once unpacked
MAX_ROWS = 10_000                      # rows a sheet
MAX_PARTS = 10_000                     # files packed in the workbook (a questionnaire's has a few dozen)
MAX_COLUMNS = 40                       # columns read a sheet (the contract's five, and room for more)

SECTION_SHEETS = {
    "characteristics": "Characteristics", "pressures": "Pressures", "barriers": "Barriers",
    "techniques": "Techniques", "strategic_approach": "Strategic approach", "four_elements": "Four elements",
    "leadership": "Leadership", "figures": "Figures",
}
COVER, LISTS = "Cover", "Lists"
COVER_LABELS = ("Council", "Council type", "Respondent", "Role")
COLUMNS = ("question_id", "question", "answer", "evidence", "justification")
SPECIAL_TEXT = {"na": "Not applicable", "dont_know": "Don't know"}
YES, NO = "Yes", "No"
ROLES = ("officer", "councillor", "staff", "assessor")
COUNCIL_TYPE_TEXT = knowledge.COUNCIL_TYPE_LABELS
STAGE_TITLES = {"transactional": "Transactional", "transitional": "Transitional",
                "transformational": "Transformational"}


def _key(text: str) -> str:
    """Text compared as people retype it: case, runs of spaces, underscores, hyphens and quotes ignored."""
    text = text.replace("\u2019", "'").replace("\u00a0", " ")
    return re.sub(r"[\s_-]+", " ", text.strip().casefold())


# a yes/no question's options (questions.YES_NO) as a person answers them in one word (never "n", which the
# interview reads as not applicable)
_YES_NO_WORDS = {"yes": "present", "no": "lacking"}


def read_option(question: Question, value: Any) -> Any:
    """An answer written as a person or a spreadsheet writes it, as the bank's id: an option's id (any
    case, spaces for underscores) or its text as the workbook's drop-down shows it, `Not applicable` /
    `n/a` / `na`, `Don't know` / `dont_know`; for a yes/no question, `Yes` or `No`. Anything else is
    returned unchanged, for validation to refuse with the options. Used for YAML, JSON, CSV and workbook
    answers alike."""
    if not isinstance(value, str) or value in SPECIAL_ANSWERS or question.option(value) is not None:
        return value   # already an id: the common case, kept cheap
    key = _key(value)
    for special, text in SPECIAL_TEXT.items():
        if key in (_key(special), _key(text)) or (special == "na" and key == "n/a") or \
                (special == "dont_know" and key in ("dont know", "do not know")):
            return special
    for option in question.options:
        if key in (_key(option.id), _key(option.text)):
            return option.id
    if {o.id for o in question.options} == set(YES_NO) and key in _YES_NO_WORDS:
        return _YES_NO_WORDS[key]   # "Yes" for "Yes, this is present", as a person answers it
    return value


# -- writing --------------------------------------------------------------------------------------------
def _rows(question: Question) -> list[tuple[str, str, Question, str | None]]:
    """(row id, text, question, option id) for each row a question takes in its section sheet."""
    if question.kind != "multiple":
        return [(question.id, question.text, question, None)]
    rows: list[tuple[str, str, Question, str | None]] = [
        (question.id, f"{question.text} (answer here only Not applicable or Don't know; "
                      "otherwise Yes or No on each row below)", question, None)]
    rows += [(f"{question.id}.{o.id}", f"{question.text}: {o.text}", question, o.id)
             for o in question.options]
    return rows


SHEET_COLUMNS = (*COLUMNS, "options")   # the answers sheet's: the contract's five, then what each takes


def answers_sheet_rows(bank: QuestionBank) -> list[tuple[str, str, str]]:
    """(question_id, question, options) for every row of a blank answers sheet (`questions -o sheet.csv`);
    options says what the answer cell takes: each option numbered (the number, the id or the text is an
    answer), one or more of them for a `multiple` question (whose options are answered together in its
    one `answer` cell there), or a number and its unit; and the two answers every question takes."""
    rows = []
    for q in bank.questions:
        if q.kind == "number":
            what = {"pct": "a percentage (45%)", "gbp": "an amount in pounds (£1,250,000)"}.get(
                q.unit or "", "a number")
        else:
            numbered = "; ".join(f"{i} = {o.text}" for i, o in enumerate(q.options, start=1))
            what = (f"one of: {numbered}" if q.kind == "single" else
                    f"one or more, separated by ; (1; 3), or 0 for none of them: {numbered}")
        rows.append((q.id, q.text, f"{what}. Or: {SPECIAL_TEXT['na']} (with a justification), "
                                   f"{SPECIAL_TEXT['dont_know']}"))
    return rows


def write(bank: QuestionBank, kb) -> bytes:
    """The questionnaire workbook (.xlsx bytes): Cover, one sheet per section, the hidden Lists sheet.
    Ids sit in locked cells (sheet protection without a password, so nothing is typed over by chance);
    answer, evidence and justification cells and the cover's values are unlocked. The Table 4
    descriptors stand beside each characteristic question (report, Table 4)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    cover = wb.worksheets[0]  # a new workbook's one sheet (its active one)
    cover.title = COVER
    lists = wb.create_sheet(LISTS)
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    open_cell, fill = Protection(locked=False), PatternFill("solid", fgColor="FFF2CC")
    columns: dict[tuple[str, ...], str] = {}

    def list_range(values: tuple[str, ...], title: str) -> str:
        if values not in columns:
            col = get_column_letter(len(columns) + 1)
            lists[f"{col}1"] = title
            for i, v in enumerate(values, start=2):
                lists[f"{col}{i}"] = v
            columns[values] = f"{LISTS}!${col}$2:${col}${len(values) + 1}"
        return columns[values]

    def drop_down(ws, values: tuple[str, ...], title: str, cell: str) -> None:
        dv = DataValidation(type="list", formula1=list_range(values, title), allow_blank=True,
                            showErrorMessage=True, errorTitle="Not in the list",
                            error="Choose from the list (it is the question's options).")
        ws.add_data_validation(dv)
        dv.add(cell)

    cover.column_dimensions["A"].width = 18
    cover.column_dimensions["B"].width = 50
    for row, label in enumerate(COVER_LABELS, start=1):
        cover.cell(row, 1, label).font = bold
        value = cover.cell(row, 2)
        value.protection, value.fill = open_cell, fill
    drop_down(cover, tuple(COUNCIL_TYPE_TEXT.values()), "Council type", "B2")
    drop_down(cover, ROLES, "Role", "B4")
    notes = ["Fill the yellow cells: the council, its type, your name and your role (officer, councillor, "
             "staff or assessor).",
             "Then answer on each sheet: choose from the drop-down in the answer column, add evidence for "
             "your answer, and a justification when you answer Not applicable.",
             "Questions are drawn from the Audit Commission's report Back to front (2008); the citation "
             "is beside each. Do not change the ids in column A of the sheets.",
             "Return the workbook to your assessor, who combines it with the others: "
             "backtofront combine A.xlsx B.xlsx ... -o COUNCIL.yaml"]
    for i, note in enumerate(notes, start=6):
        cover.cell(i, 1, note)
    cover.protection.sheet = True

    stages = list(STAGE_TITLES)
    for section in bank.sections():
        ws = wb.create_sheet(SECTION_SHEETS[section])
        header = [*COLUMNS, "citations", "kind",
                  *(f"{STAGE_TITLES[s]} (Table 4)" for s in stages)] if section == "characteristics" \
            else [*COLUMNS, "citations", "kind"]
        for col, name in enumerate(header, start=1):
            ws.cell(1, col, name).font = bold
        for letter, width in zip("ABCDEFGHIJ", (34, 60, 40, 40, 30, 18, 14, 40, 40, 40)):
            ws.column_dimensions[letter].width = width
        ws.freeze_panes = "C2"
        row = 2
        for q in (q for q in bank.questions if q.section == section):
            for row_id, text, _, option in _rows(q):
                ws.cell(row, 1, row_id)
                ws.cell(row, 2, text).alignment = wrap
                for col in (3, 4, 5):
                    cell = ws.cell(row, col)
                    cell.protection, cell.alignment = open_cell, wrap
                ws.cell(row, 3).fill = fill
                ws.cell(row, 6, ", ".join(q.citations))
                if q.kind == "multiple":
                    ws.cell(row, 7, "Yes or No" if option else "tick below")
                    values = (YES, NO) if option else tuple(SPECIAL_TEXT.values())
                    drop_down(ws, values, "Yes/No" if option else "Not applicable/Don't know", f"C{row}")
                elif q.kind == "number":
                    ws.cell(row, 7, "per cent, 0-100" if q.unit == "pct" else "pounds")
                    ws.cell(row, 3).number_format = "0.0" if q.unit == "pct" else "#,##0"
                else:
                    ws.cell(row, 7, "choose one")
                    drop_down(ws, (*(o.text for o in q.options), *SPECIAL_TEXT.values()), q.id, f"C{row}")
                if q.characteristic:
                    descriptors = kb.characteristics[q.characteristic].descriptors
                    for offset, stage in enumerate(stages):
                        ws.cell(row, 8 + offset, descriptors[stage]).alignment = wrap
                row += 1
        ws.protection.sheet = True
        ws.protection.formatColumns = False   # widths may be changed
        ws.protection.formatRows = False
    wb.move_sheet(LISTS, offset=len(wb.sheetnames))
    lists.sheet_state = "hidden"
    lists.protection.sheet = True
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# -- reading --------------------------------------------------------------------------------------------
@dataclass
class Filled:
    """A filled workbook: `council` ({name, type}, either may be missing), `respondent` ({name, role}),
    `answers` ({question_id: (value, evidence, justification)}) and the cells still open."""
    council: dict[str, str] = field(default_factory=dict)
    respondent: dict[str, str] = field(default_factory=dict)
    answers: dict[str, tuple[Any, str | None, str | None]] = field(default_factory=dict)
    open_rows: int = 0


def guard(path: str | Path) -> bytes:
    """The bytes of the workbook at `path` once the archive guard has passed them: a zip archive of at
    most MAX_COMPRESSED bytes, declaring at most MAX_UNCOMPRESSED unpacked, with no macros. InputError
    (exit 2) otherwise, saying what to do."""
    from . import loading

    source = str(path)
    raw = loading.read_bytes(path, limit=MAX_COMPRESSED, what="workbook")
    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError("is an old Excel 97-2003 workbook (.xls) or a password-protected one; save it as "
                         "an Excel Workbook (.xlsx) without a password", source=source)
    if not raw.startswith(b"PK\x03\x04"):
        raise InputError("is not an Excel workbook (.xlsx); save it from the spreadsheet as an Excel "
                         "Workbook, or give answers as CSV or YAML", source=source)
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            infos = archive.infolist()
            names = {i.filename for i in infos}
            total = sum(i.file_size for i in infos)
            content_types = archive.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise InputError(f"is a damaged workbook ({exc}); open it in the spreadsheet and save it again",
                         source=source) from None
    if total > MAX_UNCOMPRESSED:
        raise InputError(f"unpacks to more than {MAX_UNCOMPRESSED // (1024 * 1024)} MB; a questionnaire is "
                         "far smaller: is it the right file?", source=source)
    if len(infos) > MAX_PARTS:
        raise InputError(f"is packed from more than {MAX_PARTS:,} parts; a questionnaire has a few dozen: is "
                         "it the right file?", source=source)
    if any(n.lower().endswith("vbaproject.bin") for n in names) or b"macroEnabled" in content_types:
        raise InputError("holds macros (a macro-enabled workbook, perhaps renamed); nothing in it was run. "
                         "Save it as an Excel Workbook (.xlsx)", source=source)
    if "xl/workbook.xml" not in names:
        raise InputError(
            "is not an Excel workbook (no xl/workbook.xml); save it as an Excel Workbook (.xlsx)",
                         source=source)
    return raw


def _merged_ranges(raw: bytes, archive_names: dict[str, str]) -> dict[str, list[str]]:
    """{sheet title: merged ranges} read from each sheet's XML (read-only openpyxl does not report them)."""
    from defusedxml import ElementTree

    out: dict[str, list[str]] = {}
    ns = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        for title, part in archive_names.items():
            try:
                data = archive.read(part)
            except KeyError:
                continue
            if b"mergeCell" not in data:
                continue
            root = ElementTree.fromstring(data)
            out[title] = [ref for m in root.iter(f"{ns}mergeCell") if (ref := m.get("ref"))]
    return out


def _sheet_parts(raw: bytes) -> dict[str, str]:
    """{sheet title: its part in the archive, e.g. xl/worksheets/sheet2.xml}."""
    from defusedxml import ElementTree

    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        try:
            rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        except KeyError:
            return {}
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    out = {}
    for sheet in book.iter(f"{main}sheet"):
        target = targets.get(sheet.get(f"{rel}id"), "")
        out[sheet.get("name", "")] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return out


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


class _Problems:
    def __init__(self):
        self.items: list[str] = []

    def add(self, sheet: str, cell: str, message: str) -> None:
        self.items.append(f"{sheet}!{cell}: {message}")


def _open(raw: bytes):
    """The workbook of `raw` (bytes `guard` has passed) in openpyxl's read-only mode: formulas as formulas,
    never computed; no external links, no macros. openpyxl's own warnings (a missing stylesheet) are not
    the user's. Raises what openpyxl and defusedxml raise for a damaged or hostile file."""
    from openpyxl import load_workbook

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load_workbook(io.BytesIO(raw), read_only=True, data_only=False, keep_links=False,
                             keep_vba=False)


def holds_answers(path: str | Path) -> bool:
    """Whether the workbook at `path` is a questionnaire holding anything a respondent typed, valid or not:
    a value on its cover, or an answer, evidence or justification on a section sheet (what writing over it
    would lose). False for a blank questionnaire, another workbook, or one that cannot be read."""
    try:
        wb = _open(guard(path))
    except Exception:  # noqa: BLE001 - not a workbook this reads: not a questionnaire either
        return False
    try:
        sheets = {ws.title: ws for ws in wb.worksheets}
        if not any(title in SECTION_SHEETS.values() for title in sheets):
            return False
        if COVER in sheets and any(row[1] not in (None, "") for row in sheets[COVER].iter_rows(
                max_row=MAX_ROWS, max_col=2, values_only=True) if len(row) > 1):
            return True
        for title in SECTION_SHEETS.values():
            if title not in sheets:
                continue
            rows = sheets[title].iter_rows(max_row=MAX_ROWS, max_col=MAX_COLUMNS, values_only=True)
            header = [_key(str(c)) if c is not None else "" for c in next(rows, ())]
            typed = [i for i, name in enumerate(header) if name in ("answer", "evidence", "justification")]
            if any(i < len(row) and row[i] not in (None, "") for row in rows for i in typed):
                return True
        return False
    finally:
        wb.close()


def read(path: str | Path, bank: QuestionBank) -> Filled:
    """The cover and answers of the filled workbook at `path`, checked against the bank. InputError (exit
    2) listing every bad cell by sheet and cell: a formula where a value belongs, a changed or missing
    id, an answer not in its list, a date where a number belongs, a merged cell, a hidden sheet other than
    Lists, a blank cover, too many rows; and for the archive itself (see `guard`)."""
    from openpyxl.utils import get_column_letter

    source = str(path)
    raw = guard(path)
    try:
        parts = _sheet_parts(raw)
        merged = _merged_ranges(raw, parts)
        wb = _open(raw)
    except InputError:
        raise
    except Exception as exc:  # openpyxl and defusedxml raise many kinds for a damaged or hostile file
        kind = type(exc).__name__
        why = ("it holds XML entities, which are refused" if "Entities" in kind or "DTD" in kind
               else f"{kind}: {exc}")
        raise InputError(f"cannot be read as a workbook ({why}); open it in the spreadsheet and save it "
                         "again as an Excel Workbook (.xlsx)", source=source) from None
    problems = _Problems()
    filled = Filled()
    try:
        sheets = {ws.title: ws for ws in wb.worksheets}
        if list(sheets) == ["Summary"] and str(sheets["Summary"]["A1"].value) == "File":
            # summary.xlsx of `backtofront batch` (cohort/batch.py writes it): one line, not the
            # questionnaire's every missing part
            raise InputError("is the summary workbook of a batch, not a filled questionnaire; assess the "
                             "profiles it summarises", source=source)
        for title, ws in sheets.items():
            if title != LISTS and getattr(ws, "sheet_state", "visible") != "visible":
                problems.add(title, "A1", f"a {ws.sheet_state} sheet; the questionnaire hides only {LISTS}: "
                                          "show it, move its answers to the section sheets, and delete it")
        for title, ranges in merged.items():
            if title != LISTS:
                for ref in ranges[:5]:
                    problems.add(title, ref.split(":")[0], f"merged cells ({ref}); unmerge them so each "
                                                           "answer has its own cell")
        if COVER not in sheets:
            problems.add(COVER, "A1", "the Cover sheet is missing (council, council type, respondent, role)")
        else:
            _read_cover(sheets[COVER], filled, problems)
        sections = [s for s in sheets if s not in (COVER, LISTS)]
        if not any(s in SECTION_SHEETS.values() for s in sections):
            problems.add(sections[0] if sections else COVER, "A1",
                         f"no section sheet ({', '.join(SECTION_SHEETS.values())}): is it the questionnaire "
                         "from `backtofront questions -o survey.xlsx`?")
        multiple: dict[str, dict[str, tuple[bool, str | None, str]]] = {}
        seen: dict[str, str] = {}
        for title in sections:
            _read_section(sheets[title], title, bank, filled, multiple, seen, problems, get_column_letter)
        for qid, ticks in multiple.items():
            if qid in filled.answers:
                cell = next(iter(ticks.values()))[2]
                sheet_title, _, ref = cell.rpartition("!")
                problems.add(sheet_title, ref, f"{qid} is answered Not applicable or Don't know and has "
                                               "options ticked too: keep one")
                continue
            chosen = [o.id for o in bank.by_id[qid].options if ticks.get(o.id, (False,))[0]]
            notes = "; ".join(dict.fromkeys(n for _, n, _ in ticks.values() if n))  # each note once
            filled.answers[qid] = (chosen, notes or None, None)
    except InputError:
        raise
    except Exception as exc:  # a sheet's XML damaged: openpyxl reads each sheet only as it is walked
        raise InputError(f"cannot be read as a workbook ({type(exc).__name__}: {exc}); open it in the "
                         "spreadsheet and save it again as an Excel Workbook (.xlsx)",
                         source=source) from None
    finally:
        wb.close()
    if problems.items:
        raise_all(problems.items, source)
    return filled


def _cells(ws, title: str, problems: _Problems, get_column_letter):
    """(row number, [(cell name, value)]) for each row, at most MAX_ROWS; a formula is reported and read
    as empty."""
    for r, row in enumerate(ws.iter_rows(max_col=MAX_COLUMNS), start=1):
        if r > MAX_ROWS:
            problems.add(title, f"A{r}", f"more than {MAX_ROWS:,} rows; the questionnaire has far fewer")
            return
        cells = []
        for c, cell in enumerate(row, start=1):
            name = f"{get_column_letter(c)}{r}"
            value = getattr(cell, "value", None)
            if getattr(cell, "data_type", None) == "f" or (isinstance(value, str) and value.startswith("=")
                                                          and len(value) > 1 and c in (1, 3)):
                problems.add(title, name, f"a formula ({str(value)[:40]}) where a value belongs; type the "
                                          "value itself (formulas are never calculated here)")
                value = None
            if isinstance(value, (int, float)) and not isinstance(value, bool) and \
                    percent_format(str(getattr(cell, "number_format", "") or "")):
                value = ShownPercent(value)   # Excel keeps 62% as 0.62 and shows it so
            cells.append((name, value))
        yield r, cells


def _as_shown(value: Any) -> Any:
    """A note's cell as text where it is a number the sheet shows as a percentage (62%, not 62)."""
    return f"{value:,.10g}%" if isinstance(value, ShownPercent) else value


def percent_format(number_format: str) -> bool:
    """Whether a cell's number format shows its number multiplied by 100 (`0%`, `0.0%`): a % outside
    quoted text and not escaped with a backslash (`0.0"%"` and `0\\%` show the number as it is, then a %)."""
    plain = re.sub(r'"[^"]*"|\\.', "", number_format)
    return "%" in plain


class ShownPercent(float):
    """A number in a cell formatted as a percentage: the value is what the spreadsheet shows (62 for a
    cell showing 62%, which Excel stores as 0.62); `stored` is the number the cell holds."""

    stored: float

    def __new__(cls, stored: float) -> ShownPercent:
        shown = super().__new__(cls, round(stored * 100, 9))
        shown.stored = stored
        return shown


def _read_cover(ws, filled: Filled, problems: _Problems) -> None:
    from openpyxl.utils import get_column_letter

    found: dict[str, tuple[str, Any]] = {}
    for _, cells in _cells(ws, COVER, problems, get_column_letter):
        if len(cells) >= 1 and isinstance(cells[0][1], str):
            label = _key(cells[0][1])
            for wanted in COVER_LABELS:
                if label == _key(wanted) and wanted not in found:
                    found[wanted] = cells[1] if len(cells) > 1 else (f"B{cells[0][0][1:]}", None)
    for wanted in COVER_LABELS:
        if wanted not in found:
            problems.add(COVER, "A1", f"no {wanted!r} label in column A")
    for wanted, (cell, value) in list(found.items()):
        if isinstance(value, (dt.date, dt.time)):   # a datetime too: Excel took a name for a date or a time
            problems.add(COVER, cell, f"a date or time where the {wanted.lower()} belongs: type it as text")
            del found[wanted]
    values = {k: (cell, _text(v)) for k, (cell, v) in found.items()}
    if values and not any(v for _, v in values.values()):
        problems.add(COVER, "B1", "the cover sheet is blank: give the council, its type, your name and role")
        return
    if "Council" in values:
        cell, name = values["Council"]
        if name:
            filled.council["name"] = name
    if "Council type" in values:
        cell, text = values["Council type"]
        if text:
            key = _key(text).replace(" ", "_")
            if key not in COUNCIL_TYPE_TEXT:
                problems.add(COVER, cell, f"council type {text!r} is not one of "
                                          f"{', '.join(COUNCIL_TYPE_TEXT.values())}")
            else:
                filled.council["type"] = key
    if "Respondent" in values and values["Respondent"][1]:
        filled.respondent["name"] = values["Respondent"][1]
    if "Role" in values:
        cell, role = values["Role"]
        if role:
            if _key(role) not in ROLES:
                problems.add(COVER, cell, f"role {role!r} is not one of {', '.join(ROLES)}")
            else:
                filled.respondent["role"] = _key(role)


def _read_section(ws, title, bank, filled, multiple, seen, problems, get_column_letter) -> None:
    header: dict[str, int] = {}
    for r, cells in _cells(ws, title, problems, get_column_letter):
        if r == 1:
            for i, (_, v) in enumerate(cells):
                name = re.sub(r"[\s_-]+", "_", str(v).strip().lower()) if isinstance(v, str) else ""
                name = "question_id" if name == "id" else name
                if name in COLUMNS and name not in header:
                    header[name] = i
            missing = [c for c in ("question_id", "answer") if c not in header]
            if missing:
                problems.add(title, "A1", f"the first row needs the columns {', '.join(COLUMNS)} "
                                          f"(missing: {', '.join(missing)})")
                return
            continue

        def cell(name: str) -> tuple[str, Any]:
            i = header.get(name)
            if i is None or i >= len(cells):
                return ("", None)
            return cells[i]

        id_cell, row_id = cell("question_id")
        answer_cell, value = cell("answer")
        evidence = _text(_as_shown(cell("evidence")[1]))
        justification = _text(_as_shown(cell("justification")[1]))
        row_id = _text(row_id)
        if row_id is None:
            if value is not None and _text(value) is not None:
                problems.add(title, id_cell or f"A{r}", "an answer on a row with no question id; the id "
                                                        "in column A must stay as written")
            continue
        qid, _, option = row_id.partition(".")
        question = bank.by_id.get(qid)
        if question is None or (option and (question.kind != "multiple" or question.option(option) is None)):
            problems.add(title, id_cell, f"unknown question id {row_id!r}; the ids must stay as the "
                                         "questionnaire wrote them")
            continue
        if row_id in seen:
            problems.add(title, id_cell, f"question {row_id!r} appears twice (first at {seen[row_id]})")
            continue
        seen[row_id] = f"{title}!{id_cell}"
        if isinstance(value, (dt.datetime, dt.date, dt.time)):
            problems.add(title, answer_cell, "a date where "
                                             f"{'a number' if question.kind == 'number' else 'an answer'} "
                                             "belongs; format the cell as a number or text and type it again")
            continue
        if isinstance(value, bool):
            value = YES if value else NO
        if isinstance(value, ShownPercent) and question.kind == "number" and question.unit != "pct":
            what = "an amount in pounds" if question.unit == "gbp" else "a number"
            problems.add(title, answer_cell, f"a percentage ({value:,.10g}%) where {what} belongs; format "
                                             "the cell as a number and type the figure")
            continue
        if isinstance(value, ShownPercent) and question.kind != "number":
            value = value.stored   # an option's number in a cell that happens to be formatted as a percentage
        text = _text(value)
        if text is None:
            if question.kind != "multiple" or option:
                filled.open_rows += 1
            continue
        where = f"{title}!{answer_cell}"
        if question.kind == "multiple" and option:
            key = _key(text)
            if key not in (_key(YES), _key(NO), "y", "n", "true", "false"):
                problems.add(title, answer_cell, f"{text!r}: answer Yes or No")
                continue
            multiple.setdefault(qid, {})[option] = (key in (_key(YES), "y", "true"), evidence, where)
            continue
        if question.kind == "number" and isinstance(value, (int, float)):
            answer: Any = float(value)
        elif question.kind == "number":
            answer = read_option(question, text)
            if answer not in SPECIAL_ANSWERS:
                from .csvtable import NumberError, figure
                try:
                    answer = figure(text, ",", question.unit)
                except NumberError as exc:
                    problems.add(title, answer_cell, f"{text!r}: {exc}")
                    continue
        else:
            answer = read_option(question, text)
            allowed = SPECIAL_ANSWERS if question.kind == "multiple" else \
                (*(o.id for o in question.options), *SPECIAL_ANSWERS)
            if answer not in allowed:
                choices = "Not applicable or Don't know (tick Yes or No on the option rows below)" \
                    if question.kind == "multiple" else "; ".join([*(o.text for o in question.options),
                                                                   *SPECIAL_TEXT.values()])
                problems.add(title, answer_cell, f"{text[:60]!r} is not in the list; choose {choices}")
                continue
        if answer == "na" and not justification:
            justification, evidence = evidence, None
            if not justification:
                problems.add(title, answer_cell,
                             "Not applicable needs a justification (column justification)")
                continue
        if answer != "na" and justification:
            evidence = "; ".join(x for x in (evidence, justification) if x)
            justification = None
        if question.kind == "number" and isinstance(answer, float):
            if problem := figure_problem(answer, question.unit):
                problems.add(title, answer_cell, problem)
                continue
        filled.answers[qid] = (answer, evidence, justification)


def profile_data(filled: Filled) -> dict:
    """A filled workbook as profile data: `council`, `respondent` and `answers` (long form)."""
    data: dict[str, Any] = {}
    if filled.council:
        data["council"] = dict(filled.council)
    if filled.respondent:
        data["respondent"] = dict(filled.respondent)
    data["answers"] = {qid: {k: v for k, v in (("answer", a), ("evidence", e), ("justification", j))
                             if v is not None} for qid, (a, e, j) in filled.answers.items()}
    return data
