"""Reading a user's file safely: the one place every loader of user input goes through.

- At most a size limit is read from any file, regular or not (a pipe, `<(...)`, `/dev/zero`), and
  `-` reads standard input under the same limit.
- The format follows the extension (`.yaml`/`.yml` YAML, `.json` JSON); the content is sniffed only for
  standard input or an unknown extension.
- Encodings: UTF-8 with or without a byte-order mark; UTF-16 and UTF-32 with one; anything else gets a
  message naming the line (Latin-1 bytes) or the kind of file (UTF-16 without a mark, a workbook, a
  binary file).
- A key repeated in one mapping, at any depth, is an error naming the key and its line, in YAML and in
  JSON alike. Nesting is bounded; non-finite numbers, control characters and unpaired surrogates are
  refused by `check_data` with the key path.
- Invisible formatting characters that can reorder or hide what a terminal, letter or PDF shows are
  refused the same way (`formatting_problem`): bidirectional embeddings, overrides and isolates
  (U+202A-U+202E, U+2066-U+2069), the line and paragraph separators (U+2028, U+2029), tag characters
  (U+E0000-U+E007F), the deprecated formatting characters (U+206A-U+206F) and interlinear annotation
  marks (U+FFF9-U+FFFB); a zero-width joiner or non-joiner is kept inside a word (some scripts and emoji
  need it) but refused at the start or end of a text or beside a space. No-break spaces (U+00A0,
  U+2007, U+202F) become plain spaces (`plain_spaces`).
- Every value echoed in a message is cut to a sensible length (`shown`).

Every problem is an InputError (exit code 2) with one short line naming the file, the place and the fix.
"""

from __future__ import annotations

import datetime as dt
import json
import json.decoder
import json.scanner
import math
import os
import re
import sys
import unicodedata
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, BinaryIO

import yaml

from .errors import InputError

# The json package's pure-Python scanner, WHITESPACE and scanstring, which the slow decoder below reuses to
# say where a problem is: real attributes that typeshed does not declare, so typed as Any.
_json_internals: Any = SimpleNamespace(decoder=json.decoder, scanner=json.scanner)

MAX_BYTES = 1_000_000
MAX_DEPTH = 32          # containers inside containers; a profile needs five
MAX_NODES = 1_000_000   # values in all, aliases expanded; a profile holds a few hundred
MAX_SHOWN = 60          # characters of a bad value echoed in a message
MAX_DIGITS = 400        # digits of a whole number (beyond, no float can hold it)
STDIN = "-"
YAML_SUFFIXES = (".yaml", ".yml")
JSON_SUFFIXES = (".json",)
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
SURROGATE = re.compile(r"[\ud800-\udfff]")
# Invisible characters that reorder text (bidi embeddings, overrides, isolates), break it where nothing
# shows (line and paragraph separators), hide text (tag characters, interlinear annotation) or change
# how the text around them is shaped (the deprecated formatting characters).
FORMATTING = re.compile("[\u202a-\u202e\u2066-\u2069\u2028\u2029\u206a-\u206f\ufff9-\ufffb"
                        "\U000e0000-\U000e007f]")
SEPARATORS = re.compile("[\u2028\u2029]")
NONCHARACTER = re.compile("[\ufdd0-\ufdef" + "".join(f"{chr(p * 0x10000 + 0xFFFE)}{chr(p * 0x10000 + 0xFFFF)}"
                                                    for p in range(17)) + "]")
JOINERS = re.compile("[\u200c\u200d]")
NO_BREAK_SPACES = str.maketrans({"\u00a0": " ", "\u2007": " ", "\u202f": " "})
if TYPE_CHECKING:
    from yaml import SafeLoader as _SafeLoader
else:
    _SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_SPREADSHEET_SUFFIXES = {".csv": "a CSV file", ".tsv": "a tab-separated file", ".xlsx": "an Excel workbook",
                         ".xlsm": "an Excel workbook", ".xls": "an Excel workbook",
                         ".ods": "an OpenDocument spreadsheet"}


# -- showing values ---------------------------------------------------------------------------------
def cut(text: str, limit: int = MAX_SHOWN) -> str:
    """`text` cut to `limit` characters, with an ellipsis and the full length when it was longer."""
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text):,} characters)"


