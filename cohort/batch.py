"""Assessing many councils at once (`backtofront batch DIR|CSV -o OUTDIR`).

For each council (every .yaml, .yml and .json file of a folder, or each row of a CSV) the batch writes
`OUTDIR/<name>.json` (the result JSON of `assess --format json`, plus a `batch` key recording the
version and options that made it) and, with `letters`, `OUTDIR/<name>.<md|html|docx|pdf>` through the
letter code of `backtofront letter`; then `summary.csv`, `summary.json` and `summary.xlsx` (council,
type, overall stage, each characteristic, flags). Every file is written whole or not at all, and only
files the batch owns are replaced: render/output_folder.py keeps OUTDIR/.backtofront-batch.json, the
list of what it wrote, and refuses, before any council, a path that is not its own or is the input.

Worker processes (`jobs` > 1) are started with forkserver (spawn where there is none), never fork and
never threads: durable-rules starts threads of its own, and each worker builds its own Classifier. The
results are identical to a serial run. A bad profile is reported and the others go on. A rerun skips a
council whose result is newer than its profile and was made by the same version with the same options,
unless `force`."""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import io
import json
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from backtofront import __version__, stopping
from backtofront.classifier import contract
from backtofront.classifier.errors import InputError
from backtofront.classifier.result import SCHEMA_VERSION
from backtofront.render import output, output_folder, output_format, terminal

from . import sources

LETTER_FORMATS = output_format.LETTER.choices  # the letter's formats, from its registry
SUMMARY_FILES = ("summary.csv", "summary.json", "summary.xlsx")


@dataclass(frozen=True)
class Outcome:
    """What became of one council: `status` is written, skipped or failed; `row` its summary row."""
    name: str
    source: str
    status: str
    row: dict[str, Any]
    error: str | None = None
    fatal: bool = False  # the batch cannot go on (an output file cannot be written)
    # One line for the batch's report, the council's letter made all the same: the profile follows an earlier
    # one (`follows`) that is not there, so its letter reports no progress since it
    note: str | None = None


@dataclass
class Report:
    """A batch run: the output folder and each council's outcome, in the source's order."""

    outdir: Path
    outcomes: list[Outcome] = field(default_factory=list)
    # Results (and letters) an earlier run wrote for councils that are not in this input: kept, never
    # deleted, and left out of the summaries
    left_over: list[str] = field(default_factory=list)

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)


def atomic_write(path: Path, data: bytes, temporary: Path | None = None) -> None:
    """Write `data` to `path` through `temporary` (the name the output folder's manifest lists; default:
    a new name beside it), then a rename: a reader (or an interrupted run) sees the old file or the new
    one, never half of one (render.output.replace_file: a symbolic link is followed and kept; the folder's
    claim has refused a link that leads anywhere but to a file a batch made, `_batch_made_target`). OSError
    when it cannot be written."""
    output.replace_file(path, data, temporary=temporary, sync=False)


def _batch_made_target(link: Path) -> bool:
    """Whether the symbolic link `link`, one of the batch's file names, may be written through: a summary
    kept in a shared folder, leading to a summary a batch made (summary.json carrying its `batch` record,
    a summary.csv with the summary's header, a summary.xlsx whose sheet is "Summary"). A link in place of
    a council's result or letter is never followed: it would write into another batch's results, or over
    somebody's file."""
    if link.name not in SUMMARY_FILES:
        return False
    target = Path(os.path.realpath(link))
    if not target.is_file():
        return False
    if link.name == "summary.csv":
        return _summary_header(target)
    if link.name == "summary.xlsx":
        import zipfile

        try:
            with zipfile.ZipFile(target) as z:
                return b'name="Summary"' in z.read("xl/workbook.xml")[:65536]
        except (OSError, KeyError, zipfile.BadZipFile):
            return False
    return _made_by_batch(target, summary=True) is not None   # summary.json


def generator(letters: str | None, profile: str | None = None,
              letter_options: dict[str, Any] | None = None) -> dict[str, Any]:
    """What made a result: the version, the options (the letter's too, when any is given) and (`profile`)
    the digest of the profile it was made from (`Entry.fingerprint`); a rerun redoes a council when any of
    them differs."""
    made = {"version": __version__, "options": {"letters": letters, **(letter_options or {})}}
    return {**made, "profile": profile} if profile is not None else made


def planned(entries: list[sources.Entry], letters: str | None) -> list[str]:
    """The files a run may write into its output folder (names relative to it): each council's result
    and letter, then the summaries."""
    names = []
    for e in entries:
        names.append(f"{e.name}.json")
        if letters:
            names.append(f"{e.name}.{letters}")
    return [*names, *SUMMARY_FILES]


def _made_by_batch(path: Path, *, summary: bool = False) -> dict | None:
    """The `batch` record ({"version": ..., "options": ...}) of a JSON file an earlier batch wrote: a
    `<name>.json` result, or (`summary`) a summary.json, which also carries `schema_version` and
    `councils`. None for any other file, one that cannot be read, or one over 50 MB."""
    try:
        if not path.is_file() or os.path.getsize(path) > 50_000_000:
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    made = data.get("batch") if isinstance(data, dict) else None
    if not (isinstance(made, dict) and isinstance(made.get("version"), str)):
        return None
    if summary and not ("schema_version" in data and isinstance(data.get("councils"), list)):
        return None
    return made


def _summary_header(path: Path) -> bool:
    """Whether the CSV at `path` opens with the header a batch's summary.csv has (file,council,type,...)."""
    try:
        with open(path, "rb") as fh:
            first = fh.readline(4096)
    except OSError:
        return False
    return first.removeprefix(b"\xef\xbb\xbf").startswith(b"file,council,type,overall")


