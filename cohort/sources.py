"""Where many councils come from: a folder of profiles (every .yaml, .yml and .json file), a CSV file
(one row a council), or the bundled case-study councils. Each council is an `Entry` that can be loaded
on its own, in this process or in a worker process, so one bad profile does not stop the others."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from backtofront.classifier import csvtable
from backtofront.classifier import profile as profile_mod
from backtofront.classifier.errors import InputError, is_utf8, printable

from . import csvfile

PROFILE_SUFFIXES = (".yaml", ".yml", ".json")


@dataclass(frozen=True)
class Entry:
    """One council of a cohort. `name` names its outputs (`<name>.json`): a file's stem, or for a CSV
    row the council's name made safe for a file name (with the line number when two rows share it).
    `path` is the file it came from (a CSV row: the CSV); `data` holds a CSV row's or a case's profile.
    `refused`: why the file is never opened (named like a profile, but a FIFO, a device or a socket,
    which would keep a batch waiting for ever): loading it, or taking its digest, is that InputError."""
    name: str
    source: str
    path: Path | None
    row: csvfile.Row | None = None
    data: dict[str, Any] | None = None
    refused: str | None = None

    def _refuse(self) -> None:
        if self.refused is not None:
            raise InputError(self.refused, source=self.source)

    def load(self) -> profile_mod.Profile:
        """The validated profile; InputError names the file (and line) and the problem."""
        self._refuse()
        if self.row is not None:
            return csvfile.parse_row(self.row)
        if self.data is not None:
            return profile_mod.parse(self.data, self.source)
        assert self.path is not None
        return profile_mod.load(self.path)

    def council(self) -> dict[str, str]:
        """The council's name and type as far as they can be read without validating the profile (for
        naming a council whose profile fails): {"name", "type"}, each "" when unreadable."""
        data: Any = self.row.data if self.row is not None else self.data
        if data is None and self.path is not None and self.refused is None:
            from backtofront.classifier import loading

            try:
                data, _ = loading.load(self.path, limit=profile_mod.MAX_PROFILE_BYTES)
            except InputError:
                data = None
        council = data.get("council") if isinstance(data, dict) else None
        if not isinstance(council, dict):
            return {"name": "", "type": ""}
        from backtofront.classifier import loading

        # only text that could stand in a valid profile: no control or invisible formatting characters
        return {k: council[k].strip() if isinstance(council.get(k), str) and len(council[k]) <= 200
                and loading.text_problem(council[k]) is None else "" for k in ("name", "type")}

    def mtime(self) -> float:
        return self.path.stat().st_mtime if self.path is not None else 0.0

    def fingerprint(self) -> str:
        """A digest of what this council's profile holds (the file's bytes, or a CSV row's or a case's
        data): a stored result is reused only for the very same profile. OSError if the file went."""
        import hashlib
        import json

        self._refuse()
        if self.row is not None or self.data is not None:
            data = self.row.data if self.row is not None else self.data
            raw = json.dumps(data, sort_keys=True, default=str, ensure_ascii=False).encode("utf-8")
        else:
            assert self.path is not None
            raw = self.path.read_bytes()
        return hashlib.sha256(raw).hexdigest()


# Letters NFKD does not take apart, as English spells them in a file name.
_LATIN = str.maketrans({"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th",
                        "ı": "i"})


def slug(text: str) -> str:
    """A council's name as a file name: lower case ASCII letters, digits and hyphens, accented letters
    transliterated ("Café Town" -> "cafe-town", "Ynys Môn" -> "ynys-mon": Unicode's NFKD decomposition with
    its combining marks dropped); at most 80 characters; "council" when nothing is left."""
    text = unicodedata.normalize("NFKD", text.lower().translate(_LATIN))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:80].strip("-") or "council"


NOT_UTF8 = "its name is not valid UTF-8 text (the escapes stand for its bytes); rename it"
CONTROL_IN_NAME = ("its name holds a control character (shown as an escape), which would reach the result's "
                   "file name and the summaries; rename it")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def entries(source: str | Path) -> list[Entry]:
    """The councils of a folder or a CSV file, in name order (a folder) or row order (a CSV).

    Errors: InputError when the path does not exist, is neither a folder nor a .csv file, holds no
    profile, or is a CSV whose header is wrong."""
    path = Path(source)
    if not path.exists():
        raise InputError("no such file or folder", source=str(path))
    if not is_utf8(str(path)):
        raise InputError(NOT_UTF8, source=printable(str(path)))
    if path.is_dir():
        # hidden files (".x.yaml", and the "._x.yaml" a Mac leaves on shared drives) are not profiles
        # anything named like a profile but a folder is kept (a link to nothing, a FIFO, a device), so that
        # it fails with its reason rather than being passed over; a FIFO, device or socket is never opened
        from backtofront.render.output import special_kind

        files = sorted(p for p in path.iterdir() if not p.is_dir() and p.suffix.lower() in PROFILE_SUFFIXES
                       and not p.name.startswith("."))
        if not files:
            raise InputError("holds no profile (.yaml, .yml or .json files)", source=str(path))
        # a name that is not UTF-8 (bytes a Windows share or an old archive left) cannot be written into
        # the results: that council fails, named in the escapes it prints with, and the others go on
        return [Entry(printable(p.stem), printable(str(p)), p, refused=NOT_UTF8) if not is_utf8(p.name) else
                Entry(printable(p.stem), printable(str(p)), p, refused=CONTROL_IN_NAME)
                if _CONTROL.search(p.name) else
                Entry(p.stem, str(p), p,
                      refused=f"is {kind}, not a profile file" if (kind := special_kind(p)) else None)
                for p in files]
    if path.suffix.lower() not in csvtable.SHEET_SUFFIXES:
        raise InputError("give a folder of profiles or a .csv file (one row a council; Excel's \"Unicode "
                         "Text\" .txt is read too)", source=str(path))
    rows = csvfile.read(path)
    if not rows:
        raise InputError("has a header but no council rows", source=str(path))
    names = [slug(r.name) for r in rows]
    out = []
    for row, name in zip(rows, names):
        if names.count(name) > 1:
            name = f"{name}-line{row.line}"
        out.append(Entry(name, row.source, path, row=row))
    return out


def case_entries() -> list[Entry]:
    """The bundled case-study councils (examples/cases/), as a cohort."""
    from backtofront.classifier import cases as cases_mod

    return [Entry(Path(c.file).stem, f"case study {c.number}", None, data=c.data)
            for c in cases_mod.load_all().values()]
