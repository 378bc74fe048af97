"""`backtofront interview`: build a council's profile by answering the question bank, full-screen
(Textual) or line by line, saving the profile after every answer. It only produces a profile; the
assessment is then made by the same code as `backtofront assess`."""

from __future__ import annotations

import datetime as dt
import errno
import shutil
import signal
import sys
import textwrap
from typing import NoReturn

import click
from backtofront import stopping
from backtofront.classifier import profile as profile_mod
from backtofront.classifier.errors import InputError
from backtofront.classifier.profile import choice as profile_choice
from backtofront.classifier.profile import name_key

from . import answers_file
from . import previous as previous_mod
from .session import Session
from .store import COUNCIL_TYPES, Answer, ProfileFile


class Hangup(BaseException):
    """The terminal was closed (SIGHUP): stop at once; the file already holds every answer."""


class _Terminal:
    gone = False  # the terminal has closed: said once, by the first of its SIGHUP and a failed read


def _on_hangup(signum, frame):
    if not _Terminal.gone:
        _Terminal.gone = True
        raise Hangup


Change = tuple[str, Answer, Answer]   # an answer --answers changed: (question id, was, now)
NAMED_CHANGES = 3   # the changed answers a summary names, then "and N more"


def fill_from_file(store: ProfileFile, path: str, name: str | None, council_type: str | None,
                   skipped: list[int] | None = None, respondent: dict | None = None,
                   date: dt.date | None = None) -> tuple[int, list[Change], int]:
    """`--answers FILE`: add every answer in FILE to the profile (one save). Returns (how many answers were
    new, the answers changed as (question id, was, now) in FILE's order, how many were already there as
    given); the line numbers of CSV rows left without an answer (questions
    still open) are added to `skipped`. A file that gives no answer makes no new profile (0, [], 0).
    `date` (`--date`): the assessment date of a profile whose council is being set, as FILE's own
    `assessed_on:` is; an undated profile takes it; InputError (exit 2), before anything is saved, when FILE
    gives another date or the profile is dated otherwise (an interview never changes a profile's date)."""
    from backtofront.classifier import questions

    answers, extra = answers_file.read(path, questions.load())
    if skipped is not None:
        skipped.extend(extra.get("skipped", []))
    if not answers and not store.exists:   # a blank sheet: no profile is made of nothing
        return 0, [], 0
    assessed = extra.get("assessed_on")
    if date is not None:
        assessed = _check_date(store, path, date, assessed)
    council = store.council or {}
    given_council = extra.get("council")
    given = given_council if isinstance(given_council, dict) else {}
    if given:   # an answers file about another council is not merged into this one
        _check_council(store, given.get("name"), profile_choice(given.get("type"), COUNCIL_TYPES)
                       if given.get("type") else None, f"the council of {path}", f"the council of {path}")
    # the profile's own council first: a name typed otherwise (`_check_council`) never renames it
    name = council.get("name") or name or given.get("name")
    council_type = profile_choice(council.get("type") or council_type or given.get("type"), COUNCIL_TYPES)
    if not name or not council_type:
        raise InputError("the profile has no council yet: give --name and --type (or a council: key in "
                         "the answers file)", source=str(store.path))
    if council.get("name") != name or council.get("type") != council_type:
        dated = not store.exists or date is not None   # --date is for the profile's own council being set
        store.set_council(name, council_type,
                          str(assessed) if assessed and dated and "assessed_on" not in store.data else None)
    elif date is not None and store.data.get("assessed_on") is None:   # an undated profile takes --date
        store.set_assessed_on(date.isoformat(), save=False)
    given_respondent = {**(extra.get("respondent") or {}),
                        **{k: v for k, v in (respondent or {}).items() if v}}
    if given_respondent.get("name"):
        store.set_respondent(given_respondent["name"], given_respondent.get("role"))
    before = store.answers()
    for qid, answer in answers.items():
        store.set_answer(qid, answer, save=False)
    store.save(f"the answers from {path}")
    after = store.answers()
    new = sum(qid not in before for qid in answers)
    same = sum(qid in before and before[qid] == after[qid] for qid in answers)
    changes = [(qid, before[qid], after[qid]) for qid in answers
               if qid in before and before[qid] != after[qid]]
    return new, changes, same