def shown(value: Any, limit: int = MAX_SHOWN) -> str:
    """A value as the user wrote it (YAML/JSON terms, never a Python repr), cut to a sensible length."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
    if isinstance(value, float):
        return "infinity" if math.isinf(value) and value > 0 else "-infinity" if math.isinf(value) else \
            "NaN" if math.isnan(value) else f"{value:.15g}" if abs(value) < 1e16 else repr(value)
    if isinstance(value, int):
        text = str(value) if value.bit_length() < 1000 else "a number of more than 300 digits"
        return cut(text, limit)
    if isinstance(value, str):
        return repr(cut(value, limit))
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return cut(str(value), limit)


def kind(value: Any) -> str:
    """What a parsed value is, in the user's words."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, dt.datetime):
        return "a date and time"
    if isinstance(value, dt.date):
        return "a date"
    if isinstance(value, str):
        return "text"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, (bytes, bytearray)):
        return "binary data (!!binary)"
    return type(value).__name__


# -- reading bytes ----------------------------------------------------------------------------------
def _read_limited(stream: BinaryIO, limit: int, source: str, what: str) -> bytes:
    chunks, total = [], 0
    while total <= limit:
        chunk = stream.read(min(1 << 16, limit + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    if total > limit:
        raise InputError(f"is larger than {limit:,} bytes; is it really a {what}?", source=source)
    return b"".join(chunks)


def read_bytes(name: str | Path, *, limit: int = MAX_BYTES, what: str = "profile") -> bytes:
    """At most `limit` bytes of the file `name` (`-` for standard input); InputError when it is larger,
    missing, a folder or unreadable. Works on pipes and devices: nothing is read past the limit."""
    name = str(name)
    if name == STDIN:
        stream = getattr(sys.stdin, "buffer", None)
        if stream is None:
            raise InputError("standard input cannot be read", source="standard input")
        try:
            return _read_limited(stream, limit, "standard input", what)
        except OSError as exc:
            raise InputError(f"cannot be read: {exc.strerror or exc}", source="standard input") from None
    try:
        with open(name, "rb") as fh:
            return _read_limited(fh, limit, name, what)
    except FileNotFoundError:
        if os.path.islink(name):
            raise InputError(f"is a link to {os.readlink(name)}, which does not exist", source=name) from None
        raise InputError("no such file", source=name) from None
    except IsADirectoryError:
        raise InputError(f"is a directory, not a {what}{'' if what.endswith('file') else ' file'}",
                         source=name) from None
    except OSError as exc:
        raise InputError(f"cannot be read: {exc.strerror or exc}", source=name) from None


# -- decoding -----------------------------------------------------------------------------------------
# each byte-order mark: the codec that reads the text after it (mark included), the encoding's name as
# said to a user, and the codec that writes text back after the same mark (`byte_order_mark`); the UTF-32
# marks first, as UTF-16's little-endian mark begins UTF-32's
_BOMS = ((b"\xff\xfe\x00\x00", "utf-32", "UTF-32", "utf-32-le"),
         (b"\x00\x00\xfe\xff", "utf-32", "UTF-32", "utf-32-be"),
         (b"\xef\xbb\xbf", "utf-8-sig", "UTF-8", "utf-8"), (b"\xff\xfe", "utf-16", "UTF-16", "utf-16-le"),
         (b"\xfe\xff", "utf-16", "UTF-16", "utf-16-be"))


def byte_order_mark(raw: bytes) -> tuple[bytes, str]:
    """(The byte-order mark `raw` starts with, the codec that writes text back after it), for a file saved
    again as it was written: (b"", "utf-8") for a file without one."""
    for bom, _codec, _label, write in _BOMS:
        if raw.startswith(bom):
            return bom, write
    return b"", "utf-8"


def decode(raw: bytes, source: str, what: str = "profile", expected: str = "a YAML or JSON profile",
           fix: str | None = None, not_utf8: str | None = None) -> str:
    """Text from bytes: UTF-8 (BOM or not), UTF-16/32 with a BOM. InputError naming the kind of file or
    the line of a byte that is not UTF-8. `fix`: what to do with a workbook (default: save it as YAML);
    `not_utf8`: what follows "line N: byte 0xNN is not UTF-8" (default: it looks like Latin-1 text;
    save it as UTF-8)."""
    if raw.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise InputError(f"is a spreadsheet workbook (or another packed file), not {expected}; "
                         f"{fix or f'save the {what} as YAML (see docs/profile-format.md)'}", source=source)
    for bom, codec, label, _write in _BOMS:
        if raw.startswith(bom):
            try:
                return _no_nul(raw.decode(codec), source, expected)
            except UnicodeDecodeError:
                raise InputError(f"is {label} text with a damaged character; save it as UTF-8",
                                 source=source) from None
    if b"\x00" in raw:
        head = raw[:200]
        if len(head) >= 4 and (head[1::2].count(0) > len(head) // 4 or head[0::2].count(0) > len(head) // 4):
            raise InputError("this file is UTF-16 (without a byte-order mark); save it as UTF-8",
                             source=source)
        raise InputError(f"is a binary file, not {expected}", source=source)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        why = not_utf8 or "(the file looks like Latin-1 or Windows-1252 text); save it as UTF-8"
        raise InputError(f"line {line}: byte 0x{raw[exc.start]:02X} is not UTF-8 {why}",
                         source=source) from None


def _no_nul(text: str, source: str, expected: str) -> str:
    if "\x00" in text:
        raise InputError(f"is a binary file, not {expected}", source=source)
    return text


# -- parsing ------------------------------------------------------------------------------------------
def format_for(name: str | Path) -> str | None:
    """'yaml' or 'json' from the file's extension; None for standard input or another extension."""
    suffix = Path(str(name)).suffix.lower()
    if suffix in YAML_SUFFIXES:
        return "yaml"
    if suffix in JSON_SUFFIXES:
        return "json"
    return None


class _Problem(Exception):
    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


def parse(text: str, source: str, fmt: str | None = None) -> Any:
    """Plain data from YAML (fmt 'yaml') or JSON ('json'); None sniffs: JSON when the text is a JSON
    object or array, YAML otherwise. InputError with the line for every syntax problem, repeated key,
    document that is too deep or number no float can hold."""
    if fmt is None:
        stripped = text.lstrip()
        if stripped[:1] in ("{", "["):
            try:
                return load_json(text, source)
            except InputError as exc:
                if "JSON syntax error" not in str(exc):
                    raise
        fmt = "yaml"
    return load_json(text, source) if fmt == "json" else load_yaml(text, source)


def load(name: str | Path, *, what: str = "profile", limit: int = MAX_BYTES) -> tuple[Any, str]:
    """Read, decode and parse a user's file (`-` for standard input): (data, source name for messages)."""
    _refuse_spreadsheet(str(name), what)   # before reading: a big workbook is named as one, not as too big
    return load_bytes(read_bytes(str(name), limit=limit, what=what), name, what=what)


def load_bytes(raw: bytes, name: str | Path, *, what: str = "profile") -> tuple[Any, str]:
    """`load` of a file already read (`raw`, its bytes, from `name`): decoded and parsed, (data, source
    name for messages); the same InputErrors."""
    name = str(name)
    source = "standard input" if name == STDIN else name
    _refuse_spreadsheet(name, what)
    text = decode(raw, source, what)
    if what == "profile" and answers_header(text[:4096]):   # Excel's "Unicode Text" sheet, say (.txt)
        raise InputError(f"is {ANSWERS_SHEET}, not a YAML or JSON profile: {answers_sheet_fix(name)}",
                         source=source)
    if not text.strip():
        raise InputError(f"is empty; a {what} needs at least a 'council' key" if what == "profile"
                         else "is empty", source=source)
    return parse(text, source, None if name == STDIN else format_for(name)), source


def _refuse_spreadsheet(name: str, what: str) -> None:
    """InputError for a spreadsheet's name (by its extension), saying what to give instead."""
    suffix = Path(name).suffix.lower()
    if name != STDIN and suffix in _SPREADSHEET_SUFFIXES:
        fix = ("`backtofront batch FILE.csv` assesses councils from CSV, one row a council; for one council "
               "write a YAML profile") if suffix == ".csv" else f"save the {what} as YAML"
        kind = _SPREADSHEET_SUFFIXES[suffix]
        if suffix in (".csv", ".tsv") and _is_answers_sheet(name):
            raise InputError(f"is {ANSWERS_SHEET}, not a YAML or JSON {what}: {answers_sheet_fix(name)}",
                             source=name)
        raise InputError(f"is {kind}, not a YAML or JSON {what}: {fix} "
                         "(see docs/profile-format.md)", source=name)


ANSWERS_SHEET = "a sheet of answers"


def answers_sheet_fix(name: str) -> str:
    """What to do with the answers sheet `name` given where a profile is read: the interview command that
    records it, with the file's own name (quoted for the shell), and the page that explains it."""
    import shlex

    given = "-" if name == STDIN else shlex.quote(name)
    return (f"`backtofront interview --answers {given} -o council.yaml` records them in a profile (see "
            "docs/interview.md, \"Answers from a file\")")


def answers_header(text: str) -> bool:
    """Whether one of the first two lines of `text` opens with the question_id column of a sheet of answers
    (`questions -o sheet.csv`, `interview --answers`), in any case or spacing."""
    return any(re.match(r"\W*question[\s_-]*id\b", line, re.I) for line in text.splitlines()[:2])


def _is_answers_sheet(name: str) -> bool:
    """Whether the CSV `name` opens (in its first 4,096 bytes) with the question_id column of a sheet of
    answers (`answers_header`), in UTF-8, Windows-1252 or with a byte-order mark (`_BOMS`)."""
    try:
        if not os.path.isfile(name):   # a FIFO or a device is not read here
            return False
        with open(name, "rb") as f:
            head = f.read(4096)
    except OSError:
        return False
    codec = next((codec for bom, codec, _label, _write in _BOMS if head.startswith(bom)), "utf-8")
    return answers_header(head.decode(codec, "replace").lstrip("\ufeff"))


# JSON ------------------------------------------------------------------------------------------------
def _line_col(text: str, pos: int) -> tuple[int, int]:
    line = text.count("\n", 0, pos) + 1
    return line, pos - (text.rfind("\n", 0, pos) + 1) + 1


def _json_decoder(text: str) -> json.JSONDecoder:
    # parse_object, parse_array and scan_once are attributes of the pure-Python decoder that typeshed does
    # not declare: Any, not JSONDecoder, here.
    decoder: Any = json.JSONDecoder(parse_int=_int_within_limit, parse_constant=float)
    depth = [0]

    def enter(pos: int) -> None:
        depth[0] += 1
        if depth[0] > MAX_DEPTH:
            line, col = _line_col(text, pos)
            raise _Problem(f"line {line} column {col}: nested more than {MAX_DEPTH} levels deep; "
                           "a profile is a few levels deep at most")

    def parse_object(s_and_end, strict, scan_once, object_hook, object_pairs_hook, memo=None):
        enter(s_and_end[1])
        try:
            pairs, end = json.decoder.JSONObject(s_and_end, strict, scan_once, None, list, memo)
        finally:
            depth[0] -= 1
        out: dict = {}
        for key, value in pairs:
            if key in out:
                pos = _second_key(s_and_end, strict, scan_once, key)
                line, _ = _line_col(text, pos)
                raise _Problem(f"line {line}: key {shown(key)} appears twice in the same object; "
                               "keep one (the other would be lost)")
            out[key] = value
        return out, end

    def parse_array(s_and_end, scan_once):
        enter(s_and_end[1])
        try:
            return json.decoder.JSONArray(s_and_end, scan_once)
        finally:
            depth[0] -= 1

    decoder.parse_object = parse_object
    decoder.parse_array = parse_array
    decoder.scan_once = _json_internals.scanner.py_make_scanner(decoder)
    return decoder


def _int_within_limit(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_DIGITS:
        raise _Problem(f"a number has more than {MAX_DIGITS} digits; no figure is that large")
    return int(digits)


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict:
    out = dict(pairs)
    if len(out) != len(pairs):
        raise _Problem("repeated key")
    return out


def _fast_json(text: str) -> Any:
    """The C decoder; raises _Problem or RecursionError when the slow one must find the place."""
    return json.loads(text, object_pairs_hook=_unique_pairs, parse_int=_int_within_limit,
                      parse_constant=float)


def _second_key(s_and_end, strict, scan_once, wanted: str) -> int:
    """Where `wanted` starts the second time among the keys of the object that starts at s_and_end."""
    s, pos = s_and_end
    ws = _json_internals.decoder.WHITESPACE.match
    seen = False
    while True:
        pos = ws(s, pos).end()
        if s[pos:pos + 1] != '"':
            return pos
        start = pos
        key, pos = _json_internals.decoder.scanstring(s, pos + 1, strict)
        if key == wanted:
            if seen:
                return start
            seen = True
        pos = ws(s, pos).end() + 1  # the colon
        pos = ws(s, pos).end()
        _, pos = scan_once(s, pos)
        pos = ws(s, pos).end() + 1  # the comma or the closing brace


def load_json(text: str, source: str) -> Any:
    """JSON with repeated keys, excessive nesting and overlong numbers refused (InputError with the line)."""
    try:
        try:
            return _fast_json(text)
        except (_Problem, RecursionError):
            pass  # parse again, slowly, to say where
        return _json_decoder(text).decode(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"JSON syntax error at line {exc.lineno} column {exc.colno}: {exc.msg}",
                         source=source) from None
    except _Problem as exc:
        raise InputError(f"JSON: {exc.message}", source=source) from None
    except RecursionError:
        raise InputError("JSON: nested too deeply; a profile is a few levels deep at most",
                         source=source) from None


# YAML ------------------------------------------------------------------------------------------------
# Keys whose values are free text a person writes: a plain scalar under one of them stays the text as
# written, even where YAML would read a number, a boolean or a date (`evidence: No`, `notes: 2007`).
FREE_TEXT_KEYS = frozenset({"evidence", "notes", "justification", "reason", "sender", "name"})
_TYPED_TAGS = frozenset({"tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
                         "tag:yaml.org,2002:timestamp"})
_STR_TAG = "tag:yaml.org,2002:str"


class _Loader(_SafeLoader):
    """The safe loader, with repeated keys refused, impossible dates and overlong numbers explained, and
    free text (FREE_TEXT_KEYS) kept as written."""

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if (isinstance(key_node, yaml.ScalarNode) and key_node.value in FREE_TEXT_KEYS
                        and isinstance(value_node, yaml.ScalarNode) and not value_node.style
                        and value_node.tag in _TYPED_TAGS):
                    value_node.tag = _STR_TAG
            seen: dict[Any, int] = {}
            for key_node, _ in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    continue
                key = self.construct_object(key_node, deep=True)
                try:
                    hash(key)
                except TypeError:
                    raise yaml.constructor.ConstructorError(
                        None, None, "a key cannot be a list or a mapping", key_node.start_mark) from None
                if key in seen:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"key {shown(key)} appears twice in the same mapping (first at line "
                        f"{seen[key]}); keep one (the other would be lost)", key_node.start_mark)
                seen[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_int(self, node):
        if len(str(node.value)) > MAX_DIGITS:
            raise yaml.constructor.ConstructorError(
                None, None, f"a number has more than {MAX_DIGITS} digits; no figure is that large",
                node.start_mark)
        return super().construct_yaml_int(node)

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError as exc:
            parts = re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})", str(node.value))
            ymd = tuple(map(int, parts.groups())) if parts else None
            if ymd is None:
                why, fix = str(exc), "; use YYYY-MM-DD"
            elif reason := no_such_day(*ymd):   # written as it should be, but no such day
                why, fix = reason, ""
            else:  # the day is real; its time or time zone is not ("+99:00")
                why, fix = "its time of day cannot be read", "; give the date only, as YYYY-MM-DD"
            message = f"{cut(str(node.value))} is not a real date ({why}){fix}"
            raise yaml.constructor.ConstructorError(None, None, message, node.start_mark) from None


_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_yaml_int)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)


