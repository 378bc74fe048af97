"""Writing a command's output: to standard output, or to a file without ever losing or damaging data.

- A regular file (or a new one) is written whole or not at all: a temporary file in the same folder,
  then a rename over the old one (whose permissions are kept).
- A symbolic link is followed: its target is replaced the same way, in the target's folder, and the link
  stays a link.
- A character device or a FIFO (`/dev/null`, `/dev/stdout`, `>(...)`) is written straight through, as
  shell redirection does; a failed write there (`/dev/full`) is an error, not a silent loss.
- Any failure (disk full, read-only folder, a `/proc` file, permission) is an InputError (exit code 2)
  naming the path; the old file is left intact.
- An empty name (`-o ''`) is an InputError naming the option (`output_name`, also the options' click
  callback), not an attempt to write the current folder.
- A report or letter is never written over the input it was made from (`protect`): compared by inode,
  so another spelling of the same path or a hard link is caught too.

The same guard serves the two commands that keep files in the user's folders (issue 16):

- `replace_file`: the atomic write above (following a symbolic link, keeping the old file's mode), with
  an optional temporary name chosen in advance, so that a batch can list its temporary files before
  it makes them (render/output_folder.py keeps that list and the folder's manifest).
- `refuse_special`: `interview -o` and `batch -o` refuse a FIFO, a device or a socket (exit 2) without
  opening it, so they never block on one; the other commands keep writing through to them.
- `ProfileLock`: an interview holds an `fcntl.flock` on `.PROFILE.lock` beside the profile (not on the
  profile, which each atomic save replaces); a second interview on the same profile is refused at
  start, naming the first one's process and when it started. The kernel frees the lock of a process
  that dies, so a stale lock file never blocks.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from types import EllipsisType
from typing import Any, Self

import click
from backtofront.classifier.errors import InputError, printable


def file_identity(path: str) -> object:
    """The file `path` names, whatever the name (a symbolic link or a hard link names the same one): its
    device and inode, or its real path when it cannot be read."""
    try:
        found = os.stat(path)
        return (found.st_dev, found.st_ino)
    except OSError:
        return os.path.realpath(path)


def _same_file(a: str, b: str) -> bool:
    return file_identity(a) == file_identity(b)


def by_file(paths: Iterable[str]) -> list[list[str]]:
    """`paths` grouped by the file each names (`file_identity`), each group in the order given and the
    groups in the order their first name is given: [["a.yaml", "link.yaml"], ["b.yaml"]]."""
    groups: dict[object, list[str]] = {}
    for path in paths:
        groups.setdefault(file_identity(path), []).append(path)
    return list(groups.values())


def given_words(names: list[str]) -> str:
    """How one file's names (a `by_file` group of two or more) were given, in words: "given twice", "given
    three times (also as link.yaml and hard.yaml)"."""
    from backtofront.classifier.rules import and_list, times

    others = [n for n in dict.fromkeys(names) if n != names[0]]
    return f"given {times(len(names))}" + (f" (also as {and_list(others)})" if others else "")


def _is_stdin(path: str) -> bool:
    """Whether `path` is the file standard input reads (`cmd - < FILE`): the same device and inode."""
    try:
        held = os.fstat(sys.stdin.fileno())
        return stat.S_ISREG(held.st_mode) and os.path.samestat(held, os.stat(path))
    except (OSError, ValueError, AttributeError):
        return False


_WHAT_TO_GIVE = {"FILE": "give a file name, or - for standard output", "OUTDIR": "give a folder name",
                 "PROFILE": "give the profile's file name"}


def output_name(ctx: click.Context | None, param: click.Parameter | None, value: str | None) -> str | None:
    """A click callback for an output option (`-o FILE`, `-o OUTDIR`, `-o PROFILE`): the value as given,
    or InputError (exit 2) when it is empty or only spaces (`-o ''`, an unset shell variable), naming
    the option and saying what to give, e.g. "-o/--output: the name is empty; give a file name, or - for
    standard output"; a file's name ending in "/" (a folder's) is refused the same way."""
    option = "/".join(param.opts) if param is not None else "-o/--output"
    metavar = getattr(param, "metavar", None) or "FILE"
    what = _WHAT_TO_GIVE.get(metavar, _WHAT_TO_GIVE["FILE"])
    if value is None:
        return value
    if not value.strip():
        raise InputError(f"{option}: the name is empty; {what}")
    if metavar != "OUTDIR" and value.endswith(("/", os.sep)):
        raise InputError(f"ends in {value[-1]}, which names a folder; {what}", source=value)
    return value