def written_by_an_earlier_release(folder: Path, name: str) -> bool:
    """Whether `name` in `folder` (which has no manifest) was written by a batch of a release without
    one: a `<name>.json` whose `batch` records a version; a letter `<name>.<format>` beside such a result
    made with that letter format (`batch.options.letters`); a summary file where there is evidence of
    such a batch: summary.json carrying the batch's own `batch.version`, `schema_version` and `councils`,
    or a result `<name>.json` beside it (the user's own summary.csv in a folder without either is not
    the batch's, and is refused); summary.json only when it is the batch's own, and summary.csv only when
    it opens with the batch's header, whatever else the folder holds."""
    if name == "summary.json":
        return _made_by_batch(folder / name, summary=True) is not None
    if name == "summary.csv" and not _summary_header(folder / name):
        return False   # a CSV of the user's own, whatever else the folder holds
    if name in SUMMARY_FILES:
        if _made_by_batch(folder / "summary.json", summary=True):
            return True
        try:
            results = [p for p in folder.glob("*.json") if p.name != "summary.json"]
        except OSError:
            return False
        return any(_made_by_batch(p) for p in results)
    stem, _, suffix = name.rpartition(".")
    made = _made_by_batch(folder / name if suffix == "json" else folder / f"{stem}.json")
    if made is None:
        return False
    if suffix == "json":
        return True
    options = made.get("options")
    return isinstance(options, dict) and options.get("letters") == suffix


def flag_title(flag_id: str) -> str:
    """A flag id (`uneven_profile`) in plain words for the summaries' `flag titles` column (the `flags`
    column keeps the ids that machines read): its rule's `summary_title` (rules/*.yaml)."""
    from backtofront.render.plain import flag_title as title
    return title(flag_id, summary=True)


def summary_row(name: str, data: dict[str, Any]) -> dict[str, Any]:
    """A council's summary row from its result JSON: name, council, type, overall, whether the overall
    stage is provisional (`provisional`: True when built on fewer than half the characteristics, the
    result's `overall.provisional`), each characteristic's stage (empty when not assessed), the ids of
    its flags ("; " between) and the same flags in plain words (`flag titles`)."""
    row = {"file": name, "council": data["council"]["name"], "type": data["council"]["type"],
           "overall": data["overall"]["stage"] or "", "provisional": bool(data["overall"].get("provisional"))}
    for cid, c in data["characteristics"].items():
        row[cid] = c["stage"] or ""
    ids = list(dict.fromkeys(f["id"] for f in data["flags"]))
    row["flags"] = "; ".join(ids)
    row["flag titles"] = "; ".join(flag_title(i) for i in ids)
    return row


def followed(entry: sources.Entry, profile) -> tuple[tuple[str, ...], str | None]:
    """The earlier profile a council's profile follows (`follows`, written by `interview --from`), as `letter`
    reads it: its file relative to the profile's folder (cohort.compare.followed); ((), None) for a CSV row or
    a case study, which follow no file. The second item is the note for a file that is not there."""
    if entry.row is not None or entry.data is not None or entry.path is None:
        return (), None
    from . import compare

    return compare.followed(profile, entry.source)


def follows_digest(entry: sources.Entry, letters: str | None, profile=None) -> str | None:
    """With letters, for a profile file that follows an earlier one (`follows`): the SHA-256 of the earlier
    profile's bytes, or "none" when it is not there; recorded among the options that made the result
    (`batch.options.follows`), so that a letter is made again when the earlier assessment its progress comes
    from changes, appears or goes. None otherwise. `profile`: the entry's loaded profile, when it is at hand.
    InputError if the profile cannot be read."""
    if not letters or entry.row is not None or entry.data is not None or entry.path is None:
        return None
    import hashlib

    profile = profile if profile is not None else entry.load()
    if getattr(profile, "follows", None) is None:
        return None
    paths, _ = followed(entry, profile)
    try:
        return hashlib.sha256(Path(paths[0]).read_bytes()).hexdigest() if paths else "none"
    except OSError:
        return "none"


def _made(entry: sources.Entry, letters: str | None, letter_options: dict[str, Any] | None,
          profile=None) -> dict[str, Any]:
    """`generator` for one council: its profile's digest, and the earlier profile's (follows_digest)."""
    follows = follows_digest(entry, letters, profile)
    options = {**(letter_options or {}), **({"follows": follows} if follows else {})}
    return generator(letters, entry.fingerprint(), options or None)


def _up_to_date(entry: sources.Entry, outdir: Path, letters: str | None,
                letter_options: dict[str, Any] | None = None) -> dict[str, Any] | None:
    """The stored result when it can be kept: made from the very same profile (its digest, not its
    date, which a copy or a restore keeps; with that of the earlier profile its letter's progress comes from),
    by the same version with the same options, and with its letter where one is asked for."""
    path = outdir / f"{entry.name}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        made = _made(entry, letters, letter_options)
    except (OSError, ValueError, InputError):
        return None
    if not isinstance(data, dict) or data.get("batch") != made:
        return None
    if letters and not (outdir / f"{entry.name}.{letters}").exists():
        return None
    return data


# -- the work of one council (in this process or a worker) --------------------------------------------------

_classifier = None


# Held while a worker assesses and writes a council, so that a worker whose main process has gone
# finishes the council in hand, whole, before it leaves.
_busy = threading.Lock()

# In a worker: the main process's stop event (`_parallel`), set when the batch stops (Ctrl-C, SIGTERM,
# SIGHUP or an error), so that a worker ends its task after the council in hand, not after the whole task.
_stop_event: Any = None

# How long, in seconds, a stopped batch waits for its workers to finish the councils in hand (a council
# with a PDF letter takes a few seconds on a busy machine) before it ends them: a stop never hangs.
STOP_WAIT = 60.0


def _init_worker(stop: Any = None) -> None:
    """A worker leaves Ctrl-C, SIGTERM and SIGHUP to the main process, which stops the batch (setting
    `stop`, a multiprocessing Event) and lets the workers finish the councils in hand; and a worker leaves
    once its main process has gone (killed outright), rather than wait for work for ever."""
    import multiprocessing.connection

    global _stop_event
    stopping.ignore_all()
    _stop_event = stop
    parent = multiprocessing.parent_process()
    if parent is not None:
        def leave_with_parent() -> None:
            multiprocessing.connection.wait([parent.sentinel])
            with _busy:
                os._exit(1)

        threading.Thread(target=leave_with_parent, name="leave-with-parent", daemon=True).start()


