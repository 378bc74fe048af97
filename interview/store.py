"""The interview's only state: the profile file itself, saved atomically after every answer.

A `ProfileFile` holds a profile as a round-trip document (ruamel.yaml for YAML, so an existing profile
keeps its comments, key order and layout; plain JSON for `.json`). Every change is written at once by
`save()`: the new text is checked to load as a profile (classifier.profile), written to a temporary file
in the same folder, flushed to disk and renamed over the old one, so an interrupted run (Ctrl-C, a closed
terminal, a crash) leaves either the previous file or the new one, never half of either.

Someone else's edit is never written over. The store keeps the bytes of the file as it last read or wrote
it, and every save compares the file on disk with them (its size, then its bytes; never a time stamp
alone) before it writes anything, and again once the new text is on disk, just before the rename. When
they differ (a hand edit saved from an editor while the interview was open, another program's write, the
file replaced by a folder) nothing is written: `save()` raises ChangedOutside (an InputError, exit 2), one
sentence saying that the file was changed outside the interview, that the answer was not saved into it,
and that running the interview again continues from the changed file. The interview then stops; the file
stays as the other hand left it. A file deleted or moved away meanwhile is treated the same way and is not
made again: deleting or moving a profile is someone's decision (to start over, to file it elsewhere, to
take it back from a colleague), and a new file in its place, holding the interview's copy, would undo that
unseen, or leave a second copy beside the moved one that would soon differ from it; the message says to
put the file back and run the interview again (or run it again to start anew). Likewise a new profile's
file that appears before the interview's first save (another program's, or an editor's) is never written
over. A change saved in the instant between that check and the rename cannot be seen: nothing binds an
editor to the interview's lock.

Answers use the profile's `answers:` mapping (docs/profile-format.md): `{question_id: answer}`, or
`{question_id: {answer: ..., evidence: "...", justification: "..."}}` when a note or a justification goes
with it; an answer is an option id (`single`), a list of option ids (`multiple`), a number (`number`),
`na` (which needs a justification) or `dont_know` (the report's Table 4 indicators, issue 10).
"""

from __future__ import annotations

import errno
import io
import json
import math
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from backtofront.classifier import profile as profile_mod
from backtofront.classifier import knowledge, loading
from backtofront.classifier.errors import InputError
from backtofront.classifier.questions import Question
from backtofront.render import output as output_mod
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

COUNCIL_TYPES: tuple[str, ...] = knowledge.COUNCIL_TYPE_IDS
NA, DONT_KNOW = "na", "dont_know"


@dataclass(frozen=True)
class Answer:
    """One answer: `value` is an option id, a list of option ids, a number, 'na' or 'dont_know'."""
    value: Any
    evidence: str | None = None
    justification: str | None = None


def _shown(value: Any) -> str:
    """A value a file gave, as a message shows it: text quoted, a whole number as written (2, not 2.0),
    anything else by its kind in the user's words ("a date", "nothing (null)", "true/false")."""
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
        return str(int(value)) if float(value).is_integer() else repr(float(value))
    from backtofront.classifier.loading import kind

    return kind(value)


def check_answer(question: Question, answer: Answer) -> str | None:
    """Why `answer` does not fit `question` (one line), or None when it does."""
    value = answer.value
    if value == NA:
        return None if (answer.justification or "").strip() else "'na' (not applicable) needs a justification"
    if value == DONT_KNOW:
        return None
    if (answer.justification or "").strip():   # as the profile refuses it, said before anything is saved
        return "only an 'na' answer takes a justification; use evidence for a note"
    ids = [o.id for o in question.options]
    if question.kind == "single":
        if not isinstance(value, str) or value not in ids:
            return f"{_shown(value)} is not one of its options: {', '.join(ids)}, na, dont_know"
    elif question.kind == "multiple":
        if not isinstance(value, list):
            return f"expected a list of its options ({', '.join(ids)}; [] for none), na or dont_know"
        bad = [v for v in value if v not in ids]
        if bad:
            return f"{_shown(bad[0])} is not one of its options: {', '.join(ids)}"
        if len(set(value)) != len(value):
            return "an option is listed twice"
    else:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            return f"expected a number, na or dont_know, found {_shown(value)}"
        return profile_mod.figure_problem(value, question.unit)
    return None