def held_profile(path: str) -> str | None:
    """What user's work the existing regular file `path` holds, that no command's output may replace (see
    `held_work`), or None."""
    return held_work(path)[0]


def held_work(path: str) -> tuple[str | None, Any]:
    """(What user's work the existing regular file `path` holds, its data as parsed) from one reading of
    it. The kind is "a combined profile" (one `combine` wrote: it lists `respondents`), "a respondent's
    answers" (a profile naming its `respondent`, one of those `combine` takes), "a profile" (a
    mapping with a `council` and no `schema_version`, which every JSON result carries; or, when it does not
    parse, YAML with a top-level `council:` key, a profile with a slip in it), "a student's quiz answers"
    (`schema: student-answers/1`), or None (anything else, or a file too big to be a profile). Only a file
    whose bytes mention "council" or "student" (UTF-8 or UTF-16) is parsed; the data is None where it is
    not parsed or does not parse."""
    from backtofront.classifier import loading

    try:
        if not stat.S_ISREG(os.stat(path).st_mode) or os.path.getsize(path) > loading.MAX_BYTES:
            return None, None
        raw = Path(path).read_bytes()
    except OSError:
        return None, None
    if (sheet := _answers_or_councils(path, raw)) is not None:
        return sheet, None
    if not any(word in raw for w in ("council", "student") for word in (w.encode(), w.encode("utf-16-le"))):
        return None, None
    try:
        data, _source = loading.load_bytes(raw, path)
    except Exception:  # noqa: BLE001 - unreadable as a profile: a profile with a slip in it, or not one
        try:
            text = loading.decode(raw, path)
        except Exception:  # noqa: BLE001 - not text: not a profile
            return None, None
        # a `council` key at the top of YAML (quoted or not) or opening a JSON object
        return ("a profile" if re.search(r"(?m)^[\"']?council[\"']?[ \t]*:|^\s*\{\s*\"council\"\s*:", text)
                else None), None
    if not isinstance(data, dict) or "schema_version" in data:
        return None, data
    if data.get("schema") == "student-answers/1":
        return "a student's quiz answers", data
    if "council" not in data:
        return None, data
    if "respondents" in data:
        return "a combined profile", data
    return ("a respondent's answers" if isinstance(data.get("respondent"), dict) else "a profile"), data


def _answers_or_councils(path: str, raw: bytes) -> str | None:
    """What a workbook or a CSV at `path` (its bytes `raw`) holds of a user's: "a filled questionnaire" (a
    workbook with anything a respondent typed, `workbook.holds_answers`), "a file of answers" (a CSV or
    "Unicode Text" sheet with the question_id and answer columns and an answer given, valid or not), "a CSV
    of councils" (a header with a council column, as `batch` reads it), or None (a blank questionnaire or
    sheet, anything else, or not a workbook or a CSV). Read as the readers read them (Windows-1252 too),
    without their notes: nothing is read from the file for use."""
    suffix = Path(path).suffix.lower()
    if raw.startswith(b"PK\x03\x04"):
        from backtofront.classifier import workbook

        return "a filled questionnaire" if workbook.holds_answers(path) else None
    if suffix not in (".csv", ".txt", ".tsv"):
        return None
    from backtofront.classifier import csvtable

    try:   # the header as the readers parse it (separator, quotes, Excel's sep= line)
        table = csvtable.parse(csvtable.decode(raw, path)[0], path)
    except Exception:  # noqa: BLE001 - not text, or not a CSV
        return None
    names = [csvtable.header_name(c) for c in table.header]
    if "question_id" in names and "answer" in names:   # a sheet of answers, one answer given, valid or not
        at = names.index("answer")
        if any(at < len(row) and row[at].strip() for _line, row in table.rows):
            return "a file of answers"
        return None
    cells = {c.strip().casefold() for c in table.header}
    return "a CSV of councils" if cells & {"council", "council.name", "name"} and len(cells) > 1 else None


