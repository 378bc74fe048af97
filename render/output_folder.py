"""A folder of results that a command shares with its user (`batch -o OUTDIR`): it touches only what it owns.

The folder's manifest, `OUTDIR/.backtofront-batch.json`, lists the files the batch wrote (`files`) and,
for each run in progress, the files it is about to write (`planned`) and the temporary file each will
pass through (`temporary`), listed before the first is made:

    {"manifest": 1, "version": "1.2.0", "source": "/path/of/councils", "files": ["a.json", ...],
     "runs": [{"pid": 4242, "started": "2026-12-06T05:50:00", "planned": [...], "temporary": [...]}]}

- Before any council is assessed (`claim`), every path the run will write that already exists must be
  the batch's own: listed in the manifest (written, or planned by an earlier run), or, in a folder
  written by a release without a manifest, a `<name>.json` carrying `batch.version` (with the letter
  its `batch.options.letters` names) or, where such a result or a batch's own summary.json shows an
  earlier batch, a `summary.*` file. Anything else, and a path that is the input
  itself (the same file, by `os.path.samefile`), is refused (InputError, exit 2) naming up to five.
  A FIFO, a device or a socket there is refused as well, without opening it.
- A symbolic link the batch may write through (to a regular file) is followed and kept: its temporary
  file is made beside the link's target.
- `source`, the folder or CSV the results were made from (its real path): a batch of another source that
  still exists is refused, so that one council's result never replaces another's of the same name.
- A run that died (its process is gone) is tidied by the next: only the temporary files its entry
  lists are removed; the files it planned and wrote become the folder's own.
- `close()` records what the run wrote and removes its entry; changes to the manifest are made under an
  `fcntl.flock` on the folder itself, so two batches into one folder keep each other's entries. A run
  whose files another live run is about to write (every batch writes the summaries) is refused at start,
  naming that run's process: two batches never write one folder at once.

Paths in the manifest are relative to OUTDIR (absolute for a temporary file beside a link's target
outside it).
"""

from __future__ import annotations

import json
import os
import secrets
import stat
import time
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from backtofront import __version__
from backtofront.classifier.errors import InputError

from . import output

MANIFEST = ".backtofront-batch.json"
SHOWN = 5  # paths named in a refusal


def temporary_for(path: Path, token: str) -> Path:
    """The temporary file a run (`token`) writes `path` through: beside the file the path names (a
    symbolic link is followed), `.NAME.TOKEN.tmp`."""
    target = Path(os.path.realpath(path))
    return target.parent / f".{target.name}.{token}.tmp"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


@dataclass
class OutputFolder:
    """A run's hold on its output folder (from `claim`). `token` names its temporary files;
    `temporary(name)` is the temporary file for the output `name` (relative to `path`)."""

    path: Path
    token: str
    planned: list[str]
    temporaries: list[str] = field(default_factory=list)
    pid: int = field(default_factory=os.getpid)
    closed: bool = False

    def temporary(self, name: str) -> Path:
        return temporary_for(self.path / name, self.token)

    def close(self) -> None:
        """Record the planned files that now exist as the folder's own, remove this run's temporary
        files that remain (a worker killed mid-write) and its entry. OSError is ignored: the next run
        finds the entry of a process that has gone and tidies it."""
        if self.closed:
            return
        self.closed = True
        try:
            with _locked(self.path):
                manifest = _read(self.path) or _new()
                runs = manifest["runs"]
                mine = [r for r in runs if r.get("pid") == self.pid and r.get("token") == self.token]
                for run in mine:
                    _settle(self.path, manifest, run)
                    runs.remove(run)
                _write(self.path, manifest)
        except (OSError, InputError):
            pass


def own_files(folder: Path) -> list[str]:
    """The files the batch has written into `folder` and still owns (names relative to it), from its
    manifest; [] when there is none or it cannot be read."""
    try:
        manifest = _read(folder)
    except InputError:
        return []
    return sorted(n for n in (manifest or {}).get("files", []) if os.path.lexists(folder / n))