def _plain(value: Any) -> Any:
    """ruamel's round-trip types as plain Python (for JSON and for validation)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, str):
        return str(value)
    return value


def answer_from_data(value: Any) -> Answer:
    """An `Answer` from a profile's `answers:` entry (a bare answer or a mapping with `answer:`)."""
    if isinstance(value, dict):
        return Answer(_plain(value.get("answer")), value.get("evidence"), value.get("justification"))
    return Answer(_plain(value))


class ChangedOutside(InputError):
    """The profile on disk is no longer what the interview last read or saved (changed, deleted or moved,
    or created meanwhile): the save was not made (`ProfileFile.save`). Exit 2, one line."""


def _yaml(flush_lists: bool = False) -> YAML:
    """The round-trip YAML of a profile: quotes kept, long lines never re-flowed, a list's dashes indented
    under its key ("  - x"), or (`flush_lists`, as the file had them) level with it ("- x")."""
    yaml = YAML()  # round-trip
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-flow the long lines of an existing profile
    if flush_lists:
        yaml.indent(mapping=2, sequence=2, offset=0)
    else:
        yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _line_ending(text: str) -> str:
    """The line ending most of `text`'s lines have: CRLF (Windows), CR alone (old Mac files) or LF (the
    default, and where they are as many)."""
    crlf = text.count("\r\n")
    cr, lf = text.count("\r") - crlf, text.count("\n") - crlf
    return "\r\n" if crlf > max(cr, lf) else "\r" if cr > max(crlf, lf) else "\n"


def _flush_lists(text: str) -> bool:
    """Whether `text`'s block lists have their dashes level with their key ("key:\n- x"), as PyYAML and
    many hand-written files have them: the first such list decides."""
    from ruamel.yaml.util import load_yaml_guess_indent

    try:
        _data, _indent, dash = load_yaml_guess_indent(text)
    except Exception:  # noqa: BLE001 - the profile has loaded already; a guess that fails keeps the default
        return False
    return dash == 0


