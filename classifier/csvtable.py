"""CSV files as spreadsheets save them: the one reader of every CSV a user gives (the councils of
`batch`/`benchmark --cohort`, the `interview --answers` file).

- Bytes become text through the project's safe reader (`loading`): a size limit, UTF-8 with or without
  the byte-order mark Excel adds, UTF-16/UTF-32 with a mark (Excel's "Unicode text"), CRLF or LF line
  ends; anything else is read as Windows-1252 (Excel's plain "CSV (Comma delimited)", with a `£`), with a
  one-line note on standard error.
- The separator is read from the header row: commas, semicolons (Excel in most European locales) or tabs
  (Excel's "Unicode text"), whichever it holds most outside quotes. Excel's own `sep=;` first line is
  honoured and skipped.
- Figures are read as a spreadsheet writes them (`number`): a decimal point, or in a file separated by
  semicolons or tabs a decimal comma (`1,5` is 1.5); thousands grouped in threes by commas, points or
  spaces where that cannot be mistaken (`1,500,000`, `£1.500.000`, `1 500 000`, `1,500.25`); `£` and `%`
  signs. A figure that could be read two ways (`1,500` in a semicolon file: 1500 or 1.5?) is an error
  that says what to write instead, never a guess.

Every problem is an InputError (exit code 2) naming the file and the line.
"""

from __future__ import annotations

import csv
import io
import math
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from . import loading
from .errors import InputError

SEPARATORS = (",", ";", "\t")
# The file names a sheet of rows is read from: .txt is Excel's "Unicode Text" (UTF-16, tabs)
SHEET_SUFFIXES = (".csv", ".txt", ".tsv")
SEPARATOR_NAMES = {",": "commas", ";": "semicolons", "\t": "tabs"}
SAVE_AS = 'in Excel save it as "CSV UTF-8 (Comma delimited)"'
_SPACES = " \u00a0\u202f"      # space, no-break space, narrow no-break space (French grouping)
_SIGNS = "-+\u2212"            # minus, plus, the minus sign
_EXPONENT = re.compile(r"[eE][-+]?[0-9]{1,3}$")
_BODY = re.compile(r"[0-9.," + _SPACES + r"]+")
_QUOTED = re.compile(r'"[^"]*"')
_POINT_THOUSANDS = re.compile(r"-?£?-?\d{1,3}\.\d{3}")  # "1.500", "£1.500": one point before three digits


@dataclass(frozen=True)
class Table:
    """A CSV file's cells as text. `header`: the cells of the header row (as written, not stripped);
    `rows`: (line number of the row's first line in the file, its cells) for every row after the header,
    blank rows included; `separator`: `,`, `;` or a tab."""
    source: str
    separator: str
    header_line: int
    header: list[str]
    rows: list[tuple[int, list[str]]]

    @property
    def separated_by(self) -> str:
        """'commas', 'semicolons' or 'tabs', for messages."""
        return SEPARATOR_NAMES[self.separator]


def note(text: str) -> None:
    """A one-line note on standard error (how a file was read), never part of the output."""
    print(text, file=sys.stderr, flush=True)


def read_text(path: str | Path, *, limit: int, fix: str = SAVE_AS) -> str:
    """The text of a CSV file (at most `limit` bytes), decoded as `decode` does, with a one-line note on
    standard error when it is read as Windows-1252. InputError for a missing, unreadable, too large,
    binary or workbook file, or bytes that are none of the encodings (naming the line of the first byte
    that is not UTF-8, and `fix`)."""
    source = str(path)
    text, windows = decode(loading.read_bytes(path, limit=limit, what="CSV"), source, fix)
    if windows:
        note(f"Note: {source} is not UTF-8; read it as Windows-1252 (Excel's \"CSV (Comma delimited)\").")
    return text