def _get_classifier():
    global _classifier
    if _classifier is None:
        from backtofront.classifier.classify import Classifier

        _classifier = Classifier()
    return _classifier


class Unwritable(Exception):
    """A council's file could not be written (a full disk, a folder made read-only): the batch stops."""


def _write(path: Path, data: bytes, token: str | None) -> None:
    try:
        atomic_write(path, data, output_folder.temporary_for(path, token) if token else None)
    except OSError as exc:
        raise Unwritable(f"{path}: cannot be written: {exc.strerror or exc}") from None


def letter_settings(profile, letter_options: dict[str, Any] | None):
    """The letter's Options for one council: `letter_options` (the batch's --sender, --recipient, --date as
    an ISO date, --template-dir, --brief), with the profile's own `letter: {sender, recipient}` (a CSV row's
    letter.sender and letter.recipient columns) beating the options."""
    import datetime as dt

    from backtofront.render import letter as letter_mod

    given = dict(letter_options or {})
    own = getattr(profile, "letter", None)
    sender = (own.sender if own and own.sender else None) or given.get("sender")
    recipient = (own.recipient if own and own.recipient else None) or given.get("recipient")
    date = dt.date.fromisoformat(given["date"]) if given.get("date") else None
    return letter_mod.Options(sender=sender, recipient=recipient, date=date,
                              template_dir=given.get("template_dir"), brief=bool(given.get("brief")))


def assess_one(entry: sources.Entry, outdir: str, letters: str | None, token: str | None = None,
               letter_options: dict[str, Any] | None = None) -> Outcome:
    """Classify one council and write its result (and letter). A bad profile is an Outcome with status
    failed and the message, never an exception; a file that cannot be written is a failed Outcome
    marked `fatal`, which stops the batch. `token`: the run's (output_folder.OutputFolder), naming the
    temporary files its manifest lists."""
    out = Path(outdir)
    try:
        profile = entry.load()
        made = _made(entry, letters, letter_options, profile)
        clf = _get_classifier()
        result = clf.classify(profile, source=entry.source)
        data = contract.batch_assessment({**result.to_dict(), "batch": made})
        note = None
        if letters:
            from backtofront.render import letter as letter_mod

            from . import compare

            # progress since the earlier assessment the profile follows, as `letter` reports it
            paths, note = followed(entry, profile)
            settings = dataclasses.replace(letter_settings(profile, letter_options),
                                           previous=tuple(
                                               compare.earlier_results(clf, profile, entry.source, paths,
                                                                       by_follows=True)))
            try:
                built = letter_mod.build(result, clf.kb, settings)
                rendered = letter_mod.render(built, letters, settings.template_dir)
            except (InputError, Unwritable):
                raise
            except Exception as exc:  # noqa: BLE001 - one council's letter never stops the others
                raise InputError(f"the {letters} letter could not be made ({type(exc).__name__}: "
                                 f"{str(exc)[:200]}); the other councils go on") from None
            _write(out / f"{entry.name}.{letters}",
                   rendered if isinstance(rendered, bytes) else rendered.encode("utf-8"), token)
        _write(out / f"{entry.name}.json", terminal.json_bytes(data), token)
        return Outcome(entry.name, entry.source, "written", summary_row(entry.name, data), note=note)
    except InputError as exc:
        # one line a council: the first problem, and how many more (`assess` of a file lists them all; a
        # CSV row's are named by the next batch, once this one is put right)
        where = ("`backtofront assess` of the file lists them all" if entry.row is None else
                 "put this one right and run the batch again to see the next")
        more = exc.more_words()
        message = exc.problems[0] + (f" (and {more}: {where})" if more else "")
        source = exc.source or entry.source
        council = entry.council()
        return Outcome(entry.name, entry.source, "failed",
                       {"council": council["name"], "type": council["type"]},
                       f"{source}: {message}")
    except Unwritable as exc:
        return Outcome(entry.name, entry.source, "failed", {}, str(exc), fatal=True)
    except OSError as exc:  # the profile went, or became unreadable, after it was listed
        return Outcome(entry.name, entry.source, "failed", {}, f"{entry.source}: cannot be read: "
                                                               f"{exc.strerror or exc}")


# -- the run -----------------------------------------------------------------------------------------------

def _context(method: str | None = None, preload: tuple[str, ...] = ()):
    """The worker start method: forkserver where the platform has it, else spawn; never fork. With
    forkserver, the server imports `preload` (after `cohort.forkserver_preload`, which makes it ignore
    Ctrl-C) once, and every worker is forked from it with those modules already imported and Ctrl-C
    ignored from its first instruction. The preload is fixed when this process first starts the server."""
    if method is None:
        method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    if method not in ("forkserver", "spawn"):
        raise ValueError(f"start method {method!r}: only forkserver or spawn (durable-rules runs threads)")
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        context.set_forkserver_preload(["backtofront.cohort.forkserver_preload", *preload])
    return context