class ProfileFile:
    """A profile on disk, edited in place. `data` is the document (a mapping); `exists` is False until
    the first `save()` of a new file. Raises InputError for a file that cannot be read or is not a
    valid profile (the interview never overwrites a broken profile), for a FIFO, a device or a socket
    (refused without opening it), and, with `lock`, for a profile open in another interview
    (render.output.ProfileLock, held until `close()`). A symbolic link is followed and kept. `on_disk`:
    the file's bytes as last read or saved (None while there is no file), which every `save()` checks
    the file still holds (ChangedOutside, the module's docstring)."""

    def __init__(self, path: str | Path, *, lock: bool = False):
        self.path = Path(path)
        self.json = self.path.suffix.lower() == ".json"
        self.lock: output_mod.ProfileLock | None = None
        output_mod.refuse_special(self.path, "a file name for the profile")
        if self.path.is_dir():
            raise InputError("is a directory; give a file name for the profile", source=str(self.path))
        try:
            os.stat(self.path)
        except OSError as exc:
            if exc.errno == errno.ELOOP:  # a symbolic link that leads back to itself: nothing could be saved
                raise InputError("is a symbolic link that leads back to itself; give a file name for the "
                                 "profile", source=str(self.path)) from None
        folder = Path(os.path.realpath(self.path)).parent
        if not folder.is_dir():  # named as the link resolves: a link to /elsewhere/x.yaml names /elsewhere
            raise InputError(f"folder {str(folder)!r} does not exist", source=str(self.path))
        if lock:
            output_mod.refuse_hard_links(self.path)
            self.lock = output_mod.ProfileLock(self.path)
            self.lock.acquire()
        try:
            self._read()
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        """Let another interview open the profile."""
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    def _read(self) -> None:
        self.exists = self.path.exists()
        self.newline = "\n"
        self.flush_lists = False
        self.pending_respondent: tuple[str, str | None] | None = None
        # what a save keeps of the file as written: its byte-order mark and encoding (UTF-8, UTF-8 with a mark
        # as Notepad writes it, UTF-16 or UTF-32 with a mark), and a JSON profile's indentation ("" for one
        # line)
        self.mark, self.encoding, self.indent = b"", "utf-8", "  "
        self.on_disk: bytes | None = None
        if self.exists:
            start, text = profile_mod.read_file(self.path)
            self.on_disk = start
            profile_mod.loads(text, str(self.path), "json" if self.json else None)  # valid, or InputError
            self.mark, self.encoding = loading.byte_order_mark(start)
            # a profile written on Windows keeps its line endings: every line, not only the kept ones
            self.newline = _line_ending(text)
            self.flush_lists = not self.json and _flush_lists(text)
            self.data = json.loads(text) if self.json else _yaml().load(text)
            if self.json:
                found = re.search(r"\n([ \t]+)\S", text.lstrip("\ufeff"))
                self.indent = found.group(1) if found else ("" if "\n" not in text.strip() else "  ")
        else:
            self.data = {} if self.json else CommentedMap()

    # --- council ------------------------------------------------------------------------------
    @property
    def council(self) -> dict | None:
        council = self.data.get("council")
        return dict(council) if isinstance(council, dict) else None

    def set_council(self, name: str, council_type: str, assessed_on: str | None = None,
                    follows: dict | None = None) -> None:
        """Set the council's name and type (and optionally the assessment date: YYYY-MM-DD, or a UK
        day-first DD/MM/YYYY, saved as YYYY-MM-DD, and the earlier assessment this one follows:
        {"file", "assessed_on"}, `interview --from`); saves. InputError for a date that is not one."""
        council = self.data.get("council")
        if not isinstance(council, dict):
            council = {} if self.json else CommentedMap()
            self._insert(0, "council", council)
        council["name"] = name
        council["type"] = council_type
        if self.pending_respondent and "respondent" not in self.data:
            entry = {} if self.json else CommentedMap()
            entry["name"], role = self.pending_respondent
            if role:
                entry["role"] = role
            self._insert(1, "respondent", entry)
        if assessed_on:
            self.set_assessed_on(assessed_on, save=False)
        if follows is not None:
            self.set_follows(follows, save=False)
        self.save("the council's details")

    def set_assessed_on(self, assessed_on: str, *, save: bool = True) -> None:
        """Record the assessment date (YYYY-MM-DD, or a UK day-first DD/MM/YYYY, saved as YYYY-MM-DD) after
        the council. InputError for a date that is not one."""
        try:
            date = profile_mod.read_date(assessed_on)   # ISO, or a UK day-first date: saved as ISO
        except ValueError as exc:
            raise InputError(f"assessed_on: {exc}", source=str(self.path)) from None
        value = date.isoformat() if self.json else date
        if "assessed_on" in self.data:
            self.data["assessed_on"] = value
        else:
            self._insert(1, "assessed_on", value)
        if save:
            self.save("the assessment date")

    def set_respondent(self, name: str, role: str | None) -> None:
        """Name the profile's respondent (`respondent: {name, role}`), placed after the council; saves."""
        entry = {} if self.json else CommentedMap()
        entry["name"] = name
        if role:
            entry["role"] = role
        if "respondent" in self.data:
            self.data["respondent"] = entry
        else:
            self._insert(2 if "assessed_on" in self.data else 1, "respondent", entry)
        self.save("the respondent's name")

    def set_follows(self, follows: dict, *, save: bool = True) -> None:
        """Record `follows: {file, assessed_on}` after the council and its date (the profile's format)."""
        entry = {} if self.json else CommentedMap()
        entry["file"] = follows["file"]
        when = follows.get("assessed_on")
        if when is not None:
            entry["assessed_on"] = when.isoformat() if self.json else when
        if "follows" in self.data:
            self.data["follows"] = entry
        else:
            self._insert(2 if "assessed_on" in self.data else 1, "follows", entry)
        if save:
            self.save("the earlier assessment it follows")

    def _insert(self, pos: int, key: str, value: Any) -> None:
        if isinstance(self.data, CommentedMap):
            self.data.insert(min(pos, len(self.data)), key, value)
        else:
            items = list(self.data.items())
            items.insert(min(pos, len(items)), (key, value))
            self.data.clear()
            self.data.update(items)

    # --- answers ------------------------------------------------------------------------------
    def answers(self) -> dict[str, Answer]:
        raw = self.data.get("answers")
        if not isinstance(raw, dict):
            return {}
        return {str(k): answer_from_data(v) for k, v in raw.items()}

    def set_answer(self, question_id: str, answer: Answer, *, save: bool = True,
                   unsaved: str = "the answer") -> None:
        """Record one answer (replacing any earlier one) and save at once (`unsaved`: the answer as a
        refused save names it, "your answer to question 4")."""
        answers = self.data.get("answers")
        if not isinstance(answers, dict):
            answers = {} if self.json else CommentedMap()
            self.data["answers"] = answers
        extra = {k: v for k, v in (("evidence", answer.evidence), ("justification", answer.justification))
                 if v and v.strip()}
        value = answer.value
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # 62, not 62.0
        if isinstance(value, list) and not self.json:
            from ruamel.yaml.comments import CommentedSeq
            value = CommentedSeq(value)
            value.fa.set_flow_style()
        if extra:
            entry = {} if self.json else CommentedMap()
            entry["answer"] = value
            entry.update({k: v.strip() for k, v in extra.items()})
            answers[question_id] = entry
        else:
            answers[question_id] = value
        if save:
            self.save(unsaved)

    # --- saving -------------------------------------------------------------------------------
    def dumps(self) -> str:
        """The document as it is saved: one kind of line ending throughout, the file's own (CRLF or CR where
        most of its lines ended so when read, else LF), and its lists indented as it had them."""
        if self.json:
            text = json.dumps(_plain(self.data), indent=self.indent or None, ensure_ascii=False) + "\n"
        else:
            buf = io.StringIO()
            _yaml(self.flush_lists).dump(self.data, buf)
            text = buf.getvalue()
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        return text.replace("\n", self.newline) if self.newline != "\n" else text

    def save(self, unsaved: str = "this change") -> None:
        """Check the document loads as a profile, then write it atomically (render.output.replace_file:
        a symbolic link is followed and kept). InputError (exit 2) when it cannot be written (a full
        disk, a read-only folder): the file is then as it was before this change. ChangedOutside (exit 2)
        when the file on disk is no longer what this store last read or saved (the module's docstring):
        nothing is written, and the message names what was not saved (`unsaved`: "your answer to
        question 4", "the council's details")."""
        text = self.dumps()
        raw = self.mark + text.encode(self.encoding)
        kept = "the profile is as it was before this change" if self.exists else "nothing was saved"
        if len(raw) > loading.MAX_BYTES:   # a profile no command would read again: never written
            raise InputError(f"cannot be saved: it would be larger than {loading.MAX_BYTES:,} bytes, the "
                             f"most a profile may be; shorten the longest evidence notes; {kept}",
                             source=str(self.path))
        profile_mod.loads(text, str(self.path), "json" if self.json else None)
        try:
            self._check_unchanged(unsaved)   # before writing anything, and again just before the rename
            output_mod.replace_file(self.path, raw, check=lambda: self._check_unchanged(unsaved))
        except OSError as exc:
            raise InputError(f"cannot be saved: {output_mod.write_problem(exc)}; {kept}",
                             source=str(self.path)) from None
        self.exists = True
        self.on_disk = raw

    def _check_unchanged(self, unsaved: str) -> None:
        """ChangedOutside when the file at the path (a symbolic link followed) is not `on_disk`: other
        bytes, not a regular file, gone, or there when none was. Compares the size, then the bytes; an
        OSError (the file can no longer be read) goes up to the save as a write problem does."""
        try:
            info = os.stat(self.path)
        except FileNotFoundError:
            if self.on_disk is None:
                return
            happened, kept = "was deleted or moved", f"{unsaved}, nor make the file again"
            then = "put the file back and run the interview again to continue from it, or run it again to " \
                   "start anew"
        else:
            if self.on_disk is None:
                happened, kept = "was created", f"{unsaved} into it, so as not to write over it"
                then = "run the interview again to continue from that file"
            else:
                same = stat.S_ISREG(info.st_mode) and info.st_size == len(self.on_disk)
                if same:
                    with open(self.path, "rb") as fh:
                        same = fh.read(len(self.on_disk) + 1) == self.on_disk
                if same:
                    return
                happened, kept = "was changed", f"{unsaved} into it, so as not to write over that change"
                then = "run the interview again to continue from the changed file"
        raise ChangedOutside(f"{happened} outside the interview while it was open; the interview did not "
                             f"save {kept}: {then}", source=str(self.path))

    def profile(self) -> profile_mod.Profile:
        return profile_mod.loads(self.dumps(), str(self.path), "json" if self.json else None)