def decode(raw: bytes, source: str, fix: str = SAVE_AS) -> tuple[str, bool]:
    """(The text of a CSV file's bytes `raw`, whether it was read as Windows-1252), decoded in the order
    spreadsheets save it: UTF-8 with or without a BOM, then UTF-16/32 with a BOM, else Windows-1252 (Excel's
    default "CSV (Comma delimited)"). InputError for a binary or workbook file, or bytes that are none of
    these (naming the line of the first byte that is not UTF-8, and `fix`)."""
    try:
        return loading.decode(raw, source, "CSV", "a CSV file", fix="save it as CSV (UTF-8) from the "
                                                                    "spreadsheet",
                              not_utf8="(Excel's \"CSV (Comma delimited)\" saves Windows-1252, e.g. for £); "
                                       f"{fix}"), False
    except InputError as refused:
        if (b"\x00" in raw or raw.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0"))
                or loading.byte_order_mark(raw)[0]):
            raise
        try:
            return raw.decode("cp1252"), True
        except UnicodeDecodeError:   # bytes Windows-1252 leaves undefined: neither encoding
            raise refused from None


def header_name(cell: str) -> str:
    """A header cell as a column's name: 'Question ID', 'question id', ' Question_Id ' -> 'question_id'."""
    return re.sub(r"[\s_-]+", "_", cell.strip().lower())


def separator(text: str) -> tuple[str, bool]:
    """The separator of CSV `text` and whether its first line is Excel's `sep=X` line (to skip): the one
    of commas, semicolons and tabs the header row holds most often outside quotes (commas first on a tie,
    and when it holds none: a file of one column). Linear in the header's length, whatever it holds."""
    first = _first_line(text)
    if len(first) == 5 and first.lower().startswith("sep=") and first[4] in SEPARATORS:
        return first[4], True
    unquoted = _QUOTED.sub("", first)
    counts = {sep: unquoted.count(sep) for sep in SEPARATORS}
    best = max(SEPARATORS, key=counts.__getitem__)   # the first of equals: commas on a tie
    return best, False


def _first_line(text: str) -> str:
    end = text.find("\n")
    return (text if end < 0 else text[:end]).rstrip("\r")


def parse(text: str, source: str) -> Table:
    """The rows of CSV `text` (see `separator`). A line break inside a quoted cell is `\\n`, however the
    file ends its lines (Excel on Windows writes CRLF inside cells too). InputError 'line N: CSV error:
    ...' for a row the csv module cannot read (a field past its size limit, a NUL)."""
    sep, skip = separator(text)
    spaced = not skip and (sep + " ") in _first_line(text)   # `a, b, c`: a quote may follow the space
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, skipinitialspace=spaced)
    records: list[tuple[int, list[str]]] = []
    try:
        start = 1
        for cells in reader:
            records.append((start, [c.replace("\r\n", "\n") if "\r" in c else c for c in cells]))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise InputError(f"line {reader.line_num}: CSV error: {exc}", source=source) from None
    if skip:
        records = records[1:]
    if not records:
        return Table(source, sep, 2 if skip else 1, [], [])
    (header_line, header), *rows = records
    return Table(source, sep, header_line, header, rows)


def read(path: str | Path, *, limit: int, fix: str = SAVE_AS) -> Table:
    """`read_text` then `parse`: the table of the CSV file at `path`. InputError as those say."""
    return parse(read_text(path, limit=limit, fix=fix), str(path))


def named(cell: str, limit: int = 40) -> str:
    """A cell (a column name, a figure) quoted for a message, cut to `limit` characters with its length:
    `'council.name|council.type|assessed_on|ch…' (3,803 characters)`."""
    if len(cell) <= limit:
        return repr(cell)
    return f"{cell[:limit] + '…'!r} ({len(cell):,} characters)"


# -- figures ----------------------------------------------------------------------------------------------
class NumberError(ValueError):
    """A cell that is not a figure, or could be read as two; str() is a short message with the fix.
    `readings`: for a figure that could be read two ways, (as thousands, as decimals), else None."""

    def __init__(self, message: str, readings: tuple[float, float] | None = None):
        super().__init__(message)
        self.readings = readings