def load_yaml(text: str, source: str) -> Any:
    """YAML through the safe loader, every problem an InputError in the user's terms with its line."""
    if m := SURROGATE.search(text):
        raise InputError(f"line {text.count(chr(10), 0, m.start()) + 1}: an unpaired surrogate "
                         f"(\\u{ord(m.group()):04x}), which is not a character; remove it", source=source)
    if m := SEPARATORS.search(text):  # YAML reads them as line breaks: say so before it trips over one
        raise InputError(f"line {text.count(chr(10), 0, m.start()) + 1}: the text "
                         f"{formatting_problem(m.group())}",
                         source=source)
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.reader.ReaderError as exc:
        pos = getattr(exc, "position", 0) or 0
        line = text.count("\n", 0, pos) + 1
        char = getattr(exc, "character", None)
        code = f"U+{char:04X}" if isinstance(char, int) else repr(char)
        what = "a noncharacter" if isinstance(char,
                                              int) and NONCHARACTER.fullmatch(
                                                  chr(char)) else "a control character"
        raise InputError(f"line {line}: {what} ({code}) YAML does not allow; remove it",
                         source=source) from None
    except yaml.YAMLError as exc:
        raise InputError(_yaml_message(exc, text), source=source) from None
    except RecursionError:
        raise InputError("YAML: nested too deeply; a profile is a few levels deep at most",
                         source=source) from None