def run(source: str, outdir: str, *, letters: str | None = None, letter_options: dict[str, Any] | None = None,
        jobs: int | None = None, force: bool = False,
        on_done: Callable[[Outcome], None] | None = None, on_start: Callable[[int], None] | None = None,
        start_method: str | None = None) -> Report:
    """Assess every council of `source` (folder or CSV) into `outdir` (created if missing; its parent
    must exist). `jobs`: worker processes (None: the machine's cores; 1: this process). `on_start(n)` is
    called with the number of councils to assess, `on_done(outcome)` after each (for a progress bar).
    `start_method`: forkserver or spawn (default: forkserver where there is one).
    Returns the Report; writes the summary files unless interrupted (KeyboardInterrupt propagates after
    the workers have finished the councils in hand).

    Errors: InputError for a bad source or output folder, a letter format that is not one of
    LETTER_FORMATS, or `jobs` below 1 (bad profiles are failed outcomes instead)."""
    if letters is not None and letters not in LETTER_FORMATS:
        raise InputError(f"--letters {letters!r}: choose one of {', '.join(LETTER_FORMATS)}")
    if jobs is not None and jobs < 1:
        raise InputError("--jobs: give 1 or more worker processes")
    if str(outdir) == "-":
        raise InputError("-o/--output: batch writes a folder of results, not standard output; give a folder "
                         "name")
    entries = output_names(sources.entries(source))
    out = Path(outdir)
    if out.is_symlink() and not out.exists():   # a link to nothing, or to itself
        raise InputError("is a symbolic link that leads to no folder; give a folder for the results",
                         source=str(out))
    output.refuse_special(out, "a folder for the results")
    if out.exists() and not out.is_dir():
        raise InputError("is a file; give a folder for the results", source=str(out))
    if not out.exists() and out.suffix.lower() in output_format.EXTENSIONS:
        raise InputError(f"names a {out.suffix} file, but batch writes a folder of results (each council's "
                         "result, and summary.csv, summary.json and summary.xlsx); give a folder name",
                         source=str(out))
    if not out.parent.exists():
        raise InputError(f"folder {str(out.parent)!r} does not exist", source=str(out))
    if Path(source).is_dir() and out.resolve() == Path(source).resolve():
        raise InputError("is the folder of profiles; write the results to another folder", source=str(out))
    if letters and (template_dir := (letter_options or {}).get("template_dir")) and letters != "docx":
        # a template that fails every letter alike (a syntax error, a block no template has) is said once,
        # before any council
        from backtofront.render import letter as letter_mod
        from backtofront.render import templating

        templating.check(letter_mod.TEMPLATE_FILES[letters], template_dir)
    try:
        out.mkdir(exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot be created: {exc.strerror or exc}", source=str(out)) from None
    if letters == "pdf":
        import importlib.util

        if importlib.util.find_spec("weasyprint") is None:
            _pdf_check()
    if workers(jobs, len(entries), letters) > 1 and _empty_folder(out):
        _start_server(start_method, letters)  # a first run: the workers' server starts while the folder is
        # checked (a rerun may find every council up to date, and start no worker at all)
    # before any council: every file it would replace is its own, and none is the input
    inputs = dict.fromkeys(str(e.path) for e in entries if e.path is not None)
    folder = output_folder.claim(out, planned(entries, letters), inputs=inputs,
                                 legacy_own=written_by_an_earlier_release, source=source,
                                 follows=_batch_made_target)
    try:
        report = _run_in(folder, entries, source, letters=letters, jobs=jobs, force=force, on_done=on_done,
                         on_start=on_start, start_method=start_method, letter_options=letter_options)
    finally:
        with _held_stop_signals() as late:  # a Ctrl-C (a second one) while the manifest is rewritten waits
            folder.close()
    if (signum := late()) is not None:  # every council and the summaries were written before it
        stop = stopping.stop_for(signum)
        stop.complete = True  # type: ignore[attr-defined]
        raise stop
    names = {e.name for e in entries} | {"summary"}   # a council's files are its name, a dot, a format
    report.left_over = [f for f in output_folder.own_files(out)
                        if not any(f[:i] in names for i, c in enumerate(f) if c == ".")]
    return report


def _empty_folder(path: Path) -> bool:
    """Whether `path` is missing or an empty folder (an unreadable one counts as not empty)."""
    try:
        with os.scandir(path) as found:
            return next(found, None) is None
    except FileNotFoundError:
        return True
    except OSError:
        return False


def _run_in(folder: output_folder.OutputFolder, entries: list[sources.Entry], source: str, *,
            letters: str | None, jobs: int | None, force: bool, on_done: Callable[[Outcome], None] | None,
            on_start: Callable[[int], None] | None, start_method: str | None,
            letter_options: dict[str, Any] | None = None) -> Report:
    """`run` once the output folder is claimed."""
    out = folder.path
    token = folder.token

    report = Report(out)
    outcomes: dict[str, Outcome] = {}
    todo = []
    for e in entries:
        kept = None if force else _up_to_date(e, out, letters, letter_options)
        if kept is not None:
            outcomes[e.name] = Outcome(e.name, e.source, "skipped", summary_row(e.name, kept))
        else:
            todo.append(e)
    if on_start:
        on_start(len(todo))

    def done(o: Outcome) -> None:
        if o.fatal:
            raise InputError(o.error or "cannot be written")
        outcomes[o.name] = o
        if on_done:
            on_done(o)

    jobs = workers(jobs, len(todo), letters)
    try:
        # WeasyPrint (about a second to import) is checked before the first letter: here in a serial
        # run, and in a parallel one while the workers start, which import it anyway
        check = _pdf_check if letters == "pdf" else None
        if jobs == 1:
            if check:
                check()
            with _held_stop_signals() as stopped:
                for e in todo:
                    with _busy:
                        outcome = assess_one(e, str(out), letters, token, letter_options)
                    done(outcome)
                    if stopped() is not None:
                        raise stopping.stop_for(stopped())
        else:
            _parallel(todo, str(out), letters, jobs, done, start_method, check, token, letter_options)
    finally:
        report.outcomes = [outcomes[e.name] for e in entries if e.name in outcomes]
    with _held_stop_signals() as stopped:  # the three summaries are written together or not at all
        write_summaries(report, source, token)
    if stopped() is not None:
        stop = stopping.stop_for(stopped())
        # every council and the summaries were written before it took effect (read with getattr)
        stop.complete = True  # type: ignore[attr-defined]
        raise stop
    return report


def _pdf_check() -> None:
    """InputError with the install help when WeasyPrint cannot be imported (missing, or its system
    libraries missing)."""
    from backtofront.render import letter as letter_mod

    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        raise InputError(letter_mod.PDF_HELP) from None


def output_names(entries: list[sources.Entry]) -> list[sources.Entry]:
    """The entries with distinct output names: a file's stem where no other council has it, else the
    whole file name (a.yaml and a.json write a.yaml.json and a.json.json); a council never overwrites
    the summaries (summary.yaml writes summary-council.json). The names depend only on the source, so a
    rerun finds the same results and skips them. A name longer than MAX_NAME_BYTES fails its council alone
    (the file system would refuse its files, and stop the batch)."""
    from collections import Counter

    stems = Counter(e.name for e in entries)
    named = []
    for e in entries:
        name = e.name
        if stems[name] > 1 and e.row is None:
            name = Path(e.source).name
        if name.lower() == "summary":
            name = f"{name}-council"
        named.append(name)
    taken: set[str] = set()
    out = []
    for e, name in zip(entries, named):
        unique, n = name, 2
        while unique.lower() in taken:
            unique, n = f"{name}-{n}", n + 1
        taken.add(unique.lower())
        size = len(unique.encode("utf-8", "surrogateescape"))
        if size > MAX_NAME_BYTES and e.refused is None:
            out.append(dataclasses.replace(e, name=unique, refused=(
                f"its name is too long for the result's file name ({size} bytes; at most {MAX_NAME_BYTES}); "
                "rename it")))
            continue
        out.append(e if unique == e.name else dataclasses.replace(e, name=unique))
    return out


# The longest council name a result's file takes, in bytes: file systems allow 255 a name, and the result's
# temporary file adds about 20 (`.NAME.docx.TOKEN.tmp`)
MAX_NAME_BYTES = 200


# The fewest councils for which starting worker processes pays, by letter format (None: results only).
# A worker costs about 0.6 s of CPU to start (its imports and its own Classifier; more with the letter code
# and WeasyPrint), and a second worker saves half of the serial time, so it pays once half the councils
# take longer than a start: about 10 ms a council without letters, 60-70 ms with Markdown or HTML letters,
# a quarter of a second and more with Word or PDF (measured on two cores, `make bench`).
PAYS_FOR_WORKERS: dict[str | None, int] = {None: 120, "md": 20, "html": 20, "docx": 6, "pdf": 4}


def workers(jobs: int | None, councils: int, letters: str | None = None) -> int:
    """The number of worker processes: `jobs` (default: the cores), but never more than the councils
    to assess nor twice the cores; 1 means this process alone, as it does for fewer councils than it
    takes to pay for starting workers (PAYS_FOR_WORKERS, by `letters`: None or a LETTER_FORMATS name)."""
    cores = os.cpu_count() or 1
    if councils < PAYS_FOR_WORKERS.get(letters, 1):
        return 1
    return max(1, min(jobs or cores, councils, cores * 2))


@contextlib.contextmanager
def _held_stop_signals():
    """Ctrl-C (SIGINT), SIGTERM and SIGHUP recorded, not raised, while the block runs: the caller stops
    the batch (KeyboardInterrupt, or `Stopped` for the last two) where it is safe to: between two
    councils, never inside one (durable-rules runs rule actions in its C code, which would swallow an
    exception raised there and carry on with half a classification), nor inside an import or the
    creation of a worker's semaphore. Yields a function giving the signal received, or None."""
    if threading.current_thread() is not threading.main_thread():
        yield lambda: None
        return
    received: list[int] = []

    def record(signum, frame):
        received.append(signum)

    # a signal ignored here (nohup ignores SIGHUP) stays ignored
    previous = {signum: signal.signal(signum, record)
                for signum in stopping.STOP_SIGNALS
                if not stopping.ignored(signum)}
    try:
        yield lambda: received[0] if received else None
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


# Councils a worker takes at a time when it writes results alone (a few milliseconds each): fewer,
# larger tasks spare the main process the cost of a future per council. With letters (up to a second or
# two each, for PDF) a task is one council, so Ctrl-C stops the batch within one letter per worker.
CHUNK = 25


def chunks(todo: list[sources.Entry], jobs: int, letters: str | None) -> list[list[sources.Entry]]:
    """`todo` in consecutive tasks for `jobs` workers: at most CHUNK councils each (one with letters),
    and at least eight tasks a worker where there are enough councils, so the last tasks end together."""
    size = 1 if letters else max(1, min(CHUNK, len(todo) // (jobs * 8)))
    return [todo[i:i + size] for i in range(0, len(todo), size)]


def assess_many(entries: list[sources.Entry], outdir: str, letters: str | None,
                token: str | None = None,
                letter_options: dict[str, Any] | None = None) -> list[Outcome]:
    """`assess_one` for each of `entries`, in order (a worker's task): [Outcome], one a council assessed.
    Stops after a fatal outcome, and before the next council once the batch is stopping (`_stop_event`):
    the councils left are not assessed, and a rerun takes them."""
    outcomes: list[Outcome] = []
    for e in entries:
        if _stop_event is not None and _stop_event.is_set():
            break
        with _busy:
            outcomes.append(assess_one(e, outdir, letters, token, letter_options))
        if outcomes[-1].fatal:
            break
    return outcomes


def _preload(letters: str | None) -> tuple[str, ...]:
    """The modules workers need beyond the classifier: the letter code, and WeasyPrint for PDF."""
    if not letters:
        return ()
    return ("backtofront.render.letter", "weasyprint") if letters == "pdf" else ("backtofront.render.letter",)


@contextlib.contextmanager
def _while_workers_start(exec_started: bool):
    """The stop signals (Ctrl-C, SIGTERM, SIGHUP) held off while worker processes, or the forkserver,
    are started: interrupted there, this process would stop the batch and remove the pool's semaphores
    while a worker is still reading them, and the worker would die with a traceback. Yields a function
    giving the signal received meanwhile, or None; the caller stops the batch once the workers are up.

    `exec_started`: the processes started here run a fresh interpreter, which must not get a stop
    signal before it can ignore it. The signals are then blocked, not caught: a blocked signal stays
    pending for this process and is raised as the block ends, while the new process inherits the block
    and discards its own pending one once it ignores it (`forkserver_preload`, `_init_worker`).
    Otherwise (workers forked from the forkserver, which ignore the signals already) they are recorded."""
    if threading.current_thread() is not threading.main_thread():
        yield lambda: None
        return
    if exec_started and hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_BLOCK, stopping.STOP_SIGNALS)
        try:
            yield lambda: None
        finally:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, stopping.STOP_SIGNALS)  # a pending signal raises here
        return
    with _held_stop_signals() as received:
        yield received


def _start_resource_tracker() -> None:
    """Start multiprocessing's resource tracker (which removes the pool's semaphores after a crash)
    before the pool does, with SIGHUP blocked: the tracker shields itself from SIGINT and SIGTERM but not
    from SIGHUP, so closing the terminal would kill it and leave a traceback. It inherits the block and
    keeps it; a SIGHUP sent meanwhile to this process is raised once the block ends."""
    from multiprocessing import resource_tracker

    hup = getattr(signal, "SIGHUP", None)
    if hup is None or not hasattr(signal, "pthread_sigmask") or \
            threading.current_thread() is not threading.main_thread():
        resource_tracker.ensure_running()
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, {hup})
    try:
        resource_tracker.ensure_running()
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {hup})