def number(cell: str, separator: str = ",") -> float:
    """The figure a spreadsheet wrote in `cell`, in a file separated by `separator`.

    Accepts an optional sign, `£` before and `%` after (the number itself is returned: `45%` is 45.0),
    an exponent (`1.5E+06`), and:
    - the decimal point; in a file separated by semicolons or tabs also the decimal comma (`1,5`);
    - thousands grouped in threes by commas, points or spaces: `1,500,000`, `1.500.000`, `1 500 000`,
      `1,500.25`, `1.500,25`; in a comma-separated file a comma only groups and a point only marks decimals.
    Raises NumberError when the cell is no figure, when its grouping is broken, when a comma-separated file
    has a decimal comma, and when one comma or point before three digits could either group or mark
    decimals (`1,500` in a semicolon file): the message says what to write instead."""
    shown = named(cell.strip())
    text = cell.strip()
    if problem := loading.digits_problem(text):
        raise NumberError(f"{shown} {problem}")
    negative = False
    if text and text[0] in _SIGNS:
        negative, text = text[0] != "+", text[1:].lstrip(_SPACES)
    if text[:1] == "£":
        text = text[1:].lstrip(_SPACES)
        if text and text[0] in _SIGNS and not negative:
            negative, text = text[0] != "+", text[1:]
    if text[-1:] == "%":
        text = text[:-1].rstrip(_SPACES)
    exponent = ""
    if m := _EXPONENT.search(text):
        exponent, text = m.group(), text[:m.start()]
    if not text or not _BODY.fullmatch(text) or not any(ch.isdigit() for ch in text) \
            or text[0] in _SPACES or text[-1] in _SPACES:
        raise NumberError(f"{shown} is not a number")
    whole, fraction = _split(text, separator, shown, "-" if negative else "")
    value = float(("-" if negative else "") + (whole or "0") + "." + (fraction or "0") + exponent)
    if not math.isfinite(value):
        raise NumberError(f"{shown} is too large for any figure")
    return value


def _split(text: str, separator: str, shown: str, sign: str) -> tuple[str, str]:
    """(whole digits, fraction digits) of a number body of digits, commas, points and spaces."""
    decimal_comma = separator != ","
    commas, points = text.count(","), text.count(".")
    spaced = any(ch in _SPACES for ch in text)
    if commas and points:
        mark = "," if text.rfind(",") > text.rfind(".") else "."
        if text.count(mark) > 1:
            raise NumberError(_broken(shown))
        if mark == "," and not decimal_comma:
            raise NumberError(_decimal_comma(shown, sign + text, mark))
        whole, fraction = text.split(mark)
        return _grouped(whole, shown), _digits(fraction, shown)
    if not commas and not points:
        return _grouped(text, shown), ""
    mark = "," if commas else "."
    if text.count(mark) > 1:                      # 1,500,000 or 1.500.000: grouping only
        if mark == "." and not decimal_comma:
            grouped = _grouped(text, shown)   # 62.5.1, grouped in no way, is only not a number
            raise NumberError(f"{shown} is not a number: in a file separated by commas a point marks "
                              f"decimals; write {sign}{grouped}")
        return _grouped(text, shown), ""
    before, after = text.split(mark)
    can_decimal = mark == "." or decimal_comma
    can_group = (not spaced and len(after) == 3 and 1 <= len(before) <= 3 and before[:1] != "0"
                 and (mark == "," or decimal_comma))
    if can_decimal and can_group:
        raise NumberError(_ambiguous(shown, sign + before, after, mark),
                          (float(sign + before + after), float(f"{sign}{before}.{after}")))
    if can_group:
        return before + after, ""
    if can_decimal:
        return _grouped(before, shown), _digits(after, shown)
    if mark == ",":
        raise NumberError(_decimal_comma(shown, sign + text, mark))
    raise NumberError(_broken(shown))


def _grouped(whole: str, shown: str) -> str:
    """The digits of a whole part grouped in threes by one kind of mark (comma, point or spaces), or
    not grouped at all."""
    if whole.isdigit() or not whole:
        return whole
    marks = {"space" if ch in _SPACES else ch for ch in whole if not ch.isdigit()}
    groups = re.split(r"[^0-9]", whole)
    if len(marks) != 1 or not 1 <= len(groups[0]) <= 3 or groups[0][0] == "0" \
            or any(len(g) != 3 for g in groups[1:]):
        raise NumberError(_broken(shown))
    return "".join(groups)


def _digits(fraction: str, shown: str) -> str:
    if not fraction.isdigit():
        raise NumberError(_broken(shown))
    return fraction


def _plain(text: str) -> str:
    return re.sub(r"[^0-9]", "", text)