def _check_date(store: ProfileFile, path: str, date: dt.date, given: object) -> str:
    """`--date` beside the answers file's own date (`given`, its `assessed_on:`) and the profile's: the
    date to record (ISO), or InputError naming both dates when they differ."""
    if given is not None:
        try:
            theirs = profile_mod.read_date(str(given))
        except ValueError as exc:
            raise InputError(f"assessed_on: {exc}", source=path) from None
        if theirs != date:
            raise InputError(f"--date {date.isoformat()} and the assessed_on: {theirs.isoformat()} of {path} "
                             "differ; give one date")
    held = store.data.get("assessed_on")
    if held is not None:
        try:
            ours = profile_mod.read_date(str(held))
        except ValueError:
            ours = None
        if ours != date:
            raise InputError(f"is dated {held}, not --date {date.isoformat()}: an interview does not change "
                             "a profile's date; to change it, edit its assessed_on: key",
                             source=str(store.path))
    return date.isoformat()


def filled_line(new: int, changed: int | list[Change], same: int, source: str, target: str) -> str:
    """What `--answers` did, in one line: "Added 3 answers from a.csv to p.yaml.", "Added 1 answer and
    changed 1 answer from q.yaml to p.yaml (2 already there as given).", "Changed 1 answer in p.yaml, from
    r.yaml.", "Nothing to add from q.yaml: p.yaml already has its 2 answers as given.". Given the changes
    themselves (`fill_from_file`), the line names the first NAMED_CHANGES of them, then how many more:
    "Changed 1 answer in p.yaml, from r.yaml: efficiency_policy_status (was policy_not_linked, now
    strategic_embedded)."."""
    def n(k: int) -> str:
        return f"{k} answer{'s' if k != 1 else ''}"
    changes = changed if isinstance(changed, list) else []
    count = len(changed) if isinstance(changed, list) else changed
    if not new and not count:
        if not same:
            return f"Nothing to add from {source}: it gives no answer."
        its = "its answer" if same == 1 else f"its {n(same)}"
        return f"Nothing to add from {source}: {target} already has {its} as given."
    parts = ([f"added {n(new)}"] if new else []) + ([f"changed {n(count)}"] if count else [])
    line = (f"{' and '.join(parts)} from {source} to {target}" if new
            else f"{parts[0]} in {target}, from {source}")
    line = line[0].upper() + line[1:] + (f" ({same} already there as given)" if same else "")
    if changes:
        named = [_change(change) for change in changes[:NAMED_CHANGES]]
        more = len(changes) - len(named)
        line += ": " + (", ".join(named) if not more else f"{', '.join(named)} and {more} more")
    return line + "."


def _change(change: Change) -> str:
    """One changed answer as the summary names it: "policy_status (was ad_hoc, now embedded)", or what
    changed beside an answer that stayed ("(evidence changed)")."""
    qid, was, now = change
    if was.value != now.value:
        return f"{qid} (was {_value(was.value)}, now {_value(now.value)})"
    return f"{qid} ({'evidence' if was.evidence != now.evidence else 'justification'} changed)"


def _value(value: object) -> str:
    """An answer's value as the profile holds it, short: an id, ids separated by `;` ("none" for an empty
    list), a number as written (62, not 62.0); at most 40 characters."""
    if isinstance(value, list):
        text = "; ".join(map(str, value)) if value else "none"
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    else:
        text = str(value)
    return text if len(text) <= 40 else text[:39] + "…"