def _start_server(start_method: str | None, letters: str | None):
    """The workers' multiprocessing context, with multiprocessing's resource tracker and (for forkserver)
    the server started: a fresh interpreter importing the classifier (`_preload`), about a tenth of a
    second of work that runs beside this process's own. Called again, it starts nothing new."""
    context = _context(start_method, _preload(letters))
    _start_resource_tracker()
    if context.get_start_method() == "forkserver":
        from multiprocessing import forkserver as server

        with _while_workers_start(exec_started=True):
            server.ensure_running()
    return context


def _parallel(todo: list[sources.Entry], outdir: str, letters: str | None, jobs: int,
              done: Callable[[Outcome], None], start_method: str | None = None,
              check: Callable[[], None] | None = None, token: str | None = None,
              letter_options: dict[str, Any] | None = None) -> None:
    """Run `todo` in `jobs` worker processes, calling `done` in this process for each council as its task
    ends. `check` runs here once the workers are starting (it may raise InputError: the batch stops).

    A stop signal (Ctrl-C, SIGTERM, SIGHUP) is recorded, never raised where it lands, and stops the batch
    at the next look, at most POLL seconds later: raised inside an import or a semaphore's creation, it
    would print a traceback Python cannot stop (an import's lock callback) or leave the semaphore behind."""
    with _held_stop_signals() as received:
        _parallel_held(todo, outdir, letters, jobs, done, start_method, check, token, letter_options,
                       received)