def _yaml_message(exc: yaml.YAMLError, text: str) -> str:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc) or "cannot be parsed"
    context = getattr(exc, "context", None) or ""
    line_no = mark.line + 1 if mark else None
    where = f" at line {line_no} column {mark.column + 1}" if mark else ""
    line = text.split("\n")[mark.line] if mark and mark.line < text.count("\n") + 1 else ""
    if "expected a single document" in context or "found another document" in problem:
        return (f"YAML{where}: the file holds more than one YAML document (a line '---' starts another); "
                "a profile is one document")
    if "\t" in line[: (mark.column + 1) if mark else 0] or "'\\t'" in problem:
        return f"YAML{where}: tab characters cannot indent YAML; indent with spaces"
    if "maximum nesting depth" in problem:
        return f"YAML{where}: nested too deeply; a profile is a few levels deep at most"
    # the parser's words for the usual slips of a hand-edited file, in the user's
    if problem.startswith(("did not find expected key", "expected <block end>")) and line_no:
        return (f"YAML at line {line_no}: not indented as the lines before it; check it and the line above "
                "(a section's keys start in the same column)")
    if problem.startswith("mapping values are not allowed") and line_no:
        return (f"YAML at line {line_no}: a ': ' where YAML cannot take one; check the line's indentation "
                "against the line above, or put a value holding ': ' in quotes")
    if problem.startswith("could not find expected ':'") and line_no:
        return f"YAML at line {line_no}: a line at or above it has no ':' after its key; write key: value"
    return f"YAML error{where}: {cut(problem, 200)}"


