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
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

import click
from backtofront.classifier.errors import InputError


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


_WHAT_TO_GIVE = {"FILE": "give a file name, or - for standard output", "OUTDIR": "give a folder name",
                 "PROFILE": "give the profile's file name"}


def output_name(ctx: click.Context | None, param: click.Parameter | None, value: str | None) -> str | None:
    """A click callback for an output option (`-o FILE`, `-o OUTDIR`, `-o PROFILE`): the value as given,
    or InputError (exit 2) when it is empty or only spaces (`-o ''`, an unset shell variable), naming
    the option and saying what to give, e.g. "-o/--output: the name is empty; give a file name, or - for
    standard output"."""
    if value is None or value.strip():
        return value
    option = "/".join(param.opts) if param is not None else "-o/--output"
    what = _WHAT_TO_GIVE.get(getattr(param, "metavar", None) or "FILE", _WHAT_TO_GIVE["FILE"])
    raise InputError(f"{option}: the name is empty; {what}")


def write_output(data: str | bytes, output: str | None, *, protect: Iterable[str | None] = ()) -> None:
    """Print `data` to standard output (output None or '-'), or write it to the file `output`.

    `protect`: input files (a profile) that must not be overwritten; writing onto one is refused,
    naming both paths. Raises InputError (exit 2) for a path that cannot be written; on any error or
    interruption an existing file is left as it was and no temporary file is left behind."""
    if output is None or output == "-":
        if isinstance(data, bytes):
            raise InputError("this format is binary: give an output file with -o FILE")
        click.echo(data, nl=False)
        return
    output_name(None, None, output)
    raw = data if isinstance(data, bytes) else data.encode("utf-8")
    for source in protect:
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
        raise InputError("is not a regular file (a block device or a socket); give a file name", source=output)
    else:
        _replace(raw, Path(os.path.realpath(output)), output, info)
    click.echo(f"Wrote {output}", err=True)


def _write_through(raw: bytes, output: str) -> None:
    try:
        with open(output, "wb", buffering=0) as fh:
            view = memoryview(raw)
            while view:
                view = view[fh.write(view):]
    except OSError as exc:
        raise InputError(f"cannot be written: {exc.strerror or exc}", source=output) from None


def _replace(raw: bytes, target: Path, output: str, info: os.stat_result | None) -> None:
    folder = target.parent
    if not folder.is_dir():
        raise InputError(f"folder {str(folder)!r} does not exist", source=output)
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=folder)
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
            fh.flush()
            os.fsync(fh.fileno())
        if info is not None:
            mode = stat.S_IMODE(info.st_mode)
        else:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask  # mkstemp makes the file private; give a new file the usual mode
        os.chmod(tmp, mode)
        os.replace(tmp, target)
        tmp = None
    except OSError as exc:
        raise InputError(f"cannot be written: {exc.strerror or exc}", source=output) from None
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