def _new() -> dict[str, Any]:
    return {"manifest": 1, "version": __version__, "files": [], "runs": []}


def _read(folder: Path) -> dict[str, Any] | None:
    """The manifest, None when there is none; InputError for a file that is not one."""
    path = folder / MANIFEST
    if os.path.islink(path):  # written through, it would put the manifest (or a file) somewhere else
        raise InputError("is a symbolic link, not this program's list of the batch's files; remove it, or "
                         "give another folder", source=str(path))
    if output.special_kind(path):
        output.refuse_special(path, "a batch manifest")
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot be read: {getattr(exc, 'strerror', None) or exc}",
                         source=str(path)) from None
    try:
        data = json.loads(text)
    except ValueError:
        data = None
    if not (isinstance(data, dict) and data.get("manifest") == 1 and isinstance(data.get("files"), list)
            and isinstance(data.get("runs"), list)
            and all(isinstance(f, str) for f in data["files"])
            and all(isinstance(r, dict) for r in data["runs"])):
        raise InputError("is not this program's list of the batch's files; move it, or give another folder",
                         source=str(path))
    return data


def _remove_stale_manifest_copies(folder: Path) -> None:
    """Remove the temporary files a write of the manifest left when it was stopped between making one and
    renaming it (`.<MANIFEST>.XXXXXXXX`, replace_file's names). Called under `_locked`, when a run takes
    the folder: no other write of the manifest is under way."""
    try:
        stale = [p for p in folder.iterdir() if p.name.startswith(f".{MANIFEST}.")]
    except OSError:
        return
    for path in stale:
        try:
            if stat.S_ISREG(os.lstat(path).st_mode):
                path.unlink()
        except OSError:
            continue


def _write(folder: Path, manifest: dict[str, Any]) -> None:
    manifest["version"] = __version__
    manifest["files"] = sorted(set(manifest["files"]))
    output.replace_file(folder / MANIFEST, (json.dumps(manifest, indent=1, ensure_ascii=False)
                                            + "\n").encode())


@contextmanager
def _locked(folder: Path):
    """An exclusive flock on the folder itself (no extra file), for a read-change-write of the manifest."""
    try:
        import fcntl
    except ImportError:  # no flock on this system: go on, as a single run
        yield
        return
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
        except OSError:  # a file system without locks: go on, as a single run
            pass
        yield
    finally:
        os.close(fd)


def _resolve(folder: Path, name: str) -> Path:
    path = Path(name)
    return path if path.is_absolute() else folder / path


def _settle(folder: Path, manifest: dict[str, Any], run: dict[str, Any]) -> None:
    """A finished (or dead) run's entry: its planned files that exist join `files`; the temporary
    files it lists are removed (regular files only; a link there is not followed)."""
    for name in run.get("planned", []):
        if isinstance(name, str) and os.path.lexists(folder / name):
            manifest["files"].append(name)
    for name in run.get("temporary", []):
        if not isinstance(name, str):
            continue
        path = _resolve(folder, name)
        try:
            if stat.S_ISREG(os.lstat(path).st_mode):
                path.unlink()
        except OSError:
            continue


