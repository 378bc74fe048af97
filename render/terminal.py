"""What the output can show: width, colour, encoding; and text made safe to print.

One place decides, for every command:

- **colour**: only on a terminal, and never when `NO_COLOR` is set to any non-empty value
  (https://no-color.org), when `--no-color` is given (anywhere on the command line), or when `TERM=dumb`.
  Output rendered for a pipe or a file carries no colour or cursor codes at all.
- **width**: the terminal's columns (`shutil.get_terminal_size`, which honours `COLUMNS`), or a fixed
  width for pipes and files so that saved reports do not depend on the window they were made in.
- **encoding**: standard output in a legacy encoding (cp1252, latin-1, ASCII) still receives the whole
  report: box drawing, quotes and dashes fall back to ASCII (`+-|`, `'`, `-`) and any other character
  the encoding lacks to its nearest ASCII letter or `?`; a fallback is never `"` or `\\`, so JSON stays
  valid even from code that does not use `json_text`, which escapes instead (`\\u201c`).
- **control characters**: C0 (except tab and newline), DEL, C1 and escape sequences are removed from
  everything printed (`clean`), so text from a profile cannot move the cursor, retitle the window or
  ring the bell. Only the colour (SGR) codes this program's own renderer adds survive, and only when
  colour is on.

`install()` puts `SafeStream` in front of stdout and stderr for the length of a command; `main()` in
cli.py calls it. A live display that moves the cursor itself (a progress bar) writes to
`unfiltered(sys.stderr)` instead, with any profile text passed through `clean` first.
"""

from __future__ import annotations

import codecs
import json
import os
import re
import shutil
import sys
import unicodedata
from typing import Any, TextIO

import msgspec

PIPE_WIDTH = 100  # columns for output that is not a terminal (pipes, files)
NARROW = 80  # below this many columns, tables give way to lists

# Escape sequences: CSI (ESC [ ... final), OSC (ESC ] ... BEL or ST), other two-character escapes, and
# the 8-bit CSI/OSC introducers. Then single control characters: C0 but tab and newline, DEL, C1.
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]?|"
                      r"\x9b[0-?]*[ -/]*[@-~]|\x9d[^\x07\x9c]*(?:\x07|\x9c)?")
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SGR = re.compile(r"\x1b\[[0-9;]*m")


def clean(text: str) -> str:
    """`text` without escape sequences and control characters (tab and newline stay)."""
    return _CONTROLS.sub("", _ESCAPES.sub("", text))


def _clean_keeping_colour(text: str) -> str:
    """Like `clean`, but colour (SGR) sequences survive: for output this program rendered itself."""
    parts, last = [], 0
    for m in _SGR.finditer(text):
        parts.append(clean(text[last:m.start()]))
        parts.append(m.group())
        last = m.end()
    parts.append(clean(text[last:]))
    return "".join(parts)


# -- encoding fallback ---------------------------------------------------------------------------
_ASCII = {
    # never `"` or `\`: JSON written with characters as they are stays valid after the fallback
    "“": "'", "”": "'", "„": "'", "«": "'", "»": "'", "‘": "'", "’": "'", "‚": "'", "′": "'", "″": "'",
    "–": "-", "—": "-", "‒": "-", "−": "-", "‐": "-", "‑": "-", "…": "...", "•": "*", "·": ".", "→": "->",
    "←": "<-", "↑": "^", "↓": "v", "≥": ">=", "≤": "<=", "≠": "!=", "×": "x", "÷": "/", "£": "GBP ",
    "€": "EUR ", "©": "(c)", "®": "(R)", "™": "(TM)", "°": " deg", "½": "1/2", "¼": "1/4", "¾": "3/4",
    "\u00a0": " ", "\u202f": " ", "\u2009": " ", "✓": "v", "✗": "x",
}


def _box(ch: str) -> str | None:
    """ASCII for a box-drawing or block character (U+2500-U+259F)."""
    code = ord(ch)
    if not 0x2500 <= code <= 0x259F:
        return None
    name = unicodedata.name(ch, "")
    if code >= 0x2580:
        return "#"
    joins = any(word in name.split() for word in ("AND", "DOWN", "UP", "LEFT", "RIGHT", "ARC"))
    if "HORIZONTAL" in name and "VERTICAL" not in name and not joins:
        return "=" if "DOUBLE" in name else "-"
    if "VERTICAL" in name and "HORIZONTAL" not in name and not joins:
        return "|"
    return "+"