# -- checking parsed data -----------------------------------------------------------------------------
def check_data(data: Any) -> str | None:
    """The first problem no schema can state in the parsed data, as 'key.path: message', or None:
    nesting deeper than MAX_DEPTH, keys that are not text, non-finite or overlong numbers, control
    characters (C0 but tab and newline, DEL, C1), unpaired surrogates and invisible formatting characters
    (`formatting_problem`: a bidi override, a line separator, tag characters) in any text, and more than
    MAX_NODES values (YAML aliases expand into the same objects again and again: a "billion laughs"
    file is refused at once rather than walked). Iterative, so any depth is safe."""
    return None if _plainly_fine(data) else _first_problem(data)


def _first_problem(data: Any) -> str | None:
    """check_data's answer found the long way: a walk that keeps each value's key path for the message."""
    if _expanded_size(data) > MAX_NODES:
        return (f"(top level): too many nodes (YAML aliases?): more than {MAX_NODES:,} values; "
                "a profile holds a few hundred")
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(data, ())]
    while stack:
        value, path = stack.pop()
        where = _Where(path)
        if len(path) > MAX_DEPTH:
            return (f"{where}: nested more than {MAX_DEPTH} levels deep; a profile is a few levels deep at "
                    "most")
        if isinstance(value, dict):
            for key, item in reversed(list(value.items())):
                if not isinstance(key, str):
                    return (f"{where}: the key {shown(key)} is read as {kind(key)}; keys are names: "
                            "put it in quotes if it is one")
                if problem := text_problem(key):
                    return f"{where}: the key {shown(key)} {problem}"
                stack.append((item, (*path, key)))
        elif isinstance(value, list):
            stack.extend((item, (*path, i)) for i, item in reversed(list(enumerate(value))))
        elif isinstance(value, str):
            if problem := text_problem(value):
                return f"{where}: the text {problem}"
        elif isinstance(value, float) and not math.isfinite(value):
            return f"{where}: {shown(value)} is not a finite number; give a number, or leave it out"
        elif isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 1000:
            return f"{where}: the number is too large for any figure"
    return None