def run(output: str, *, plain: bool | None = None, answers: str | None = None, name: str | None = None,
        council_type: str | None = None, respondent: str | None = None, role: str | None = None,
        from_path: str | None = None, date: dt.date | None = None) -> bool:
    """Run the interview on the profile file OUTPUT (created when missing, resumed when it has answers).
    Full-screen when standard input and output are terminals and `plain` is not set; line by line
    otherwise; no prompts with `answers`. Returns True when the assessment should now be shown.
    Raises InputError for a bad file or option (exit 2), for a profile open in another interview, a FIFO,
    a device or a socket (before any prompt), for a profile that cannot be saved (a full disk, a
    read-only folder: the file stays as it was), and for input that ends before the council's details
    are complete ("no more input"); exits 130 on Ctrl-C, 143 on SIGTERM and 129 on a hang-up.

    `from_path` (`--from OLD`): a new assessment of OLD's council (interview.previous): its name and type
    carried, a new date asked (after OLD's), OLD's answers offered one by one as defaults and its evidence
    and stated stages shown; OUTPUT records `follows`. OLD is only read. InputError when OLD is not a
    readable profile, is OUTPUT itself, or is of another council than OUTPUT, and with `answers`.

    `date` (`--date`, only with `answers`): the assessment date of a new profile (`fill_from_file`)."""
    if date is not None and not answers:
        raise InputError("--date goes with --answers; the interview asks for the assessment date itself")
    if council_type is not None:
        council_type = profile_choice(council_type, COUNCIL_TYPES)   # `District`, `London borough`
    from backtofront.classifier.validation import guess

    if council_type is not None and council_type not in COUNCIL_TYPES:
        raise InputError(f"--type {council_type!r}: choose one of {', '.join(COUNCIL_TYPES)}"
                         + guess(council_type, list(COUNCIL_TYPES)))
    if role is not None:
        from backtofront.classifier.workbook import ROLES

        role = profile_choice(role, ROLES)
        if role not in ROLES:
            raise InputError(f"--role {role!r}: choose one of {', '.join(ROLES)}" + guess(role, list(ROLES)))
        if not respondent:
            raise InputError("--role needs --respondent NAME")
    previous = None
    if from_path is not None:
        if answers:
            raise InputError("--from offers the earlier answers one by one to confirm; it does not take "
                             "--answers")
        previous = previous_mod.load(from_path, output)
        old = previous.profile.council
        for option, given, carried in (("--name", name, old.name), ("--type", council_type, old.type)):
            if given is not None and (name_key(given) != name_key(carried) if option == "--name"
                                      else given != carried):
                raise InputError(f"{option} {given!r} is not the council of --from {from_path} ({old.name}, "
                                 f"{old.type}); --from starts a new assessment of the same council")
        name = council_type = None   # carried from the earlier profile
    store = ProfileFile(output, lock=True)   # a second interview on the same profile is refused here
    try:
        if previous is not None:
            _check_follows(store, previous)
        _check_combined(store)
        _check_council(store, name, council_type)
        return _run(store, plain=plain, answers=answers, name=name, council_type=council_type,
                    respondent=respondent, role=role, previous=previous, date=date)
    finally:
        store.close()


def _check_council(store: ProfileFile, name: str | None, council_type: str | None,
                   given: str = "--name", given_type: str = "--type") -> None:
    """`--name`/`--type` (or an answers file's council: `given`, `given_type` say which) for a profile that
    already names its council: the same council (its name compared as `profile.name_key` does), or
    InputError (exit 2). An interview never renames a council; the profile's `council:` is edited for
    that."""
    council = store.council
    if council is None:
        return
    for option, value, key in ((given, name, "name"), (given_type, council_type, "type")):
        # a name as combine and compare compare it (case, spacing, invisible characters aside)
        same = (name_key(value) == name_key(str(council.get(key) or ""))
                if key == "name" and value is not None else value == council.get(key))
        if value is not None and not same:
            raise InputError(f"is {council.get('name')} ({council.get('type')}), not {value!r} ({option}): "
                             "an interview adds answers to the profile's own council; to rename it, edit its "
                             "council: key", source=str(store.path))


def _check_combined(store: ProfileFile) -> None:
    """A profile `combine` wrote (it lists `respondents`) takes no interview: answers given here would
    override the respondents' combined stages with no reason recorded. InputError (exit 2) saying what to
    do instead."""
    if isinstance(store.data, dict) and store.data.get("respondents"):
        raise InputError("is combined from respondents' answers: interview each respondent into their own "
                         "file and combine again, or record a stage the workshop agreed as an override with "
                         "its reason", source=str(store.path))


def _check_follows(store: ProfileFile, previous: previous_mod.Previous) -> None:
    """A profile already begun with `--from` (resumed): it must be of the same council; its `follows`
    is recorded (saved) when it does not yet name this earlier profile."""
    council = store.council
    if council is None:
        return
    old = previous.profile.council
    if council.get("name") != old.name or council.get("type") != old.type:
        raise InputError(f"is {council.get('name')} ({council.get('type')}), but --from {previous.path} is "
                         f"{old.name} ({old.type}); --from starts a new assessment of the same council",
                         source=str(store.path))
    when = store.data.get("assessed_on")
    if when is not None and previous.assessed_on is not None:
        try:
            date = profile_mod.read_date(str(when))
        except ValueError:
            date = None
        from .plain import after_problem  # the same test the date prompts make

        if date is not None and after_problem(date, previous):
            raise InputError(f"is dated {date.isoformat()}, not after --from {previous.path} "
                             f"({previous.assessed_on.isoformat()}); --from starts a later assessment",
                             source=str(store.path))
    follows = store.data.get("follows")
    if not isinstance(follows, dict) or follows.get("file") != previous.file:
        store.set_follows(previous.follows())