# How often, in seconds, the main process looks for a stop signal while its workers work.
POLL = 0.1


def _parallel_held(todo: list[sources.Entry], outdir: str, letters: str | None, jobs: int,
                   done: Callable[[Outcome], None], start_method: str | None,
                   check: Callable[[], None] | None, token: str | None,
                   letter_options: dict[str, Any] | None, received: Callable[[], int | None]) -> None:
    """`_parallel` with the stop signals recorded: `received()` gives the one received, or None."""
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    def look() -> None:
        if (signum := received()) is not None:
            raise stopping.stop_for(signum)

    context = _start_server(start_method, letters)
    forkserver = context.get_start_method() == "forkserver"
    stop = context.Event()
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_init_worker,
                               initargs=(stop,))
    futures: list = []
    handed: dict = {}  # task -> how many of its outcomes have been passed to `done`
    try:
        look()
        tasks = chunks(todo, jobs, letters)
        # the first `jobs` tasks start the workers, a worker a task
        with _while_workers_start(exec_started=not forkserver) as started:
            futures += [pool.submit(assess_many, chunk, outdir, letters, token, letter_options)
                        for chunk in tasks[:jobs]]
        if started() is not None:
            raise stopping.stop_for(started())
        look()
        futures += [pool.submit(assess_many, chunk, outdir, letters, token, letter_options)
                    for chunk in tasks[jobs:]]
        if check is not None:
            check()
        import openpyxl  # noqa: F401 - the summary's workbook, imported while the workers work
        pending = set(futures)
        while pending:
            look()
            finished, pending = wait(pending, timeout=POLL, return_when=FIRST_COMPLETED)
            for f in finished:
                for outcome in f.result():
                    handed[f] = handed.get(f, 0) + 1
                    done(outcome)
        look()
    except BaseException:
        # Ctrl-C (or an error): drop the tasks not started; the workers finish the council in hand, which
        # is then counted like the others, and leave their tasks there. A second stop signal meanwhile
        # ends the workers at once (`_stop_pool`) rather than leave them writing after this run has
        # recorded its files: the stop is held off until they have gone.
        with _held_stop_signals() as again:
            stop.set()
            _stop_pool(pool, futures, again)
            for f in futures:  # the outcomes not yet passed on, a stop during one task's included
                if f.done() and not f.cancelled() and f.exception() is None:
                    for outcome in f.result()[handed.get(f, 0):]:
                        handed[f] = handed.get(f, 0) + 1
                        done(outcome)
        raise
    pool.shutdown(wait=True)


def _stop_pool(pool, futures: list, again: Callable[[], int | None] = lambda: None) -> None:
    """Shut `pool` down once its workers have ended their tasks, waiting at most STOP_WAIT seconds, or
    until `again()` gives a signal (a second Ctrl-C): a worker still busy then is killed (its council's
    file is written whole or not at all, its temporary file is removed with the run's, and a rerun
    assesses it), so that a stopped batch always exits, and no worker writes once this returns."""
    from concurrent.futures import wait

    for f in futures:
        f.cancel()  # a task not started; one already handed to a worker returns at once, empty
    running = {f for f in futures if not f.cancelled()}
    deadline = time.monotonic() + STOP_WAIT
    while running and again() is None and time.monotonic() < deadline:
        _done, running = wait(running, timeout=min(0.1, max(0.0, deadline - time.monotonic())))
    # ProcessPoolExecutor has no public way to end its workers; they ignore SIGTERM, so SIGKILL
    processes = list((getattr(pool, "_processes", None) or {}).values())
    if not running:
        pool.shutdown(wait=True, cancel_futures=True)
        return
    # the pool's manager thread, finding its workers gone, sets an error on every task it holds, the
    # cancelled ones too, and fails on those (InvalidStateError) with a traceback on standard error: the
    # stop is this process's own doing, so that thread's failure is not shown
    from concurrent.futures import InvalidStateError

    shown = threading.excepthook

    def quiet(args) -> None:
        if not isinstance(args.exc_value, InvalidStateError):
            shown(args)
    threading.excepthook = quiet
    try:
        for process in processes:
            if process.is_alive():
                process.kill()
        for process in processes:
            process.join()
        pool.shutdown(wait=True, cancel_futures=True)
    finally:
        threading.excepthook = shown