def ascii_for(ch: str) -> str:
    """The ASCII stand-in for one character: its mapping, box drawing, its letter without accents, or ?."""
    if ch in _ASCII:
        return _ASCII[ch]
    box = _box(ch)
    if box:
        return box
    plain = unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode("ascii")
    return plain.replace('"', "'").replace("\\", "/") or "?"


def _fallback(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    return "".join(ascii_for(ch) for ch in exc.object[exc.start:exc.end]), exc.end


codecs.register_error("backtofront-ascii", _fallback)


def encodable(text: str, encoding: str) -> str:
    """`text` with every character `encoding` lacks replaced by its ASCII stand-in (see `ascii_for`)."""
    return text.encode(encoding, "backtofront-ascii").decode(encoding)


def _is_unicode(encoding: str | None) -> bool:
    try:
        return codecs.lookup(encoding or "ascii").name.startswith("utf")
    except LookupError:
        return False


# -- the decision --------------------------------------------------------------------------------
_no_color_flag = False


def configure(*, no_color: bool) -> None:
    """Record the global `--no-color` option (cli.main finds it anywhere on the command line)."""
    global _no_color_flag
    _no_color_flag = no_color


class Terminal(msgspec.Struct, frozen=True):
    """How standard output is to be written. `width` in columns; `unicode` is False for legacy encodings."""
    tty: bool
    color: bool
    width: int
    unicode: bool

    @property
    def narrow(self) -> bool:
        return self.width < NARROW


def _stream_encoding(stream: Any) -> str | None:
    return getattr(stream, "target_encoding", None) or getattr(stream, "encoding", None)


def isatty(stream: Any) -> bool:
    """Whether `stream` is a terminal; False for None, a closed stream, or one whose terminal has gone."""
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


def stdout(*, to_file: bool = False, max_width: int = 140, pipe_width: int = PIPE_WIDTH) -> Terminal:
    """The Terminal for standard output now; `to_file` when the output goes to a file (-o) instead.

    A terminal's width is capped at `max_width` columns (long lines are hard to read); pipes and files get
    `pipe_width`. Colour needs a terminal, no `NO_COLOR`, no `--no-color` and a `TERM` other than dumb."""
    tty = not to_file and isatty(sys.stdout)
    color = tty and not os.environ.get("NO_COLOR") and not _no_color_flag \
        and os.environ.get("TERM", "") != "dumb"
    width = min(shutil.get_terminal_size().columns, max_width) if tty else pipe_width
    unicode = True if to_file else _is_unicode(_stream_encoding(sys.stdout))
    return Terminal(tty=tty, color=color, width=max(width, 20), unicode=unicode)


def legacy_encoding(*, to_file: bool = False) -> str | None:
    """The legacy encoding standard output is written in ("cp1252"), or None for Unicode and files."""
    if to_file:
        return None
    encoding = _stream_encoding(sys.stdout)
    return None if _is_unicode(encoding) else (encoding or "ascii")


def json_bytes(data: Any) -> bytes:
    """`data` (plain data: dicts, lists, text, numbers, booleans, None) as UTF-8 JSON indented by two
    spaces, plus a newline, characters as they are: the form of every JSON output and file the project
    writes. Floats are written shortest-first (1e16, not 1e+16). A file name that is not UTF-8 (its bytes
    reach Python as lone surrogates) is written with escapes, as messages print it (`printable`). Raises
    TypeError for anything else."""
    try:
        raw = msgspec.json.encode(data)
    except UnicodeEncodeError:
        raw = msgspec.json.encode(_without_surrogates(data))
    return msgspec.json.format(raw, indent=2) + b"\n"


def _without_surrogates(data: Any) -> Any:
    """`data` with every text holding a lone surrogate written as `printable` writes it (\\udcff)."""
    from backtofront.classifier.errors import is_utf8, printable

    if isinstance(data, str):
        return data if is_utf8(data) else printable(data)
    if isinstance(data, dict):
        return {_without_surrogates(k): _without_surrogates(v) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [_without_surrogates(v) for v in data]
    return data


def json_text(data: Any, *, to_file: bool = False) -> str:
    """`data` as indented JSON plus a newline (json_bytes): characters as they are for UTF-8 output and
    files, as `\\u` escapes when standard output is in a legacy encoding."""
    if not to_file and not _is_unicode(_stream_encoding(sys.stdout)):
        return json.dumps(data, indent=2, ensure_ascii=True) + "\n"
    return json_bytes(data).decode("utf-8")


# -- the stream ----------------------------------------------------------------------------------
class SafeStream:
    """A text stream in front of `target` that writes only what is safe and what the encoding can show.

    Claims UTF-8 (it accepts any text; click then uses it as it is); `target_encoding` is the real one."""

    encoding = "utf-8"
    errors = "strict"

    def __init__(self, target: TextIO, *, keep_colour: bool) -> None:
        self.target = target
        self.target_encoding = getattr(target, "encoding", None) or "utf-8"
        self._keep_colour = keep_colour
        self._unicode = _is_unicode(self.target_encoding)

    def write(self, text: str) -> int:
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        safe = _clean_keeping_colour(text) if self._keep_colour else clean(text)
        if not self._unicode:
            safe = encodable(safe, self.target_encoding)
        self.target.write(safe)
        return len(text)

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        self.target.flush()

    def isatty(self) -> bool:
        return isatty(self.target)

    def fileno(self) -> int:
        return self.target.fileno()

    def writable(self) -> bool:
        return True

    def readable(self) -> bool:
        return False

    def __getattr__(self, name: str) -> Any:
        return getattr(self.target, name)


def install() -> tuple[TextIO, TextIO]:
    """Put SafeStreams in front of sys.stdout and sys.stderr; returns the originals for `restore`."""
    old = sys.stdout, sys.stderr
    if sys.stdout is not None and not isinstance(sys.stdout, SafeStream):
        sys.stdout = SafeStream(sys.stdout, keep_colour=stdout().color)
    if sys.stderr is not None and not isinstance(sys.stderr, SafeStream):
        sys.stderr = SafeStream(sys.stderr, keep_colour=False)
    return old


def restore(old: tuple[TextIO, TextIO]) -> None:
    sys.stdout, sys.stderr = old


def unfiltered(stream: TextIO) -> TextIO:
    """The stream behind a SafeStream, for a live display this program draws itself (a progress bar,
    a full-screen app) that needs cursor codes: give it only text already passed through `clean`."""
    return stream.target if isinstance(stream, SafeStream) else stream


# -- wrapping ------------------------------------------------------------------------------------
def wrap(text: str, width: int) -> str:
    """`text` with each line longer than `width` columns broken between words, never inside one. A
    continuation of a list item (`- `, `1. `) lines up with the item's text; of another indented line,
    two columns past its indent (a hanging indent); a paragraph at the margin stays at the margin. Line
    ends and trailing spaces (a prompt's) are kept. A word longer than the width stays whole."""
    import textwrap

    out = []
    for line in text.split("\n"):
        body = line.rstrip(" ")
        if len(line) <= width or not body.strip():
            out.append(line)
            continue
        indent = " " * (len(body) - len(body.lstrip()))
        bullet = re.match(r"\s*(?:[-*]|\d+\.|\(\w\))\s+", body)
        follow = " " * len(bullet.group()) if bullet else (indent + "  " if indent else "")
        filled = textwrap.fill(body, width, initial_indent="", subsequent_indent=follow,
                               break_long_words=False, break_on_hyphens=False)
        out.append(filled + line[len(body):])
    return "\n".join(out)


def hanging(prefix: str, text: str, width: int) -> str:
    """One entry, `prefix` then `text`, wrapped at `width` with continuation lines under the text's start
    (when the prefix leaves at least 30 columns for it); ends with a newline."""
    import textwrap

    indent = " " * len(prefix) if width - len(prefix) >= 30 else "    "
    return textwrap.fill(text, width, initial_indent=prefix, subsequent_indent=indent,
                         break_long_words=False, break_on_hyphens=False) + "\n"


def page(text: str, rows: int | None = None) -> None:
    """Print `text` (this program's own, already wrapped); on a terminal (standard input and output both),
    text longer than the screen (`rows` lines, default the terminal's) goes through `$PAGER` (default
    `less -R`, which keeps bold and colour). Never through a pager when piped. A pager that cannot be
    started falls back to printing."""
    import shlex
    import subprocess

    rows = rows or shutil.get_terminal_size().lines
    if not (isatty(sys.stdout) and isatty(sys.stdin)) or text.count("\n") < rows - 1:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    command = shlex.split(os.environ.get("PAGER") or "less -R")
    sys.stdout.flush()
    try:
        proc = subprocess.Popen(command, stdin=subprocess.PIPE)
    except OSError:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    try:
        proc.communicate(text.encode(sys.stdout.encoding or "utf-8", "backtofront-ascii"))
    except BrokenPipeError:
        pass
    proc.wait()