def _broken(shown: str) -> str:
    return (f"{shown} is not a number as written: group thousands in threes (1,500,000) or leave them "
            "ungrouped (1500000)")


def _decimal_comma(shown: str, text: str, mark: str) -> str:
    whole, _, fraction = text.rpartition(mark)
    sign = "-" if whole.startswith("-") else ""
    return (f"{shown} has a decimal comma but the file is separated by commas: write "
            f"{sign}{_plain(whole) or '0'}.{fraction}, or save the file separated by semicolons")


def _ambiguous(shown: str, before: str, after: str, mark: str) -> str:
    thousands = before + after
    decimals = after.rstrip("0")
    as_decimal = f"{before}.{decimals}" if decimals else before
    if not decimals:  # "560,000": 560000 or 560, each written plainly as itself
        return f"{shown} could be {thousands} or {before}: write {thousands} or {before}, whichever you mean"
    unambiguous = f"{before}{mark}{decimals}{'0' if len(decimals) == 3 else ''}"
    return (f"{shown} could be {thousands} or {as_decimal}: write {thousands}, or {unambiguous} "
            f"for {as_decimal}")


def typed_figure(text: str, unit: str | None = None) -> float:
    """The figure a person typed in the interview (full screen or `--plain`), read by the same rules as a
    CSV cell in a file separated by semicolons (`number`), so a decimal comma and a decimal point both
    mark decimals: `62,5` and `62.5` are 62.5; thousands grouped in threes (`1,500,000`, `1 500 000`,
    `1.500,25`); `£` before and `%` after.

    `unit` is the question's unit (`pct`, `gbp` or None). One comma or point before three digits
    (`1,500`) could group thousands or mark decimals: for pounds (`gbp`), where no amount has three
    decimal places, it groups (1500.0); otherwise NumberError says what to type instead (for a percentage,
    `pct`, the decimal reading, as the grouped one is over 100), and the question is asked again.
    NumberError (a short message) for text that is no figure."""
    return figure(text, ";", unit)


def figure(text: str, separator: str = ",", unit: str | None = None) -> float:
    """A figure for a question of `unit` (`pct`, `gbp` or None), written in a file separated by `separator`
    (`number`), a reading that could go two ways settled where the unit settles it: pounds group (no amount
    has three decimal places); for a percentage the message names the one reading that can be one.
    NumberError otherwise, as `number` raises it, and for a figure marked with the other unit's sign (`35%`
    for an amount in pounds, `£35` for a percentage), which is a figure of something else."""
    marked = text.strip()
    if unit == "gbp" and marked.endswith("%"):
        raise NumberError(f"{named(marked)} is a percentage, but the question asks for an amount in pounds")
    if unit == "pct" and marked.startswith(("£", "-£")):
        raise NumberError(f"{named(marked)} is an amount in pounds, but the question asks for a percentage")
    try:
        value = number(text, separator)
    except NumberError as exc:
        if exc.readings is None and str(exc).endswith(" is not a number") and unit in ("gbp", "pct"):
            # "560k", "62 per cent": what to write instead
            example = "an amount in pounds, e.g. 560000 or £560,000" if unit == "gbp" else \
                "a percentage from 0 to 100, e.g. 62 or 62%"
            raise NumberError(f"{exc}; write {example}") from None
        if exc.readings is not None and unit == "gbp":
            return exc.readings[0]
        if exc.readings is not None and unit == "pct":  # the thousands reading is no percentage
            grouped, decimal = (f"{r:,.15g}".replace(",", "") for r in exc.readings)
            raise NumberError(f"{named(text.strip())} could be {grouped} or {decimal}, and a percentage is "
                              f"from 0 to 100: write {decimal}", exc.readings) from None
        raise
    if unit == "gbp" and separator == "," and _POINT_THOUSANDS.fullmatch(marked):
        # a point before three digits in pounds, where the file's points mark decimals: no amount has three
        # decimal places, so a thousands group was perhaps meant (1.500 as some locales write 1500)
        grouped = _plain(marked).lstrip("0") or "0"
        raise NumberError(f"{named(marked)} could be {grouped} or {value:g}: no amount in pounds has three "
                          f"decimal places; write {grouped}, or {value:.2f} for £{value:.2f}")
    return value