# -- summaries ---------------------------------------------------------------------------------------------

def _columns(report: Report) -> list[str]:
    from backtofront.classifier import knowledge

    return ["file", "council", "type", "overall", "provisional", *knowledge.load().characteristics, "flags",
            "flag titles",
            "status", "error"]


def _rows(report: Report) -> list[dict[str, Any]]:
    rows = []
    for o in report.outcomes:
        row = {"file": o.name, **o.row, "status": "failed" if o.status == "failed" else "ok",
               "error": o.error or ""}
        rows.append(row)
    return rows


# summary.csv's cells of text taken from the input (a file's name, a council's name, a failed row's type as
# it was written, the problem with a row): a spreadsheet would run one starting with these as a formula (CSV
# injection). A valid type is an id (`district`), which never starts so, and is never changed.
CSV_FREE_TEXT = ("file", "council", "type", "error")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_text(value: Any) -> Any:
    """A free-text cell of summary.csv as a spreadsheet shows it without running it: text starting with
    `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'` (`=HYPERLINK(...)` becomes
    `'=HYPERLINK(...)`); other text, and anything not text, unchanged."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


def write_summaries(report: Report, source: str, token: str | None = None) -> None:
    """summary.csv, summary.json and summary.xlsx in the output folder, one row a council. The CSV and
    the JSON are for machines: the ids (`london_borough`, `transitional`, flag ids) under the column
    names of `_columns`, the free-text cells of the CSV kept from running as formulas (`csv_text`; the
    JSON keeps them as they are), the CSV in UTF-8 without a byte-order mark (a BOM would become part of the
    first column's name for many readers). The workbook is for people (`people_table`): spreadsheets open it
    with every character right, where Excel misreads a UTF-8 CSV without a BOM."""
    columns = _columns(report)
    rows = [{c: r.get(c, "") for c in columns} for r in _rows(report)]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows([{c: str(v).lower() if isinstance(v, bool) else csv_text(v) if c in CSV_FREE_TEXT else v
                       for c, v in r.items()} for r in rows])
    _summary_write(report.outdir / "summary.csv", buffer.getvalue().encode("utf-8"), token)
    summary = contract.batch_summary({"schema_version": SCHEMA_VERSION, "source": source,
                                      "batch": {"version": __version__}, "councils": rows})
    _summary_write(report.outdir / "summary.json", terminal.json_bytes(summary), token)
    _summary_write(report.outdir / "summary.xlsx", _xlsx(*people_table(columns, rows)), token)


def _summary_write(path: Path, data: bytes, token: str | None = None) -> None:
    """Replace the summary `path` with `data`, unless it holds the same content already (a rerun that
    changed nothing leaves the summaries as they were, their times included)."""
    if _same_content(path, data):
        return
    try:
        atomic_write(path, data, output_folder.temporary_for(path, token) if token else None)
    except OSError as exc:
        raise InputError(f"cannot be written: {exc.strerror or exc}", source=str(path)) from None


def _same_content(path: Path, data: bytes) -> bool:
    """Whether the regular file `path` holds `data`: byte for byte, or for a workbook (a zip), member for
    member apart from docProps/core.xml (the time it was saved) and the members' zip timestamps. False
    when it cannot be read or is not a regular file."""
    try:
        if not path.is_file() or path.stat().st_size > 64 * 1024 * 1024:
            return False
        old = path.read_bytes()
    except OSError:
        return False
    if old == data:
        return True
    if path.suffix != ".xlsx":
        return False
    import zipfile

    def members(raw: bytes) -> dict[str, bytes]:
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            infos = [i for i in z.infolist() if i.filename != "docProps/core.xml"]
            if sum(i.file_size for i in infos) > 256 * 1024 * 1024:
                raise ValueError("too large to compare")
            return {i.filename: z.read(i) for i in infos}
    try:
        return members(old) == members(data)
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


STATUS_WORDS = {"ok": "Assessed", "failed": "Failed"}


def people_table(columns: list[str], rows: list[dict[str, Any]]) -> tuple[list[str], list[list[str]]]:
    """The summary for people (summary.xlsx): plain headings ("Efficiency policy", "Flags") and plain
    values ("London borough", "Transitional", "Transitional (provisional)" for a provisional overall
    stage), the flags in words only. summary.csv and summary.json keep
    the ids machines read. Returns (headings, rows of cells)."""
    from backtofront.classifier import knowledge

    kb = knowledge.load()

    def stage(v: str | None) -> str:
        return v.capitalize() if v else ""

    words = {"file": ("File", str), "council": ("Council", str),
             "type": ("Type", lambda v: knowledge.COUNCIL_TYPE_LABELS.get(v, v)),
             "overall": ("Overall stage", stage),
             "provisional": None,  # shown in the overall stage: "Transitional (provisional)"
             **{cid: (c.name, stage) for cid, c in kb.characteristics.items()},
             "flags": None, "flag titles": ("Flags", str),
             "status": ("Status", lambda v: STATUS_WORDS.get(v, v)),
             "error": ("Problem", str)}
    spec = {c: heading for c in columns if (heading := words.get(c, (c, str))) is not None}
    shown = list(spec)
    heads = [spec[c][0] for c in shown]
    cells = []
    for r in rows:
        assessed = r.get("status") != "failed"
        cells.append([spec[c][1](r[c]) or ("Not assessed" if assessed and c in kb.characteristics
                                                           else "") for c in shown])
        if r.get("provisional") is True and r.get("overall") and "overall" in shown:
            cells[-1][shown.index("overall")] += " (provisional)"
    return heads, cells


def _xlsx(columns: list[str], rows: list[list[str]]) -> bytes:
    """A workbook of one sheet, "Summary": `columns` in bold and frozen, then `rows`."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.worksheets[0]  # a new workbook's one sheet (its active one)
    ws.title = "Summary"
    ws.append(columns)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    for n, r in enumerate(rows, start=2):  # a failed council's text (its problem, quoted) may hold
        # characters a workbook cannot
        values = [ILLEGAL_CHARACTERS_RE.sub("\ufffd", v) if isinstance(v, str) else v for v in r]
        ws.append(values)
        for column, v in enumerate(values, start=1):  # text, never a formula: "=HYPERLINK(...)" stays a name
            if isinstance(v, str) and v.startswith("="):
                ws.cell(row=n, column=column).data_type = "s"
    ws.freeze_panes = "B2"
    for i, c in enumerate(columns, start=1):
        longest = max([len(str(c)), *(len(str(r[i - 1])) for r in rows)])
        ws.column_dimensions[get_column_letter(i)].width = min(60, longest + 2)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# -- terminal ----------------------------------------------------------------------------------------------

def summary_text(report: Report, *, color: bool, width: int) -> str:
    """The summary table with the heatmap of councils by characteristic, then failures and counts."""
    from backtofront.classifier import knowledge

    from . import heatmap

    kb = knowledge.load()
    good = [o for o in report.outcomes if o.status != "failed"]
    # a council named on two rows (its 2008 and 2009 profiles) is told apart by its file
    names = [o.row["council"] for o in good]
    rows = [(o.row["council"] + (f" ({o.row['file']})" if names.count(o.row["council"]) > 1 else ""),
             {cid: o.row.get(cid) or None for cid in kb.characteristics},
             o.row["overall"] or None)
            for o in good]
    provisional = [o.row.get("provisional") is True for o in good]
    extra = [(knowledge.council_type_in_sentence(o.row["type"]), str(len(o.row["flags"].split("; ")))
              if o.row["flags"] else "0") for o in good]
    text = heatmap.render(kb, rows, color=color, width=width, title="Summary: councils by characteristic "
                                                                    "(Table 4)",
                          extra=("Type", "Flags"), extra_cells=extra, provisional=provisional) if rows else ""
    import textwrap

    counts = (f"{report.count('written')} assessed, {report.count('skipped')} unchanged (skipped), "
              f"{len(report.failed)} failed. Results in {report.outdir}/ ({', '.join(SUMMARY_FILES)}).")
    return text + textwrap.fill(counts, width, break_on_hyphens=False, break_long_words=False) + "\n"


def interrupted_line(written: int, todo: int) -> str:
    """What a Ctrl-C left behind, in one line (the command line then says "Interrupted.")."""
    if not todo:
        return "Stopped before any council was assessed; run the same command again to assess them."
    if written == todo:
        return (f"Stopped: all {written} {'council' if todo == 1 else 'councils'} written, but not the "
                "summaries; run the same command again to write them.")
    if not written:
        return (f"Stopped before {'the council was' if todo == 1 else f'any of the {todo} councils was'} "
                "written; run the same command again to assess them.")
    done = f"{written} of {todo} {'council' if todo == 1 else 'councils'} written"
    return f"Stopped: {done}; run the same command again to finish the rest."


LEFT_OVER_SHOWN = 5  # files named in the note on an earlier run's results; then "and N more"


def command(source: str, outdir: str, *, letters: str | None, jobs: int | None, force: bool, progress: bool,
            letter_options: dict[str, Any] | None = None,
            color: bool, width: int, echo: Callable[[str], None], echo_err: Callable[[str], None]) -> bool:
    """`backtofront batch`: run with a progress bar on standard error when `progress` (a terminal),
    report each failure as it happens, then print the summary. Returns True when every council passed."""
    import sys

    from backtofront.render import terminal
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    bar = None
    task = None
    if progress:
        bar = Progress(TextColumn("Assessing"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                       console=Console(file=terminal.unfiltered(sys.stderr), width=width), transient=True)

    counts = {"todo": 0, "written": 0}

    def on_start(n: int) -> None:
        nonlocal task
        counts["todo"] = n
        if bar is not None:
            bar.start()
            task = bar.add_task("assess", total=n)

    def on_done(o: Outcome) -> None:
        counts["written"] += o.status == "written"
        if bar is not None and task is not None:
            bar.advance(task)

    try:
        report = run(source, outdir, letters=letters, letter_options=letter_options, jobs=jobs, force=force,
                     on_start=on_start, on_done=on_done)
    except KeyboardInterrupt as exc:
        try:
            if bar is not None:
                bar.stop()
                bar = None
            echo_err("Stopped after every council and the summaries were written."
                     if getattr(exc, "complete", False)
                     else interrupted_line(counts["written"], counts["todo"]))
        except OSError:  # the terminal has gone (SIGHUP)
            bar = None
        import click

        # the command line says "Interrupted." (exit 130, or 128 + the signal for SIGTERM and SIGHUP)
        abort = click.exceptions.Abort()
        abort.signum = getattr(exc, "signum", None)  # type: ignore[attr-defined]  # read with getattr
        raise abort from None
    finally:
        if bar is not None:
            bar.stop()
    echo(summary_text(report, color=color, width=width))
    import textwrap

    for o in report.outcomes:
        if o.note:   # a letter made without the progress it would report
            message = f"Note: {o.note}"
            echo_err(textwrap.fill(message, width, subsequent_indent="  ", break_on_hyphens=False) if progress
                     else message)
    if report.left_over:
        shown = ", ".join(report.left_over[:LEFT_OVER_SHOWN])
        more = len(report.left_over) - LEFT_OVER_SHOWN
        message = (f"Kept from an earlier run, for councils not in {source} (the summaries leave them out): "
                   f"{shown}{f' and {more} more' if more > 0 else ''}")
        echo_err(textwrap.fill(message, width, subsequent_indent="  ", break_on_hyphens=False) if progress
                 else message)
    for o in report.failed:
        message = f"Failed: {o.error}"
        echo_err(textwrap.fill(message, width, subsequent_indent="  ", break_on_hyphens=False) if progress
                 else message)
    return not report.failed