def claim(folder: Path, planned: Iterable[str], *, inputs: Iterable[str | os.PathLike] = (),
          legacy_own: Callable[[Path, str], bool] | None = None, source: str | None = None,
          follows: Callable[[Path], bool] | None = None) -> OutputFolder:
    """Take `folder` (which exists) for a run that will write `planned` (names relative to it).

    `inputs`: the files the run reads (a CSV, the profiles), never to be written over. `legacy_own(folder,
    name)`: whether an existing file counts as the batch's own in a folder without a manifest (one
    written by an earlier release). Tidies the entries of runs that died. Raises InputError (exit 2),
    before anything is written, for planned paths that exist and are not the batch's own (up to five
    named), for a folder another live run is writing the same files into, for the input itself, for a
    FIFO, device or socket, for a manifest that is not one, for
    a folder where the manifest cannot be written, and, given the run's `source` (the folder or CSV of
    profiles, recorded in the manifest), for a folder holding the results of a batch of another source
    that still exists (its councils' results of the same names would be replaced; a source moved since
    is taken to be this one). `follows(path)`: whether a symbolic link at a planned path, even one of
    the batch's own names, may be written through (default: any); one that may not is refused as a file
    the batch did not write (a link swapped in for a result would carry the write to a file elsewhere).
    Returns the OutputFolder; call `close()` at the end."""
    planned = list(dict.fromkeys(planned))
    token = secrets.token_hex(4)
    inputs_stat = []
    for p in inputs:
        try:
            inputs_stat.append((os.fspath(p), os.stat(p)))
        except OSError:
            continue
    try:
        with _locked(folder):
            _remove_stale_manifest_copies(folder)
            manifest = _read(folder)
            legacy = manifest is None
            manifest = manifest or _new()
            for run in list(manifest["runs"]):
                pid = run.get("pid")
                if not isinstance(pid, int) or not _alive(pid):
                    _settle(folder, manifest, run)
                    manifest["runs"].remove(run)
            if source is not None:
                here = os.path.realpath(source)
                recorded = manifest.get("source")
                if isinstance(recorded, str) and recorded != here and manifest["files"] and \
                        os.path.exists(recorded):
                    raise InputError(f"holds the results of a batch of {recorded}; give another folder for "
                                     "these results, or empty this one first", source=str(folder))
                manifest["source"] = here
            wanted = set(planned)
            for run in manifest["runs"]:  # a run still going that will write what this one would
                if run.get("pid") != os.getpid() and wanted & {n for n in run.get("planned", [])
                                                               if isinstance(n, str)}:
                    since = str(run.get("started", ""))[11:16]
                    raise InputError(f"is being written by another batch (pid {run['pid']}"
                                     + (f" since {since}" if since else "") + "); wait for it to finish, "
                                     "or give another folder", source=str(folder))
            own = set(manifest["files"]) | {n for r in manifest["runs"] for n in r.get("planned", [])
                                           if isinstance(n, str)}
            foreign: list[str] = []
            for name in planned:
                path = folder / name
                if not os.path.lexists(path):
                    continue
                try:
                    info = os.stat(path)
                except OSError:  # a link to nothing: writing through it would make a file elsewhere
                    foreign.append(str(path))
                    continue
                for source, source_stat in inputs_stat:
                    if os.path.samestat(info, source_stat):
                        which = "itself" if source == str(path) else source
                        raise InputError(f"is the input {which}; refusing to write over it: give another "
                                         "folder for the results", source=str(path))
                output.refuse_special(path, "a folder whose files can be replaced")
                linked = follows is not None and os.path.islink(path) and not follows(path)
                if linked or not stat.S_ISREG(info.st_mode) or not (
                        name in own or (legacy and legacy_own is not None and legacy_own(folder, name))):
                    foreign.append(str(path))
                elif legacy:
                    manifest["files"].append(name)
            if foreign:
                more = f" and {len(foreign) - SHOWN} more" if len(foreign) > SHOWN else ""
                raise InputError(f"holds files this batch did not write and would replace: "
                                 f"{', '.join(foreign[:SHOWN])}{more}; move them, or give another folder",
                                 source=str(folder))
            result = OutputFolder(folder, token, planned)
            temporaries = []
            for name in planned:
                tmp = result.temporary(name)
                try:
                    temporaries.append(str(tmp.relative_to(folder.resolve())))
                except ValueError:
                    temporaries.append(str(tmp))
            result.temporaries = temporaries
            manifest["runs"].append({"pid": result.pid, "token": token,
                                     "started": time.strftime("%Y-%m-%dT%H:%M:%S"),
                                     "planned": planned, "temporary": temporaries})
            _write(folder, manifest)
    except OSError as exc:
        raise InputError(f"cannot be written: {output.write_problem(exc)}", source=str(folder)) from None
    return result