def _plainly_fine(data: Any) -> bool:
    """True when `data` has none of check_data's problems, found by one quick walk and one search of all
    its text at once (the usual case); False when it may have one, which check_data's own walks then find
    and word. A container met twice (a YAML alias, or one inside itself) ends the walk at once with False,
    so the walk visits each container once, however the data repeats them."""
    texts: list[str] = []
    seen: set[int] = set()
    stack: list[tuple[Any, int]] = [(data, 0)]
    values = 0
    while stack:
        value, depth = stack.pop()
        values += 1
        if isinstance(value, (dict, list)):
            if id(value) in seen or depth >= MAX_DEPTH:
                return False
            seen.add(id(value))
        if isinstance(value, dict):
            for key, item in value.items():
                if not isinstance(key, str):
                    return False
                texts.append(key)
                stack.append((item, depth + 1))
        elif isinstance(value, list):
            stack.extend((item, depth + 1) for item in value)
        elif isinstance(value, str):
            texts.append(value)
        elif isinstance(value, float) and not math.isfinite(value):
            return False
        elif isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 1000:
            return False
    if values > MAX_NODES:
        return False
    # tab is never a problem, and a character that is one is one wherever it stands: the joined text holds
    # a possible problem exactly when some text does (a joiner is judged in its own text, by the walk)
    return not _ANY_PROBLEM.search("\t".join(texts))