def write_output(data: str | bytes, output: str | None, *, protect: Iterable[str | None] = (),
                 replaces: str | None = None, held: str | None | EllipsisType = ...) -> None:
    """Print `data` to standard output (output None or '-'), or write it to the file `output`.

    `protect`: input files (a profile) that must not be overwritten; writing onto one is refused,
    naming both paths. An existing file that holds a council's profile (`held_profile`) is never written
    over either, apart from the kind `replaces` names ("a combined profile": `combine -o` run again).
    `held`: what the caller has just found the existing file holds (`held_work`'s kind), so that it is not
    read again; by default it is read here.
    Raises InputError (exit 2) for a path that cannot be written; on any error or interruption an existing
    file is left as it was and no temporary file is left behind."""
    if output is None or output == "-":
        if isinstance(data, bytes):
            raise InputError("this format is binary: give an output file with -o FILE")
        click.echo(data, nl=False)
        return
    output_name(None, None, output)
    raw = data if isinstance(data, bytes) else data.encode("utf-8")
    for source in protect:
        if source == "-" and _is_stdin(output):
            raise InputError("is the file on standard input, the profile this output is made from; "
                             "refusing to write over it: give another file name", source=output)
        if source and source != "-" and os.path.exists(output) and _same_file(output, source):
            raise InputError(f"is the profile {source} this output is made from; refusing to write over it: "
                             "give another file name", source=output)
    try:
        info = os.stat(output)  # follows a symbolic link
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise InputError(f"cannot be written: {exc.strerror or exc}", source=output) from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise InputError("is a directory; give a file name for the output", source=output)
    if info is not None and (stat.S_ISCHR(info.st_mode) or stat.S_ISFIFO(info.st_mode)):
        _write_through(raw, output)
    elif info is not None and not stat.S_ISREG(info.st_mode):
        raise InputError("is not a regular file (a block device or a socket); give a file name",
                         source=output)
    else:
        if info is not None:
            ProfileLock(output).refuse_if_held()   # an interview's profile: said first, as the likelier slip
            if held is ...:
                held = held_profile(output)
            if held and held != replaces:
                raise InputError(f"holds {held}, not this command's output; refusing to write over it: "
                                 "give another file name", source=output)
        if not Path(os.path.realpath(output)).parent.is_dir():
            raise InputError(f"folder {str(Path(os.path.realpath(output)).parent)!r} does not exist",
                             source=output)
        try:
            replace_file(output, raw, sync=True)
        except OSError as exc:
            raise InputError(f"cannot be written: {exc.strerror or exc}", source=output) from None
    try:
        click.echo(f"Wrote {printable(output)}", err=True)
    except OSError:  # the terminal closed (or stderr's reader left): the file is written all the same
        pass


def _write_through(raw: bytes, output: str) -> None:
    try:
        with open(output, "wb", buffering=0) as fh:
            view = memoryview(raw)
            while view:
                view = view[fh.write(view):]
    except OSError as exc:
        raise InputError(f"cannot be written: {exc.strerror or exc}", source=output) from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def replace_file(path: str | os.PathLike, data: bytes, *, temporary: str | os.PathLike | None = None,
                 sync: bool = True, check: Callable[[], None] | None = None) -> None:
    """Write `data` to `path` whole or not at all: into a temporary file in the folder of the file the
    path names (a symbolic link is followed, and stays a link), then a rename over it. An existing file
    keeps its permissions; a new one gets the usual mode (0666 less the umask).

    `temporary`: the temporary file's path, chosen in advance (it must not exist: it is created
    exclusively, never followed); default: a new name `.NAME.XXXXXXXX` beside the target. `sync`: flush
    the data to the disk before the rename. `check`: called once the data is on disk, just before the
    rename; whatever it raises stops the write (an interview's profile changed meanwhile: interview/store.py).
    Raises OSError (a full disk, a read-only folder, no permission); the old file is then untouched and the
    temporary file removed, as when `check` raises."""
    target = Path(os.path.realpath(path))
    try:
        info = os.stat(target)
    except FileNotFoundError:
        info = None
    mode = stat.S_IMODE(info.st_mode) if info is not None else 0o666 & ~_umask()
    if temporary is None:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    else:
        tmp = os.fspath(temporary)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    done = False
    try:
        with os.fdopen(fd, "wb") as fh:
            view = memoryview(data)
            while view:
                view = view[fh.write(view):]
            fh.flush()
            if sync:
                os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        if check is not None:
            check()
        os.replace(tmp, target)
        done = True
    finally:
        if not done:
            Path(tmp).unlink(missing_ok=True)


SPECIAL_WORDS = "a FIFO, a device or a socket"