def _run(store: ProfileFile, *, plain: bool | None, answers: str | None, name: str | None,
         council_type: str | None, respondent: str | None = None, role: str | None = None,
         previous: previous_mod.Previous | None = None, date: dt.date | None = None) -> bool:
    from backtofront.classifier import questions

    if answers:
        skipped: list[int] = []
        new, changed, same = fill_from_file(store, answers, name, council_type, skipped,
                                            {"name": respondent, "role": role}, date)
        open_rows = ""
        if skipped:
            lines = ", ".join(map(str, skipped[:8])) + (", …" if len(skipped) > 8 else "")
            open_rows = (f" Skipped {len(skipped)} row{'s' if len(skipped) != 1 else ''} with no answer "
                         f"(line{'s' if len(skipped) != 1 else ''} {lines}): those questions stay open.")
        if not store.exists:   # nothing to record, and no profile to show
            click.echo(f"Nothing to add from {answers}: it gives no answer, so {store.path} is not made."
                       + open_rows, err=True)
            return False
        click.echo(filled_line(new, changed, same, answers, str(store.path)) + open_rows, err=True)
        return True
    if respondent and store.exists:
        store.set_respondent(respondent, role)
    elif respondent:
        store.pending_respondent = (respondent, role)   # saved with the council's name and type
    session = Session(questions.load(), store, previous=previous)
    interactive = sys.stdin.isatty() and sys.stdout.isatty()
    _Terminal.gone = False
    old_hangup = signal.signal(signal.SIGHUP, _on_hangup) if hasattr(signal, "SIGHUP") else None
    try:
        if interactive and not plain:
            from .app import InterviewApp

            app = InterviewApp(session, name=name, council_type=council_type)
            outcome = app.run()
            if app.failure is not None:  # a save that failed (a full disk): said in one line, exit 2
                raise app.failure
            if app.stopped_by is not None:  # SIGTERM while the screen was up
                raise stopping.Stopped(app.stopped_by)
            if outcome is None and app.return_code:  # the app failed; Textual has shown why
                click.echo(f"The interview stopped on an error; answers so far are saved in {store.path}.",
                           err=True)
                raise click.exceptions.Exit(1)
            if outcome == "hangup":
                raise Hangup
            if outcome == "interrupted":
                _interrupted(store)
            if outcome == "quit":  # Ctrl+Q or "Save and quit": exit code 0, and where the answers are
                click.echo(session.saved_line() if store.exists else
                           "Nothing saved: the council's name and type were not entered.", err=True)
            return outcome == "assess"
        return _plain(session, name, council_type)
    except KeyboardInterrupt as exc:
        if sys.stderr.isatty():
            click.echo("", err=True)  # the terminal shows ^C mid-line
        _interrupted(store, getattr(exc, "signum", None))
    except Hangup:
        raise click.exceptions.Exit(129) from None
    except OSError as exc:
        if exc.errno == errno.EIO and interactive:  # the terminal closed before its SIGHUP was handled:
            _Terminal.gone = True                   # that SIGHUP, when it comes, changes nothing
            raise click.exceptions.Exit(129) from None
        raise
    finally:
        if old_hangup is not None:
            signal.signal(signal.SIGHUP, signal.SIG_IGN if _Terminal.gone else old_hangup)


def _interrupted(store: ProfileFile, signum: int | None = None) -> NoReturn:
    """Say where the answers are; exit 130 for Ctrl-C, 128 + the signal for SIGTERM (143)."""
    where = f"; answers so far are saved in {store.path}" if store.exists else ""
    try:
        click.echo(f"Interrupted{where}.", err=True)
    except OSError:  # the terminal has gone
        pass
    raise click.exceptions.Exit(128 + signum if signum else 130)


def _plain(session: Session, name: str | None, council_type: str | None) -> bool:
    from . import plain

    width = min(shutil.get_terminal_size().columns, 100) if sys.stdout.isatty() else 80

    def ask(prompt: str) -> str:
        click.echo(prompt, nl=False)
        line = sys.stdin.readline()
        if not line:
            click.echo("")
            raise EOFError
        return line.rstrip("\r\n")

    def echo(text: str) -> None:
        for line in text.split("\n"):
            indent = " " * (len(line) - len(line.lstrip()))
            click.echo(textwrap.fill(line, width, subsequent_indent=indent + "  ") if len(line) > width
                       else line)

    return plain.run(session, ask, echo, width, name=name, council_type=council_type)