class _Where:
    """A key path as check_data's messages name it ("answers.SR04", "(top level)"), joined only when a
    message is written: most values have no problem."""

    __slots__ = ("path",)

    def __init__(self, path: tuple[str | int, ...]) -> None:
        self.path = path

    def __str__(self) -> str:
        return ".".join(str(p) for p in self.path) or "(top level)"

    def __format__(self, spec: str) -> str:   # f-strings format it
        return format(str(self), spec)


def _expanded_size(data: Any) -> int:
    """The number of values in `data` with every shared container counted each time it appears (as a
    walk would meet them), computed once per container: linear in the distinct objects, however many
    times YAML aliases repeat them. Stops counting beyond MAX_NODES."""
    sizes: dict[int, int] = {}
    started: set[int] = set()
    stack: list[tuple[Any, bool]] = [(data, False)]
    while stack:
        value, children_done = stack.pop()
        if not isinstance(value, (dict, list)) or id(value) in sizes:
            continue
        items = list(value.values()) if isinstance(value, dict) else value
        if children_done:
            total = 1
            for item in items:
                total += sizes.get(id(item), 1) if isinstance(item, (dict, list)) else 1
            sizes[id(value)] = min(total, MAX_NODES + 1)
        elif id(value) in started:
            return MAX_NODES + 1  # a container inside itself (a recursive alias): endless once expanded
        else:
            started.add(id(value))
            stack.append((value, True))
            stack.extend((item, False) for item in items if isinstance(item, (dict, list))
                         and id(item) not in sizes)
    return sizes.get(id(data), 1)


def text_problem(text: str) -> str | None:
    """Why one text (a value or a key) cannot be taken, as 'holds ...; remove it', or None: an unpaired
    surrogate, a control character (C0 but tab and newline, DEL, C1), a noncharacter (U+FDD0-U+FDEF and
    the last two code points of every plane, U+FFFE and U+FFFF among them) or an invisible formatting
    character (`formatting_problem`). One search when the text holds none of them (the usual case)."""
    if not _ANY_PROBLEM.search(text):
        return None
    if m := SURROGATE.search(text):
        return (f"holds an unpaired surrogate (\\u{ord(m.group()):04x}), which is not a character; "
                "remove it")
    if m := CONTROL.search(text):
        return f"holds a control character (U+{ord(m.group()):04X}); remove it"
    if m := NONCHARACTER.search(text):
        return f"holds U+{ord(m.group()):04X}, a noncharacter (never a character of any text); remove it"
    return formatting_problem(text)