def special_kind(path: str | os.PathLike) -> str | None:
    """What `path` is when it is neither a regular file nor a folder nor missing (a symbolic link is
    followed): "a FIFO", "a device", "a socket"; else None. Never opens the path."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return None


def refuse_special(path: str | os.PathLike, what: str) -> None:
    """InputError (exit 2) when `path` is a FIFO, a device or a socket (`what`: "a file name for the
    profile", "a folder for the results"): `interview -o` and `batch -o` keep files, which such a path
    cannot hold, and opening a FIFO would wait for a reader for ever."""
    kind = special_kind(path)
    if kind:
        raise InputError(f"is {kind}, not a regular file; give {what}", source=os.fspath(path))


def refuse_hard_links(path: str | os.PathLike) -> None:
    """InputError (exit 2) when the file `path` (a symbolic link is followed) has other hard links: an
    interview saves by replacing the file, which would leave the other names holding the old profile
    (and two interviews through two names would not share a lock)."""
    try:
        links = os.stat(path).st_nlink
    except OSError:
        return
    if links > 1 and not os.path.isdir(path):
        raise InputError(f"{os.fspath(path)} has other hard links; an interview saves by replacing the file, "
                         "which would separate them: copy it first")


def write_problem(exc: OSError) -> str:
    """An OSError as the few words after "cannot be written: " ("No space left on device")."""
    return exc.strerror or str(exc) or errno.errorcode.get(exc.errno or 0, "error")


class ProfileLock:
    """An interview's hold on its profile: an exclusive `fcntl.flock` on `.NAME.lock` in the folder of
    the profile's file (a symbolic link is followed, so two links to one profile share the lock). The
    lock file holds the holder's process id and start time, for the message a second interview gets.
    Use as a context manager; `acquire()` raises InputError (exit 2) "PROFILE is open in another
    interview (pid N since HH:MM)", or "cannot be saved" when the folder cannot be written to
    (read-only) or cannot hold the lock file (full). The lock file is removed when the interview ends; a
    process that dies leaves it, unlocked, and the next interview takes it over."""

    def __init__(self, path: str | os.PathLike):
        self.shown = os.fspath(path)
        real = Path(os.path.realpath(path))
        self.path = real.parent / f".{real.name}.lock"
        self.fd: int | None = None

    def acquire(self) -> None:
        try:
            import fcntl
        except ImportError:  # no flock on this system: go on unlocked, as before
            return
        while True:
            if not os.access(self.path.parent, os.W_OK):  # every answer is saved: say so before the first
                raise InputError("cannot be saved: its folder cannot be written to (read-only, or no "
                                 "permission)",
                                 source=self.shown)
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
            except OSError as exc:
                raise InputError(f"cannot be saved: {write_problem(exc)} (making {self.path.name} beside it)",
                                 source=self.shown) from None
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = self._holder(fd)
                os.close(fd)
                raise InputError(f"{self.shown} is open in another interview{holder}") from None
            except OSError:  # a file system without locks: go on unlocked, as before
                self.fd = fd
                return
            # the holder before us may have removed the file between our open and our lock
            try:
                same = os.path.samestat(os.fstat(fd), os.stat(self.path, follow_symlinks=False))
            except FileNotFoundError:
                same = False
            if not same:
                os.close(fd)
                continue
            started = time.strftime("%H:%M")
            try:
                os.ftruncate(fd, 0)
                os.write(fd, f"{os.getpid()} {started}\n".encode())
            except OSError:
                pass  # the lock holds without its note
            self.fd = fd
            return

    def refuse_if_held(self) -> None:
        """For a command about to replace the file (`write_output`): InputError (exit 2) "PROFILE is open in
        an interview (pid N since HH:MM); ..." while an interview holds it, so that the interview's next
        save cannot undo the new file, nor the new file the interview's answers. Creates nothing."""
        try:
            import fcntl

            fd = os.open(self.path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except (ImportError, OSError):  # no lock file, or no flock on this system: no interview holds it
            return
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise InputError(f"is open in an interview{self._holder(fd)}; end the interview first, or give "
                             "another file name", source=self.shown) from None
        except OSError:
            pass
        finally:
            os.close(fd)

    @staticmethod
    def _holder(fd: int) -> str:
        """' (pid N since HH:MM)' from the lock file, read again briefly while its holder writes it."""
        for _ in range(20):
            try:
                text = os.pread(fd, 100, 0).decode("ascii", "replace").split()
            except OSError:
                return ""
            if len(text) == 2 and text[0].isdigit():
                return f" (pid {text[0]} since {text[1]})"
            time.sleep(0.01)
        return ""

    def release(self) -> None:
        if self.fd is None:
            return
        try:
            self.path.unlink(missing_ok=True)  # while still held: a newcomer then sees a new file
        except OSError:
            pass
        os.close(self.fd)
        self.fd = None

    def __enter__(self) -> Self:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