_ANY_PROBLEM = re.compile("|".join(p.pattern for p in (SURROGATE, CONTROL, NONCHARACTER, FORMATTING,
                                                       JOINERS)))


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")


def no_such_day(year: int, month: int, day: int) -> str | None:
    """Why year-month-day is no date, in words a person reads ("there is no month 13", "February 2008
    has 29 days"); None for a day that exists (one `datetime.date` takes)."""
    import calendar

    if not 1 <= year <= 9999:
        return f"there is no year {year}"
    if not 1 <= month <= 12:
        return f"there is no month {month}"
    days = calendar.monthrange(year, month)[1]
    return None if 1 <= day <= days else f"{_MONTHS[month - 1]} {year} has {days} days"


def digits_problem(text: str) -> str | None:
    """Why a figure or a date written as text cannot be read, when it holds a digit other than 0-9 (a
    superscript ², an Arabic-Indic ٣, a fullwidth ３: Python would read some of them as numbers, and
    others not at all): 'holds U+00B2 SUPERSCRIPT TWO, ...'; None when every digit is 0-9."""
    for ch in text:
        if not ch.isascii() and (ch.isdigit() or ch.isnumeric()):
            return (f"holds {character_name(ch)}, which is not one of the digits 0-9; write it "
                    "with 0-9")
    return None


def character_name(char: str) -> str:
    """'U+202E RIGHT-TO-LEFT OVERRIDE': a character's code point and its Unicode name (unicodedata)."""
    fallback = "TAG CHARACTER" if 0xE0000 <= ord(char) <= 0xE007F else "UNNAMED CHARACTER"
    return f"U+{ord(char):04X} {unicodedata.name(char, fallback)}"


def _in_word(char: str) -> bool:
    """A letter, mark, digit or symbol (emoji): what a zero-width joiner or non-joiner may stand between."""
    return unicodedata.category(char)[0] in "LMNS"


def formatting_problem(text: str) -> str | None:
    """Why `text` (a name, a note, an option's value) holds an invisible character that could reorder or
    hide what a terminal, letter or PDF shows, as 'holds U+202E RIGHT-TO-LEFT OVERRIDE, ...; remove it';
    None when it holds none. Refused: FORMATTING (bidi embeddings, overrides and isolates U+202A-U+202E
    and U+2066-U+2069; line and paragraph separators U+2028-U+2029; tag characters U+E0000-U+E007F;
    U+206A-U+206F; U+FFF9-U+FFFB). A zero-width joiner or non-joiner (U+200D, U+200C) is accepted
    between two letters, marks, digits or symbols (inside a word, as Indic and Persian scripts and emoji
    sequences use it) and refused at the start or end of the text, beside a space or beside another
    invisible character. The left-to-right and right-to-left marks (U+200E, U+200F), soft hyphens and
    zero-width spaces are accepted: right-to-left names need the marks, and none of them reorders or
    hides other text."""
    if m := FORMATTING.search(text):
        return (f"holds {character_name(m.group())}, an invisible formatting character that can reorder, "
                "break or hide what is printed; remove it")
    for m in JOINERS.finditer(text):
        i = m.start()
        if i == 0 or i == len(text) - 1 or not (_in_word(text[i - 1]) and _in_word(text[i + 1])):
            return (f"holds {character_name(m.group())} outside a word (at the start or end, or beside a "
                    "space or another invisible character); remove it")
    return None


def plain_spaces(data: Any) -> Any:
    """`data` with every no-break space (U+00A0, U+2007, U+202F) in its text values made a plain space,
    as a name pasted from a word processor or web page often carries them: they keep words from wrapping
    and make one name two. Keys are left as they are; `data` itself is not changed (containers are
    copied). Recursive: call it on data `check_data` has passed (at most MAX_DEPTH deep)."""
    if isinstance(data, str):
        return data.translate(NO_BREAK_SPACES)
    if isinstance(data, dict):
        return {key: plain_spaces(value) for key, value in data.items()}
    if isinstance(data, list):
        return [plain_spaces(value) for value in data]
    return data
